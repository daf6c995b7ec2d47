// Validity windows: dates (inclusive), weekdays and hours (start inclusive, end exclusive,
// wrapping midnight). Reports windows that can never be open (ACC302): a date range that
// ends before it starts, date ranges or day lists with nothing in common, equal hours, or a
// short date range containing none of the allowed weekdays.
import type { Weekday, Window } from '../../grammar/ast.ts';
import type { Span } from '../../grammar/span.ts';
import type { WindowIR } from '../ir.ts';
import { minutesOf } from './expr.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// ACC302 once per rule: reports unless already `reported`; returns the new `reported`.
function never(r: Reporter, reported: boolean, message: string, span: Span): true {
  if (!reported) r.report('ACC302', message, span);
  return true;
}

/** Lowers a rule's window clauses, reporting ones that can never be open. */
export function checkWindows(r: Reporter, windows: readonly Window[]): WindowIR[] {
  const out: WindowIR[] = [];
  let from: string | undefined;
  let to: string | undefined;
  let days: Set<Weekday> | undefined;
  let reported = false;
  for (const w of windows) {
    switch (w.kind) {
      case 'DateWindow': {
        const f = w.from?.text;
        const t = w.to?.text;
        if (f !== undefined && t !== undefined && f > t) reported = never(r, reported, M.windowDates(f, t), w.span);
        // Several date clauses all hold: intersect them.
        if (f !== undefined && (from === undefined || f > from)) from = f;
        if (t !== undefined && (to === undefined || t < to)) to = t;
        if (from !== undefined && to !== undefined && from > to) reported = never(r, reported, M.windowDisjointDates(), w.span);
        out.push({ kind: 'dates', from: f, to: t, span: w.span });
        break;
      }
      case 'DaysWindow': {
        const listed = new Set(w.days.map((d) => d.day));
        if (listed.size === 0) reported = never(r, reported, M.windowEmptyDays(), w.span);
        days = days === undefined ? listed : new Set([...days].filter((d) => listed.has(d)));
        if (days.size === 0 && listed.size > 0) reported = never(r, reported, M.windowNoDays(), w.span);
        out.push({ kind: 'days', days: WEEKDAYS.filter((d) => listed.has(d)), span: w.span });
        break;
      }
      case 'HoursWindow': {
        const f = minutesOf(w.from?.text ?? '0:00');
        const t = minutesOf(w.to?.text ?? '0:00');
        if (f === t) reported = never(r, reported, M.windowEqualHours(w.from?.text ?? ''), w.span);
        out.push({ kind: 'hours', fromMinute: f, toMinute: t, span: w.span });
        break;
      }
    }
  }
  // A date range shorter than a week may contain none of the allowed weekdays.
  if (!reported && from !== undefined && to !== undefined && days !== undefined && days.size > 0) {
    const start = Date.parse(`${from}T00:00:00Z`);
    const end = Date.parse(`${to}T00:00:00Z`);
    if (Number.isFinite(start) && Number.isFinite(end) && end - start < 7 * 86_400_000) {
      let hit = false;
      for (let t = start; t <= end && !hit; t += 86_400_000) hit = days.has(WEEKDAYS[(new Date(t).getUTCDay() + 6) % 7]!);
      const span = windows.find((w) => w.kind === 'DaysWindow')?.span ?? windows[0]!.span;
      if (!hit) reported = never(r, reported, M.windowNoWeekdayInRange(), span);
    }
  }
  return out;
}

// Validity windows, in the program's timezone: dates inclusive; weekdays; hours with the
// start inclusive and the end exclusive, wrapping midnight when the end is earlier (an
// equal start and end is an empty window).
import type { WindowIR } from '../../compiler/ir.ts';
import type { Weekday } from '../../grammar/ast.ts';
import type { LocalParts } from '../local-time.ts';
import type { ObservedValue } from '../outcome.ts';
import { timeText } from '../expr-text.ts';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Whether the window is open at local time `p`. */
export function windowOpen(w: WindowIR, p: LocalParts): boolean {
  switch (w.kind) {
    case 'dates': return (w.from === undefined || p.date >= w.from) && (w.to === undefined || p.date <= w.to);
    case 'days': return w.days.includes(WEEKDAYS[p.weekday - 1]!);
    case 'hours': {
      const m = p.hour * 60 + p.minute;
      return w.fromMinute <= w.toMinute ? m >= w.fromMinute && m < w.toMinute : m >= w.fromMinute || m < w.toMinute;
    }
  }
}

/** What a closed window observed: the local `date` ("2026-01-31"), `weekday` ("sat") or `time` ("23:30"). */
export function windowObserved(w: WindowIR, p: LocalParts): ObservedValue[] {
  switch (w.kind) {
    case 'dates': return [{ text: 'date', span: w.span, value: p.date }];
    case 'days': return [{ text: 'weekday', span: w.span, value: WEEKDAYS[p.weekday - 1]! }];
    case 'hours': return [{ text: 'time', span: w.span, value: timeText(p.hour * 60 + p.minute) }];
  }
}

// Pass 2 — window facts. A window that can never be open (an empty `between 9:00 and
// 9:00`, or dates whose start is after their end) makes its rule dead on the fast path.
// Open windows are emitted as integer tests on the local day number, a weekday bit mask
// and the minute of the day (see emit/rule.ts), so they cost a few comparisons.
import type { Lowered } from './lowered.ts';

/** Marks rules whose windows can never be open. */
export function windowFacts(p: Lowered): void {
  for (const r of p.rules) {
    for (const w of r.ir.windows) {
      if (w.kind === 'hours' && w.fromMinute === w.toMinute) r.canOpen = false;
      if (w.kind === 'dates' && w.from !== undefined && w.to !== undefined && w.from > w.to) r.canOpen = false;
      if (w.kind === 'days' && w.days.length === 0) r.canOpen = false;
    }
  }
}

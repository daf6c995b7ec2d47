// When an earned lot expires (docs/semantics.md, "Expiry and lots"): local calendar
// arithmetic in the program's timezone, turned into a UTC instant.
import type { ExpirySpec } from '../compiler/ir.ts';
import { MAX_EPOCH_MS, daysInMonth, utcMs, type LocalParts, type Zone } from './local-time.ts';

/** Adds months to a local date, clamping the day to the target month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonthsClamped(year: number, month: number, day: number, months: number): { year: number; month: number; day: number } {
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return { year: y, month: m, day: Math.min(day, daysInMonth(y, m)) };
}

/**
 * The instant (ISO-8601, UTC) at which a lot earned at local date `local` expires, or null for never.
 * `after N units`: the start of the local day after (local date + N units);
 * `at end of P`: the start of the next local period P.
 */
export function expiresAt(spec: ExpirySpec | undefined, local: LocalParts, zone: Zone): string | null {
  if (!spec || spec.kind === 'never') return null;
  const { year, month, day } = local;
  let y: number, m: number, d: number;
  if (spec.kind === 'after') {
    if (spec.unit === 'days' || spec.unit === 'weeks') {
      const n = spec.unit === 'days' ? spec.count : spec.count * 7;
      const t = new Date(utcMs(year, month, day + n + 1)); // (Date.UTC would read years 0–99 as 19xx)
      y = t.getUTCFullYear(); m = t.getUTCMonth() + 1; d = t.getUTCDate();
    } else {
      const r = addMonthsClamped(year, month, day, spec.unit === 'months' ? spec.count : spec.count * 12);
      const t = new Date(utcMs(r.year, r.month, r.day + 1));
      y = t.getUTCFullYear(); m = t.getUTCMonth() + 1; d = t.getUTCDate();
    }
  } else {
    switch (spec.period) {
      case 'week': {
        const t = new Date(utcMs(year, month, day + (8 - local.weekday)));
        y = t.getUTCFullYear(); m = t.getUTCMonth() + 1; d = t.getUTCDate();
        break;
      }
      case 'month': {
        const r = addMonthsClamped(year, month, 1, 1);
        y = r.year; m = r.month; d = 1;
        break;
      }
      case 'quarter': {
        const r = addMonthsClamped(year, month - ((month - 1) % 3), 1, 3);
        y = r.year; m = r.month; d = 1;
        break;
      }
      case 'year':
        y = year + 1; m = 1; d = 1;
        break;
    }
  }
  // Past year 9999 (earned late in 9999) the lot expires at the calendar's last instant: an
  // ISO year beyond 9999 (`+010000-…`) is not a timestamp the API or Postgres reads back.
  return new Date(Math.min(zone.instantOf(y, m, d), MAX_EPOCH_MS)).toISOString();
}

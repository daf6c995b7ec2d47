// When an earned lot expires (docs/semantics.md, "Expiry and lots"): local calendar
// arithmetic in the program's timezone, turned into a UTC instant.
import type { ExpirySpec } from '../compiler/ir.ts';
import { daysInMonth, type LocalParts, type Zone } from './local-time.ts';

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
      const t = new Date(Date.UTC(year, month - 1, day + n + 1));
      y = t.getUTCFullYear(); m = t.getUTCMonth() + 1; d = t.getUTCDate();
    } else {
      const r = addMonthsClamped(year, month, day, spec.unit === 'months' ? spec.count : spec.count * 12);
      const t = new Date(Date.UTC(r.year, r.month - 1, r.day + 1));
      y = t.getUTCFullYear(); m = t.getUTCMonth() + 1; d = t.getUTCDate();
    }
  } else {
    switch (spec.period) {
      case 'week': {
        const t = new Date(Date.UTC(year, month - 1, day + (8 - local.weekday)));
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
  return new Date(zone.instantOf(y, m, d)).toISOString();
}

// Input JSON → compiled values, by declared type, exactly as the reference interpreter
// reads them (runtime/interpret/values.ts): anything missing, null or not of the declared
// type is absent (null). Money becomes integer minor units, numbers safe integers or
// Decimals (emit/num.ts), timestamps epoch ms, times minutes; strings, enums, dates and
// booleans stay as they are; records stay the input object.
import { Dec } from '../../runtime/decimal.ts';
import { parseMoney } from '../../runtime/currency.ts';
import { isCalendarDate, toEpochMs } from '../../runtime/local-time.ts';
import { fastInstantMs } from '../../runtime/instant-text.ts';
import { norm, type Num } from './num.ts';

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const TIME = /^(\d{1,2}):(\d{2})$/;
// Below this magnitude a double's shortest text has at most 15 significant digits, so
// `round(v × scale) ÷ scale === v` proves v has no more decimals than the currency allows.
const FAST_LIMIT = 1e12;

/** A `number` input. */
export function toNum(v: unknown): Num | null {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    return Number.isFinite(v) ? norm(new Dec(v)) : null;
  }
  if (typeof v === 'string') {
    const t = v.trim();
    return NUMBER.test(t) ? norm(new Dec(t)) : null;
  }
  return null;
}

/** An `integer` (or `points`) input: a fraction (2.5, "1.5") is not of the type, so absent. */
export function toInt(v: unknown): Num | null {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v;
    return Number.isInteger(v) ? norm(new Dec(v)) : null; // past 2^53 a finite double is an integer or not at all
  }
  if (typeof v === 'string') {
    const t = v.trim();
    if (!NUMBER.test(t)) return null;
    const d = new Dec(t);
    return d.isInteger() ? norm(d) : null; // "2.0" is 2, "2.5" is absent
  }
  return null;
}

/** A money input in major units → minor units of `currency` (scale = 10^digits). */
export function toMoney(v: unknown, currency: string, scale: number): Num | null {
  if (typeof v === 'number' && v < FAST_LIMIT && v > -FAST_LIMIT) {
    const m = Math.round(v * scale);
    if (m / scale === v) return m === 0 ? 0 : m;
  }
  if (v === undefined || v === null) return null;
  const d = parseMoney(v, currency);
  return d === undefined ? null : norm(d.times(scale));
}

/** A string input. */
export function toStr(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A boolean input. */
export function toBool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

// Date inputs seen (customers' dates repeat): validity by text, bounded.
const dates = new Map<string, boolean>();

/** A `YYYY-MM-DD` date input: a real calendar date, else absent. */
export function toDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  let ok = dates.get(v);
  if (ok === undefined) {
    ok = isCalendarDate(v); // 2026-02-30 is absent
    if (dates.size >= 10_000) dates.clear();
    dates.set(v, ok);
  }
  return ok ? v : null;
}

/** A timestamp input → epoch ms. */
export function toTs(v: unknown): number | null {
  if (typeof v === 'string') {
    const fast = fastInstantMs(v); // toEpochMs reads it first too: one call less per evaluation
    if (fast === fast) return fast;
  }
  if (v === undefined || v === null) return null;
  const ms = toEpochMs(v);
  return Number.isNaN(ms) ? null : ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (as Date.UTC counts them). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** A `HH:MM` time input → minutes after midnight. */
export function toTime(v: unknown): number | null {
  const m = typeof v === 'string' ? TIME.exec(v) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** An enum input: one of the members, else absent. */
export function toEnum(v: unknown, members: ReadonlySet<string>): string | null {
  return typeof v === 'string' && members.has(v) ? v : null;
}

/** A record input: a plain object, else absent. */
export function toRecord(v: unknown): object | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : null;
}

/**
 * A list input, each element converted. When every element converts to itself (strings,
 * enums, dates, booleans that are valid), the input array is returned as is: no allocation.
 */
export function toList(v: unknown, conv: (x: unknown) => unknown): readonly unknown[] | null {
  if (!Array.isArray(v)) return null;
  let same = true;
  for (let i = 0; i < v.length; i++) {
    if (conv(v[i]) !== v[i]) { same = false; break; }
  }
  return same ? v : v.map(conv);
}

/** An own property of an input object (never one inherited from a prototype). */
export function own(o: object, k: string): unknown {
  return Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined;
}

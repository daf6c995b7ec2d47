// The built-in functions for compiled code (docs/syntax.md "Built-in functions"), over the
// compiled representation (emit/num.ts). Callers have already checked that no argument is
// absent. Date functions work in the program's timezone through its Clock.
import { Dec } from '../../runtime/decimal.ts';
import { ceilBuiltin, floorBuiltin, roundBuiltin } from '../../runtime/rounding.ts';
import type { Clock } from './clock.ts';
import { daysFromCivil } from './convert.ts';
import { norm, type Num } from './num.ts';
import { utcParts } from '../../runtime/local-time.ts';

const DAY_MS = 86_400_000;

const c = (d: string, i: number): number => d.charCodeAt(i) - 48;

/** Epoch ms of a valid `YYYY-MM-DD` date (UTC midnight). */
function dateMs(d: string): number {
  return daysFromCivil(c(d, 0) * 1000 + c(d, 1) * 100 + c(d, 2) * 10 + c(d, 3), c(d, 5) * 10 + c(d, 6), c(d, 8) * 10 + c(d, 9)) * DAY_MS;
}

// Dates are `YYYY-MM-DD`: years 0000–9999 (as the interpreter's add_days).
const MIN_DATE_MS = daysFromCivil(0, 1, 1) * DAY_MS;
const MAX_DATE_MS = daysFromCivil(9999, 12, 31) * DAY_MS;

/** The date `ms` falls on, or absent (null) outside 0000-01-01 … 9999-12-31 (`add_days(d, 10^9)`). */
function dateText(ms: number): string | null {
  return ms >= MIN_DATE_MS && ms <= MAX_DATE_MS ? utcParts(ms).date : null;
}

/** Calendar part of a date (`YYYY-MM-DD`) or, when `isTs`, of a timestamp in the clock's zone. */
function part(clock: Clock, v: string | number, isTs: boolean, which: 'weekday' | 'day' | 'month' | 'year'): number {
  if (isTs) return clock.dayOf(v as number).parts[which];
  const d = new Date(dateMs(v as string));
  switch (which) {
    case 'weekday': return d.getUTCDay() || 7;
    case 'day': return d.getUTCDate();
    case 'month': return d.getUTCMonth() + 1;
    case 'year': return d.getUTCFullYear();
  }
}

function rounded(x: Num, f: (d: Dec) => Dec): Num {
  return typeof x === 'number' ? x : norm(f(x));
}

/** A string function memoized by input (merchant names and the like repeat), bounded. */
function memo(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let r = cache.get(s);
    if (r === undefined) {
      r = f(s);
      if (cache.size >= 10_000) cache.clear();
      cache.set(s, r);
    }
    return r;
  };
}

/**
 * starts_with(upper(s), p) or, `lower`, starts_with(lower(s), p), for a prefix p of ASCII
 * characters (emit/expr.ts): while s's characters are ASCII, case maps them one to one, so
 * comparing them to p one by one decides most tests at the first character without mapping
 * or memoizing s. A non-ASCII character first (ß, ı, İ map to other lengths or to ASCII)
 * falls back to mapping s.
 */
function startsWithCased(s: string, p: string, upper: boolean, map: (s: string) => string): boolean {
  const n = p.length;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k); // NaN past the end of s: falls back below
    if (!(c < 128)) return map(s).startsWith(p);
    const m = upper ? (c >= 97 && c <= 122 ? c - 32 : c) : (c >= 65 && c <= 90 ? c + 32 : c);
    if (m !== p.charCodeAt(k)) return false;
  }
  return true;
}

/** The built-ins bound to one program's clock. */
export function makeCalls(clock: Clock) {
  const lower = memo((s) => s.toLowerCase());
  const upper = memo((s) => s.toUpperCase());
  return {
    lower,
    upper,
    starts_with_upper: (s: string, p: string): boolean => startsWithCased(s, p, true, upper),
    starts_with_lower: (s: string, p: string): boolean => startsWithCased(s, p, false, lower),
    length: (s: string): number => [...s].length,
    starts_with: (s: string, p: string): boolean => s.startsWith(p),
    ends_with: (s: string, p: string): boolean => s.endsWith(p),
    contains: (s: string, p: string): boolean => s.includes(p),
    date: (t: number): string => clock.dayOf(t).parts.date,
    time_of_day: (t: number): number => clock.minuteOf(t),
    hour: (t: number): number => Math.floor(clock.minuteOf(t) / 60),
    weekday: (v: string | number, isTs: boolean): number => part(clock, v, isTs, 'weekday'),
    day: (v: string | number, isTs: boolean): number => part(clock, v, isTs, 'day'),
    month: (v: string | number, isTs: boolean): number => part(clock, v, isTs, 'month'),
    quarter: (v: string | number, isTs: boolean): number => Math.floor((part(clock, v, isTs, 'month') - 1) / 3) + 1,
    year: (v: string | number, isTs: boolean): number => part(clock, v, isTs, 'year'),
    days_between: (a: string, b: string): number => Math.round((dateMs(b) - dateMs(a)) / DAY_MS),
    /** days_between(a, the local date of day number `day`). */
    days_to: (a: string, day: number): number => day - Math.round(dateMs(a) / DAY_MS),
    add_days: (d: string, n: Num): string | null => dateText(dateMs(d) + (typeof n === 'number' ? n : n.toNumber()) * DAY_MS),
    abs: (x: Num): Num => (typeof x === 'number' ? Math.abs(x) : norm(x.abs())),
    round: (x: Num): Num => rounded(x, roundBuiltin),
    floor: (x: Num): Num => rounded(x, floorBuiltin),
    ceil: (x: Num): Num => rounded(x, ceilBuiltin),
  };
}

export type Calls = ReturnType<typeof makeCalls>;

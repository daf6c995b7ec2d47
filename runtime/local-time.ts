// Local calendar parts of an instant in a program's timezone, and the period keys
// (day/week/month/quarter/year) that caps and aggregates are counted in.
// Intl is slow (microseconds), so the zone offset is memoized per 15-minute slot: every
// real-world offset change happens on a quarter-hour boundary in UTC.
import { fastInstantMs } from './instant-text.ts';
import type { PeriodKeys } from './outcome.ts';

export interface LocalParts {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
  readonly hour: number;
  readonly minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  /** `YYYY-MM-DD` */
  readonly date: string;
}

const DAY_MS = 86_400_000;
const SLOT_MS = 15 * 60 * 1000;
const MAX_CACHED_SLOTS = 4096;

/** Converts instants to local time in one IANA zone. */
export class Zone {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly name: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
  }

  /** Offset of local time from UTC, in ms, at the given instant. */
  offsetAt(epochMs: number): number {
    const slot = Math.floor(epochMs / SLOT_MS);
    const cached = this.offsets.get(slot);
    if (cached !== undefined) return cached;
    const offset = this.computeOffset(slot * SLOT_MS);
    if (this.offsets.size >= MAX_CACHED_SLOTS) this.offsets.clear();
    this.offsets.set(slot, offset);
    return offset;
  }

  /** Local calendar parts of an instant. */
  parts(epochMs: number): LocalParts {
    return utcParts(epochMs + this.offsetAt(epochMs));
  }

  /**
   * The instant at which a local date-time (wall clock) occurs. Twice (clocks turned back): the
   * earlier. Never (clocks turned forward over it, as midnight in America/Santiago on its
   * spring day): the wall time read with the offset before the change, which is the instant
   * the gap ends — so the start of a local day is its first instant, 01:00 on such a day.
   */
  instantOf(year: number, month: number, day: number, hour = 0, minute = 0): number {
    const wall = utcMs(year, month, day, hour, minute);
    // The offsets a day either side (at most one change lies between, in every zone).
    const before = this.offsetAt(wall - DAY_MS);
    const after = this.offsetAt(wall + DAY_MS);
    const early = wall - before;
    const late = wall - after;
    const earlyFits = early + this.offsetAt(early) === wall;
    const lateFits = late + this.offsetAt(late) === wall;
    if (earlyFits && lateFits) return Math.min(early, late);
    if (earlyFits) return early;
    if (lateFits) return late;
    // In the gap: before the change the offset was `before`.
    return wall - before;
  }

  private computeOffset(epochMs: number): number {
    const p: Record<string, number> = {};
    let bc = false;
    for (const part of this.formatter.formatToParts(new Date(epochMs))) {
      if (part.type === 'era') bc = part.value === 'BC';
      else if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    // Intl counts years before 1 AD as eras (1 BC is year 0 proleptic); Date.UTC would also map years 0–99 to 19xx.
    const year = bc ? 1 - p.year! : p.year!;
    const asUtc = utcMs(year, p.month!, p.day!, p.hour!, p.minute!, p.second!);
    return asUtc - (epochMs - (epochMs % 1000 + 1000) % 1000);
  }
}

const zones = new Map<string, Zone>();

/** The shared, memoizing Zone for an IANA name. */
export function zone(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    z = new Zone(name);
    zones.set(name, z);
  }
  return z;
}

/** True when the runtime knows the IANA zone name. */
export function isValidZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Calendar parts of a UTC-shifted instant (callers add the zone offset first). */
export function utcParts(shiftedMs: number): LocalParts {
  const d = new Date(shiftedMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const dow = d.getUTCDay();
  return {
    year, month, day,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: dow === 0 ? 7 : dow,
    date: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`,
  };
}

/** ISO-8601 week-numbering year and week of a local date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const t = utcMs(year, month, day);
  const dow = new Date(t).getUTCDay() || 7;
  const thursday = t + (4 - dow) * 86_400_000;
  const ty = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - utcMs(ty, 1, 1)) / (7 * 86_400_000)) + 1;
  return { year: ty, week };
}

/** The period keys a local date falls in. */
export function periodKeysOf(p: LocalParts): PeriodKeys {
  const w = isoWeek(p.year, p.month, p.day);
  return {
    day: `day:${p.date}`,
    week: `week:${w.year}-W${pad2(w.week)}`,
    month: `month:${p.date.slice(0, 7)}`,
    quarter: `quarter:${p.year}-Q${Math.floor((p.month - 1) / 3) + 1}`,
    year: `year:${p.year}`,
    lifetime: 'lifetime',
  };
}

// ISO-8601 / RFC 3339 instant with its zone: `2026-11-20T18:30:00Z`, `2026-11-20T13:30-05:00`,
// `…+0530`, seconds and fraction optional. A time without an offset is rejected: read in the
// host's own timezone (as Date.parse does) it would name a different instant on every machine.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date `YYYY-MM-DD` (`2026-02-30` is not one). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

/** Epoch ms of a UTC date-time; unlike Date.UTC, years 0–99 stay themselves. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

/** Epoch ms accepted as transaction times: years 0000 to 9999, like the ISO form. */
const MIN_EPOCH_MS = utcMs(0, 1, 1);
/** The last instant the engine places in a calendar (and the ledger stores): 9999-12-31T23:59:59.999Z. */
export const MAX_EPOCH_MS = utcMs(9999, 12, 31, 23, 59, 59, 999);

/**
 * Parses a transaction time: epoch ms (within years 0000–9999), or ISO-8601 text with an offset or `Z`. NaN when
 * invalid: no offset, a date that does not exist (`2026-02-30T…`), an hour past 24:00.
 * Fractions of a millisecond are truncated; `24:00` is the start of the next day.
 */
export function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) && value >= MIN_EPOCH_MS && value <= MAX_EPOCH_MS ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const fast = fastInstantMs(value);
  if (fast === fast) return fast; // not NaN
  const m = INSTANT.exec(value);
  if (!m) return NaN;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (!isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`) || minute > 59 || second > 59) return NaN;
  if (hour > 24 || (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0))) return NaN;
  let offset = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return NaN;
    offset = (m[9] === '+' ? 1 : -1) * (oh * 60 + om) * 60_000;
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // years 0–99 stay themselves (Date.UTC would add 1900)
  utc.setUTCHours(hour, minute, second, ms);
  return utc.getTime() - offset;
}

// Local calendar facts for compiled code, memoized per local day: most transactions of a
// run share a handful of days, so the period keys, the ISO date text and the weekday are
// built once per day rather than once per evaluation.
import type { CapRef, PeriodKeys } from '../../runtime/outcome.ts';
import { periodKeysOf, utcParts, zone as zoneOf, type LocalParts, type Zone } from '../../runtime/local-time.ts';
import { daysFromCivil } from './convert.ts';

const DAY_MS = 86_400_000;
const SLOTS = 4096; // about eleven years of consecutive days
const MASK = SLOTS - 1;

/** One local day: its parts (at midnight), its period keys and its day number. */
export interface LocalDay {
  readonly dayNum: number;
  readonly parts: LocalParts;
  readonly periods: PeriodKeys;
  /** Counter keys of this day, by the program's key slot (filled lazily by the evaluator). */
  readonly keys: string[];
  /** Cap counter keys of this day, by cap slot (filled lazily by the settlement code, emit/fast.ts capKeyOf). */
  readonly capKeys: string[];
  /** Cap references of this day, by cap slot (frozen, shared by outcomes). */
  readonly refs: CapRef[];
  /** Lot expiry instants of this day, by expiry slot. */
  readonly exp: string[];
  /** Per-day memo of the evaluator (e.g. closed-window results), by key slot. */
  readonly memo: unknown[];
}

/** A program's clock: instants to local days and minutes in the program's timezone. */
export class Clock {
  readonly zone: Zone;
  // Local days, direct-mapped by day number (a slot keeps the last day that used it).
  private readonly days: (LocalDay | undefined)[] = new Array(SLOTS).fill(undefined);

  constructor(timezone: string) {
    this.zone = zoneOf(timezone);
  }

  // Offset per UTC day when it is constant over that day (NaN when the day holds a
  // transition): a year of random instants touches 365 entries, where the Zone's
  // 15-minute-slot memo would hold 35,000 and fall back to Intl.
  // A direct-mapped cache: slot utcDay & MASK holds that day's offset when its tag matches.
  private readonly offTag = new Float64Array(SLOTS).fill(NaN);
  private readonly offVal = new Float64Array(SLOTS);

  /** Local wall-clock ms (instant shifted by the zone offset). */
  shifted(ms: number): number {
    const utcDay = Math.floor(ms / DAY_MS);
    const k = utcDay & MASK;
    let off: number;
    if (this.offTag[k] === utcDay) off = this.offVal[k]!;
    else {
      const a = this.zone.offsetAt(utcDay * DAY_MS);
      const b = this.zone.offsetAt(utcDay * DAY_MS + DAY_MS - 1);
      off = a === b ? a : NaN;
      this.offTag[k] = utcDay;
      this.offVal[k] = off;
    }
    return ms + (off === off ? off : this.zone.offsetAt(ms)); // NaN: a transition day
  }

  /** The local day of an instant. */
  dayOf(ms: number): LocalDay {
    return this.day(Math.floor(this.shifted(ms) / DAY_MS));
  }

  /** Minute of the day of the instant last passed to `at`. */
  minute = 0;

  /** The local day of an instant; sets `minute` to its minute of the day. */
  at(ms: number): LocalDay {
    const s = this.shifted(ms);
    const dayNum = Math.floor(s / DAY_MS);
    this.minute = Math.floor((s - dayNum * DAY_MS) / 60_000);
    return this.day(dayNum);
  }

  /** Minutes after local midnight of an instant. */
  minuteOf(ms: number): number {
    const s = this.shifted(ms);
    return Math.floor((s - Math.floor(s / DAY_MS) * DAY_MS) / 60_000);
  }

  /** The LocalDay of a day number (days since 1970-01-01, local). */
  day(dayNum: number): LocalDay {
    const k = dayNum & MASK;
    let d = this.days[k];
    if (d === undefined || d.dayNum !== dayNum) {
      const parts = utcParts(dayNum * DAY_MS);
      d = { dayNum, parts: Object.freeze(parts), periods: Object.freeze(periodKeysOf(parts)), keys: [], capKeys: [], refs: [], exp: [], memo: [] };
      this.days[k] = d;
    }
    return d;
  }
}

/** Day number of a `YYYY-MM-DD` date (year 0050 is 0050, not 1950 as with Date.UTC). */
export function dayNumOf(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

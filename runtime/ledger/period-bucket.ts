// Which row of `period_buckets` (migration 010) a period's aggregates and caps live in. A
// customer's day, week and month periods share the row of their month, quarters and the year
// the row of their year, and `lifetime` has its own: a posting reads and writes about three
// rows instead of six, and a customer gains a row a month rather than one per active day.
// A week lives in the month of its Thursday (the day that also names its ISO year), so each
// week is in exactly one row; a posting on a day of the week in the other month touches both.
// The migration's SQL `acc_bucket_of` computes the same.

import type { PeriodKeys } from '../outcome.ts';

const DAY = 86_400_000;

// Period keys recur in every posting of a day: each one's bucket is worked out once (bounded).
const buckets = new Map<string, string>();
const BUCKETS_MAX = 16_384;

/** The bucket of a period key (`day:2026-11-20` → `month:2026-11`); an unknown form is its own bucket. */
export function bucketOf(period: string): string {
  let bucket = buckets.get(period);
  if (bucket === undefined) {
    bucket = bucketOfPeriod(period);
    if (buckets.size >= BUCKETS_MAX) buckets.clear();
    buckets.set(period, bucket);
  }
  return bucket;
}

function bucketOfPeriod(period: string): string {
  const colon = period.indexOf(':');
  const kind = period.slice(0, colon);
  const value = period.slice(colon + 1);
  switch (kind) {
    case 'day': return `month:${value.slice(0, -3)}`;
    case 'month': return period;
    case 'week': return weekBucket(value) ?? period;
    case 'quarter': return `year:${value.slice(0, value.indexOf('-'))}`;
    case 'year': return period;
    default: return period;
  }
}

/** `2026-W47` → `month:2026-11`: the month of the week's Thursday. */
function weekBucket(value: string): string | undefined {
  const m = /^(\d{4,})-W(\d{2})$/.exec(value);
  if (!m) return undefined;
  const jan4 = new Date(0);
  jan4.setUTCFullYear(Number(m[1]), 0, 4); // (not Date.UTC, which reads years 0–99 as 19xx)
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  const thursday = new Date(mondayOfWeek1 + ((Number(m[2]) - 1) * 7 + 3) * DAY);
  return `month:${String(thursday.getUTCFullYear()).padStart(4, '0')}-${String(thursday.getUTCMonth() + 1).padStart(2, '0')}`;
}

const periodLists = new WeakMap<PeriodKeys, readonly string[]>();
const bucketLists = new WeakMap<PeriodKeys, readonly string[]>();

/** The six period keys of a period set, in order (day … lifetime), kept per (shared) period set. */
export function periodList(periods: PeriodKeys): readonly string[] {
  let list = periodLists.get(periods);
  if (list === undefined) {
    list = Object.freeze([periods.day, periods.week, periods.month, periods.quarter, periods.year, periods.lifetime]);
    periodLists.set(periods, list);
  }
  return list;
}

/** The buckets a transaction in these periods writes (each once), kept per (shared) period set. */
export function bucketsOf(periods: PeriodKeys): readonly string[] {
  let list = bucketLists.get(periods);
  if (list === undefined) {
    list = Object.freeze([...new Set(periodList(periods).map(bucketOf))]);
    bucketLists.set(periods, list);
  }
  return list;
}

/** A bucket row's content: aggregates by period key (spend, points, cashback, transactions), cap counters by stored key. */
export interface BucketData {
  a: Record<string, number[]>;
  k: Record<string, number>;
}

/** A bucket row's data as stored (JSON text); tolerant of a row without either part. */
export function bucketData(text: string | null): BucketData {
  const data = text ? (JSON.parse(text) as Partial<BucketData>) : {};
  return { a: data.a ?? {}, k: data.k ?? {} };
}

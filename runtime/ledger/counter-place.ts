// Where a customer counter lives. `agg:<metric>:<period>` keys are the customer's
// period-to-date aggregates; other keys ending in a period key are caps counted in that period;
// both live in the period's bucket row (period-bucket.ts). A key with no period stays in
// `counters`. Keys are parsed once each: the same keys recur in every posting of a day (and are
// the same strings, state-keys.ts).
import type { AggregateMetric } from '../../grammar/ast.ts';
import { AGGREGATE_METRICS } from '../state-keys.ts';
import { bucketOf } from './period-bucket.ts';

type Metric = AggregateMetric;
const METRIC_INDEX = Object.fromEntries(AGGREGATE_METRICS.map((m, i) => [m, i])) as Readonly<Record<Metric, number>>;

/** The metric and period of an `agg:<metric>:<period key>` counter. */
function splitAggregateKey(key: string): { metric: Metric; period: string } | undefined {
  if (!key.startsWith('agg:')) return undefined;
  const colon = key.indexOf(':', 4);
  const metric = key.slice(4, colon) as Metric;
  return colon > 0 && AGGREGATE_METRICS.includes(metric) ? { metric, period: key.slice(colon + 1) } : undefined;
}

/**
 * The period a customer-scope counter counts in: the period key its name ends in
 * (`cap:…:month:2026-11` → `month:2026-11`), whose bucket row keeps it (migration 010);
 * undefined for a key with no period, which stays in `counters`.
 */
const PERIOD_SUFFIX = /:(lifetime|(?:day|week|month|quarter|year):[^:|]+)$/;
function periodOfCounter(key: string): string | undefined {
  return PERIOD_SUFFIX.exec(key)?.[1];
}

/** Where a customer counter lives: an aggregate's period and metric (else a cap's), and the bucket row of its period (none: `counters`). */
export interface KeyInfo {
  readonly agg: { readonly period: string; readonly index: number } | undefined;
  readonly bucket: string | undefined;
}

// Bounded: keys name periods, so new ones keep coming.
const keyInfos = new Map<string, KeyInfo>();
const KEY_INFOS_MAX = 65_536;

/** Where `key` lives (parsed once per key). */
export function keyInfo(key: string): KeyInfo {
  let info = keyInfos.get(key);
  if (info !== undefined) return info;
  const agg = key.startsWith('agg:') ? splitAggregateKey(key) : undefined;
  const period = agg ? agg.period : periodOfCounter(key);
  info = { agg: agg && { period: agg.period, index: METRIC_INDEX[agg.metric] }, bucket: period === undefined ? undefined : bucketOf(period) };
  if (keyInfos.size >= KEY_INFOS_MAX) keyInfos.clear();
  keyInfos.set(key, info);
  return info;
}

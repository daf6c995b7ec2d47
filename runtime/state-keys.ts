// Names of the counters an evaluation reads from its StateSnapshot and the store persists.
// One scheme for both back ends and the ledger, so a counter written by one is read by all.
import type { AggregateMetric, Period } from '../grammar/ast.ts';
import type { PeriodKeys } from './outcome.ts';

/** `agg:spend:month:2026-11` — a customer's period-to-date aggregate (money in minor units). */
export function aggregateKey(metric: AggregateMetric, periods: PeriodKeys, period: Period): string {
  return `agg:${metric}:${periods[period]}`;
}

/** `cap:rule:dining:customer:month:points:month:2026-11` — usage of a cap in the period it counts. */
export function capKey(capId: string, periods: PeriodKeys, period: Period): string {
  return `cap:${capId}:${periods[period]}`;
}

/** Every aggregate counter key a transaction in these periods increments. */
export function aggregateKeys(periods: PeriodKeys): { metric: AggregateMetric; key: string }[] {
  const out: { metric: AggregateMetric; key: string }[] = [];
  for (const metric of ['spend', 'points', 'cashback', 'transactions'] as const) {
    for (const period of ['day', 'week', 'month', 'quarter', 'year', 'lifetime'] as const) {
      out.push({ metric, key: aggregateKey(metric, periods, period) });
    }
  }
  return out;
}

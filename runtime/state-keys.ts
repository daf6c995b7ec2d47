// Names of the counters an evaluation reads from its StateSnapshot and the store persists.
// One scheme for both back ends and the ledger, so a counter written by one is read by all.
import type { CheckedProgram, TExpr } from '../compiler/ir.ts';
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

/** The aggregate metrics, in the order the ledger keeps them (a period's four figures). */
export const AGGREGATE_METRICS: readonly AggregateMetric[] = ['spend', 'points', 'cashback', 'transactions'];

/** Every aggregate counter key a transaction in these periods increments. */
export function aggregateKeys(periods: PeriodKeys): { metric: AggregateMetric; key: string }[] {
  const out: { metric: AggregateMetric; key: string }[] = [];
  for (const metric of AGGREGATE_METRICS) {
    for (const period of ['day', 'week', 'month', 'quarter', 'year', 'lifetime'] as const) {
      out.push({ metric, key: aggregateKey(metric, periods, period) });
    }
  }
  return out;
}

/** The counters one evaluation reads, by scope, and the periods it counts in (shared between calls: never changed). */
export interface CounterKeys {
  readonly customer: readonly string[];
  readonly program: readonly string[];
  readonly periods: PeriodKeys;
}

/**
 * The counters a program's evaluations read (Evaluator.counterKeys), given the period keys of
 * the transaction: the period aggregates it reads and its customer caps, then its program-wide
 * caps apart. Both back ends answer with this, so they fetch the same counters.
 */
export function counterKeysOf(program: CheckedProgram): (periods: PeriodKeys) => CounterKeys {
  const aggs = periodAggregatesOf(program);
  const caps = [...program.rules.flatMap((r) => r.caps), ...program.groups.flatMap((g) => g.caps)];
  // Every period key is a function of the local date, so the day key names the whole set.
  // Answering the same frozen arrays for every transaction of a day spares the ledger building
  // and hashing the same long strings (and their garbage) for each posting.
  const byDay = new Map<string, CounterKeys>();
  return (periods) => {
    let keys = byDay.get(periods.day);
    if (keys !== undefined) return keys;
    const customer = aggs.map((a) => aggregateKey(a.metric, periods, a.period));
    const prog: string[] = [];
    for (const cap of caps) {
      if (cap.scope === 'transaction' || !cap.period) continue;
      const key = capKey(cap.id, periods, cap.period);
      const list = cap.scope === 'customer' ? customer : prog;
      if (!list.includes(key)) list.push(key);
    }
    // (The compiled clock's periods are already one frozen object per day: kept as they are.)
    keys = { customer: Object.freeze(customer), program: Object.freeze(prog), periods: Object.isFrozen(periods) ? periods : Object.freeze({ ...periods }) };
    if (byDay.size >= MEMO_DAYS) byDay.clear();
    byDay.set(periods.day, keys);
    return keys;
  };
}

/** Days of counter keys kept per program (a day's set is a few hundred bytes). */
const MEMO_DAYS = 1024;

const budgeted = new WeakMap<CheckedProgram, boolean>();

/** Whether the program reads program-wide counters: a cap `per program` (a budget every customer shares) on a rule or a group. */
export function readsProgramCounters(program: CheckedProgram): boolean {
  let known = budgeted.get(program);
  if (known === undefined) {
    known = [...program.rules, ...program.groups].some((owner) => owner.caps.some((cap) => cap.scope === 'program'));
    budgeted.set(program, known);
  }
  return known;
}

/** Every period aggregate the program reads, once each, in first-use order. */
function periodAggregatesOf(program: CheckedProgram): { metric: AggregateMetric; period: Period }[] {
  const seen = new Map<string, { metric: AggregateMetric; period: Period }>();
  const visit = (e: TExpr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'periodAggregate': seen.set(`${e.metric}:${e.period}`, { metric: e.metric, period: e.period }); return;
      case 'member': visit(e.object); return;
      case 'list': e.elements.forEach(visit); return;
      case 'unary': visit(e.operand); return;
      case 'binary': visit(e.left); visit(e.right); return;
      case 'in': visit(e.value); visit(e.list); return;
      case 'call': e.args.forEach(visit); return;
      case 'aggregate': visit(e.source); visit(e.value); visit(e.filter); return;
      default: return;
    }
  };
  program.exclusions.forEach((x) => visit(x.condition));
  for (const r of program.rules) {
    r.exclusions.forEach(visit);
    r.conditions.forEach(visit);
    const w = r.reward;
    switch (w.kind) {
      case 'points': visit(w.amount); visit(w.per?.unit); visit(w.per?.base); break;
      case 'multiplier': visit(w.factor); break;
      case 'cashback': case 'discount':
        if (w.value.kind === 'fixed') visit(w.value.amount); else { visit(w.value.percent); visit(w.value.base); }
        if (w.kind === 'discount') visit(w.max);
        break;
      case 'tieredCashback': visit(w.base); visit(w.over); w.bands.forEach((b) => { visit(b.from); visit(b.rate); }); break;
      case 'freeProduct': visit(w.sku); visit(w.quantity); break;
      case 'prize': visit(w.prize); visit(w.chance.kind === 'oneIn' ? w.chance.n : w.chance.p); break;
    }
  }
  return [...seen.values()];
}

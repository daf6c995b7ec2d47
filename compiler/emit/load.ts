// Instantiates generated code once with `new Function`, binding the helpers, the constant
// table and the program's runtime pieces, and wraps it as an Evaluator.
import type { CheckedProgram, TExpr } from '../ir.ts';
import type { AggregateMetric, Period } from '../../grammar/ast.ts';
import type { Evaluator } from '../../runtime/program.ts';
import type { EvaluateOptions, Outcome, RuleResult } from '../../runtime/outcome.ts';
import { toEpochMs } from '../../runtime/local-time.ts';
import { aggregateKey, capKey } from '../../runtime/state-keys.ts';
import { children, rewardExprs } from '../passes/walk.ts';
import { Clock } from './clock.ts';
import { makeCalls } from './calls.ts';
import { HELPERS } from './helpers.ts';
import { PARAMS, type Emitted } from './program.ts';
import { dec, type Num } from './num.ts';
import { drawBits, winsOneIn, winsProbability } from '../../runtime/draw.ts';

/** Every period aggregate the program reads, once each, in the interpreter's first-use order. */
function periodAggregates(program: CheckedProgram): { metric: AggregateMetric; period: Period }[] {
  const seen = new Map<string, { metric: AggregateMetric; period: Period }>();
  const visit = (e: TExpr | undefined): void => {
    if (!e) return;
    if (e.kind === 'periodAggregate') seen.set(`${e.metric}:${e.period}`, { metric: e.metric, period: e.period });
    else children(e).forEach(visit);
  };
  program.exclusions.forEach((x) => visit(x.condition));
  for (const r of program.rules) {
    r.exclusions.forEach(visit);
    r.conditions.forEach(visit);
    rewardExprs(r.reward).forEach(visit);
  }
  return [...seen.values()];
}

/** Builds the Evaluator of emitted code. */
export function load(program: CheckedProgram, emitted: Emitted, version: string): Evaluator {
  const clock = new Clock(program.timezone);
  const ids = new Map(program.rules.map((r, i) => [r.id, i]));
  const n = program.rules.length;

  const reqMask = (o: EvaluateOptions): Uint8Array => {
    const m = new Uint8Array(n);
    if (o.include) {
      m.fill(1);
      for (const id of o.include) { const i = ids.get(id); if (i !== undefined) m[i] = 0; }
    }
    for (const id of o.exclude ?? []) { const i = ids.get(id); if (i !== undefined) m[i] = 1; }
    return m;
  };
  // Program-wide exclusions make every rule EXCLUDED: constant results, built once per exclusion.
  const requestExcluded = program.rules.map((r): RuleResult => Object.freeze({ rule: r.id, state: 'EXCLUDED', by: Object.freeze({ kind: 'request' }) }) as RuleResult);
  const programExcluded = program.exclusions.map((x) => program.rules.map((r): RuleResult =>
    Object.freeze({ rule: r.id, state: 'EXCLUDED', by: Object.freeze({ kind: 'program', exclusion: x.id, span: x.span }) }) as RuleResult));
  const excludedAll = (res: RuleResult[], rq: Uint8Array | null, ex: number): void => {
    const all = programExcluded[ex]!;
    for (let i = 0; i < n; i++) res[i] = rq !== null && rq[i] === 1 ? requestExcluded[i]! : all[i]!;
  };
  const badTime = (t: { id: unknown; time: unknown }): Error => new Error(`transaction ${t.id}: invalid time ${JSON.stringify(t.time)}`);

  const drawWins = (ruleId: string, txnId: string, chance: Num, oneIn: boolean): boolean => {
    const bits = drawBits(program.seed, txnId, ruleId);
    return oneIn ? winsOneIn(bits, dec(chance)) : winsProbability(bits, dec(chance));
  };
  const args: unknown[] = [...Object.values(HELPERS), emitted.constants, makeCalls(clock), clock, reqMask, excludedAll, badTime, drawWins, version];
  // The one place generated code becomes a function: a closed world of named parameters.
  const make = new Function(...PARAMS, emitted.body) as (...a: unknown[]) => Evaluator['evaluate'];
  const evaluate = make(...args);

  const aggs = periodAggregates(program);
  const allCaps = [...program.rules.flatMap((r) => r.caps), ...program.groups.flatMap((g) => g.caps)];
  return {
    version,
    checked: program,
    evaluate: evaluate as (...a: Parameters<Evaluator['evaluate']>) => Outcome,
    counterKeys(txn) {
      const periods = clock.dayOf(toEpochMs(txn.time)).periods;
      const customer = aggs.map((a) => aggregateKey(a.metric, periods, a.period));
      const prog: string[] = [];
      for (const cap of allCaps) {
        if (cap.scope === 'transaction' || !cap.period) continue;
        const key = capKey(cap.id, periods, cap.period);
        const list = cap.scope === 'customer' ? customer : prog;
        if (!list.includes(key)) list.push(key);
      }
      return { customer, program: prog };
    },
  };
}

// Instantiates generated code once with `new Function`, binding the helpers, the constant
// table and the program's runtime pieces, and wraps it as an Evaluator.
import type { CheckedProgram } from '../ir.ts';
import type { Evaluator } from '../../runtime/program.ts';
import type { EvaluateOptions, Outcome, RuleResult } from '../../runtime/outcome.ts';
import { toEpochMs } from '../../runtime/local-time.ts';
import { counterKeysOf } from '../../runtime/state-keys.ts';
import { Clock } from './clock.ts';
import { makeCalls } from './calls.ts';
import { HELPERS } from './helpers.ts';
import { PARAMS, type Emitted } from './program.ts';
import { dec, type Num } from './num.ts';
import { drawBits, winsOneIn, winsProbability } from '../../runtime/draw.ts';

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

  const keys = counterKeysOf(program);
  return {
    version,
    checked: program,
    evaluate: evaluate as (...a: Parameters<Evaluator['evaluate']>) => Outcome,
    counterKeys: (txn) => keys(clock.dayOf(toEpochMs(txn.time)).periods),
  };
}

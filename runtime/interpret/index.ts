// The reference interpreter: a tree-walking Evaluator over the checked program. It
// defines the semantics (docs/semantics.md); the compiled evaluator must agree with it.
import type { CheckedProgram } from '../../compiler/ir.ts';
import type { Evaluator } from '../program.ts';
import { periodKeysOf, toEpochMs, zone } from '../local-time.ts';
import { counterKeysOf } from '../state-keys.ts';
import { evaluateProgram } from './rules.ts';

/** Builds the reference Evaluator of a checked program. */
export function interpret(program: CheckedProgram, version: string): Evaluator {
  const z = zone(program.timezone);
  const keys = counterKeysOf(program);
  return {
    version,
    checked: program,
    evaluate: (txn, customer, state, options) => evaluateProgram(program, z, version, txn, customer, state, options),
    counterKeys: (txn) => keys(periodKeysOf(z.parts(toEpochMs(txn.time)))),
  };
}

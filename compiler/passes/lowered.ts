// The back end's working form of a checked program: the IR plus what the passes learn
// (folded expressions, window facts, a dispatch plan, shared subexpressions). Passes add
// to it; the emitter reads it. The original IR stays untouched: explanations are built
// from it, so they name exactly what the source says.
import type { CheckedProgram, RuleIR, TExpr } from '../ir.ts';

/** One rule as the emitter sees it. */
export interface LoweredRule {
  readonly index: number;
  readonly ir: RuleIR;
  /** Conditions and exclusions after folding (same order as the IR); the emitter folds reward expressions where it reads them. */
  conditions: TExpr[];
  exclusions: TExpr[];
  /** False when a window can never be open (e.g. `between 9:00 and 9:00`): the fast path skips the rule. */
  canOpen: boolean;
  /** False when a condition folded to false: the fast path skips the rule. */
  canMatch: boolean;
  /** Folded conditions the fast-path dispatcher tests before calling the rule (passes/guards.ts). */
  guards: TExpr[];
}

/** Rules keyed by the value of one transaction field they all test with `=` / `in`. */
export interface DispatchPlan {
  readonly field: string;
  /** Field value → indices (into rules) of the rules that test for it, ascending. */
  readonly cases: ReadonlyMap<string, number[]>;
  /** Rules that do not test the field: they run whatever its value. */
  readonly always: readonly number[];
}

export interface Lowered {
  readonly program: CheckedProgram;
  readonly rules: LoweredRule[];
  /** Folded program-wide exclusion conditions, in source order. */
  exclusions: TExpr[];
  /** Dispatch of the non-multiplier rules and of the multipliers (run in a later phase). */
  dispatch: { main: DispatchPlan | undefined; multipliers: DispatchPlan | undefined };
  /** Canonical keys of subexpressions worth computing once per evaluation. */
  shared: Set<string>;
}

/** The starting point of the passes: the IR as it is. */
export function lower(program: CheckedProgram): Lowered {
  return {
    program,
    rules: program.rules.map((ir, index) => ({
      index, ir, conditions: [...ir.conditions], exclusions: [...ir.exclusions], canOpen: true, canMatch: true, guards: [],
    })),
    exclusions: program.exclusions.map((x) => x.condition),
    dispatch: { main: undefined, multipliers: undefined },
    shared: new Set(),
  };
}

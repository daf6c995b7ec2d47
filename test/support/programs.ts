// Programs from source text for tests: checked (a source with errors stops the test with
// each diagnostic's `line:col message`), built by both back ends for tests that hold the
// compiled evaluator to the reference interpreter, and one rule's result in an outcome.
import { compileChecked } from '../../compiler/compile.ts';
import { checkSource } from '../../compiler/front.ts';
import type { CheckedProgram } from '../../compiler/ir.ts';
import { interpret } from '../../runtime/interpret/index.ts';
import type { Outcome, RuleResult } from '../../runtime/outcome.ts';
import type { Evaluator } from '../../runtime/program.ts';
import { expect } from 'vitest';
import type { GeneratedCase } from './arbitrary-program.ts';

/** The checked program of `source`; throws listing every diagnostic when it has errors (warnings are fine). */
export function checkedOrThrow(source: string): CheckedProgram {
  const { program, diagnostics } = checkSource(source);
  if (!program) throw new Error(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join('\n'));
  return program;
}

/** The compiled evaluator and the reference interpreter of `source`, both labelled `version`. */
export function bothBackEnds(source: string, version: string): { compiled: Evaluator; reference: Evaluator } {
  const program = checkedOrThrow(source);
  return { compiled: compileChecked(program, version), reference: interpret(program, version) };
}

/**
 * Holds a generated case's compiled evaluator to the reference interpreter on every scenario:
 * a cheap JSON comparison first, the structural diff naming the seed and scenario only when
 * they differ.
 */
export function expectCaseAgrees({ seed, program, scenarios }: GeneratedCase): void {
  const compiled = compileChecked(program, 'v');
  const reference = interpret(program, 'v');
  for (const [k, s] of scenarios.entries()) {
    const want = reference.evaluate(s.txn, s.customer, s.state, s.options);
    const got = compiled.evaluate(s.txn, s.customer, s.state, s.options);
    if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `seed ${seed}, scenario ${k}`).toEqual(want);
  }
}

/** The result of rule `id` in an outcome (which must list it). */
export function ruleOf(out: Outcome, id: string): RuleResult {
  return out.rules.find((r) => r.rule === id)!;
}

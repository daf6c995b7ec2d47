// Shared by the oracle tests: runs the same facts through json-rules-engine and through the
// imported Accrue program (the reference interpreter and the compiled evaluator), and
// reports which rules fired in each.
import { Engine } from 'json-rules-engine';
import { expect } from 'vitest';
import { importJre, factsToTransaction, type ImportResult } from '../../../compiler/import/index.ts';
import { checkSource } from '../../../compiler/front.ts';
import { compile } from '../../../compiler/compile.ts';
import { interpret } from '../../../runtime/interpret/index.ts';
import type { Evaluator } from '../../../runtime/program.ts';
import type { Outcome, TransactionInput } from '../../../runtime/outcome.ts';

export type JreRule = { name: string; conditions: unknown; event: { type: string; params?: Record<string, unknown> }; priority?: number };
export type Facts = Record<string, unknown>;

export interface Imported {
  readonly result: ImportResult;
  /** The reference interpreter, then the compiled evaluator. */
  readonly evaluators: readonly { readonly name: string; readonly evaluator: Evaluator }[];
}

/** Imports rules and builds every evaluator of the program; fails the test if it does not check. */
export async function importAndBuild(rules: unknown, schema?: unknown): Promise<Imported> {
  const result = importJre(JSON.stringify(rules, null, 2), schema === undefined ? {} : { schema: JSON.stringify(schema) });
  const checked = checkSource(result.source);
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || checked.program === undefined) {
    throw new Error(`generated program does not check:\n${errors.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`).join('\n')}\n${result.source}`);
  }
  const evaluators: { name: string; evaluator: Evaluator }[] = [{ name: 'interpreter', evaluator: interpret(checked.program, 'test') }];
  const c = compile(result.source);
  expect(c.program).toBeDefined();
  evaluators.push({ name: 'compiled', evaluator: c.program! });
  return { result, evaluators };
}

/** Names of the rules json-rules-engine fires for these facts, in the order it emits them. */
export async function jreFired(rules: readonly JreRule[], facts: Facts): Promise<string[]> {
  const engine = new Engine(rules.map((r) => ({ ...r })) as never);
  const { results } = await engine.run(facts as Record<string, unknown>);
  return results.map((r) => (r as unknown as { name: string }).name);
}

export const TXN_TIME = '2026-01-15T12:00:00Z';

/** Evaluates the imported program on the facts; returns the outcome per evaluator. */
export function accrueOutcomes(imported: Imported, facts: Facts, id = 'txn-1'): { name: string; outcome: Outcome }[] {
  const txn = factsToTransaction(facts, imported.result.facts, { id, time: TXN_TIME }) as TransactionInput;
  return imported.evaluators.map(({ name, evaluator }) => ({ name, outcome: evaluator.evaluate(txn, {}, { counters: {} }) }));
}

/** json-rules-engine rule names of the APPLIED Accrue rules, in evaluation order. */
export function appliedNames(imported: Imported, outcome: Outcome): string[] {
  const byId = new Map(imported.result.rules.filter((r) => r.id !== undefined).map((r) => [r.id!, r.name ?? r.eventType ?? String(r.index)]));
  return outcome.rules.filter((r) => r.state === 'APPLIED').map((r) => byId.get(r.rule) ?? `?${r.rule}`);
}

/** Asserts both engines fire the same set of rules on `facts`; returns the fired names. */
export async function expectSameFired(rules: readonly JreRule[], imported: Imported, facts: Facts): Promise<string[]> {
  const importedNames = new Set(imported.result.rules.filter((r) => r.id !== undefined).map((r) => r.name));
  const fired = (await jreFired(rules.filter((r) => importedNames.has(r.name)), facts)).sort();
  for (const { name, outcome } of accrueOutcomes(imported, facts)) {
    const applied = appliedNames(imported, outcome).sort();
    expect({ evaluator: name, facts, applied }).toEqual({ evaluator: name, facts, applied: fired });
    // Everything else is NOT_APPLICABLE (no groups, caps or exclusions in an import).
    for (const r of outcome.rules) expect(['APPLIED', 'NOT_APPLICABLE']).toContain(r.state);
  }
  return fired;
}

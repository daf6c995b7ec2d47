// Accrue as a library: compile a rule program, evaluate transactions, read the outcome.
// Documented in docs/api.md. Everything here is re-exported from the modules that own it;
// this file adds no behaviour of its own.
//
//   import { compile } from './index.ts';
//   const { program, diagnostics } = compile(source);
//   const outcome = program!.evaluate(transaction, customer, { counters: {} });

// ── Compiling ─────────────────────────────────────────────────────────────────
export { compile, compileChecked, emitJs, sourceHash } from './compiler/compile.ts';
export type { CompileOptions } from './compiler/compile.ts';
export { checkSource } from './compiler/front.ts';
export { parse } from './grammar/parse.ts';
export type { ParseResult } from './grammar/parse.ts';
export { hasErrors, CATALOGUE } from './grammar/diagnostics.ts';
export type { Diagnostic, DiagnosticCode, Severity } from './grammar/diagnostics.ts';
export type { Span } from './grammar/span.ts';
export type { Program } from './grammar/ast.ts';
export type { CheckedProgram } from './compiler/ir.ts';

// ── Evaluating ────────────────────────────────────────────────────────────────
export type { Evaluator } from './runtime/program.ts';
/** The reference interpreter: the same Evaluator interface, tree-walking; it defines the semantics. */
export { interpret } from './runtime/interpret/index.ts';
export type {
  AggregateIncrements,
  CapRef,
  CounterDelta,
  CounterScope,
  CustomerInput,
  EarnedLot,
  EvaluateOptions,
  JsonValue,
  Money,
  ObservedValue,
  Outcome,
  PeriodKeys,
  RewardAmount,
  RewardKind,
  RuleResult,
  RuleState,
  StateSnapshot,
  Totals,
  TransactionInput,
} from './runtime/outcome.ts';

// ── State keys (what a store loads before, and persists after, an evaluation) ──
export { aggregateKey, aggregateKeys, capKey } from './runtime/state-keys.ts';

// ── json-rules-engine interop ─────────────────────────────────────────────────
export { importJre, factsToTransaction } from './compiler/import/index.ts';
export type { ImportDiagnostic, ImportOptions, ImportResult } from './compiler/import/index.ts';

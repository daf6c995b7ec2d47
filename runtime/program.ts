// The interface every evaluator of a program offers (compiled or interpreted), and what
// the ledger and the server program against. Programs are immutable once built.
import type { CheckedProgram } from '../compiler/ir.ts';
import type { CustomerInput, EvaluateOptions, Outcome, PeriodKeys, StateSnapshot, TransactionInput } from './outcome.ts';

export interface Evaluator {
  /** Content hash of the source (or a version label given at load): every outcome names it. */
  readonly version: string;
  readonly checked: CheckedProgram;
  /** Evaluates one transaction; pure, never throws for valid (schema-conforming) input. */
  evaluate(txn: TransactionInput, customer: CustomerInput, state: StateSnapshot, options?: EvaluateOptions): Outcome;
  /**
   * The counter keys `evaluate` may read for this transaction, by scope, so a store can load
   * just those; and the periods the transaction counts in, when the evaluator knows them before
   * evaluating (the ledger then reads the rows it will write in the same round trip).
   */
  counterKeys(txn: TransactionInput): { readonly customer: readonly string[]; readonly program: readonly string[]; readonly periods?: PeriodKeys };
}

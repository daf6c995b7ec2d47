// Everything one evaluation reads, computed once per transaction.
import type { CheckedProgram } from '../../compiler/ir.ts';
import type { LocalParts, Zone } from '../local-time.ts';
import type { CustomerInput, ObservedValue, PeriodKeys, TransactionInput } from '../outcome.ts';
import type { Value } from '../observed.ts';

export interface EvalContext {
  readonly program: CheckedProgram;
  readonly txn: TransactionInput;
  readonly customer: CustomerInput;
  readonly counters: Readonly<Record<string, number>>;
  readonly zone: Zone;
  readonly epochMs: number;
  readonly local: LocalParts;
  readonly periods: PeriodKeys;
  /** Converted transaction/customer fields, by `t:`/`c:` + name. */
  readonly fields: Map<string, Value>;
  /** When set, evaluation appends the fields, aggregates and calls it reads (for explanations). */
  observed: ObservedValue[] | undefined;
}

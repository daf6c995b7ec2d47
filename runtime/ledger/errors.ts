// Errors a caller can cause are values (a discriminated union on `code`); thrown exceptions
// mean a bug or an unavailable database.

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const fail = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

export type LedgerError =
  /** The transaction id was already posted with a different body (TigerBeetle's `exists_with_different_*`). */
  | { readonly code: 'transaction_conflict'; readonly transactionId: string; readonly message: string }
  /** The Idempotency-Key was already used for a different request. */
  | { readonly code: 'idempotency_conflict'; readonly key: string; readonly message: string }
  /** Not enough to redeem: carries the balance at the time of the refusal. */
  | { readonly code: 'insufficient_balance'; readonly asset: string; readonly balance: string; readonly requested: string; readonly message: string }
  /** Below the program's minimum redemption. */
  | { readonly code: 'below_minimum'; readonly asset: string; readonly minimum: string; readonly requested: string; readonly message: string }
  /** A request the ledger cannot act on; `field` names the offending option when there is one (`cursor`, `limit`). */
  | { readonly code: 'invalid_request'; readonly message: string; readonly field?: string }
  | { readonly code: 'not_found'; readonly what: 'transaction' | 'customer'; readonly id: string; readonly message: string }
  /** The evaluation earns more than the ledger counts exactly (an integer beyond 2^53 − 1): nothing is written. */
  | { readonly code: 'out_of_range'; readonly transactionId: string; readonly message: string };

export type LedgerErrorCode = LedgerError['code'];

/** A broken invariant: stop rather than continue in a wrong state. */
export class LedgerInvariantError extends Error {
  override readonly name = 'LedgerInvariantError';
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new LedgerInvariantError(message);
}

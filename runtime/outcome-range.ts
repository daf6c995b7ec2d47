// Points, counts and minor units are JavaScript numbers: exact up to 2^53 − 1. A program can
// multiply a valid amount past that (1000 points per JPY, 10x, on a trillion yen); such an
// outcome is not exact, and the ledger must not record it.
import type { Outcome } from './outcome.ts';

const MESSAGE = (value: number, what: string): string =>
  `the transaction would add ${value} to ${what}, beyond ${Number.MAX_SAFE_INTEGER}, the largest amount counted exactly`;

/** Why `outcome` cannot be recorded exactly (an integer beyond 2^53 − 1), or undefined when it can. */
export function outOfRange(outcome: Outcome): string | undefined {
  // Checked on every posting and quote: plain tests, nothing allocated when all is well.
  const { totals, aggregates } = outcome;
  if (!Number.isSafeInteger(totals.points)) return MESSAGE(totals.points, 'points');
  if (!Number.isSafeInteger(totals.prizes.points)) return MESSAGE(totals.prizes.points, 'prize points');
  if (!Number.isSafeInteger(aggregates.spend)) return MESSAGE(aggregates.spend, 'spend');
  if (!Number.isSafeInteger(aggregates.cashback)) return MESSAGE(aggregates.cashback, 'cashback');
  for (const d of outcome.deltas) if (!Number.isSafeInteger(d.amount)) return MESSAGE(d.amount, `counter ${d.key}`);
  return undefined;
}

// Points, counts and minor units are JavaScript numbers: exact up to 2^53 − 1. A program can
// multiply a valid amount past that (1000 points per JPY, 10x, on a trillion yen); such an
// outcome is not exact, and the ledger must not record it.
import type { Outcome } from './outcome.ts';

/** Why `outcome` cannot be recorded exactly (an integer beyond 2^53 − 1), or undefined when it can. */
export function outOfRange(outcome: Outcome): string | undefined {
  const { totals, aggregates } = outcome;
  const counted: [string, number][] = [
    ['points', totals.points], ['prize points', totals.prizes.points],
    ['spend', aggregates.spend], ['cashback', aggregates.cashback],
    ...outcome.deltas.map((d): [string, number] => [`counter ${d.key}`, d.amount]),
  ];
  for (const [what, value] of counted) {
    if (!Number.isSafeInteger(value)) {
      return `the transaction would add ${value} to ${what}, beyond ${Number.MAX_SAFE_INTEGER}, the largest amount counted exactly`;
    }
  }
  return undefined;
}

// An Evaluator is a port a library caller may implement in plain JavaScript: a lot it hands
// the ledger without `expiresAt` (undefined, not null) never expires, as it did when a batch's
// rows reached Postgres as JSON, and must not fail the posting (nor the batch around it).
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../../../runtime/ledger/index.ts';
import type { Evaluator } from '../../../runtime/program.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

/** The fake evaluator, its lots stripped of `expiresAt` as a JavaScript caller might leave them. */
function withoutExpiry(inner: Evaluator): Evaluator {
  return {
    ...inner,
    evaluate: (txn, customer, state, options) => {
      const outcome = inner.evaluate(txn, customer, state, options);
      return { ...outcome, lots: outcome.lots.map(({ expiresAt: _, ...lot }) => lot as typeof lot & { expiresAt: null }) };
    },
  };
}

describe('a lot without expiresAt (pglite)', () => {
  let ledger: Ledger | undefined;
  afterEach(async () => { await ledger?.close(); ledger = undefined; });

  it('posts, credits the points and leaves a lot that never expires', async () => {
    ledger = await openLedger({});
    const evaluator = withoutExpiry(fakeEvaluator({ cashbackPercent: 10 }));
    const posted = await ledger.post({ tenant: 't', customerId: 'c1', txn: { id: 'x1', time: '2026-11-20T12:00:00Z', amount: 40 }, customer: {}, evaluator });
    expect(posted.ok).toBe(true);
    expect((await ledger.balance('t', 'c1')).points).toBe('40');
    const lots = await ledger.db.query<{ expires_at: unknown }>(`SELECT expires_at FROM lots WHERE tenant_id = 't'`);
    expect(lots.length).toBeGreaterThan(0);
    expect(lots.every((l) => l.expires_at === null)).toBe(true);
  });
});

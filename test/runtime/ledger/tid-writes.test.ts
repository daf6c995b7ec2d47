// A posting batch rewrites the balance and bucket rows its read found by their ctid (migration
// 011). A row that is not where the read found it (a writer that skipped the customer's lock, a
// manual fix) must fail the batch as a serialization failure, which the ledger retries — never
// update nothing and carry on.
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { isRetryable, sqlState } from '../../../runtime/ledger/db.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

const available = await postgresAvailable();

// acc_post_write_tids with no transactions, lots, entries or buckets: one balance row, named by `tid`.
const WRITE_ONE_BALANCE = `SELECT acc_post_write_tids(
  '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
  '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
  '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
  ARRAY[$1]::tid[], '{f}', '{t}', '{c1}', '{points}', '{12345}',
  NULL, '{}', '{}', '{}', '{}', '{}', '{}', 1)`;

describe.skipIf(!available)('balance and bucket rows written by ctid', () => {
  const schema = useFreshSchema();

  it('a balance row not at the ctid given fails the write as a retryable serialization failure', async () => {
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none' });
    try {
      const posted = await ledger.post({ tenant: 't', customerId: 'c1', txn: { id: 'x1', time: '2026-11-20T10:00:00Z', amount: 10 }, customer: {}, evaluator: fakeEvaluator() });
      expect(posted.ok).toBe(true);
      const [row] = await ledger.db.query<{ tid: string; balance: string }>(`SELECT ctid::text AS tid, balance::text AS balance FROM balances WHERE customer_id = 'c1' AND asset = 'points'`);
      const elsewhere = row!.tid === '(0,1)' ? '(0,2)' : '(0,1)';
      const failure = await ledger.db.transaction((tx) => tx.query(WRITE_ONE_BALANCE, [elsewhere])).then(() => undefined, (err: unknown) => err);
      expect(sqlState(failure)).toBe('40001');
      expect(isRetryable(failure)).toBe(true);
      // Nothing changed; at its own ctid the same write goes through.
      expect((await ledger.balance('t', 'c1')).points).toBe(row!.balance);
      await ledger.db.transaction((tx) => tx.query(WRITE_ONE_BALANCE, [row!.tid]));
      expect((await ledger.balance('t', 'c1')).points).toBe('12345');
    } finally {
      await ledger.close();
    }
  });
});

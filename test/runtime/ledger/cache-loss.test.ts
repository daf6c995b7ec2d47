// Redis can vanish at any moment without losing or doubling a point: its keys deleted in the
// middle of a run of postings, or the server unreachable from the start.
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { RedisCache } from '../../../runtime/ledger/cache-redis.ts';
import { CLOSED_PORT_URL, DATABASE_URL, REDIS_URL, deleteRedisKeysWithPrefix, postgresAvailable, redisAvailable } from '../../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../../support/hooks.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

const available = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!available)('losing Redis', () => {
  const schema = useFreshSchema();
  const prefix = useRedisPrefix();

  it('keys deleted during postings: every balance read afterwards is right, reconcile finds no mismatch', async () => {
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: REDIS_URL, redisPrefix: prefix });
    try {
      const evaluator = fakeEvaluator({ monthlyCap: 1_000_000 });
      const customers = Array.from({ length: 40 }, (_, i) => `c${i}`);
      const expected = new Map<string, number>();
      let deleted = 0;
      // Four waves of 500 postings; in each, the keys go once some postings have been cached
      // and others are still in flight.
      for (let wave = 0; wave < 4; wave++) {
        let settled = 0;
        const posts: Promise<{ ok: boolean }>[] = [];
        for (let n = 0; n < 500; n++) {
          const i = wave * 500 + n;
          const customerId = customers[i % customers.length]!;
          const amount = 1 + (i % 7);
          expected.set(customerId, (expected.get(customerId) ?? 0) + amount);
          posts.push(ledger.post({ tenant: 't', customerId, txn: { id: `p${i}`, time: '2026-11-20T10:00:00Z', amount }, customer: {}, evaluator })
            .finally(() => { settled++; }));
        }
        while (settled < 100) await new Promise((r) => setTimeout(r, 1));
        deleted += await deleteRedisKeysWithPrefix(prefix);
        const results = await Promise.all(posts);
        expect(results.every((r) => r.ok)).toBe(true);
      }
      expect({ deleted, cacheErrors: (ledger.cache as RedisCache).errors }).toMatchObject({ cacheErrors: 0 });
      expect(deleted).toBeGreaterThan(0);
      // The last wave's cache writes may still be on their way (a read then goes to Postgres and
      // leaves the cache alone): let them land. Right from wherever it comes; a read that misses
      // fills the cache, so the second is a hit.
      await ledger.settled();
      for (const [customerId, points] of expected) {
        expect((await ledger.balance('t', customerId)).points).toBe(String(points));
        expect(await ledger.balance('t', customerId)).toEqual({ points: String(points), cash: {}, source: 'cache' });
      }
      const report = await ledger.reconcile({ tenant: 't' });
      expect(report.ok).toBe(true);
      expect(report.ledger.mismatches).toEqual([]);
      expect(report.cache.stale).toBe(0);
      // Counters for a quote are right too, whether from the cache or from Postgres.
      const state = await ledger.quoteState('t', 'c0', evaluator, { id: 'q', time: '2026-11-20T11:00:00Z', amount: 1 });
      expect(state.counters['agg:points:month:2026-11']).toBe(expected.get('c0'));
    } finally {
      await ledger.close();
    }
  });

  it('a cache entry that disagrees with Postgres is found and repaired by reconcile', async () => {
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: REDIS_URL, redisPrefix: prefix });
    try {
      const evaluator = fakeEvaluator();
      await ledger.post({ tenant: 'r', customerId: 'c1', txn: { id: 'x', time: '2026-11-20T10:00:00Z', amount: 10 }, customer: {}, evaluator });
      // Corrupt it with a version far ahead, as a bug would.
      await ledger.cache.write([{ tenant: 'r', customerId: 'c1', version: 1e12, balances: { points: '999' }, counters: {} }], []);
      expect((await ledger.balance('r', 'c1')).points).toBe('999');
      const report = await ledger.reconcile({ tenant: 'r' });
      expect(report.ok).toBe(true); // the ledger itself is fine
      expect(report.cache).toMatchObject({ stale: 1, repaired: 1 });
      expect(await ledger.balance('r', 'c1')).toMatchObject({ points: '10', source: 'database' });
      expect((await ledger.reconcile({ tenant: 'r' })).cache.stale).toBe(0);
    } finally {
      await ledger.close();
    }
  });

  it('Redis unreachable: postings, redemptions and reads still work from Postgres', async () => {
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: CLOSED_PORT_URL, redisPrefix: prefix });
    try {
      const evaluator = fakeEvaluator();
      const posted = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        ledger.post({ tenant: 'down', customerId: 'c1', txn: { id: `d${i}`, time: '2026-11-20T10:00:00Z', amount: 10 }, customer: {}, evaluator })));
      expect(posted.every((p) => p.ok)).toBe(true);
      expect(await ledger.redeem({ tenant: 'down', customerId: 'c1', amount: 50 })).toMatchObject({ ok: true, value: { balance: '150' } });
      expect(await ledger.balance('down', 'c1')).toEqual({ points: '150', cash: {}, source: 'database' });
      const state = await ledger.quoteState('down', 'c1', evaluator, { id: 'q', time: '2026-11-20T11:00:00Z', amount: 1 });
      expect(state.counters['agg:points:month:2026-11']).toBe(200);
      expect((ledger.cache as RedisCache).errors).toBeGreaterThan(0);
      expect((await ledger.reconcile({ tenant: 'down' })).ok).toBe(true);
    } finally {
      await ledger.close();
    }
  });
});

// One contract suite for every ledger configuration (Hono's `common.case.test.ts` pattern):
// Postgres + Redis, Postgres alone, PGlite + in-process cache. Each `it` uses its own tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../../../runtime/ledger/index.ts';
import type { Posted } from '../../../runtime/ledger/index.ts';
import { postBatch } from '../../../runtime/ledger/post.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

export interface Harness {
  readonly ledger: Ledger;
  /** Sets the clock redemption expires lots by. */
  setNow(at: Date): void;
}

const T0 = '2026-11-20T12:00:00Z';
const txn = (id: string, amount: number, time = T0, extra: Record<string, string> = {}) => ({ id, time, amount, ...extra });
const tenantName = () => `t-${randomUUID().slice(0, 8)}`;

async function ledgerSums(ledger: Ledger, tenant: string, customerId: string): Promise<Record<string, string>> {
  const rows = await ledger.db.query<{ asset: string; total: string }>(
    'SELECT asset, sum(amount)::text AS total FROM ledger_entries WHERE tenant_id = $1 AND customer_id = $2 GROUP BY asset', [tenant, customerId]);
  return Object.fromEntries(rows.map((r) => [r.asset, r.total]));
}

/** Whether the customer's row exists: what the HTTP API's 404 for an unknown customer goes by. */
async function customerExists(ledger: Ledger, tenant: string, customerId: string): Promise<boolean> {
  return (await ledger.db.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND customer_id = $2', [tenant, customerId])).length > 0;
}

/** What every read says about a customer the ledger has never seen. */
async function neverSeen(ledger: Ledger, tenant: string, customerId: string): Promise<void> {
  expect(await customerExists(ledger, tenant, customerId)).toBe(false);
  expect(await ledger.balance(tenant, customerId)).toMatchObject({ points: '0', cash: {}, source: 'database' });
  expect(await ledger.lots(tenant, customerId, { all: true })).toEqual([]);
  expect((await ledger.history(tenant, customerId)).entries).toEqual([]);
}

const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

function value<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
}

export function ledgerContract(name: string, open: () => Promise<Harness>, close: (h: Harness) => Promise<void>) {
  describe(`ledger contract: ${name}`, () => {
    // One ledger per configuration, opened once; every test works in a tenant of its own.
    let harness: Harness | undefined;
    beforeAll(async () => { harness = await open(); });
    afterAll(async () => { if (harness) await close(harness); });
    const withLedger = (fn: (h: Harness, tenant: string) => Promise<void>) => async () => {
      harness!.setNow(new Date());
      await fn(harness!, tenantName());
    };

    it('posts a transaction: entry, lot, balance, history and a clean reconcile', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator({ expiryDays: 30, cashbackPercent: 1 });
      const posted = value(await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 250.5), customer: {}, evaluator }));
      expect(posted.replayed).toBe(false);
      expect(posted.outcome.totals.points).toBe(250);
      expect(posted.balances).toEqual({ points: '250', USD: '2.5' });
      const balance = await ledger.balance(tenant, 'c1');
      expect(balance.points).toBe('250');
      expect(balance.cash).toEqual({ USD: '2.5' });
      const lots = await ledger.lots(tenant, 'c1');
      expect(lots.map((l) => [l.asset, l.earned, l.remaining, l.expiresAt])).toEqual([
        ['points', '250', '250', '2026-12-21T00:00:00.000Z'],
        ['USD', '2.5', '2.5', '2026-12-21T00:00:00.000Z'],
      ]);
      const history = await ledger.history(tenant, 'c1');
      expect(history.entries.map((e) => [e.kind, e.asset, e.amount, e.balanceAfter, e.rule, e.transactionId, e.programVersion])).toEqual([
        ['earn', 'USD', '2.5', '2.5', 'cash', 't1', 'fake-1'],
        ['earn', 'points', '250', '250', 'base', 't1', 'fake-1'],
      ]);
      expect(await ledgerSums(ledger, tenant, 'c1')).toEqual({ points: '250', USD: '2.5' });
      const report = await ledger.reconcile({ tenant });
      expect(report.ok).toBe(true);
      expect(report.ledger.mismatches).toEqual([]);
      expect(report.cache.stale).toBe(0);
    }));

    it('posting the same transaction twice credits once and returns the first result', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      const first = value(await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 100), customer: {}, evaluator }));
      const again = value(await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 100), customer: {}, evaluator }));
      expect(again.replayed).toBe(true);
      expect(again.outcome).toEqual(first.outcome);
      expect(again.balances).toEqual(first.balances);
      expect((await ledger.balance(tenant, 'c1')).points).toBe('100');
      expect((await ledger.history(tenant, 'c1')).entries).toHaveLength(1);
    }));

    it('50 concurrent postings of one transaction: one ledger effect, identical outcomes', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator({ monthlyCap: 10_000 });
      const results = await Promise.all(Array.from({ length: 50 }, () =>
        ledger.post({ tenant, customerId: 'c1', txn: txn('same', 77), customer: {}, evaluator })));
      const values = results.map(value);
      expect(values.filter((v) => !v.replayed)).toHaveLength(1);
      for (const v of values) expect(v.outcome).toEqual(values[0]!.outcome);
      expect((await ledger.balance(tenant, 'c1')).points).toBe('77');
      expect((await ledger.history(tenant, 'c1')).entries).toHaveLength(1);
      expect(await ledgerSums(ledger, tenant, 'c1')).toEqual({ points: '77' });
      const state = await ledger.quoteState(tenant, 'c1', evaluator, txn('next', 1));
      expect(state.counters['cap:rule:base:customer:month:points:month:2026-11']).toBe(77);
      expect(state.counters['agg:points:month:2026-11']).toBe(77);
    }));

    it('the same id with a different body is a conflict and writes nothing', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 100), customer: {}, evaluator }));
      const clash = await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 999), customer: {}, evaluator });
      expect(clash).toMatchObject({ ok: false, error: { code: 'transaction_conflict', transactionId: 't1' } });
      const otherCustomer = await ledger.post({ tenant, customerId: 'c2', txn: txn('t1', 100), customer: {}, evaluator });
      expect(otherCustomer).toMatchObject({ ok: false, error: { code: 'transaction_conflict' } });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('100');
      expect((await ledger.balance(tenant, 'c2')).points).toBe('0');
    }));

    it('a posting refused as a transaction conflict does not create its customer', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      value(await ledger.post({ tenant, customerId: 'ghost-a', txn: txn('ghost-t1', 100), customer: {}, evaluator }));
      // The same id, another body, a customer never seen: refused, and that customer stays unknown.
      expect(await ledger.post({ tenant, customerId: 'ghost-b', txn: txn('ghost-t1', 5), customer: {}, evaluator }))
        .toMatchObject({ ok: false, error: { code: 'transaction_conflict', transactionId: 'ghost-t1' } });
      await ledger.settled();
      await neverSeen(ledger, tenant, 'ghost-b');
      expect(await customerExists(ledger, tenant, 'ghost-a')).toBe(true);
      expect((await ledger.balance(tenant, 'ghost-a')).points).toBe('100');

      // In one batch (the write script's path): a fresh posting, a later occurrence of its id
      // for another new customer, and a conflict with a stored id for a third. Only the
      // accepted posting's customer is created.
      const results = (await ledger.db.scripted((tx) => postBatch(tx, [
        { tenant, customerId: 'ghost-c', txn: txn('ghost-t2', 7), customer: {}, evaluator },
        { tenant, customerId: 'ghost-d', txn: txn('ghost-t2', 7), customer: {}, evaluator },
        { tenant, customerId: 'ghost-e', txn: txn('ghost-t1', 100), customer: {}, evaluator },
      ]))).results;
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'transaction_conflict', 'transaction_conflict']);
      expect(await customerExists(ledger, tenant, 'ghost-c')).toBe(true);
      await neverSeen(ledger, tenant, 'ghost-d');
      await neverSeen(ledger, tenant, 'ghost-e');

      // A batch with nothing to post (a replay and a conflict): the lock's new customer goes too.
      const replays = (await ledger.db.scripted((tx) => postBatch(tx, [
        { tenant, customerId: 'ghost-a', txn: txn('ghost-t1', 100), customer: {}, evaluator },
        { tenant, customerId: 'ghost-f', txn: txn('ghost-t2', 9), customer: {}, evaluator },
      ]))).results;
      expect(replays.map((r) => (r.ok ? r.value.replayed : r.error.code))).toEqual([true, 'transaction_conflict']);
      await neverSeen(ledger, tenant, 'ghost-f');

      // A customer whose row was deleted again can still be created by a posting of its own.
      value(await ledger.post({ tenant, customerId: 'ghost-b', txn: txn('ghost-t3', 30), customer: {}, evaluator }));
      expect(await customerExists(ledger, tenant, 'ghost-b')).toBe(true);
      expect((await ledger.balance(tenant, 'ghost-b')).points).toBe('30');
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('a refused redemption (insufficient balance, idempotency conflict) does not create its customer', withLedger(async ({ ledger }, tenant) => {
      expect(await ledger.redeem({ tenant, customerId: 'nobody', amount: 10 }))
        .toMatchObject({ ok: false, error: { code: 'insufficient_balance', balance: '0', requested: '10' } });
      await neverSeen(ledger, tenant, 'nobody');

      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('t1', 100), customer: {}, evaluator: fakeEvaluator() }));
      value(await ledger.redeem({ tenant, customerId: 'c1', amount: 40, idempotencyKey: 'k1' }));
      expect(await ledger.redeem({ tenant, customerId: 'stranger', amount: 40, idempotencyKey: 'k1' }))
        .toMatchObject({ ok: false, error: { code: 'idempotency_conflict', key: 'k1' } });
      await neverSeen(ledger, tenant, 'stranger');

      // Concurrent redemptions share batches: refused ones of new customers leave nothing,
      // while the existing customer's accepted and refused ones go through as usual.
      const results = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => ledger.redeem({ tenant, customerId: `new-${i}`, amount: 1 })),
        ...Array.from({ length: 8 }, () => ledger.redeem({ tenant, customerId: 'c1', amount: 20 })),
      ]);
      expect(results.slice(0, 8).every((r) => !r.ok && r.error.code === 'insufficient_balance')).toBe(true);
      expect(results.slice(8).filter((r) => r.ok)).toHaveLength(3);
      for (let i = 0; i < 8; i++) await neverSeen(ledger, tenant, `new-${i}`);
      expect((await ledger.balance(tenant, 'c1')).points).toBe('0');
      const [{ n }] = await ledger.db.query<{ n: string | number }>('SELECT count(*) AS n FROM customers WHERE tenant_id = $1', [tenant]) as [{ n: string | number }];
      expect(Number(n)).toBe(1);
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('a refund of a transaction never posted is not_found and creates nothing', withLedger(async ({ ledger }, tenant) => {
      expect(await ledger.refund({ tenant, transactionId: 'never' }))
        .toMatchObject({ ok: false, error: { code: 'not_found', what: 'transaction', id: 'never' } });
      const counts = await ledger.db.query<{ n: string | number }>(
        `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1) + (SELECT count(*) FROM transactions WHERE tenant_id = $1)
              + (SELECT count(*) FROM balances WHERE tenant_id = $1) + (SELECT count(*) FROM counters WHERE tenant_id = $1) AS n`, [tenant]);
      expect(Number(counts[0]!.n)).toBe(0);
    }));

    it('64 concurrent redemptions of 100 against 1,000: exactly 10 succeed, balance 0, never negative', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      for (let i = 0; i < 4; i++) value(await ledger.post({ tenant, customerId: 'c1', txn: txn(`e${i}`, 250), customer: {}, evaluator }));
      const results = await Promise.all(Array.from({ length: 64 }, (_, i) =>
        ledger.redeem({ tenant, customerId: 'c1', amount: 100, idempotencyKey: `r${i}` })));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(54);
      for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'insufficient_balance', asset: 'points', balance: '0', requested: '100' } });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('0');
      expect(await ledgerSums(ledger, tenant, 'c1')).toEqual({ points: '0' });
      const [{ negative }] = await ledger.db.query<{ negative: string | number }>(
        'SELECT count(*) AS negative FROM ledger_entries WHERE tenant_id = $1 AND balance_after < 0', [tenant]) as [{ negative: string | number }];
      expect(Number(negative)).toBe(0);
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it("redemptions of several customers in one batch each take from their own customer's lots", withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      const customers = ['c1', 'c2', 'c3', 'c4'];
      for (const [n, c] of customers.entries()) {
        // Two lots each; the same transaction ids for every customer would clash, so ids name the customer.
        value(await ledger.post({ tenant, customerId: c, txn: txn(`${c}-a`, 100 * (n + 1)), customer: {}, evaluator }));
        value(await ledger.post({ tenant, customerId: c, txn: txn(`${c}-b`, 50), customer: {}, evaluator }));
      }
      const redeemed = (await Promise.all(customers.map((c, n) => ledger.redeem({ tenant, customerId: c, amount: 100 * (n + 1) + 20 })))).map(value);
      expect(redeemed.map((r) => r.balance)).toEqual(['30', '30', '30', '30']);
      for (const c of customers) {
        expect((await ledger.lots(tenant, c, { all: true })).map((l) => [l.transactionId, l.remaining])).toEqual([[`${c}-a`, '0'], [`${c}-b`, '30']]);
        expect(await ledgerSums(ledger, tenant, c)).toEqual({ points: '30' });
      }
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('a per-customer monthly cap and a program daily budget hold exactly under 32 concurrent postings', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator({ monthlyCap: 500, dailyBudget: 1_000 });
      // 32 postings of 100 points: c1 alone would be cut at 500 by its cap; all customers together at 1,000 by the budget.
      const posts = Array.from({ length: 32 }, (_, i) =>
        ledger.post({ tenant, customerId: i % 2 === 0 ? 'c1' : `c${i}`, txn: txn(`p${i}`, 100), customer: {}, evaluator }));
      const issued = (await Promise.all(posts)).map(value).reduce((sum, p) => sum + p.outcome.totals.points, 0);
      expect(issued).toBe(1_000);
      const [row] = await ledger.db.query<{ total: string }>(`SELECT sum(amount)::text AS total FROM ledger_entries WHERE tenant_id = $1`, [tenant]);
      expect(row!.total).toBe('1000');
      expect(Number((await ledger.balance(tenant, 'c1')).points)).toBeLessThanOrEqual(500);
      const state = await ledger.quoteState(tenant, 'c1', evaluator, txn('q', 1));
      expect(state.counters['cap:rule:base:program:day:points:day:2026-11-20']).toBe(1_000);

      // Serial check of the customer cap on its own.
      const capped = fakeEvaluator({ monthlyCap: 500 });
      const more = await Promise.all(Array.from({ length: 32 }, (_, i) =>
        ledger.post({ tenant, customerId: 'solo', txn: txn(`s${i}`, 100), customer: {}, evaluator: capped })));
      expect(more.map(value).reduce((s, p) => s + p.outcome.totals.points, 0)).toBe(500);
      expect((await ledger.balance(tenant, 'solo')).points).toBe('500');
    }));

    it('caps and budgets are counted per program: two programs of a tenant do not share them', withLedger(async ({ ledger }, tenant) => {
      const v1 = fakeEvaluator({ monthlyCap: 150, dailyBudget: 1_000, version: 'v1' });
      const v2 = fakeEvaluator({ monthlyCap: 150, dailyBudget: 1_000, version: 'v2' });
      const earn = async (id: string, program: string, evaluator = v1) =>
        value(await ledger.post({ tenant, customerId: 'c1', txn: txn(id, 100), customer: {}, evaluator, program })).outcome.totals.points;
      expect(await earn('a1', 'A')).toBe(100);
      expect(await earn('b1', 'B')).toBe(100);
      expect(await earn('a2', 'A', v2)).toBe(50); // a new version of A shares A's cap
      expect(await earn('b2', 'B')).toBe(50);
      const stateA = await ledger.quoteState(tenant, 'c1', v1, txn('q', 1), 'A');
      expect(stateA.counters['cap:rule:base:customer:month:points:month:2026-11']).toBe(150);
      expect(stateA.counters['agg:points:month:2026-11']).toBe(300); // aggregates are the customer's
      value(await ledger.refund({ tenant, transactionId: 'b2' }));
      expect((await ledger.quoteState(tenant, 'c1', v1, txn('q', 1), 'B')).counters['cap:rule:base:customer:month:points:month:2026-11']).toBe(100);
      expect((await ledger.quoteState(tenant, 'c1', v1, txn('q', 1), 'A')).counters['cap:rule:base:customer:month:points:month:2026-11']).toBe(150);
    }));

    it('two programs of a tenant earn into one wallet, and a redemption takes the lot that expires first whichever program earned it', withLedger(async ({ ledger }, tenant) => {
      const base = fakeEvaluator({ expiryDays: 90, version: 'base-v1' });
      const promo = fakeEvaluator({ expiryDays: 10, version: 'promo-v1', minimumRedemption: 50 });
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('base1', 100), customer: {}, evaluator: base, program: 'base' }));
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('promo1', 80), customer: {}, evaluator: promo, program: 'promo' }));
      expect((await ledger.balance(tenant, 'c1')).points).toBe('180');
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 40, program: promo })).toMatchObject({ ok: false, error: { code: 'below_minimum', minimum: '50' } });
      expect(value(await ledger.redeem({ tenant, customerId: 'c1', amount: 100, program: base })).balance).toBe('80');
      const lots = await ledger.lots(tenant, 'c1', { all: true });
      expect(lots.map((l) => [l.transactionId, l.remaining])).toEqual([['promo1', '0'], ['base1', '80']]);
    }));

    it('redeems first-expiring-first, honours the minimum and the Idempotency-Key', withLedger(async ({ ledger }, tenant) => {
      const late = fakeEvaluator({ expiryDays: 90 });
      const soon = fakeEvaluator({ expiryDays: 10 });
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('late', 100), customer: {}, evaluator: late }));
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('soon', 100), customer: {}, evaluator: soon }));
      const program = fakeEvaluator({ minimumRedemption: 50 });
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 20, program })).toMatchObject({ ok: false, error: { code: 'below_minimum', minimum: '50' } });
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 1.5 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      const r = value(await ledger.redeem({ tenant, customerId: 'c1', amount: 150, idempotencyKey: 'k1', program }));
      expect(r.balance).toBe('50');
      const lots = await ledger.lots(tenant, 'c1', { all: true });
      expect(lots.map((l) => [l.transactionId, l.remaining])).toEqual([['soon', '0'], ['late', '50']]);
      const again = value(await ledger.redeem({ tenant, customerId: 'c1', amount: 150, idempotencyKey: 'k1', program }));
      expect(again).toEqual({ ...r, replayed: true });
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 60, idempotencyKey: 'k1' })).toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('50');
      const cash = fakeEvaluator({ cashbackPercent: 10 });
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('cash', 55.55), customer: {}, evaluator: cash }));
      expect(value(await ledger.redeem({ tenant, customerId: 'c1', asset: 'USD', amount: '5.55' })).balance).toBe('0');
    }));

    it('a retry of a redemption replays it after a new program version raised the minimum above its amount', withLedger(async ({ ledger }, tenant) => {
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 500), customer: {}, evaluator: fakeEvaluator() }));
      const first = value(await ledger.redeem({ tenant, customerId: 'c1', amount: 100, idempotencyKey: 'k', program: fakeEvaluator({ minimumRedemption: 50 }) }));
      // The retry (a timeout, say) arrives after a publish that raised the minimum: the points were taken, so it is the first result.
      const retry = await ledger.redeem({ tenant, customerId: 'c1', amount: 100, idempotencyKey: 'k', program: fakeEvaluator({ minimumRedemption: 200 }) });
      expect(retry).toEqual({ ok: true, value: { ...first, replayed: true } });
      // A new request under the raised minimum is still refused, and another body under the key is still a conflict.
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 100, idempotencyKey: 'k2', program: fakeEvaluator({ minimumRedemption: 200 }) }))
        .toMatchObject({ ok: false, error: { code: 'below_minimum', minimum: '200' } });
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 150, idempotencyKey: 'k', program: fakeEvaluator({ minimumRedemption: 200 }) }))
        .toMatchObject({ ok: false, error: { code: 'idempotency_conflict' } });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('400');
    }));

    it('20 concurrent redemptions with one Idempotency-Key: one effect, identical responses', withLedger(async ({ ledger }, tenant) => {
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 500), customer: {}, evaluator: fakeEvaluator() }));
      const results = (await Promise.all(Array.from({ length: 20 }, () =>
        ledger.redeem({ tenant, customerId: 'c1', amount: 100, idempotencyKey: 'once' })))).map(value);
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      for (const r of results) expect({ ...r, replayed: false }).toEqual({ ...results[0]!, replayed: false });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('400');
    }));

    it('a refund claws back what is left, then other lots, then leaves a debt that later earnings pay', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator({ monthlyCap: 10_000, expiryDays: 30 });
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 100), customer: {}, evaluator }));
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('b', 100, '2026-11-21T12:00:00Z'), customer: {}, evaluator }));
      value(await ledger.redeem({ tenant, customerId: 'c1', amount: 150 })); // takes all of a, 50 of b
      const rev = value(await ledger.refund({ tenant, transactionId: 'a' }));
      expect(rev.lots).toEqual([expect.objectContaining({ clawedBack: '100', fromLot: '0', fromOtherLots: '50' })]);
      expect(rev.balances).toEqual({ points: '-50' });
      expect(value(await ledger.refund({ tenant, transactionId: 'a' }))).toEqual({ ...rev, replayed: true });
      expect(await ledger.refund({ tenant, transactionId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const state = await ledger.quoteState(tenant, 'c1', evaluator, txn('q', 1));
      expect(state.counters['cap:rule:base:customer:month:points:month:2026-11']).toBe(100);
      // The debt of 50 is paid from the next 80 earned: the new lot keeps 30.
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('c', 80), customer: {}, evaluator }));
      expect((await ledger.balance(tenant, 'c1')).points).toBe('30');
      expect((await ledger.lots(tenant, 'c1')).map((l) => [l.transactionId, l.remaining])).toEqual([['c', '30']]);
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 31 })).toMatchObject({ ok: false, error: { code: 'insufficient_balance', balance: '30' } });
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('expires due lots as of a date, idempotently, and reports breakage', withLedger(async (h, tenant) => {
      const { ledger } = h;
      const evaluator = fakeEvaluator({ expiryDays: 10 });
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 100, '2026-01-05T10:00:00Z'), customer: {}, evaluator }));
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('b', 40, '2026-02-05T10:00:00Z'), customer: {}, evaluator }));
      value(await ledger.post({ tenant, customerId: 'c2', txn: txn('c', 70, '2026-01-06T10:00:00Z'), customer: {}, evaluator }));
      h.setNow(new Date('2026-01-01T00:00:00Z'));
      value(await ledger.redeem({ tenant, customerId: 'c1', amount: 30 }));
      const asOf = new Date('2026-01-31T00:00:00Z');
      const first = await ledger.expire({ asOf, tenant });
      expect(first).toEqual({ asOf: asOf.toISOString(), customers: 2, expired: { points: '140' } });
      expect(await ledger.expire({ asOf, tenant })).toEqual({ asOf: asOf.toISOString(), customers: 0, expired: {} });
      expect((await ledger.balance(tenant, 'c1')).points).toBe('40');
      expect((await ledger.balance(tenant, 'c2')).points).toBe('0');
      expect(await ledger.breakage({ tenant })).toEqual([
        { tenant, period: '2026-01', programVersion: 'fake-1', asset: 'points', earned: '170', expired: '140', lots: 2 },
      ]);
      // A redemption after the expiry date expires what is due before it spends.
      h.setNow(new Date('2026-03-01T00:00:00Z'));
      expect(await ledger.redeem({ tenant, customerId: 'c1', amount: 10 })).toMatchObject({ ok: false, error: { code: 'insufficient_balance', balance: '0' } });
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('adjustments credit and debit with an entry, idempotently', withLedger(async ({ ledger }, tenant) => {
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 100), customer: {}, evaluator: fakeEvaluator({ expiryDays: 5 }) }));
      expect(value(await ledger.adjust({ tenant, customerId: 'c1', amount: 30, adjustmentId: 'adj-1', reason: 'goodwill' })).balance).toBe('130');
      expect(value(await ledger.adjust({ tenant, customerId: 'c1', amount: 30, adjustmentId: 'adj-1', reason: 'goodwill' }))).toMatchObject({ balance: '130', replayed: true });
      expect(await ledger.adjust({ tenant, customerId: 'c1', amount: 31, adjustmentId: 'adj-1', reason: 'goodwill' })).toMatchObject({ ok: false, error: { code: 'transaction_conflict' } });
      expect(value(await ledger.adjust({ tenant, customerId: 'c1', amount: -120, adjustmentId: 'adj-2', reason: 'fraud' })).balance).toBe('10');
      // The debit took the soonest-expiring lot first.
      expect((await ledger.lots(tenant, 'c1')).map((l) => [l.transactionId, l.remaining])).toEqual([['adj-1', '10']]);
      expect((await ledger.history(tenant, 'c1')).entries[0]).toMatchObject({ kind: 'adjust', amount: '-120', rule: 'adjust:fraud', transactionId: 'adj-2' });
      expect((await ledger.reconcile({ tenant })).ok).toBe(true);
    }));

    it('an evaluator that throws fails its own posting only, not its batch', withLedger(async ({ ledger }, tenant) => {
      const good = fakeEvaluator();
      const bad = { ...good, evaluate: () => { throw new Error('evaluator bug'); } };
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) =>
        ledger.post({ tenant, customerId: `c${i}`, txn: txn(`t${i}`, 10), customer: {}, evaluator: i === 3 ? bad : good })));
      expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
      expect((await ledger.balance(tenant, 'c4')).points).toBe('10');
      expect((await ledger.balance(tenant, 'c3')).points).toBe('0');
    }));

    it("a customer's concurrent postings commit in the order they were made, among other customers' postings", withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      // 60 postings of one customer submitted at once, interleaved with 90 of 18 others: group
      // commit batches them, and the busy customer's backlog waits for its running batch.
      const posts = Array.from({ length: 150 }, (_, i) => i % 5 < 2
        ? ledger.post({ tenant, customerId: 'hot', txn: txn(`h${String(i).padStart(3, '0')}`, i + 1), customer: {}, evaluator })
        : ledger.post({ tenant, customerId: `c${i % 30}`, txn: txn(`o${i}`, 1), customer: {}, evaluator }));
      const values = (await Promise.all(posts)).map(value);
      const hotIds = values.filter((v) => v.transactionId.startsWith('h')).map((v) => v.transactionId);
      expect(hotIds).toHaveLength(60);
      const rows = await ledger.db.query<{ transaction_id: string; balance_after: string }>(
        "SELECT transaction_id, balance_after::text FROM ledger_entries WHERE tenant_id = $1 AND customer_id = 'hot' ORDER BY entry_id", [tenant]);
      expect(rows.map((r) => r.transaction_id)).toEqual(hotIds);
      // Each entry's balance_after is the sum of the postings up to it, in that order.
      let running = 0;
      rows.forEach((r) => {
        running += Number(r.transaction_id.slice(1)) + 1;
        expect(r.balance_after).toBe(String(running));
      });
      expect((await ledger.balance(tenant, 'hot')).points).toBe(String(running));
    }));

    it('pages through history with a cursor', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      for (let i = 1; i <= 7; i++) value(await ledger.post({ tenant, customerId: 'c1', txn: txn(`t${i}`, i), customer: {}, evaluator }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ledger.history(tenant, 'c1', { limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...page.entries.map((e) => e.transactionId!));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['t7', 't6', 't5', 't4', 't3', 't2', 't1']);
    }));

    it('history refuses a cursor it never returned (garbage, an id past int8) with a typed error value', withLedger(async ({ ledger }, tenant) => {
      const evaluator = fakeEvaluator();
      for (let i = 1; i <= 3; i++) value(await ledger.post({ tenant, customerId: 'c1', txn: txn(`t${i}`, i), customer: {}, evaluator }));
      const first = await ledger.history(tenant, 'c1', { limit: 2 });
      expect(first.ok).toBe(true);
      expect(first.nextCursor).toBeDefined();
      const rest = await ledger.history(tenant, 'c1', { limit: 2, cursor: first.nextCursor! });
      expect(rest).toMatchObject({ ok: true, nextCursor: undefined });
      expect(rest.entries.map((e) => e.transactionId)).toEqual(['t1']);
      // The largest int8 is a cursor (every entry is before it); one past it, or anything
      // encodeCursor cannot have written, is refused — not an empty page, not a Postgres error.
      const top = await ledger.history(tenant, 'c1', { cursor: cursorOf('e:9223372036854775807') });
      expect(top.ok).toBe(true);
      expect(top.entries.map((e) => e.transactionId)).toEqual(['t3', 't2', 't1']);
      const bad = [
        'garbage', '!!!', cursorOf('e:abc'), cursorOf('e:'), cursorOf('e:-1'), cursorOf('e:007'), cursorOf(' e:1'),
        cursorOf('e:9223372036854775808'), cursorOf('e:99999999999999999999999999'), `${first.nextCursor!}==`, `${first.nextCursor!}.`,
      ];
      for (const cursor of bad) {
        const r = await ledger.history(tenant, 'c1', { cursor });
        expect(r, cursor).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'cursor' }, entries: [], nextCursor: undefined });
      }
      expect(await ledger.history(tenant, 'c1', { limit: Number.NaN })).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'limit' } });
    }));

    it('reconcile reports a ledger whose balance disagrees with its entries', withLedger(async ({ ledger }, tenant) => {
      value(await ledger.post({ tenant, customerId: 'c1', txn: txn('a', 10), customer: {}, evaluator: fakeEvaluator() }));
      await ledger.db.query(`UPDATE balances SET balance = balance + 1 WHERE tenant_id = $1`, [tenant]);
      const report = await ledger.reconcile({ tenant });
      expect(report.ok).toBe(false);
      expect(report.ledger.mismatches).toContainEqual(expect.objectContaining({ customerId: 'c1', check: 'balance_vs_entries', expected: '10', actual: '11' }));
      await expect(ledger.db.query(`DELETE FROM ledger_entries WHERE tenant_id = $1`, [tenant])).rejects.toThrow(/append-only/);
    }));
  });
}

export type { Posted };

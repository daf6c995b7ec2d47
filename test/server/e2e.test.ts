// End to end against listening servers on real Postgres and Redis: post, quote, redeem, refund;
// publish while posting continuously (zero failures, every outcome names its version); roll
// back; a second instance hears a publish within a second; tenant isolation sweep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine.ts';
import { postgresAvailable, redisAvailable } from '../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../support/hooks.ts';
import { bootEngine, CARD_V1, CARD_V2, cardTxn, client, CUSTOMER, keyFor, publish } from './live.ts';

const available = (await postgresAvailable()) && (await redisAvailable());

describe.skipIf(!available)('engine end to end (Postgres + Redis)', () => {
  const schema = useFreshSchema('server_e2e');
  const prefix = useRedisPrefix();
  let a: Engine;
  let b: Engine;
  let callA: ReturnType<typeof client>;
  let callB: ReturnType<typeof client>;

  beforeAll(async () => {
    a = await bootEngine(schema.name, prefix);
    b = await bootEngine(schema.name, prefix);
    const key = await keyFor(a, 'acme');
    callA = client(a.url, key);
    callB = client(b.url, key);
    expect(await publish(callA, 'card', CARD_V1)).toBe('card@1');
    await b.core.deps.programs.resync();
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('posts, quotes, redeems and refunds', async () => {
    const quote = await callA('POST', '/v1/quote', { transaction: cardTxn('q', 'x', '250.00', 'dining').transaction, customer: CUSTOMER });
    expect(quote.status).toBe(200);
    expect(quote.body.programVersion).toBe('card@1');
    expect(quote.body.outcome.totals.points).toBeGreaterThan(250);

    const posted = await callA('POST', '/v1/transactions', cardTxn('e2e-1', 'alice', '3000.00', 'dining'));
    expect(posted.status).toBe(201);
    const points = posted.body.outcome.totals.points as number;
    expect(points).toBeGreaterThanOrEqual(3000);
    const again = await callA('POST', '/v1/transactions', cardTxn('e2e-1', 'alice', '3000.00', 'dining'));
    expect(again.status).toBe(200);
    expect(again.body.outcome).toEqual(posted.body.outcome);
    expect((await callA('POST', '/v1/transactions', cardTxn('e2e-1', 'alice', '1.00'))).status).toBe(409);

    const balance = await callA('GET', '/v1/customers/alice/balance');
    expect(balance.body.points).toBe(points);

    const noKey = await callA('POST', '/v1/customers/alice/redemptions', { points: 2500 });
    expect(noKey.status).toBe(400);
    const redeemed = await callA('POST', '/v1/customers/alice/redemptions', { points: 2500 }, { 'idempotency-key': 'r-1' });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body.balance.points).toBe(points - 2500);
    const retry = await callA('POST', '/v1/customers/alice/redemptions', { points: 2500 }, { 'idempotency-key': 'r-1' });
    expect(retry.status).toBe(200);
    expect(retry.body.redemptionId).toBe(redeemed.body.redemptionId);
    const tooMuch = await callA('POST', '/v1/customers/alice/redemptions', { points: 1_000_000 }, { 'idempotency-key': 'r-2' });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.type).toBe('https://accrue.dev/problems/insufficient-balance');
    const below = await callA('POST', '/v1/customers/alice/redemptions', { points: 10 }, { 'idempotency-key': 'r-3' });
    expect(below.body.type).toBe('https://accrue.dev/problems/below-minimum-redemption');

    const history = await callA('GET', '/v1/customers/alice/ledger?limit=2');
    expect(history.body.entries).toHaveLength(2);
    expect(history.body.entries[0].kind).toBe('redeem');
    const next = await callA('GET', `/v1/customers/alice/ledger?limit=50&cursor=${history.body.nextCursor}`);
    expect(next.body.entries.every((e: any) => e.kind === 'earn' && e.programVersion === 'card@1')).toBe(true);
    expect((await callA('GET', '/v1/customers/alice/lots')).body.lots.length).toBeGreaterThan(0);

    const refund = await callA('POST', '/v1/transactions/e2e-1/refund');
    expect(refund.status).toBe(200);
    expect(refund.body.reversed.points).toBe(points);
    expect(refund.body.balance.points).toBe(-2500); // spent points are owed back (the ledger's documented policy)
    expect((await callA('GET', '/v1/transactions/e2e-1')).body.status).toBe('refunded');
    expect((await callA('POST', '/v1/transactions/e2e-1/refund')).body.replayed).toBe(true);
  });

  it('publishes a new version while posting continuously: zero failures, every outcome names its version; rollback', async () => {
    const versions: string[][] = [[], [], [], []];
    let failures = 0;
    let stop = false;
    let n = 0;
    const clients = versions.map(async (seen, c) => {
      while (!stop) {
        const id = `hot-${c}-${n++}`;
        const res = await callA('POST', '/v1/transactions', cardTxn(id, `hot-${c}`, '10.00'));
        if (res.status !== 201) failures++;
        else seen.push(res.body.outcome.programVersion);
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    const label = await publish(callA, 'card', CARD_V2);
    expect(label).toBe('card@2');
    await new Promise((r) => setTimeout(r, 400));
    stop = true;
    await Promise.all(clients);
    expect(failures).toBe(0);
    for (const seen of versions) {
      expect(seen.length).toBeGreaterThan(5);
      expect(new Set(seen)).toEqual(new Set(['card@1', 'card@2']));
      // one client's requests are sequential: once it saw v2 it never sees v1 again
      expect(seen.slice(seen.indexOf('card@2')).every((v) => v === 'card@2')).toBe(true);
    }
    // v2 earns 2 base points per dollar: 10 USD groceries → 20 base
    const q = await callA('POST', '/v1/quote', { transaction: cardTxn('q2', 'x', '10.00').transaction, customer: CUSTOMER });
    expect(q.body.programVersion).toBe('card@2');
    expect(q.body.outcome.rules[0]).toMatchObject({ rule: 'base_points', state: 'APPLIED', amount: { points: 20 } });

    const rb = await callA('POST', '/v1/programs/card/rollback');
    expect(rb.status).toBe(200);
    expect(rb.body.label).toBe('card@1');
    const after = await callA('POST', '/v1/transactions', cardTxn('after-rollback', 'bob'));
    expect(after.body.outcome.programVersion).toBe('card@1');
    const list = await callA('GET', '/v1/programs/card/versions');
    expect(list.body.live).toBe(1);
  });

  it('a second instance serves a version published on the first within a second', async () => {
    const before = await callB('POST', '/v1/quote', { transaction: cardTxn('q', 'x').transaction, customer: CUSTOMER });
    const label = await publish(callA, 'card', CARD_V2.replace('rounding floor', 'rounding half-even'));
    expect(label).not.toBe(before.body.programVersion);
    const start = Date.now();
    let seen = before.body.programVersion;
    while (seen !== label && Date.now() - start < 1000) {
      seen = (await callB('POST', '/v1/quote', { transaction: cardTxn('q', 'x').transaction, customer: CUSTOMER })).body.programVersion;
      if (seen !== label) await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toBe(label);
    expect(Date.now() - start).toBeLessThan(1000);
    // and a rollback on B reaches A
    const rb = await callB('POST', '/v1/programs/card/rollback');
    const start2 = Date.now();
    let seenA = '';
    while (seenA !== rb.body.label && Date.now() - start2 < 1000) {
      seenA = (await callA('POST', '/v1/quote', { transaction: cardTxn('q', 'x').transaction, customer: CUSTOMER })).body.programVersion;
    }
    expect(seenA).toBe(rb.body.label);
  });

  it('tenant isolation: every route with tenant A\'s key and tenant B\'s ids returns nothing of B\'s', async () => {
    const keyB = await keyFor(a, 'globex');
    const asB = client(a.url, keyB);
    await publish(asB, 'card', CARD_V1);
    await asB('POST', '/v1/transactions', cardTxn('globex-t1', 'globex-c1', '500.00'));
    await asB('POST', '/v1/customers/globex-c1/redemptions', { points: 100 }, { 'idempotency-key': 'g-r1' }).catch(() => undefined);
    // tenant A (acme) asks for globex's objects
    const checks: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', '/v1/transactions/globex-t1'],
      ['POST', '/v1/transactions/globex-t1/refund'],
      ['GET', '/v1/customers/globex-c1/balance'],
      ['GET', '/v1/customers/globex-c1/ledger'],
      ['GET', '/v1/customers/globex-c1/lots'],
      ['POST', '/v1/customers/globex-c1/redemptions', { points: 1 }, { 'idempotency-key': 'steal' }],
    ];
    for (const [method, path, body, headers] of checks) {
      const res = await callA(method, path, body, headers);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.type).toBe('https://accrue.dev/problems/not-found');
      expect(Object.keys(res.body).sort()).toEqual(['detail', 'instance', 'requestId', 'status', 'title', 'type']);
    }
    // programs: globex's versions are not acme's
    const acmeVersions = (await callA('GET', '/v1/programs/card/versions')).body.versions.map((v: any) => v.hash);
    const globexVersions = (await asB('GET', '/v1/programs/card/versions')).body.versions;
    expect(globexVersions).toHaveLength(1);
    expect(acmeVersions.length).toBeGreaterThan(1);
    // posting with A's key and B's transaction id creates A's own transaction, leaving B's untouched
    const mine = await callA('POST', '/v1/transactions', cardTxn('globex-t1', 'acme-c9', '1.00'));
    expect(mine.status).toBe(201);
    const theirs = await asB('GET', '/v1/transactions/globex-t1');
    expect(theirs.body.customerId).toBe('globex-c1');
    expect((await asB('GET', '/v1/customers/globex-c1/balance')).body.points).toBeGreaterThan(0);
    // B's balance did not move from A's redemption attempt
    const bHistory = (await asB('GET', '/v1/customers/globex-c1/ledger')).body.entries;
    expect(bHistory.every((e: any) => e.transactionId !== 'steal')).toBe(true);
  });
});

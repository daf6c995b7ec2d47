// Route tests through app.request() over in-memory fakes: every endpoint, every 4xx path.
import { describe, expect, it } from 'vitest';
import { harness, holdPosts, KEYS, problem, SOURCE_V2, txn } from './fakes.ts';

describe('unknown routes and methods', () => {
  it('a known path asked with another method is a 405 naming the methods it answers; an unknown path a 404', async () => {
    const h = await harness();
    const list = await h.call('GET', '/v1/transactions');
    expect(list.headers.get('allow')).toBe('POST');
    expect((await problem(list, 405, 'method-not-allowed')).allowed).toEqual(['POST']);
    const balance = await h.call('DELETE', '/v1/customers/c-1/balance');
    expect(balance.headers.get('allow')).toBe('GET, HEAD');
    expect((await problem(balance, 405, 'method-not-allowed')).detail).toBe('DELETE /v1/customers/c-1/balance is not a route; GET, HEAD are.');
    await problem(await h.call('GET', '/v1/nope'), 404, 'not-found');
    await problem(await h.call('GET', '/v1/customers/c-1/balance/extra'), 404, 'not-found');
  });

  it('names every method of a path (HEAD with GET), outside /v1 too, and only to a caller with a key', async () => {
    const h = await harness();
    const versions = await h.call('DELETE', '/v1/programs/card/versions');
    expect(versions.headers.get('allow')).toBe('POST, GET, HEAD');
    await problem(versions, 405, 'method-not-allowed');
    const health = await h.call('POST', '/healthz', { key: null });
    expect(health.headers.get('allow')).toBe('GET, HEAD');
    await problem(health, 405, 'method-not-allowed');
    // A dot in a path is a dot: /openapiXjson is no route.
    await problem(await h.call('POST', '/openapiXjson', { key: null }), 404, 'not-found');
    const anonymous = await h.call('PUT', '/v1/quote', { key: null });
    expect(anonymous.headers.get('allow')).toBeNull();
    await problem(anonymous, 401, 'unauthorized');
  });

  it('answers a wrong method before looking at the body', async () => {
    const h = await harness();
    const res = await h.call('PUT', '/v1/customers/c-1/balance', { headers: { 'content-type': 'text/plain' }, body: 'not json' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    await problem(res, 405, 'method-not-allowed');
  });
});

describe('authentication and roles', () => {
  it('401 without a key, with an unknown key', async () => {
    const h = await harness();
    await problem(await h.call('POST', '/v1/quote', { key: null, body: txn('q') }), 401, 'unauthorized');
    await problem(await h.call('POST', '/v1/quote', { key: 'nope', body: txn('q') }), 401, 'unauthorized');
  });
  it('accepts X-API-Key as well as Bearer', async () => {
    const h = await harness();
    const res = await h.call('GET', '/v1/customers/c9/balance', { key: null, headers: { 'x-api-key': KEYS.aClient } });
    await problem(res, 404, 'not-found');
  });
  it('403 when the role is too low', async () => {
    const h = await harness();
    await problem(await h.call('POST', '/v1/programs/card/versions', { body: { source: SOURCE_V2 } }), 403, 'forbidden');
    await problem(await h.call('POST', '/v1/api-keys', { key: KEYS.aAuthor, body: { role: 'client', name: 'x' } }), 403, 'forbidden');
  });
  it('429 with Retry-After over the rate limit, per key', async () => {
    const h = await harness({ limits: { ratePerSecond: 2, rateBurst: 2 } });
    expect((await h.call('GET', '/v1/customers/x/balance')).status).toBe(404);
    expect((await h.call('GET', '/v1/customers/x/balance')).status).toBe(404);
    const res = await h.call('GET', '/v1/customers/x/balance');
    const body = await problem(res, 429, 'rate-limited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(body.retryAfter).toBeGreaterThanOrEqual(1);
    expect((await h.call('GET', '/v1/customers/x/balance', { key: KEYS.aAdmin })).status).toBe(404);
  });
  it('413 over the body limit', async () => {
    const h = await harness({ limits: { bodyBytes: 1000 } });
    const res = await h.call('POST', '/v1/quote', { body: { ...txn('q'), customer: { tier: 'x'.repeat(2000) } } });
    await problem(res, 413, 'payload-too-large');
    // a chunked body (no Content-Length) is counted while it is read
    const stream = new ReadableStream({ start(ctl) { for (let i = 0; i < 10; i++) ctl.enqueue(new TextEncoder().encode('x'.repeat(200))); ctl.close(); } });
    const chunked = await h.app.request('/v1/quote', { method: 'POST', body: stream, headers: { authorization: `Bearer ${KEYS.aClient}`, 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
    await problem(chunked, 413, 'payload-too-large');
  });
  it('creates API keys (admin) that work for the admin\'s tenant only', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/api-keys', { key: KEYS.aAdmin, body: { role: 'client', name: 'pos' } });
    expect(res.status).toBe(201);
    const { key, tenant } = await res.json() as { key: string; tenant: string };
    expect(tenant).toBe('A');
    expect((await h.call('POST', '/v1/transactions', { key, body: txn('t-new') })).status).toBe(201);
    await problem(await h.call('POST', '/v1/api-keys', { key: KEYS.aAdmin, body: { role: 'root', name: 'x' } }), 400, 'validation-error');
  });
});

describe('POST /v1/quote', () => {
  it('returns the outcome naming its version, blocked rules listed', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'dining' }, customer: { tier: 'gold' } } });
    expect(res.status).toBe(200);
    const body = await res.json() as any;
    expect(body.programVersion).toBe('card@1');
    expect(body.outcome.programVersion).toBe('card@1');
    expect(body.outcome.totals.points).toBe(20);
    expect(body.blocked).toEqual([{ rule: 'dining', by: { kind: 'group', group: 'bonus', rule: 'base' }, wouldHaveGiven: { unit: 'points', points: 5 } }]);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
  it('with explain: false leaves `blocked` out (the fast path does not look at rules that do not apply) rather than claiming none', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'dining' }, customer: { tier: 'gold' }, explain: false } });
    expect(res.status).toBe(200);
    const body = await res.json() as any;
    expect(body.outcome.totals.points).toBe(20);
    expect('blocked' in body).toBe(false);
  });
  it('honours exclude and reads customer state when a customerId is given', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/quote', { body: { customerId: 'c1', transaction: { amount: 10, category: 'travel' }, exclude: ['base'] } });
    const body = await res.json() as any;
    expect(body.outcome.rules[0]).toEqual({ rule: 'base', state: 'EXCLUDED', by: { kind: 'request' } });
  });
  it('400 naming the field: unknown field, wrong type, bad enum value, missing field, bad money', async () => {
    const h = await harness();
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 10, category: 'travel', colour: 'red' }, 'transaction.colour'],
      [{ amount: true, category: 'travel' }, 'transaction.amount'],
      [{ amount: 10, category: 'shoes' }, 'transaction.category'],
      [{ amount: 10 }, 'transaction.category'],
      [{ amount: '10.001', category: 'travel' }, 'transaction.amount'],
      [{ amount: 10, category: 'travel', time: 'yesterday' }, 'transaction.time'],
      [{ amount: 10, category: 'travel', items: [{ sku: 'a', price: 'x' }] }, 'transaction.items.0.price'],
    ];
    for (const [transaction, field] of cases) {
      const body = await problem(await h.call('POST', '/v1/quote', { body: { transaction } }), 400, 'validation-error');
      expect(body.errors.map((e: any) => e.field), JSON.stringify(transaction)).toContain(field);
      expect(body.detail).toContain(field);
    }
    const body = await problem(await h.call('POST', '/v1/quote', { body: { transaction: { amount: 1, category: 'travel' }, customer: { tier: 'platinum' } } }), 400, 'validation-error');
    expect(body.errors[0].field).toBe('customer.tier');
    expect(body.errors[0].message).toContain('classic');
  });
  it('400 on an unknown envelope field and on malformed JSON', async () => {
    const h = await harness();
    const b = await problem(await h.call('POST', '/v1/quote', { body: { transaction: {}, extra: 1 } }), 400, 'validation-error');
    expect(b.errors[0].field).toBe('extra');
    await problem(await h.call('POST', '/v1/quote', { body: '{"transaction": ' }), 400, 'invalid-json');
    await problem(await h.call('POST', '/v1/quote', { body: 'amount=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
  });
  it('409 when no program is live, 400 when several are and none is named', async () => {
    const none = await harness({ live: false });
    await problem(await none.call('POST', '/v1/quote', { body: { transaction: { amount: 1, category: 'travel' } } }), 409, 'no-live-program');
    const h = await harness();
    await h.call('POST', '/v1/programs/other/versions', { key: KEYS.aAdmin, body: { source: SOURCE_V2 } });
    await h.call('POST', '/v1/programs/other/versions/1/publish', { key: KEYS.aAdmin });
    const b = await problem(await h.call('POST', '/v1/quote', { body: { transaction: { amount: 1, category: 'travel' } } }), 400, 'validation-error');
    expect(b.errors[0].field).toBe('program');
    const ok = await h.call('POST', '/v1/quote', { body: { program: 'other', transaction: { amount: 1, category: 'travel' } } });
    expect((await ok.json() as any).programVersion).toBe('other@1');
  });
});

describe('transactions', () => {
  it('posts (201), replays the same body (200, same outcome), 409 on a different body', async () => {
    const h = await harness();
    const first = await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect(first.status).toBe(201);
    const a = await first.json() as any;
    expect(a).toMatchObject({ status: 'posted', replayed: false });
    expect(a.outcome.programVersion).toBe('card@1');
    const again = await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect(again.status).toBe(200);
    expect((await again.json() as any).outcome).toEqual(a.outcome);
    await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '99.00' }) }), 409, 'transaction-conflict');
  });
  it('400 on schema errors and missing customerId', async () => {
    const h = await harness();
    const b = await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { category: 'nope' }) }), 400, 'validation-error');
    expect(b.errors[0].field).toBe('transaction.category');
    const c = await problem(await h.call('POST', '/v1/transactions', { body: { transaction: { id: 'x' } } }), 400, 'validation-error');
    expect(c.errors.map((e: any) => e.field)).toContain('customerId');
    await problem(await h.call('POST', '/v1/transactions?mode=later', { body: txn('t1') }), 400, 'validation-error');
  });
  it('GET status: posted, refunded, queued; 404 unknown', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1') });
    const res = await h.call('GET', '/v1/transactions/t1');
    expect(await res.json()).toMatchObject({ id: 't1', status: 'posted', customerId: 'c1', programVersion: 'card@1' });
    await problem(await h.call('GET', '/v1/transactions/nope'), 404, 'not-found');
    await problem(await h.call('GET', '/v1/transactions/bad%20id'), 400, 'validation-error');
  });
  it('?mode=async answers 202 and queues; status is queued', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/transactions?mode=async', { body: txn('t-async') });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'queued', transactionId: 't-async', statusUrl: '/v1/transactions/t-async' });
    expect(h.queue.items).toHaveLength(1);
    expect(h.queue.items[0]).toMatchObject({ tenant: 'A', program: 'card', customerId: 'c1' });
    expect(await (await h.call('GET', '/v1/transactions/t-async')).json()).toMatchObject({ status: 'queued' });
    // validation happens before queueing
    await problem(await h.call('POST', '/v1/transactions?mode=async', { body: txn('t-bad', { amount: 'x' }) }), 400, 'validation-error');
  });
  it('batch: per-item results, mixed success and failure; ≤ 1,000', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('b0') });
    const res = await h.call('POST', '/v1/transactions/batch', { body: { transactions: [txn('b0'), txn('b1'), txn('b2', { category: 'x' }), txn('b0', { amount: '1.00' }), { nope: 1 }] } });
    expect(res.status).toBe(200);
    const body = await res.json() as any;
    expect(body.posted).toBe(2);
    expect(body.failed).toBe(3);
    expect(body.results.map((r: any) => r.status)).toEqual([200, 201, 400, 409, 400]);
    expect(body.results[2].problem.errors[0].field).toBe('transactions.2.transaction.category');
    expect(body.results[4].problem.errors[0].field).toBe('transactions.4.customerId');
    const many = Array.from({ length: 1001 }, (_, i) => txn(`m${i}`));
    const over = await problem(await h.call('POST', '/v1/transactions/batch', { body: { transactions: many } }), 400, 'validation-error');
    expect(over.errors[0].field).toBe('transactions');
    await problem(await h.call('POST', '/v1/transactions/batch', { body: { transactions: [] } }), 400, 'validation-error');
  });
  it('re-posting a refunded transaction replays it as refunded, as GET says, alone and in a batch', async () => {
    const h = await harness();
    const first = await (await h.call('POST', '/v1/transactions', { body: txn('t1') })).json() as any;
    expect(first.status).toBe('posted');
    expect((await h.call('POST', '/v1/transactions/t1/refund')).status).toBe(200);
    const again = await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect(again.status).toBe(200);
    const body = await again.json() as any;
    expect(body).toEqual({ status: 'refunded', replayed: true, outcome: first.outcome });
    expect(await (await h.call('GET', '/v1/transactions/t1')).json()).toMatchObject({ status: body.status });
    const batch = await (await h.call('POST', '/v1/transactions/batch', { body: { transactions: [txn('t1'), txn('t2')] } })).json() as any;
    expect(batch.results.map((r: any) => [r.status, r.transactionStatus, r.replayed])).toEqual([[200, 'refunded', true], [201, 'posted', false]]);
  });
  it('refund: 200 with what was reversed, replayed on retry, 404 unknown', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1') });
    const res = await h.call('POST', '/v1/transactions/t1/refund', { headers: { 'idempotency-key': 'r1' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ transactionId: 't1', reversed: { points: 12 }, balance: { points: 0 }, replayed: false });
    expect(await (await h.call('GET', '/v1/transactions/t1')).json()).toMatchObject({ status: 'refunded' });
    await problem(await h.call('POST', '/v1/transactions/nope/refund'), 404, 'not-found');
    await problem(await h.call('POST', '/v1/transactions/t1/refund', { body: '{oops' }), 400, 'invalid-json');
    await problem(await h.call('POST', '/v1/transactions/t1/refund', { body: { why: 1 } }), 400, 'validation-error');
  });
});

describe('customers', () => {
  it('balance, ledger with cursor, lots; 404 for an unknown customer', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) await h.call('POST', '/v1/transactions', { body: txn(`t${i}`) });
    expect(await (await h.call('GET', '/v1/customers/c1/balance')).json()).toEqual({ customerId: 'c1', points: 60, cashback: {} });
    const p1 = await (await h.call('GET', '/v1/customers/c1/ledger?limit=2')).json() as any;
    expect(p1.entries).toHaveLength(2);
    const p2 = await (await h.call('GET', `/v1/customers/c1/ledger?limit=2&cursor=${p1.nextCursor}`)).json() as any;
    expect(p2.entries[0].id).not.toBe(p1.entries[0].id);
    expect((await (await h.call('GET', '/v1/customers/c1/lots')).json() as any).lots).toHaveLength(5);
    for (const path of ['balance', 'ledger', 'lots']) await problem(await h.call('GET', `/v1/customers/nobody/${path}`), 404, 'not-found');
    await problem(await h.call('GET', '/v1/customers/c1/ledger?limit=0'), 400, 'validation-error');
    await problem(await h.call('GET', '/v1/customers/c1/ledger?limit=abc'), 400, 'validation-error');
  });
  it('redemptions: Idempotency-Key required, retry-safe, conflicts', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 10 } }), 400, 'idempotency-key-required');
    const r1 = await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 10 }, headers: { 'idempotency-key': 'k1' } });
    expect(r1.status).toBe(201);
    const b1 = await r1.json() as any;
    expect(b1.balance.points).toBe(90);
    const r2 = await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 10 }, headers: { 'idempotency-key': 'k1' } });
    expect(r2.status).toBe(200);
    expect((await r2.json() as any).redemptionId).toBe(b1.redemptionId);
    await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 11 }, headers: { 'idempotency-key': 'k1' } }), 409, 'idempotency-conflict');
    await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 1000 }, headers: { 'idempotency-key': 'k2' } }), 409, 'insufficient-balance');
    await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: -5 }, headers: { 'idempotency-key': 'k3' } }), 400, 'validation-error');
    await problem(await h.call('POST', '/v1/customers/nobody/redemptions', { body: { points: 5 }, headers: { 'idempotency-key': 'k4' } }), 404, 'not-found');
  });

  it('a redemption naming both points and cashback, or an unknown field, says which and why', async () => {
    const h = await harness();
    const both = await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 60, amount: '1.00', currency: 'USD' }, headers: { 'idempotency-key': 'kb' } }), 400, 'validation-error');
    expect(both.errors).toEqual([{ field: 'points', message: 'redeem either points, or cashback as amount and currency — not both in one redemption' }]);
    const extra = await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 60, bogus: 1 }, headers: { 'idempotency-key': 'kx' } }), 400, 'validation-error');
    expect(extra.errors).toEqual([{ field: 'bogus', message: 'is not a field of this request' }]);
    const field = await problem(await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel', colour: 'red' } } }), 400, 'validation-error');
    expect(field.errors).toEqual([{ field: 'transaction.colour', message: "is not a field of the program's schema" }]);
  });
});

describe('programs', () => {
  it('upload → draft with diagnostics; invalid version cannot be published; publish swaps live; rollback', async () => {
    const h = await harness();
    const up = await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: SOURCE_V2 } });
    expect(up.status).toBe(201);
    expect(await up.json()).toMatchObject({ program: 'card', version: 2, label: 'card@2', status: 'draft', errors: 0, diagnostics: [] });
    const bad = await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: 'error here' } });
    const badBody = await bad.json() as any;
    expect(badBody).toMatchObject({ version: 3, status: 'invalid', errors: 1 });
    expect(badBody.diagnostics[0]).toMatchObject({ code: 'ACC001', line: 1, column: 1 });
    await problem(await h.call('POST', '/v1/programs/card/versions/3/publish', { key: KEYS.aAuthor }), 409, 'program-not-publishable');
    await problem(await h.call('POST', '/v1/programs/card/versions/9/publish', { key: KEYS.aAuthor }), 404, 'not-found');
    await problem(await h.call('POST', '/v1/programs/card/versions/zero/publish', { key: KEYS.aAuthor }), 400, 'validation-error');

    const pub = await h.call('POST', '/v1/programs/card/versions/2/publish', { key: KEYS.aAuthor });
    expect(pub.status).toBe(200);
    expect(await pub.json()).toMatchObject({ version: 2, status: 'live' });
    const q = await (await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel' } } })).json() as any;
    expect(q.programVersion).toBe('card@2');
    expect(q.outcome.totals.points).toBe(20);

    const list = await (await h.call('GET', '/v1/programs/card/versions', { key: KEYS.aAuthor })).json() as any;
    expect(list.live).toBe(2);
    expect(list.versions.map((v: any) => [v.version, v.status])).toEqual([[3, 'invalid'], [2, 'live'], [1, 'retired']]);
    const one = await (await h.call('GET', '/v1/programs/card/versions/2', { key: KEYS.aAuthor })).json() as any;
    expect(one.source).toBe(SOURCE_V2);

    const rb = await h.call('POST', '/v1/programs/card/rollback', { key: KEYS.aAuthor });
    expect(await rb.json()).toMatchObject({ version: 1, status: 'live' });
    const q2 = await (await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel' } } })).json() as any;
    expect(q2.programVersion).toBe('card@1');
    await problem(await h.call('POST', '/v1/programs/card/rollback', { key: KEYS.aAuthor }), 409, 'nothing-to-roll-back');
  });
  it('an upload compiles the source once: the version it checked is the one that runs', async () => {
    const h = await harness();
    let compiles = 0;
    const counted = <F extends (...args: never[]) => unknown>(f: F) => ((...args: Parameters<F>) => { compiles++; return f(...args); }) as F;
    const live = h.deps.programs as unknown as { options: { compile: typeof h.deps.compile } };
    live.options = { ...live.options, compile: counted(live.options.compile) };
    Object.assign(h.deps, { compile: counted(h.deps.compile) });
    expect((await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: SOURCE_V2 } })).status).toBe(201);
    expect((await h.call('POST', '/v1/programs/card/versions/2/publish', { key: KEYS.aAuthor })).status).toBe(200);
    expect(compiles).toBe(1);
  });
  it('404s and 400s', async () => {
    const h = await harness();
    await problem(await h.call('GET', '/v1/programs/none/versions', { key: KEYS.aAuthor }), 404, 'not-found');
    await problem(await h.call('GET', '/v1/programs/card/versions/7', { key: KEYS.aAuthor }), 404, 'not-found');
    await problem(await h.call('POST', '/v1/programs/none/rollback', { key: KEYS.aAuthor }), 404, 'not-found');
    await problem(await h.call('POST', '/v1/programs/Bad Name/versions', { key: KEYS.aAuthor, body: { source: 'x' } }), 400, 'validation-error');
    await problem(await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: '' } }), 400, 'validation-error');
    await problem(await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: {} }), 400, 'validation-error');
  });
  it('an in-flight request finishes on the version it started with', async () => {
    const h = await harness();
    const { release } = holdPosts(h);
    const inFlight = h.call('POST', '/v1/transactions', { body: txn('slow') });
    await new Promise((r) => setTimeout(r, 10));
    await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: SOURCE_V2 } });
    await h.call('POST', '/v1/programs/card/versions/2/publish', { key: KEYS.aAuthor });
    release();
    const done = await (await inFlight).json() as any;
    expect(done.outcome.programVersion).toBe('card@1');
    const after = await (await h.call('POST', '/v1/transactions', { body: txn('fast') })).json() as any;
    expect(after.outcome.programVersion).toBe('card@2');
  });
});

describe('operations', () => {
  it('healthz, readyz (503 when Postgres is down), metrics, 404 problem for unknown routes', async () => {
    const h = await harness();
    expect(await (await h.call('GET', '/healthz', { key: null })).json()).toEqual({ status: 'ok' });
    expect((await h.call('GET', '/readyz', { key: null })).status).toBe(200);
    h.ledger.failPing = true;
    const r = await h.call('GET', '/readyz', { key: null });
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'unavailable', postgres: false });
    await h.call('POST', '/v1/transactions', { body: txn('m1') });
    const text = await (await h.call('GET', '/metrics', { key: null })).text();
    expect(text).toContain('accrue_http_request_duration_seconds_bucket');
    expect(text).toContain('route="/v1/transactions"');
    expect(text).toContain('accrue_evaluations_total{kind="post",version="card@1"} 1');
    expect(text).toContain('accrue_rules_applied_total{rule="base"} 1');
    expect(text).toContain('accrue_queue_depth');
    expect(text).toContain('accrue_cache_hit_ratio');
    await problem(await h.call('GET', '/v2/nothing', { key: null }), 404, 'not-found');
  });
  it("a problem's instance is the path as sent, percent-encoded (a URI reference, as RFC 9457 asks), never decoded into spaces, NUL or raw unicode", async () => {
    const h = await harness();
    for (const [path, instance] of [
      ['/v1/customers/c%201/balance', '/v1/customers/c%201/balance'],
      ['/v1/customers/c%00/ledger', '/v1/customers/c%00/ledger'],
      ['/v1/customers/%E2%82%AC/lots', '/v1/customers/%E2%82%AC/lots'],
      ['/v1/transactions/a%2Fb', '/v1/transactions/a%2Fb'],
      ['/v1/customers/nobody/balance?x=1', '/v1/customers/nobody/balance'],
    ] as const) {
      const res = await h.call('GET', path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      const body = await res.json() as { instance: string };
      expect(body.instance, path).toBe(instance);
      expect(() => new URL(body.instance, 'http://x'), path).not.toThrow();
      expect(body.instance, path).toMatch(/^[\x21-\x7e]+$/);
    }
  });
  it('503 while draining', async () => {
    const h = await harness();
    await h.deps.inflight.drain();
    await problem(await h.call('GET', '/healthz', { key: null }), 503, 'unavailable');
  });
  it('/docs renders every path without external resources', async () => {
    const h = await harness();
    const html = await (await h.call('GET', '/docs', { key: null })).text();
    expect(html).toContain('/v1/customers/{id}/redemptions');
    expect(html).not.toMatch(/<script|https?:\/\/(?!accrue\.dev)[a-z]/i);
  });
});

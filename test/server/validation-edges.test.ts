// Regression tests for inputs that used to get through validation and fail later (a 500 from the
// evaluator or Postgres, or a record the API cannot address), or that were refused without
// naming the field. Route tests through app.request() over the in-memory fakes.
import { describe, expect, it } from 'vitest';
import { harness, KEYS, PROBLEM, problem, txn } from './fakes.ts';
import { deriveValidators } from '../../server/programs/validator.ts';
import { checkedOrThrow } from '../support/programs.ts';

const fields = (body: Record<string, any>) => (body.errors as { field: string }[]).map((e) => e.field);

describe('transaction fields the evaluator or the ledger cannot take are 400s naming the field', () => {
  it('a timestamp on a day that does not exist (2026-02-30) or past year 9999 is a 400, not a 500', async () => {
    const h = await harness();
    for (const time of ['2026-02-30T12:00:00Z', '2026-04-31T00:00:00+02:00', '2026-03-01T25:00:00Z', 8_640_000_000_000_000, 253_402_300_800_000]) {
      for (const path of ['/v1/quote', '/v1/transactions']) {
        const body = await problem(await h.call('POST', path, { body: txn('t-time', { time }) }), 400, 'validation-error');
        expect(fields(body), `${path} ${time}`).toEqual(['transaction.time']);
      }
    }
    const asOf = await problem(await h.call('POST', '/v1/quote', { body: { transaction: { amount: 1, category: 'travel' }, asOf: 9_000_000_000_000_000 } }), 400, 'validation-error');
    expect(fields(asOf)).toEqual(['asOf']);
    // the real ones still pass, 24:00 included (the start of the next day)
    expect((await h.call('POST', '/v1/quote', { body: txn('q', { time: '2028-02-29T24:00:00Z' }) })).status).toBe(200);
    expect((await h.call('POST', '/v1/quote', { body: txn('q', { time: 253_402_300_799_999 }) })).status).toBe(200);
  });

  it("a quote's asOf takes every timestamp a transaction's time takes, and one it refuses is blamed on asOf, not on a transaction.time the caller never sent", async () => {
    const h = await harness();
    const quote = (asOf: unknown) => h.call('POST', '/v1/quote', { body: { transaction: { amount: 1, category: 'travel' }, asOf } });
    for (const time of ['2026-03-01T12:00:00+0530', '2026-03-01T12:00Z', '2028-02-29T24:00:00Z', '2026-03-01T12:00:00.123456789Z']) {
      expect((await h.call('POST', '/v1/quote', { body: txn('q', { time }) })).status, time).toBe(200);
      expect((await quote(time)).status, time).toBe(200);
    }
    for (const asOf of ['9999-12-31T23:59:59-01:00', '2026-02-30T12:00:00Z', '2026-03-01T12:00:00', '2026-03-01', '1772366400000']) {
      expect(fields(await problem(await quote(asOf), 400, 'validation-error')), asOf).toEqual(['asOf']);
    }
  });

  it('money as a JSON number in exponent form or beyond 15 digits is a 400 (1e-7 USD has 7 decimals)', async () => {
    const h = await harness();
    for (const amount of [1e-7, 1.5e-3, 1e21, 1e300, '99999999999999999999.99', '10000000000000.00']) {
      const body = await problem(await h.call('POST', '/v1/transactions', { body: txn('t-money', { amount }) }), 400, 'validation-error');
      expect(fields(body), String(amount)).toEqual(['transaction.amount']);
    }
    for (const amount of [12.5, '9999999999999.99', '-5.00', '0012.50']) {
      expect((await h.call('POST', '/v1/quote', { body: txn('q', { amount }) })).status, String(amount)).toBe(200);
    }
  });

  it('a transaction id the API could not address afterwards (space, slash, 300 chars, empty) is a 400 on every way in', async () => {
    const h = await harness();
    for (const id of ['a b', 'a/b', 'tü', 'x'.repeat(129), '']) {
      const posted = await problem(await h.call('POST', '/v1/transactions', { body: txn(id) }), 400, 'validation-error');
      expect(fields(posted), JSON.stringify(id)).toEqual(['transaction.id']);
      const queued = await problem(await h.call('POST', '/v1/transactions?mode=async', { body: txn(id) }), 400, 'validation-error');
      expect(fields(queued)).toEqual(['transaction.id']);
    }
    expect(h.ledger.txns.size).toBe(0);
    expect(h.queue.items).toHaveLength(0);
    // what is accepted can be read back and refunded
    const id = 'POS-1:2026.03@store_7';
    expect((await h.call('POST', '/v1/transactions', { body: txn(id) })).status).toBe(201);
    expect((await h.call('GET', `/v1/transactions/${encodeURIComponent(id)}`)).status).toBe(200);
    expect((await h.call('POST', `/v1/transactions/${encodeURIComponent(id)}/refund`)).status).toBe(200);
  });

  it('a transaction or customer id of . or .. (a URL resolves it away, %2E%2E too) is a 400 on every way in, so nothing is posted that cannot be read or refunded', async () => {
    // What any client's URL parser makes of such a path: the id is gone.
    expect(new URL('http://x/v1/transactions/%2E%2E/refund').pathname).toBe('/v1/refund');
    expect(new URL('http://x/v1/customers/%2e/balance').pathname).toBe('/v1/customers/balance');
    const h = await harness();
    for (const id of ['.', '..']) {
      const posted = await problem(await h.call('POST', '/v1/transactions', { body: txn(id) }), 400, 'validation-error');
      expect(fields(posted), id).toEqual(['transaction.id']);
      const queued = await problem(await h.call('POST', '/v1/transactions?mode=async', { body: txn(id) }), 400, 'validation-error');
      expect(fields(queued), id).toEqual(['transaction.id']);
      const customer = await problem(await h.call('POST', '/v1/transactions', { body: { ...txn('t-dots'), customerId: id } }), 400, 'validation-error');
      expect(fields(customer), id).toEqual(['customerId']);
      const batch = await (await h.call('POST', '/v1/transactions/batch', { body: { transactions: [txn(id), { ...txn('t-dots'), customerId: id }] } })).json() as any;
      expect(batch.results.map((r: any) => r.problem?.errors.map((e: any) => e.field)), id).toEqual([['transactions.0.transaction.id'], ['transactions.1.customerId']]);
    }
    expect(h.ledger.txns.size).toBe(0);
    expect(h.queue.items).toHaveLength(0);
    // dots inside an id are fine: a path segment of its own only when it is exactly . or ..
    for (const id of ['...', '.a', 'a..b']) {
      expect((await h.call('POST', '/v1/transactions', { body: { ...txn(id), customerId: id } })).status, id).toBe(201);
      expect((await h.call('POST', `/v1/transactions/${id}/refund`)).status, id).toBe(200);
      expect((await h.call('GET', `/v1/customers/${id}/balance`)).status, id).toBe(200);
    }
  });

  it('text Postgres cannot store (NUL, an unpaired surrogate) is a 400 naming the field', async () => {
    const h = await harness();
    for (const sku of ['a\u0000b', '\ud800', 'x\udc00y']) {
      const body = await problem(await h.call('POST', '/v1/transactions', { body: txn('t-text', { items: [{ sku, price: 1 }] }) }), 400, 'validation-error');
      expect(fields(body)).toEqual(['transaction.items.0.sku']);
    }
    expect((await h.call('POST', '/v1/transactions', { body: txn('t-text', { items: [{ sku: 'Café 東京 🍣', price: 1 }] }) })).status).toBe(201);
    const source = await problem(await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: 'program fake\u0000\nrate 2\n' } }), 400, 'validation-error');
    expect(fields(source)).toEqual(['source']);
    const key = await problem(await h.call('POST', '/v1/api-keys', { key: KEYS.aAdmin, body: { role: 'client', name: 'pos\u0000' } }), 400, 'validation-error');
    expect(fields(key)).toEqual(['name']);
  });

  it('batch items name their fields with their index, like the envelope does', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/transactions/batch', { body: { transactions: [txn('b0'), txn('b1', { category: 'x' }), { customerId: 'c1' }] } });
    const body = await res.json() as any;
    expect(body.results[1].problem.errors.map((e: any) => e.field)).toEqual(['transactions.1.transaction.category']);
    expect(body.results[1].problem.detail).toMatch(/^transactions\.1\.transaction\.category: /);
    expect(body.results[2].problem.errors.map((e: any) => e.field)).toEqual(['transactions.2.transaction']);
  });
});

describe('quote', () => {
  it('include or exclude naming a rule the program does not have is a 400 naming the entry', async () => {
    const h = await harness();
    const body = await problem(await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel' }, include: ['base', 'bse'], exclude: ['dinning'] } }), 400, 'validation-error');
    expect(fields(body)).toEqual(['include.1', 'exclude.0']);
    expect(body.errors[0].message).toContain('"bse" is not a rule of card@1');
    expect((await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel' }, include: ['base'], exclude: ['dining'] } })).status).toBe(200);
  });
});

describe('redemptions', () => {
  it('a money redemption with more decimals than its currency, zero or negative is a 400 naming amount', async () => {
    const h = await harness();
    const cases: [unknown, string][] = [
      [{ amount: '0.001', currency: 'USD' }, 'amount'], [{ amount: '1.5', currency: 'JPY' }, 'amount'],
      [{ amount: '-1.00', currency: 'USD' }, 'amount'], [{ amount: '0.00', currency: 'USD' }, 'amount'],
      [{ amount: 1e-7, currency: 'USD' }, 'amount'], [{ amount: '1.00' }, 'currency'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('POST', '/v1/customers/c1/redemptions', { body, headers: { 'idempotency-key': 'k' } });
      expect(fields(await problem(res, 400, 'validation-error')), JSON.stringify(body)).toEqual([field]);
    }
  });

  it('a refused redemption body names the field instead of "(body): Invalid input"', async () => {
    const h = await harness();
    const cases: [unknown, string[]][] = [
      [{}, ['points']], [{ points: '2500' }, ['points']], [{ points: 2.5 }, ['points']],
      [{ points: 5, amount: '1.00' }, ['points']], [{ amount: 'ten', currency: 'USD' }, ['amount']],
    ];
    for (const [body, expected] of cases) {
      const res = await h.call('POST', '/v1/customers/c1/redemptions', { body, headers: { 'idempotency-key': 'k' } });
      expect(fields(await problem(res, 400, 'validation-error')), JSON.stringify(body)).toEqual(expected);
    }
    // both shapes still work
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    expect((await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 10 }, headers: { 'idempotency-key': 'k1' } })).status).toBe(201);
    expect((await h.call('POST', '/v1/customers/c1/redemptions', { body: { amount: 2.5, currency: 'USD' }, headers: { 'idempotency-key': 'k2' } })).status).not.toBe(400);
  });
});

describe('redemptions with several live programs', () => {
  it('a tenant with several live programs names one, so its minimum redemption is not skipped', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    const seen: unknown[] = [];
    const redeem = h.ledger.redeem.bind(h.ledger);
    h.ledger.redeem = (req) => { seen.push(req.program?.version); return redeem(req); };
    // one live program: its minimum applies without naming it
    expect((await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 1 }, headers: { 'idempotency-key': 'k0' } })).status).toBe(201);
    expect(seen).toEqual(['card@1']);
    // a second program goes live
    const up = await h.call('POST', '/v1/programs/shop/versions', { key: KEYS.aAuthor, body: { source: 'program fake\nrate 2\n' } });
    expect((await h.call('POST', `/v1/programs/shop/versions/${(await up.json() as any).version}/publish`, { key: KEYS.aAuthor })).status).toBe(200);
    const unnamed = await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 1 }, headers: { 'idempotency-key': 'k1' } }), 400, 'validation-error');
    expect(fields(unnamed)).toEqual(['program']);
    expect((await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 1, program: 'card' }, headers: { 'idempotency-key': 'k2' } })).status).toBe(201);
    expect(seen).toEqual(['card@1', 'card@1']);
    await problem(await h.call('POST', '/v1/customers/c1/redemptions', { body: { points: 1, program: 'nope' }, headers: { 'idempotency-key': 'k3' } }), 409, 'no-live-program');
  });
});

describe('programs', () => {
  it('a version number past Postgres integer is a 400, not a 500', async () => {
    const h = await harness();
    for (const path of ['/v1/programs/card/versions/99999999999999', '/v1/programs/card/versions/2147483648']) {
      const body = await problem(await h.call('GET', path, { key: KEYS.aAuthor }), 400, 'validation-error');
      expect(fields(body)).toEqual(['v']);
    }
    await problem(await h.call('POST', '/v1/programs/card/versions/2147483648/publish', { key: KEYS.aAuthor }), 400, 'validation-error');
    await problem(await h.call('GET', '/v1/programs/card/versions/2147483647', { key: KEYS.aAuthor }), 404, 'not-found');
  });
});

describe('authentication', () => {
  it('the Bearer scheme is case-insensitive', async () => {
    const h = await harness();
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await h.call('GET', '/v1/customers/nobody/balance', { key: null, headers: { authorization: `${scheme} ${KEYS.aClient}` } });
      await problem(res, 404, 'not-found');
    }
    await problem(await h.call('GET', '/v1/customers/nobody/balance', { key: null, headers: { authorization: `Basic ${KEYS.aClient}` } }), 401, 'unauthorized');
  });
});

describe('the OpenAPI document says what the routes answer', () => {
  it('400 where a path, query or header parameter can be refused; no 403 on client routes; refund without impossible 409s, body optional', async () => {
    const h = await harness();
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as any;
    for (const [path, method] of [['/v1/transactions/{id}', 'get'], ['/v1/customers/{id}/balance', 'get'], ['/v1/customers/{id}/lots', 'get'],
      ['/v1/programs/{name}/versions', 'get'], ['/v1/programs/{name}/rollback', 'post'], ['/v1/transactions/{id}/refund', 'post']] as const) {
      expect(Object.keys(doc.paths[path][method].responses), `${method} ${path}`).toContain('400');
    }
    // and they do answer it
    await problem(await h.call('GET', '/v1/transactions/a%20b'), 400, 'validation-error');
    await problem(await h.call('GET', '/v1/customers/a%20b/lots'), 400, 'validation-error');
    await problem(await h.call('POST', '/v1/programs/Card/rollback', { key: KEYS.aAuthor }), 400, 'validation-error');

    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op['x-accrue-role'] === 'client') expect(Object.keys(op.responses), `${method} ${path}`).not.toContain('403');
      }
    }
    expect(Object.keys(doc.paths['/v1/programs/{name}/versions'].post.responses)).toContain('403');

    const refund = doc.paths['/v1/transactions/{id}/refund'].post;
    expect(Object.keys(refund.responses)).not.toContain('409');
    expect(refund.requestBody.required).toBe(false);
    expect(doc['x-problem-types'] ?? []).not.toContain(`${PROBLEM}already-refunded`);
    // what the document promises: a refund without a body, twice
    await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect((await h.call('POST', '/v1/transactions/t1/refund')).status).toBe(200);
    expect((await h.call('POST', '/v1/transactions/t1/refund')).status).toBe(200);
  });

  it('routes without a key document the 503 they answer while draining', async () => {
    const h = await harness();
    const doc = await (await h.call('GET', '/openapi.json', { key: null })).json() as any;
    for (const path of ['/healthz', '/metrics', '/openapi.json', '/docs']) expect(Object.keys(doc.paths[path].get.responses), path).toContain('503');
    await h.deps.inflight.drain(0);
    expect((await h.call('GET', '/healthz', { key: null })).status).toBe(503);
  });
});

describe('validation messages are plain and list every offending field', () => {
  const messages = (body: Record<string, any>) => Object.fromEntries((body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));

  it('customer errors are listed together with transaction errors, on quote, post and batch', async () => {
    const h = await harness();
    const bad = { customerId: 'c1', transaction: { id: 't1', time: '2026-03-01T12:00:00Z', amount: '1.001', category: 'nope' }, customer: { tier: 'platinum' } };
    for (const path of ['/v1/quote', '/v1/transactions']) {
      const body = await problem(await h.call('POST', path, { body: bad }), 400, 'validation-error');
      expect(fields(body), path).toEqual(['transaction.amount', 'transaction.category', 'customer.tier']);
    }
    const batch = await (await h.call('POST', '/v1/transactions/batch', { body: { transactions: [bad] } })).json() as any;
    expect(batch.results[0].problem.errors.map((e: any) => e.field)).toEqual(['transactions.0.transaction.amount', 'transactions.0.transaction.category', 'transactions.0.customer.tier']);
  });

  it('a missing time is "is required" and a time without an offset is one error saying it needs one', async () => {
    const h = await harness();
    const missing = await problem(await h.call('POST', '/v1/transactions', { body: { customerId: 'c1', transaction: { id: 't1', amount: '1.00', category: 'travel' } } }), 400, 'validation-error');
    expect(messages(missing)).toEqual({ 'transaction.time': 'is required' });
    const local = await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { time: '2026-03-01T12:00:00' }) }), 400, 'validation-error');
    expect(local.errors).toEqual([{ field: 'transaction.time', message: 'needs an offset or Z, e.g. 2026-03-01T12:00:00Z' }]);
    const wrong = await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { time: true }) }), 400, 'validation-error');
    expect(messages(wrong)['transaction.time']).toMatch(/^must be an ISO-8601 timestamp with an offset or Z/);
  });

  it('no raw zod wording: numbers, whole numbers and query numbers are named plainly', async () => {
    const h = await harness();
    const cases: [unknown, string][] = [[{ points: 0 }, 'must be more than 0'], [{ points: 2.5 }, 'must be a whole number (no decimals)'], [{ points: '5' }, 'must be a number, not a string']];
    for (const [body, message] of cases) {
      const res = await h.call('POST', '/v1/customers/c1/redemptions', { body, headers: { 'idempotency-key': 'k' } });
      expect(messages(await problem(res, 400, 'validation-error')), JSON.stringify(body)).toEqual({ points: message });
    }
    const query = await problem(await h.call('GET', '/v1/customers/c1/ledger?limit=abc'), 400, 'validation-error');
    expect(messages(query)).toEqual({ limit: 'must be a number' });
    for (const body of [cases, query]) expect(JSON.stringify(body)).not.toMatch(/Invalid input|Too small|expected \w+, received/);
  });

  it('a misspelt program name is a 409 no-live-program listing the live program names', async () => {
    const h = await harness();
    const body = await problem(await h.call('POST', '/v1/quote', { body: { program: 'crad', transaction: { amount: 1, category: 'travel' } } }), 409, 'no-live-program');
    expect(body.detail).toBe('Program crad has no live version. Live program: card.');
    expect(body.livePrograms).toEqual(['card']);
    await problem(await h.call('POST', '/v1/transactions', { body: { ...txn('t1'), program: 'crad' } }), 409, 'no-live-program');
  });

  it('a top-level program in a batch applies to every item that names none', async () => {
    const h = await harness();
    const ok = await (await h.call('POST', '/v1/transactions/batch', { body: { program: 'card', transactions: [txn('b0'), txn('b1')] } })).json() as any;
    expect(ok.posted).toBe(2);
    const wrong = await (await h.call('POST', '/v1/transactions/batch', { body: { program: 'crad', transactions: [txn('b2'), { ...txn('b3'), program: 'card' }] } })).json() as any;
    expect(wrong.results.map((r: any) => r.status)).toEqual([409, 201]);
  });
});

describe('optional fields', () => {
  const program = checkedOrThrow(`program "Optional" {
  currency USD
  timezone "UTC"
}
schema {
  transaction {
    amount: money
    coupon: optional string
    tip: optional money
  }
  customer {
    tier: optional enum(standard, gold)
    birthday: optional date
  }
}
rule base { reward points 1 per 1 USD of amount }`);
  const { transaction, customer } = deriveValidators(program.schema);

  it('take null as missing, on the fast path and in the zod schema alike', () => {
    const sent = { id: 't-1', time: '2026-05-04T12:00:00Z', amount: '10.00', coupon: null, tip: null };
    expect(transaction.fast!(sent)).toEqual({ id: 't-1', time: '2026-05-04T12:00:00Z', amount: '10.00' });
    expect(transaction.schema.parse(sent)).toEqual({ id: 't-1', time: '2026-05-04T12:00:00Z', amount: '10.00' });
    expect(customer.fast!({ tier: null, birthday: null })).toEqual({});
    expect(customer.schema.parse({ tier: null })).toEqual({});
  });

  it('still refuse a wrong type, and a required field stays required when null', () => {
    expect(transaction.fast!({ id: 't-1', time: '2026-05-04T12:00:00Z', amount: null })).toBeUndefined();
    expect(transaction.schema.safeParse({ id: 't-1', time: '2026-05-04T12:00:00Z', amount: null }).success).toBe(false);
    expect(customer.fast!({ tier: 'platinum' })).toBeUndefined();
    expect(customer.schema.safeParse({ tier: 'platinum' }).success).toBe(false);
    expect(customer.schema.safeParse({ birthday: 5 }).success).toBe(false);
  });

  it('a quote with null optional fields is evaluated as if they were missing', async () => {
    const h = await harness();
    const res = await h.call('POST', '/v1/quote', { body: { transaction: { amount: 10, category: 'travel' }, customer: { tier: null } } });
    expect(res.status).toBe(200);
  });
});

// Regression tests against the engine on real Postgres and Redis (the route fakes cannot show
// these: they are about what the real ledger and Postgres do with the input), through app.request().
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine.ts';
import { DATABASE_URL, dropSchema, postgresAvailable, redisAvailable, uniqueName } from '../support/db.ts';
import { useRedisPrefix } from '../support/hooks.ts';
import { bootEngine, CARD_V1, cardTxn, client, keyFor, publish } from './live.ts';

const available = (await postgresAvailable()) && (await redisAvailable());

/** A program over one `amount: money` field, in UTC, with the given rules. */
const amountProgram = (name: string, currency: string, rules: string): string =>
  `program "${name}" {\n  currency ${currency}\n  timezone "UTC"\n}\nschema {\n  transaction { amount: money }\n}\n${rules}`;

describe.skipIf(!available)('engine on Postgres + Redis: edges', () => {
  // A schema that does not exist yet: the engine creates it.
  const schema = uniqueName('server_edges');
  const prefix = useRedisPrefix();
  let engine: Engine;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    engine = await bootEngine(schema, prefix);
    call = client(engine.app, await keyFor(engine, 'acme'));
    const up = await call('POST', '/v1/programs/card/versions', { source: CARD_V1 });
    expect(up.status).toBe(201);
    expect((await call('POST', `/v1/programs/card/versions/${up.body.version}/publish`)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    await dropSchema(schema);
  });

  it('starts on an ACCRUE_DB_SCHEMA that does not exist yet (creates it)', async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const rows = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
    await client.end();
    expect(rows.rowCount).toBe(1);
    expect((await call('GET', '/readyz')).status).toBe(200);
  });

  it('ledger cursors: a garbled or out-of-range cursor is a 400 (not an empty page, not a 500); an unknown customer is a 404 with one too', async () => {
    for (let i = 0; i < 3; i++) expect((await call('POST', '/v1/transactions', cardTxn(`cur-${i}`, 'cursor-c'))).status).toBe(201);
    const first = await call('GET', '/v1/customers/cursor-c/ledger?limit=2');
    expect(first.status).toBe(200);
    const next = await call('GET', `/v1/customers/cursor-c/ledger?limit=2&cursor=${first.body.nextCursor}`);
    expect(next.status).toBe(200);
    expect(next.body.entries.length).toBeGreaterThan(0);
    for (const cursor of ['garbage', Buffer.from('e:-1').toString('base64url'), Buffer.from('e:99999999999999999999').toString('base64url'), '%00']) {
      const res = await call('GET', `/v1/customers/cursor-c/ledger?cursor=${cursor}`);
      expect(res.status, cursor).toBe(400);
      expect(res.body.type).toBe('https://accrue.dev/problems/validation-error');
      expect(res.body.errors.map((e: any) => e.field)).toEqual(['cursor']);
    }
    const stranger = await call('GET', `/v1/customers/nobody-here/ledger?cursor=${first.body.nextCursor}`);
    expect(stranger.status).toBe(404);
  });

  it('cashback amounts read back with the currency\'s decimals, as outcomes write them ("0.30", not "0.3")', async () => {
    const posted = await call('POST', '/v1/transactions', cardTxn('cash-1', 'cash-c', '120.00', 'dining'));
    expect(posted.status).toBe(201);
    const earned = posted.body.outcome.totals.cashback.USD as string;
    expect(earned).toMatch(/^\d+\.\d{2}$/);
    const balance = await call('GET', '/v1/customers/cash-c/balance');
    expect(balance.body.cashback.USD).toBe(earned);
    const history = await call('GET', '/v1/customers/cash-c/ledger');
    for (const e of history.body.entries.filter((x: any) => x.unit === 'money')) {
      expect(e.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(e.balanceAfter).toMatch(/^-?\d+\.\d{2}$/);
    }
    const lots = await call('GET', '/v1/customers/cash-c/lots');
    for (const l of lots.body.lots.filter((x: any) => x.unit === 'money')) expect(l.remaining).toMatch(/^\d+\.\d{2}$/);
    const refund = await call('POST', '/v1/transactions/cash-1/refund');
    expect(refund.body.reversed.cashback.USD).toBe(earned);
    expect(refund.body.balance.cashback.USD).toBe('0.00');
  });

  it('re-posting a refunded transaction replays it as refunded, as GET /v1/transactions/{id} says', async () => {
    const body = cardTxn('refunded-1', 'refunded-c');
    expect((await call('POST', '/v1/transactions', body)).status).toBe(201);
    expect((await call('POST', '/v1/transactions/refunded-1/refund')).status).toBe(200);
    const again = await call('POST', '/v1/transactions', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'refunded', replayed: true });
    expect((await call('GET', '/v1/transactions/refunded-1')).body.status).toBe('refunded');
  });

  it('insufficient-balance and below-minimum carry points as integers and money with its decimals, as balances do', async () => {
    expect((await call('POST', '/v1/transactions', cardTxn('short-1', 'short-c', '120.00', 'dining'))).status).toBe(201);
    const balance = (await call('GET', '/v1/customers/short-c/balance')).body;
    const short = await call('POST', '/v1/customers/short-c/redemptions', { points: 1_000_000 }, { 'idempotency-key': 'short-1' });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ type: 'https://accrue.dev/problems/insufficient-balance', asset: 'points', balance: balance.points, requested: 1_000_000 });
    const cash = await call('POST', '/v1/customers/short-c/redemptions', { amount: '100', currency: 'USD' }, { 'idempotency-key': 'short-2' });
    expect(cash.body).toMatchObject({ balance: balance.cashback.USD, requested: '100.00' });
    expect(cash.body.detail).toBe(`balance ${balance.cashback.USD} USD is less than 100.00`);
    expect(short.body.detail).toBe(`balance ${balance.points} points is less than 1000000`);
    const below = await call('POST', '/v1/customers/short-c/redemptions', { points: 10 }, { 'idempotency-key': 'short-3' });
    expect(below.status).toBe(409);
    expect(below.body).toMatchObject({ type: 'https://accrue.dev/problems/below-minimum-redemption', minimum: 2500, requested: 10 });
    expect(below.body.detail).toBe('the minimum redemption is 2500 points');
  });

  it('cash in a currency no live program pays (EUR) or no currency at all (XXZ) is a 400 naming the redeemable ones; USD held short is a 409 with the balance', async () => {
    expect((await call('POST', '/v1/transactions', cardTxn('eur-1', 'eur-c', '120.00', 'dining'))).status).toBe(201);
    for (const currency of ['EUR', 'XXZ']) {
      const res = await call('POST', '/v1/customers/eur-c/redemptions', { amount: '1.00', currency }, { 'idempotency-key': `eur-${currency}` });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ type: 'https://accrue.dev/problems/currency-not-redeemable', currency });
      expect(res.body.redeemableCurrencies).toContain('USD');
      expect(res.body.detail).toMatch(/Redeemable currencies: .*USD/);
    }
    const balance = (await call('GET', '/v1/customers/eur-c/balance')).body;
    const usd = await call('POST', '/v1/customers/eur-c/redemptions', { amount: '1000.00', currency: 'USD' }, { 'idempotency-key': 'eur-usd' });
    expect(usd.status).toBe(409);
    expect(usd.body).toMatchObject({ type: 'https://accrue.dev/problems/insufficient-balance', balance: balance.cashback.USD, requested: '1000.00' });
  });

  it('text Postgres refuses and amounts past 15 digits are 400s, not 500s, and write nothing', async () => {
    const nul = cardTxn('text-1', 'text-c');
    nul.transaction.merchant = 'Corner\u0000Market';
    const surrogate = cardTxn('text-2', 'text-c');
    surrogate.transaction.merchant = '\ud800';
    const huge = cardTxn('text-3', 'text-c', '99999999999999999999.99');
    for (const body of [nul, surrogate, huge]) {
      const res = await call('POST', '/v1/transactions', body);
      expect(res.status, body.transaction.id).toBe(400);
      expect(res.body.errors[0].field).toMatch(/^transaction\.(merchant|amount)$/);
    }
    expect((await call('GET', '/v1/customers/text-c/balance')).status).toBe(404);
    const feb30 = await call('POST', '/v1/quote', { transaction: { ...cardTxn('q', 'x').transaction, time: '2026-02-30T12:00:00Z' }, customer: cardTxn('q', 'x').customer });
    expect(feb30.status).toBe(400);
  });
  it('a quote without a customer is held to the program budget all customers share', async () => {
    const source = amountProgram('Budgeted', 'USD', `rule welcome "20 points, 30 a month for the whole program" {
  reward points 20
  cap 30 points per program per month
}`);
    await publish(call, 'budgeted', source);
    const txn = (id: string) => ({ program: 'budgeted', customerId: `budget-${id}`, transaction: { id, time: '2026-05-04T12:00:00Z', amount: '10.00' } });
    const quote = () => call('POST', '/v1/quote', { program: 'budgeted', transaction: { time: '2026-05-04T12:00:00Z', amount: '10.00' } });
    expect((await quote()).body.outcome.totals.points).toBe(20);
    expect((await call('POST', '/v1/transactions', txn('b-1'))).body.outcome.totals.points).toBe(20);
    const cut = await quote();
    expect(cut.body.outcome.totals.points).toBe(10);
    expect(cut.body.outcome.rules[0].cappedBy.cut).toEqual({ unit: 'points', points: 10 });
    expect((await call('POST', '/v1/transactions', txn('b-2'))).body.outcome.totals.points).toBe(10);
    const spent = await quote();
    expect(spent.body.outcome.totals.points).toBe(0);
    expect(spent.body.blocked).toEqual([expect.objectContaining({ rule: 'welcome', by: expect.objectContaining({ kind: 'cap' }) })]);
  });
  it('a transaction that would earn past 2^53 points is a 422 that writes nothing, alone: the postings beside it go through', async () => {
    const source = amountProgram('Huge', 'JPY', `rule huge "1000 points per yen" {
  reward points 1000 per 1 JPY of amount
}
rule mult "10x" {
  reward multiplier 10x
}`);
    await publish(call, 'huge', source);
    const txn = (id: string, customerId: string, amount: string) => ({ program: 'huge', customerId, transaction: { id, time: '2026-05-04T12:00:00Z', amount } });
    const quote = await call('POST', '/v1/quote', { program: 'huge', transaction: { time: '2026-05-04T12:00:00Z', amount: '999999999999' } });
    expect(quote.status).toBe(422);
    expect(quote.body.type).toBe('https://accrue.dev/problems/reward-out-of-range');
    const [big, small] = await Promise.all([
      call('POST', '/v1/transactions', txn('huge-1', 'huge-c', '999999999999')),
      call('POST', '/v1/transactions', txn('huge-2', 'huge-d', '1000')),
    ]);
    expect(big.status).toBe(422);
    expect(big.body.detail).toMatch(/beyond 9007199254740991/);
    expect(small.status).toBe(201);
    expect(small.body.outcome.totals.points).toBe(10_000_000);
    expect((await call('GET', '/v1/customers/huge-c/balance')).status).toBe(404);
    expect((await call('GET', '/v1/transactions/huge-1')).status).toBe(404);
  });
  it('a retry after a publish that adds a required field replays on the version it was posted on; another body is a 409; a new id needs the field', async () => {
    const v1 = amountProgram('Stores', 'USD', 'rule base "1 point per dollar" {\n  reward points 1 per 1 USD of amount\n}');
    await publish(call, 'stores', v1);
    const txn = (id: string, extra: Record<string, unknown> = {}) => ({ program: 'stores', customerId: 'store-c', transaction: { id, time: '2026-05-04T12:00:00Z', amount: '42.50', ...extra } });
    const first = await call('POST', '/v1/transactions', txn('store-1'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await publish(call, 'stores', v1.replace('transaction { amount: money }', 'transaction { amount: money, store: string }'));

    const retry = await call('POST', '/v1/transactions', txn('store-1'));
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.body).toMatchObject({ replayed: true, outcome: { programVersion: 'stores@1' } });
    expect(retry.body.outcome).toEqual(first.body.outcome);
    const other = await call('POST', '/v1/transactions', txn('store-1', { amount: '42.51' }));
    expect(other.status).toBe(409);
    const fresh = await call('POST', '/v1/transactions', txn('store-2'));
    expect(fresh.status).toBe(400);
    expect(fresh.body.errors).toEqual([{ field: 'transaction.store', message: 'is required' }]);
    const v2 = await call('POST', '/v1/transactions', txn('store-3', { store: 'downtown' }));
    expect(v2.body.outcome.programVersion).toBe('stores@2');
  });
  it('a retry written another way (money as a number, the instant in another offset, fields reordered) replays; another amount is a 409', async () => {
    const first = { program: 'card', ...cardTxn('same-1', 'same-c', '300.55') };
    const posted = await call('POST', '/v1/transactions', first);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const { amount, time, ...rest } = first.transaction;
    const rewritten = { ...first, transaction: { time: '2026-03-02T10:00:00-05:00', ...rest, amount: 300.550 } };
    const again = await call('POST', '/v1/transactions', rewritten);
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    const other = await call('POST', '/v1/transactions', { ...first, transaction: { ...first.transaction, amount: '300.56' } });
    expect(other.status).toBe(409);
    const later = await call('POST', '/v1/transactions', { ...first, transaction: { ...first.transaction, time: '2026-03-02T15:00:01Z' } });
    expect(later.status).toBe(409);
  });
});

// Cash redemptions in a currency the customer cannot hold are bad input (400), not a shortfall
// (409): route tests through app.request() over the in-memory fakes.
import { describe, expect, it } from 'vitest';
import { harness, KEYS, problem, txn, type Harness } from './fakes.ts';

const redeem = (h: Harness, body: unknown, key: string) =>
  h.call('POST', '/v1/customers/c1/redemptions', { body, headers: { 'idempotency-key': key } });

describe('redeeming money in a currency', () => {
  it('a currency no live program pays (EUR when it pays USD) or no currency at all (XXZ) is a 400 naming the redeemable ones', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    for (const currency of ['EUR', 'XXZ']) {
      const body = await problem(await redeem(h, { amount: '5.00', currency }, `k-${currency}`), 400, 'currency-not-redeemable');
      expect(body.detail).toBe(`Customer c1 cannot redeem money in ${currency}: no live program pays it and the customer holds none. Redeemable currencies: USD.`);
      expect(body).toMatchObject({ currency, redeemableCurrencies: ['USD'] });
    }
    // Nothing reached the ledger: the same key still serves a good redemption.
    expect((await redeem(h, { points: 5 }, 'k-EUR')).status).toBe(201);
  });

  it('a currency the live program pays goes to the ledger, which answers a shortfall with 409 insufficient-balance', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '10.00' }) });
    await problem(await redeem(h, { amount: '500.00', currency: 'USD' }, 'k1'), 409, 'insufficient-balance');
  });

  it('a currency the customer still holds (earned under an earlier version) is redeemable though no live program pays it', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    const balance = h.ledger.balance.bind(h.ledger);
    h.ledger.balance = async (tenant, id) => {
      const b = await balance(tenant, id);
      return b && { ...b, cashback: { GBP: '0.00' } };
    };
    await problem(await redeem(h, { amount: '500.00', currency: 'GBP' }, 'k1'), 409, 'insufficient-balance');
    const eur = await problem(await redeem(h, { amount: '1.00', currency: 'EUR' }, 'k2'), 400, 'currency-not-redeemable');
    expect(eur.redeemableCurrencies).toEqual(['USD', 'GBP']);
  });

  it('any live program of the tenant counts: all of them earn into one wallet', async () => {
    const h = await harness();
    await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '100.00' }) });
    const up = await h.call('POST', '/v1/programs/euro/versions', { key: KEYS.aAuthor, body: { source: 'program fake\ncurrencies EUR\n' } });
    expect((await h.call('POST', `/v1/programs/euro/versions/${(await up.json() as any).version}/publish`, { key: KEYS.aAuthor })).status).toBe(200);
    expect((await redeem(h, { amount: '1.00', currency: 'EUR', program: 'card' }, 'k1')).status).not.toBe(400);
    const jpy = await problem(await redeem(h, { amount: '1', currency: 'JPY', program: 'card' }, 'k2'), 400, 'currency-not-redeemable');
    expect(jpy.redeemableCurrencies).toEqual(['USD', 'EUR']);
  });

  it('a tenant with no live program and a customer holding no money: the 400 says to redeem points', async () => {
    const h = await harness({ live: false });
    const body = await problem(await redeem(h, { amount: '1.00', currency: 'USD' }, 'k1'), 400, 'currency-not-redeemable');
    expect(body.detail).toBe('Customer c1 cannot redeem money in USD: no live program pays money and the customer holds none; redeem points instead.');
    expect(body.redeemableCurrencies).toEqual([]);
  });
});

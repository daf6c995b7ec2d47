// The ledger with a real compiled program (test/runtime/ledger/programs/capped.accrue):
// its caps, budget, cashback lots, minimum redemption and explained outcomes end to end.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { openLedger, type Ledger } from '../../../runtime/ledger/index.ts';
import type { Evaluator } from '../../../runtime/program.ts';
import { DATABASE_URL, REDIS_URL, postgresAvailable, redisAvailable } from '../../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../../support/hooks.ts';

function program(): Evaluator {
  const { program, diagnostics } = compile(readFileSync(new URL('./programs/capped.accrue', import.meta.url), 'utf8'));
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return program;
}

const txn = (id: string, amount: number, category = 'other', time = '2026-11-20T10:00:00Z') => ({ id, time, amount, category });

function cases(open: () => Promise<Ledger>) {
  let ledger: Ledger;
  const evaluator = program();
  beforeAll(async () => { ledger = await open(); });
  afterAll(async () => { await ledger?.close(); });

  it('customer cap and program budget hold exactly under 32 concurrent postings', async () => {
    const tenant = 'cap';
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) =>
      ledger.post({ tenant, customerId: i % 4 === 0 ? 'heavy' : `c${i}`, txn: txn(`p${i}`, 100), customer: { tier: 'basic' }, evaluator })));
    const outcomes = results.map((r) => { if (!r.ok) throw new Error(r.error.message); return r.value.outcome; });
    expect(outcomes.reduce((s, o) => s + o.totals.points, 0)).toBe(1_000);
    expect(Number((await ledger.balance(tenant, 'heavy')).points)).toBeLessThanOrEqual(500);
    // 22 postings found no room: blocked by the budget (or, for the heavy customer, its cap).
    const blocked = outcomes.flatMap((o) => o.rules).filter((r) => r.rule === 'base' && r.state === 'BLOCKED');
    expect(blocked).toHaveLength(22);
    const state = await ledger.quoteState(tenant, 'heavy', evaluator, txn('q', 1));
    expect(state.counters['cap:rule:base:program:day:points:day:2026-11-20']).toBe(1_000);
    expect((await ledger.reconcile({ tenant })).ok).toBe(true);
  });

  it('a refund gives the budget and the cap their room back', async () => {
    const tenant = 'refund';
    const first = await ledger.post({ tenant, customerId: 'a', txn: txn('r1', 700), customer: { tier: 'gold' }, evaluator });
    expect(first.ok && first.value.outcome.totals.points).toBe(500);
    const blocked = await ledger.post({ tenant, customerId: 'a', txn: txn('r2', 100), customer: { tier: 'gold' }, evaluator });
    expect(blocked.ok && blocked.value.outcome.totals.points).toBe(0);
    expect((await ledger.refund({ tenant, transactionId: 'r1' })).ok).toBe(true);
    const after = await ledger.post({ tenant, customerId: 'a', txn: txn('r3', 100), customer: { tier: 'gold' }, evaluator });
    expect(after.ok && after.value.outcome.totals.points).toBe(100);
    expect((await ledger.balance(tenant, 'a')).points).toBe('100');
    expect((await ledger.reconcile({ tenant })).ok).toBe(true);
  });

  it('cashback lots, the minimum redemption, and explained outcomes replayed byte for byte', async () => {
    const tenant = 'cash';
    const posted = await ledger.post({ tenant, customerId: 'a', txn: txn('d1', 120.5, 'dining'), customer: { tier: 'gold' }, evaluator, options: { explain: true } });
    if (!posted.ok) throw new Error(posted.error.message);
    expect(posted.value.balances).toEqual({ points: '120', USD: '2.41' });
    const again = await ledger.post({ tenant, customerId: 'a', txn: txn('d1', 120.5, 'dining'), customer: { tier: 'gold' }, evaluator, options: { explain: true } });
    expect(again.ok && JSON.stringify(again.value.outcome)).toBe(JSON.stringify(posted.value.outcome));
    expect(await ledger.redeem({ tenant, customerId: 'a', amount: 49, program: evaluator })).toMatchObject({ ok: false, error: { code: 'below_minimum', minimum: '50' } });
    expect(await ledger.redeem({ tenant, customerId: 'a', amount: 50, program: evaluator })).toMatchObject({ ok: true, value: { balance: '70' } });
    expect(await ledger.redeem({ tenant, customerId: 'a', asset: 'USD', amount: '2.41', program: evaluator })).toMatchObject({ ok: true, value: { balance: '0' } });
    expect(await ledger.lots(tenant, 'a')).toEqual([expect.objectContaining({ asset: 'points', rule: 'base', remaining: '70', expiresAt: '2026-12-21T00:00:00.000Z' })]);
  });
}

const pgUp = await postgresAvailable();
const redisUp = pgUp && (await redisAvailable());

describe.skipIf(!redisUp)('compiled program on postgres + redis', () => {
  const schema = useFreshSchema();
  const prefix = useRedisPrefix();
  cases(() => openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: REDIS_URL, redisPrefix: prefix }));
});

describe('compiled program on pglite', () => {
  cases(() => openLedger());
});

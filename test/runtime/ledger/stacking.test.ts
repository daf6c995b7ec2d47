// A stacking group's shared cap in the ledger (test/runtime/ledger/programs/stacking.accrue):
// the group's counters are read and incremented with every posting, so a customer's monthly
// cap holds across postings — one after another and concurrent — and starts afresh next month.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../compiler/compile.ts';
import { openLedger, type Ledger } from '../../../runtime/ledger/index.ts';
import type { Outcome } from '../../../runtime/outcome.ts';
import type { Evaluator } from '../../../runtime/program.ts';
import { DATABASE_URL, REDIS_URL, postgresAvailable, redisAvailable } from '../../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../../support/hooks.ts';

function program(): Evaluator {
  const { program, diagnostics } = compile(readFileSync(new URL('./programs/stacking.accrue', import.meta.url), 'utf8'));
  if (!program) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return program;
}

const NOVEMBER = 'cap:group:promos:customer:month:points:month:2026-11';
const txn = (id: string, amount: number, category = 'dining', time = '2026-11-20T10:00:00Z') => ({ id, time, amount, category });
/** Points the group's promotions gave in an outcome (the base rule is outside the group). */
const promoPoints = (o: Outcome): number => o.rules.filter((r) => r.rule !== 'base' && r.state === 'APPLIED')
  .reduce((s, r) => s + (r.state === 'APPLIED' && r.amount.unit === 'points' ? r.amount.points : 0), 0);

function cases(open: () => Promise<Ledger>) {
  let ledger: Ledger;
  const evaluator = program();
  beforeAll(async () => { ledger = await open(); });
  afterAll(async () => { await ledger?.close(); });

  const post = async (tenant: string, customerId: string, t: ReturnType<typeof txn>): Promise<Outcome> => {
    const res = await ledger.post({ tenant, customerId, txn: t, customer: {}, evaluator, options: { explain: true } });
    if (!res.ok) throw new Error(res.error.message);
    return res.value.outcome;
  };

  it('caps two stacking promotions at 5000 points a month together, across postings', async () => {
    const tenant = 'monthly';
    // 50 USD: 1,500 + 1,000 of the group's 5,000 (and 50 base points outside it).
    expect(promoPoints(await post(tenant, 'a', txn('t1', 50)))).toBe(2_500);
    // 40 USD: 1,200 + 800; 4,500 spent.
    expect(promoPoints(await post(tenant, 'a', txn('t2', 40)))).toBe(2_000);
    // 100 USD: 500 left — dining takes it, cut by 2,500; the later promotion is blocked.
    const third = await post(tenant, 'a', txn('t3', 100));
    expect(third.rules.find((r) => r.rule === 'dining_promo')).toMatchObject({
      state: 'APPLIED', amount: { points: 500 }, cappedBy: { cap: { id: 'group:promos:customer:month:points', period: 'month:2026-11' }, cut: { points: 2_500 } },
    });
    expect(third.rules.find((r) => r.rule === 'everyday_promo')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:promos:customer:month:points' } } });
    expect(third.totals.points).toBe(100 + 500);
    // Spent: only the base rule earns.
    const fourth = await post(tenant, 'a', txn('t4', 10, 'other'));
    expect(fourth.totals.points).toBe(10);
    expect((await ledger.quoteState(tenant, 'a', evaluator, txn('q', 1))).counters[NOVEMBER]).toBe(5_000);
    expect((await ledger.balance(tenant, 'a')).points).toBe(String(50 + 40 + 100 + 10 + 5_000));
    // Another customer has a cap of their own; December starts afresh.
    expect(promoPoints(await post(tenant, 'b', txn('t5', 50)))).toBe(2_500);
    expect(promoPoints(await post(tenant, 'a', txn('t6', 10, 'dining', '2026-12-01T10:00:00Z')))).toBe(500);
    expect((await ledger.reconcile({ tenant })).ok).toBe(true);
  });

  it('holds the shared cap exactly under concurrent postings of one customer', async () => {
    const tenant = 'concurrent';
    // Twelve postings of 2,500 promotional points each against one 5,000-point monthly cap.
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => post(tenant, 'c', txn(`c${i}`, 50))));
    expect(outcomes.reduce((s, o) => s + promoPoints(o), 0)).toBe(5_000);
    expect((await ledger.quoteState(tenant, 'c', evaluator, txn('q', 1))).counters[NOVEMBER]).toBe(5_000);
    expect((await ledger.balance(tenant, 'c')).points).toBe(String(12 * 50 + 5_000));
    expect((await ledger.reconcile({ tenant })).ok).toBe(true);
  });
}

const pgUp = await postgresAvailable();
const redisUp = pgUp && (await redisAvailable());

describe.skipIf(!redisUp)('stacking group caps on postgres + redis', () => {
  const schema = useFreshSchema();
  const prefix = useRedisPrefix();
  cases(() => openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: REDIS_URL, redisPrefix: prefix }));
});

describe('stacking group caps on pglite', () => {
  cases(() => openLedger());
});

// Behaviour of the reference interpreter on programs written as source text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../runtime/interpret/index.ts';
import type { CustomerInput, EvaluateOptions } from '../../runtime/outcome.ts';
import { checkedOrThrow, ruleOf } from '../support/programs.ts';

const load = (source: string) => interpret(checkedOrThrow(source), 'test');
const header = (extra = '') => `program "T" { currency USD timezone "America/New_York" rounding floor ${extra} }\n`;

describe('reference interpreter from source', () => {
  const card = load(readFileSync(new URL('../../rules-examples/credit-card/credit-card.accrue', import.meta.url), 'utf8'));
  const txn = { id: 'T1', time: '2026-11-28T15:00:00Z', amount: '120.50', mcc: '5812', merchant: 'Chez Nous', category: 'dining', kind: 'purchase', channel: 'online', country: 'US' };
  const customer: CustomerInput = { tier: 'signature', opened_on: '2020-10-01', autopay: true, employee: false, activated_quarters: ['2026-Q4'] };

  it('stacks base, category multiplier, rotating bonus, tier and holiday multipliers on the credit card', () => {
    const out = card.evaluate(txn, customer, { counters: { 'agg:spend:year:2026': 995000 } });
    // 120 base + 240 dining (3x on base) + 482 Q4 online + 301 signature (0.5 × 602) + 120 holiday (2x on base)
    expect(out.totals.points).toBe(1263);
    // 50 USD in the 0.25% band, 70.50 USD in the 0.5% band: 0.4775 → 0.48
    expect(out.totals.cashback).toEqual({ USD: '0.48' });
    expect(ruleOf(out, 'preferred_tier')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'condition', values: [{ text: 'customer.tier', value: 'signature' }] } });
  });

  it('an excluded MCC excludes every rule', () => {
    const out = card.evaluate({ ...txn, mcc: '6011' }, customer, { counters: {} });
    expect(out.rules.every((r) => r.state === 'EXCLUDED' && r.by.kind === 'program' && r.by.exclusion === 'cash_advances')).toBe(true);
    expect(out.totals.points).toBe(0);
    expect(out.aggregates.transactions).toBe(0);
  });

  it('a refund is not spend', () => {
    const out = card.evaluate({ ...txn, kind: 'refund', amount: '-40.00' }, customer, { counters: {} });
    expect(ruleOf(out, 'base_points')).toMatchObject({ state: 'EXCLUDED', by: { kind: 'program', exclusion: 'refunds' } });
    expect(out.aggregates).toEqual({ spend: 0, points: 0, cashback: 0, transactions: 0 });
  });

  it('caps a monthly bonus at 5000 points', () => {
    const p = load(`${header()}schema { transaction { amount: money } }
rule bonus { reward points 10 per 1 USD of amount  cap 5000 points per customer per month }`);
    const key = 'cap:rule:bonus:customer:month:points:month:2026-11';
    expect(p.counterKeys({ id: 'x', time: '2026-11-20T15:00:00Z' }).customer).toContain(key);
    const out = p.evaluate({ id: 'a', time: '2026-11-20T15:00:00Z', amount: 100 }, {}, { counters: { [key]: 4600 } });
    expect(ruleOf(out, 'bonus')).toMatchObject({ state: 'APPLIED', amount: { points: 400 }, cappedBy: { cap: { id: 'rule:bonus:customer:month:points' }, cut: { points: 600 } } });
    expect(out.deltas).toEqual([{ key, scope: 'customer', amount: 400 }]);
  });

  it('counts a 23:30 New York purchase on Jan 31 in January', () => {
    const p = load(`${header()}schema { transaction { amount: money } }
rule january { valid from 2026-01-01 to 2026-01-31  reward points 1 per 1 USD of amount  cap 100 points per customer per month }`);
    const out = p.evaluate({ id: 'a', time: '2026-01-31T23:30:00-05:00', amount: 50 }, {}, { counters: {} });
    expect(out.periods.month).toBe('month:2026-01');
    expect(out.totals.points).toBe(50);
    expect(out.deltas[0]!.key).toMatch(/:month:2026-01$/);
  });

  it('splits a purchase straddling two cashback bands', () => {
    const p = load(`${header()}schema { transaction { amount: money } }
rule tiers { reward cashback tiered on amount over customer spend this year { from 0 USD: 1%  from 1000 USD: 2% } }`);
    const out = p.evaluate({ id: 'a', time: '2026-05-01T12:00:00Z', amount: 400 }, {}, { counters: { 'agg:spend:year:2026': 80000 } });
    expect(out.totals.cashback).toEqual({ USD: '6.00' });
  });

  it('gives a group tie to the larger reward, then the rule id', () => {
    const p = load(`${header()}schema { transaction { amount: money } }
group one "One of these"
rule b_five { group one  priority 5  reward points 5 }
rule c_ten { group one  priority 5  reward points 10 }
rule a_ten { group one  priority 5  reward points 10 }`);
    const out = p.evaluate({ id: 'a', time: '2026-05-01T12:00:00Z', amount: 1 }, {}, { counters: {} });
    expect(out.rules.map((r) => [r.rule, r.state])).toEqual([['a_ten', 'APPLIED'], ['b_five', 'BLOCKED'], ['c_ten', 'BLOCKED']]);
    expect(ruleOf(out, 'c_ten')).toMatchObject({ by: { kind: 'group', group: 'one', rule: 'a_ten' }, wouldHaveGiven: { points: 10 } });
  });

  it('reports the first failing condition with the values it read', () => {
    const p = load(`${header()}schema { transaction { amount: money  category: enum(dining, other) } customer { tier: enum(basic, gold) } }
rule gold_dining { when amount >= 10 USD  when customer.tier = gold and category = dining  reward points 50 }`);
    const out = p.evaluate({ id: 'a', time: '2026-05-01T12:00:00Z', amount: 20, category: 'dining' }, { tier: 'basic' }, { counters: {} });
    const r = ruleOf(out, 'gold_dining');
    if (r.state !== 'NOT_APPLICABLE' || r.reason.kind !== 'condition') throw new Error('expected a failed condition');
    expect(r.reason.values.map((v) => [v.text, v.value])).toEqual([['customer.tier', 'basic']]);
  });

  it('a retried prize draw draws the same', () => {
    const p = load(`${header('seed "s"')}schema { transaction { amount: money } }
rule lucky { reward prize 50 USD chance 1 in 2 }`);
    const wins = new Set<boolean>();
    for (let i = 0; i < 20; i++) {
      const t = { id: `T-${i}`, time: '2026-05-01T12:00:00Z', amount: 1 };
      const a = p.evaluate(t, {}, { counters: {} });
      expect(p.evaluate(t, {}, { counters: {} })).toEqual(a);
      wins.add((ruleOf(a, 'lucky') as { won: boolean }).won);
    }
    expect(wins).toEqual(new Set([true, false]));
  });

  it('evaluates every example program without throwing', () => {
    for (const name of ['bank-cashback', 'building-materials', 'cart-schemes', 'coalition-wallet', 'grocery-loyalty']) {
      const ev = load(readFileSync(new URL(`../../rules-examples/${name}/${name}.accrue`, import.meta.url), 'utf8'));
      const out = ev.evaluate({ id: 'x', time: '2026-03-03T10:00:00Z' }, {}, { counters: {} }, {} as EvaluateOptions);
      expect(out.rules).toHaveLength(ev.checked.rules.length);
    }
  });
});

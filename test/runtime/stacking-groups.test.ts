// Stacking groups (docs/language.md "Caps shared by rules that stack"): every applicable rule
// of the group applies, and the group's caps bound what they earn together, taken in the
// order the rules run. Each case runs on the reference interpreter and on the compiled
// evaluator, explained and on the fast path, and all must give the same outcome.
import { describe, expect, it } from 'vitest';
import type { CustomerInput, EvaluateOptions, Outcome, StateSnapshot, TransactionInput } from '../../runtime/outcome.ts';
import { bothBackEnds, ruleOf } from '../support/programs.ts';

const HEADER = `program "Stacking" { currency USD timezone "America/New_York" rounding floor }
schema {
  transaction { amount: money  category: enum(dining, groceries, travel, other) }
  customer { tier: enum(standard, gold) }
}
`;

const TIME = '2026-11-20T15:00:00Z';
const MONTH = 'month:2026-11';

/** Evaluates on every back end and path; returns the explained outcome after checking they agree. */
function run(source: string, txn: Partial<TransactionInput>, state: StateSnapshot = { counters: {} }, customer: CustomerInput = { tier: 'standard' }): Outcome {
  const { compiled, reference } = bothBackEnds(HEADER + source, 'v1');
  const t = { id: 'T1', time: TIME, amount: 100, category: 'dining', ...txn } as TransactionInput;
  const explained = reference.evaluate(t, customer, state);
  expect(compiled.evaluate(t, customer, state)).toEqual(explained);
  const fast: EvaluateOptions = { explain: false };
  const quick = reference.evaluate(t, customer, state, fast);
  expect(compiled.evaluate(t, customer, state, fast)).toEqual(quick);
  expect(quick.totals).toEqual(explained.totals);
  expect(quick.deltas).toEqual(explained.deltas);
  return explained;
}

const PROMOS = `
group promos "Promotions" stacking {
  cap 5000 points per customer per month
}

rule dining_promo "Dining: 30 points per dollar" {
  priority 10
  group promos
  when category = dining
  reward points 30 per 1 USD of amount
}

rule weekend_promo "20 points per dollar on everything" {
  priority 20
  group promos
  reward points 20 per 1 USD of amount
}
`;
const PROMOS_KEY = `cap:group:promos:customer:month:points:${MONTH}`;

describe('stacking groups', () => {
  it('lets every rule of a stacking group apply when the shared cap has room', () => {
    const out = run(PROMOS, { amount: 50 });
    expect(ruleOf(out, 'dining_promo')).toMatchObject({ state: 'APPLIED', amount: { points: 1500 } });
    expect(ruleOf(out, 'weekend_promo')).toMatchObject({ state: 'APPLIED', amount: { points: 1000 } });
    expect(out.totals.points).toBe(2500);
    expect(out.deltas).toEqual([
      { key: PROMOS_KEY, scope: 'customer', amount: 1500 },
      { key: PROMOS_KEY, scope: 'customer', amount: 1000 },
    ]);
  });

  it('caps two stacking promotions at 5000 points a month together', () => {
    const out = run(PROMOS, { amount: 100 }, { counters: { [PROMOS_KEY]: 1000 } });
    // 4000 of room: dining takes 3000, the later rule gets the 1000 left of its 2000.
    expect(out.totals.points).toBe(4000);
    expect(out.deltas.reduce((s, d) => s + d.amount, 0)).toBe(4000);
  });

  it('a later rule in a stacking group is cut by the group cap and says so', () => {
    const out = run(PROMOS, { amount: 100 }, { counters: { [PROMOS_KEY]: 1000 } });
    expect(ruleOf(out, 'dining_promo')).toEqual({ rule: 'dining_promo', state: 'APPLIED', reward: 'points', amount: { unit: 'points', points: 3000 } });
    expect(ruleOf(out, 'weekend_promo')).toMatchObject({
      state: 'APPLIED', amount: { points: 1000 },
      cappedBy: { cap: { id: 'group:promos:customer:month:points', owner: { kind: 'group', id: 'promos' }, scope: 'customer', period: MONTH }, cut: { points: 1000 } },
    });
  });

  it('blocks a later rule by the group cap once the earlier ones spent it', () => {
    const out = run(PROMOS, { amount: 200 }, { counters: { [PROMOS_KEY]: 0 } });
    expect(ruleOf(out, 'dining_promo')).toMatchObject({ state: 'APPLIED', amount: { points: 5000 }, cappedBy: { cut: { points: 1000 } } });
    expect(ruleOf(out, 'weekend_promo')).toMatchObject({
      state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:promos:customer:month:points' } }, wouldHaveGiven: { points: 4000 },
    });
    expect(out.totals.points).toBe(5000);
    expect(out.deltas).toEqual([{ key: PROMOS_KEY, scope: 'customer', amount: 5000 }]);
  });

  it('pays the lower priority first, whatever the source order', () => {
    const out = run(`
group promos stacking { cap 100 points per transaction }
rule zz_first { priority 1  group promos  reward points 80 }
rule aa_second { priority 2  group promos  reward points 80 }
`, {});
    expect(ruleOf(out, 'zz_first')).toMatchObject({ state: 'APPLIED', amount: { points: 80 } });
    expect(ruleOf(out, 'aa_second')).toMatchObject({ state: 'APPLIED', amount: { points: 20 }, cappedBy: { cap: { id: 'group:promos:transaction:txn:points', period: undefined }, cut: { points: 60 } } });
    // A per transaction cap persists nothing.
    expect(out.deltas).toEqual([]);
  });

  it('a rule cap smaller than the group room binds the rule, and the group counts only what it granted', () => {
    const out = run(`
group promos stacking { cap 150 points per transaction }
rule small { priority 1  group promos  reward points 100  cap 30 points per transaction }
rule big { priority 2  group promos  reward points 200 }
`, {});
    expect(ruleOf(out, 'small')).toMatchObject({ state: 'APPLIED', amount: { points: 30 }, cappedBy: { cap: { id: 'rule:small:transaction:txn:points' }, cut: { points: 70 } } });
    expect(ruleOf(out, 'big')).toMatchObject({ state: 'APPLIED', amount: { points: 120 }, cappedBy: { cap: { id: 'group:promos:transaction:txn:points' }, cut: { points: 80 } } });
  });

  it('the group cap binds a rule whose own cap has more room', () => {
    const out = run(`
group promos stacking { cap 150 points per transaction }
rule first { priority 1  group promos  reward points 100 }
rule second { priority 2  group promos  reward points 100  cap 90 points per transaction }
`, {});
    expect(ruleOf(out, 'second')).toMatchObject({ state: 'APPLIED', amount: { points: 50 }, cappedBy: { cap: { owner: { kind: 'group', id: 'promos' } }, cut: { points: 50 } } });
  });

  it('counts a multiplier\'s extra against the group cap, after the group\'s other rules', () => {
    const out = run(`
group promos stacking { cap 250 points per transaction }
rule double { priority 1  group promos  reward multiplier 2x on base }
rule base { priority 5  reward points 1 per 1 USD of amount }
rule bonus { priority 9  group promos  reward points 200 }
`, { amount: 100 });
    // bonus (a points rule) runs before the multiplier whatever the priorities: 200 of 250,
    // then the multiplier's extra of 100 (2x on base's 100) is cut to the 50 left.
    expect(ruleOf(out, 'bonus')).toMatchObject({ state: 'APPLIED', amount: { points: 200 } });
    expect(ruleOf(out, 'double')).toMatchObject({ state: 'APPLIED', amount: { points: 50 }, cappedBy: { cap: { id: 'group:promos:transaction:txn:points' }, cut: { points: 50 } } });
    expect(out.totals.points).toBe(100 + 200 + 50);
  });

  it('counts applications of the group\'s rules against a times cap', () => {
    const out = run(`
group promos stacking { cap 2 times per customer per day }
rule a { priority 1  group promos  reward points 10 }
rule b { priority 2  group promos  reward points 10 }
rule c { priority 3  group promos  reward points 10 }
`, {}, { counters: { 'cap:group:promos:customer:day:times:day:2026-11-20': 1 } });
    expect(ruleOf(out, 'a')).toMatchObject({ state: 'APPLIED' });
    expect(ruleOf(out, 'b')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:promos:customer:day:times' } } });
    expect(ruleOf(out, 'c')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:promos:customer:day:times' } } });
    expect(out.deltas).toEqual([{ key: 'cap:group:promos:customer:day:times:day:2026-11-20', scope: 'customer', amount: 1 }]);
  });

  it('shares a money cap among cashback rules across the quarter', () => {
    const source = `
group bonus_categories "5% on up to 1,500 USD of combined purchases a quarter" stacking {
  cap 75 USD per customer per quarter
}
rule dining_5 { priority 1  group bonus_categories  when category = dining  reward cashback 5% of amount }
rule dining_extra { priority 2  group bonus_categories  when category = dining  reward cashback 2 USD }
`;
    const key = 'cap:group:bonus_categories:customer:quarter:USD:quarter:2026-Q4';
    const out = run(source, { amount: 400 }, { counters: { [key]: 5500 } });
    // 20 USD of room: 5% of 400 is 20 and takes it all; the flat 2 USD is blocked.
    expect(ruleOf(out, 'dining_5')).toMatchObject({ state: 'APPLIED', amount: { money: { amount: '20.00', currency: 'USD' } } });
    expect(ruleOf(out, 'dining_extra')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:bonus_categories:customer:quarter:USD' } } });
    expect(out.totals.cashback).toEqual({ USD: '20.00' });
    expect(out.deltas).toEqual([{ key, scope: 'customer', amount: 2000 }]);
  });

  it('shares a program budget among the group\'s rules', () => {
    const out = run(`
group launch stacking { cap 1000 points per program per month }
rule a { priority 1  group launch  reward points 300 }
rule b { priority 2  group launch  reward points 300 }
`, {}, { counters: { [`cap:group:launch:program:month:points:${MONTH}`]: 500 } });
    expect(ruleOf(out, 'b')).toMatchObject({ state: 'APPLIED', amount: { points: 200 }, cappedBy: { cap: { scope: 'program' }, cut: { points: 100 } } });
    expect(out.deltas.every((d) => d.scope === 'program')).toBe(true);
  });

  it('a rule that does not apply takes nothing from the shared cap', () => {
    const out = run(PROMOS, { amount: 100, category: 'travel' }, { counters: { [PROMOS_KEY]: 1000 } });
    expect(ruleOf(out, 'dining_promo')).toMatchObject({ state: 'NOT_APPLICABLE' });
    expect(ruleOf(out, 'weekend_promo')).toMatchObject({ state: 'APPLIED', amount: { points: 2000 } });
  });

  it('rules outside the group are not bound by its caps', () => {
    const out = run(`${PROMOS}
rule base { reward points 1 per 1 USD of amount }
`, { amount: 100 }, { counters: { [PROMOS_KEY]: 5000 } });
    expect(ruleOf(out, 'base')).toMatchObject({ state: 'APPLIED', amount: { points: 100 } });
    expect(out.totals.points).toBe(100);
  });

  it('reads the stacking group\'s counters for the ledger', () => {
    const { compiled, reference } = bothBackEnds(HEADER + PROMOS, 'v1');
    const t = { id: 'k', time: TIME };
    expect(reference.counterKeys(t).customer).toContain(PROMOS_KEY);
    expect(compiled.counterKeys(t)).toEqual(reference.counterKeys(t));
  });
});

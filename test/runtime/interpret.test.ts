import { describe, expect, it } from 'vitest';
import { T } from '../../compiler/types.ts';
import { interpret } from '../../runtime/interpret/index.ts';
import type { CustomerInput, EvaluateOptions, Outcome, StateSnapshot, TransactionInput } from '../../runtime/outcome.ts';
import { drawUniform } from '../../runtime/draw.ts';
import type { CheckedProgram } from '../../compiler/ir.ts';
import { ruleOf } from '../support/programs.ts';
import {
  aggregate, bin, cap, cashbackReward, custField, daysWindow, datesWindow, discountReward, enumLit, fixed, freeProductReward, group,
  hoursWindow, inList, list, local, member, money, multiplierReward, not, num, percentOf, periodAgg, pointsReward, prizeReward,
  program, rule, str, tieredReward, txnField, call,
} from '../support/ir.ts';

const USD = T.money('USD');
const amount = () => txnField('amount', USD);
const per1USD = () => ({ unit: money('1'), base: amount() });

function run(p: CheckedProgram, txn: Partial<TransactionInput> & Record<string, unknown>, o: { customer?: CustomerInput; counters?: Record<string, number>; options?: EvaluateOptions } = {}): Outcome {
  const t = { id: 'T-1', time: '2026-11-20T15:00:00Z', ...txn } as TransactionInput;
  const state: StateSnapshot = { counters: o.counters ?? {} };
  return interpret(p, 'v1').evaluate(t, o.customer ?? {}, state, o.options);
}

describe('reference interpreter', () => {
  it('earns points per dollar, rounded once with the program mode', () => {
    const p = program({ rules: [rule('base', pointsReward(num('1.5'), per1USD()))] });
    const out = run(p, { amount: '10.99' });
    expect(out.totals.points).toBe(16); // 16.485 floored
    expect(ruleOf(out, 'base')).toEqual({ rule: 'base', state: 'APPLIED', reward: 'points', amount: { unit: 'points', points: 16 } });
    const even = program({ rounding: 'half-even', rules: [rule('base', pointsReward(num('1'), { unit: money('2'), base: amount() }))] });
    expect(run(even, { amount: 5 }).totals.points).toBe(2); // 2.5 → 2
  });

  it('caps a monthly bonus at 5000 points', () => {
    const p = program({ rules: [rule('bonus', pointsReward(num('10'), per1USD()), { caps: (o) => [cap(o, '5000', { kind: 'points' }, 'customer', 'month')] })] });
    const key = 'cap:rule:bonus:customer:month:points:month:2026-11';
    const out = run(p, { amount: 100 }, { counters: { [key]: 4600 } });
    const r = ruleOf(out, 'bonus');
    expect(r.state).toBe('APPLIED');
    if (r.state !== 'APPLIED') return;
    expect(r.amount).toEqual({ unit: 'points', points: 400 });
    expect(r.cappedBy?.cut).toEqual({ unit: 'points', points: 600 });
    expect(r.cappedBy?.cap).toMatchObject({ id: 'rule:bonus:customer:month:points', scope: 'customer', period: 'month:2026-11' });
    expect(out.deltas).toEqual([{ key, scope: 'customer', amount: 400 }]);
    const full = run(p, { amount: 100 }, { counters: { [key]: 5000 } });
    expect(ruleOf(full, 'bonus')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap' }, wouldHaveGiven: { unit: 'points', points: 1000 } });
    expect(full.totals.points).toBe(0);
    expect(full.deltas).toEqual([]);
  });

  it('splits a purchase straddling two cashback bands', () => {
    const p = program({ rules: [rule('tiers', tieredReward(amount(), periodAgg('spend', 'year'), [[money('0'), '0.01'], [money('1000'), '0.02']]))] });
    const out = run(p, { amount: 400 }, { counters: { 'agg:spend:year:2026': 80000 } });
    expect(out.totals.cashback).toEqual({ USD: '6.00' });
    expect(out.lots).toEqual([{ rule: 'tiers', unit: 'money', amount: '6.00', currency: 'USD', expiresAt: null }]);
    expect(out.aggregates).toEqual({ spend: 40000, points: 0, cashback: 600, transactions: 1 });
  });

  it('counts a 23:30 New York purchase on Jan 31 in January', () => {
    const p = program({ rules: [rule('jan', pointsReward(num('100')), { windows: [datesWindow('2026-01-01', '2026-01-31')], caps: (o) => [cap(o, '1000', { kind: 'points' }, 'customer', 'month')] })] });
    const out = run(p, { time: '2026-01-31T23:30:00-05:00', amount: 1 });
    expect(out.periods).toMatchObject({ day: 'day:2026-01-31', month: 'month:2026-01', week: 'week:2026-W05', quarter: 'quarter:2026-Q1', year: 'year:2026' });
    expect(ruleOf(out, 'jan').state).toBe('APPLIED');
    expect(out.deltas).toEqual([{ key: 'cap:rule:jan:customer:month:points:month:2026-01', scope: 'customer', amount: 100 }]);
    const feb = run(p, { time: '2026-02-01T00:30:00-05:00', amount: 1 });
    expect(ruleOf(feb, 'jan')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'window', values: [{ text: 'date', value: '2026-02-01' }] } });
  });

  it('gives a group tie to the larger reward, then the rule id', () => {
    const p = program({
      groups: [group('g')],
      rules: [
        rule('b_small', pointsReward(num('10')), { group: 'g', priority: 5 }),
        rule('c_big', pointsReward(num('50')), { group: 'g', priority: 5 }),
        rule('a_big', pointsReward(num('50')), { group: 'g', priority: 5 }),
        rule('later', pointsReward(num('999')), { group: 'g', priority: 6 }),
      ],
    });
    const out = run(p, { amount: 1 });
    expect(ruleOf(out, 'a_big').state).toBe('APPLIED');
    expect(ruleOf(out, 'c_big')).toEqual({ rule: 'c_big', state: 'BLOCKED', by: { kind: 'group', group: 'g', rule: 'a_big' }, wouldHaveGiven: { unit: 'points', points: 50 } });
    expect(ruleOf(out, 'b_small')).toMatchObject({ state: 'BLOCKED', by: { rule: 'a_big' } });
    expect(ruleOf(out, 'later')).toMatchObject({ state: 'BLOCKED', by: { rule: 'a_big' } });
    expect(out.totals.points).toBe(50);
  });

  it('decides a group of mixed reward kinds by rule id', () => {
    const p = program({ groups: [group('g')], rules: [
      rule('z_points', pointsReward(num('5000')), { group: 'g' }),
      rule('m_cash', cashbackReward(fixed(money('1'))), { group: 'g' }),
    ] });
    expect(ruleOf(run(p, { amount: 1 }), 'm_cash').state).toBe('APPLIED');
  });

  it('a group winner cut to zero by a cap is blocked and the group gives nothing', () => {
    const p = program({ groups: [group('g', (o) => [cap(o, '1', { kind: 'times' }, 'customer', 'day')])], rules: [
      rule('first', pointsReward(num('10')), { group: 'g', priority: 1 }),
      rule('second', pointsReward(num('20')), { group: 'g', priority: 2 }),
    ] });
    const out = run(p, { amount: 1 }, { counters: { 'cap:group:g:customer:day:times:day:2026-11-20': 1 } });
    expect(ruleOf(out, 'first')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { id: 'group:g:customer:day:times', owner: { kind: 'group', id: 'g' } } } });
    expect(ruleOf(out, 'second')).toMatchObject({ state: 'BLOCKED', by: { kind: 'group', rule: 'first' } });
    expect(out.totals.points).toBe(0);
  });

  it('reports the first failing condition with the values it read', () => {
    const tier = T.list(T.string);
    const p = program({
      customer: [{ name: 'tier', type: { kind: 'enum', name: 'customer.tier', members: ['basic', 'gold'] } }, { name: 'tags', type: tier }],
      rules: [rule('gold', pointsReward(num('10')), { conditions: [
        bin('>=', amount(), money('5')),
        bin('=', custField('tier', { kind: 'enum', name: 'customer.tier', members: ['basic', 'gold'] }), enumLit('gold', { kind: 'enum', name: 'customer.tier', members: ['basic', 'gold'] })),
        bin('>=', call('weekday', [txnField('time', T.timestamp)], T.integer), num('6')),
      ] })],
    });
    const out = run(p, { amount: '12.5' }, { customer: { tier: 'basic' } });
    const r = ruleOf(out, 'gold');
    expect(r.state).toBe('NOT_APPLICABLE');
    if (r.state !== 'NOT_APPLICABLE' || r.reason.kind !== 'condition') throw new Error('expected a condition');
    expect(r.reason.span).toEqual(p.rules[0]!.conditions[1]!.span);
    expect(r.reason.values).toEqual([{ text: 'customer.tier', span: expect.anything(), value: 'basic' }]);
    const weekday = run(p, { amount: 20 }, { customer: { tier: 'gold' } });
    const w = ruleOf(weekday, 'gold');
    if (w.state !== 'NOT_APPLICABLE' || w.reason.kind !== 'condition') throw new Error('expected a condition');
    expect(w.reason.values.map((v) => [v.text, v.value])).toEqual([['time', '2026-11-20T15:00:00.000Z'], ['weekday(time)', 5]]);
    const low = ruleOf(run(p, { amount: 2 }), 'gold');
    if (low.state !== 'NOT_APPLICABLE' || low.reason.kind !== 'condition') throw new Error('expected a condition');
    expect(low.reason.values.map((v) => [v.text, v.value])).toEqual([['amount', { amount: '2.00', currency: 'USD' }]]);
  });

  it('reads an absent optional field as null: the condition fails, the exclusion does not hold', () => {
    const p = program({
      transaction: [{ name: 'amount', type: USD }, { name: 'promo', type: T.string, optional: true }],
      rules: [
        rule('promo', pointsReward(num('10')), { conditions: [not(bin('=', txnField('promo', T.string), str('X')))] }),
        rule('other', pointsReward(num('5')), { exclusions: [bin('=', txnField('promo', T.string), str('X'))] }),
        rule('either', pointsReward(num('1')), { conditions: [bin('or', bin('=', txnField('promo', T.string), str('X')), bin('>', amount(), money('1')))] }),
      ],
    });
    const out = run(p, { amount: 5 });
    const r = ruleOf(out, 'promo');
    expect(r).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'condition', values: [{ text: 'promo', value: null }] } });
    expect(ruleOf(out, 'other').state).toBe('APPLIED');
    expect(ruleOf(out, 'either').state).toBe('APPLIED'); // unknown or true = true
  });

  it('an excluded MCC excludes every rule and adds nothing to the aggregates', () => {
    const p = program({
      transaction: [{ name: 'amount', type: USD }, { name: 'mcc', type: T.string }],
      exclusions: [{ id: 'cash', condition: inList(txnField('mcc', T.string), list([str('6010'), str('6011')], T.string)) }],
      rules: [rule('a', pointsReward(num('1'), per1USD())), rule('b', cashbackReward(percentOf('0.01', amount())))],
    });
    const out = run(p, { amount: 100, mcc: '6011' });
    expect(out.rules.map((r) => r.state)).toEqual(['EXCLUDED', 'EXCLUDED']);
    expect(ruleOf(out, 'a')).toMatchObject({ by: { kind: 'program', exclusion: 'cash' } });
    expect(out.aggregates).toEqual({ spend: 0, points: 0, cashback: 0, transactions: 0 });
    expect(run(p, { amount: 100, mcc: '5411' }).aggregates).toEqual({ spend: 10000, points: 100, cashback: 100, transactions: 1 });
  });

  it('request lists exclude rules before anything else', () => {
    const p = program({ rules: [rule('a', pointsReward(num('1'))), rule('b', pointsReward(num('2'))), rule('c', pointsReward(num('4')))] });
    const out = run(p, { amount: 1 }, { options: { include: ['a', 'b'], exclude: ['b'] } });
    expect(out.rules.map((r) => r.state)).toEqual(['APPLIED', 'EXCLUDED', 'EXCLUDED']);
    expect(ruleOf(out, 'c')).toEqual({ rule: 'c', state: 'EXCLUDED', by: { kind: 'request' } });
    expect(out.totals.points).toBe(1);
  });

  it('multipliers multiply credited base points, never each other', () => {
    const p = program({ rules: [
      rule('base', pointsReward(num('100')), { priority: 10 }),
      rule('tier', multiplierReward('1.5'), { priority: 20 }),
      rule('promo', multiplierReward('2'), { priority: 5 }),
      rule('cash', cashbackReward(fixed(money('3'))), { priority: 30 }),
    ] });
    const out = run(p, { amount: 1 });
    expect(out.totals.points).toBe(250);
    expect(ruleOf(out, 'tier')).toMatchObject({ state: 'APPLIED', reward: 'multiplier', amount: { points: 50 } });
    expect(ruleOf(out, 'promo')).toMatchObject({ amount: { points: 100 } });
    expect(out.rules.map((r) => r.rule)).toEqual(['promo', 'base', 'tier', 'cash']);
  });

  it('a multiplier on named targets multiplies their points after caps', () => {
    const p = program({ rules: [
      rule('base', pointsReward(num('100')), { caps: (o) => [cap(o, '60', { kind: 'points' }, 'transaction')] }),
      rule('other', pointsReward(num('7'))),
      rule('dbl', multiplierReward('2', ['base']), { priority: 200 }),
    ] });
    const out = run(p, { amount: 1 });
    expect(ruleOf(out, 'dbl')).toMatchObject({ amount: { points: 60 } });
    expect(ruleOf(out, 'base')).toMatchObject({ cappedBy: { cut: { points: 40 } } });
    expect(out.deltas).toEqual([]); // per-transaction caps are not persisted
  });

  it('cashback percent and flat are rounded half-even to cents', () => {
    const p = program({ rules: [rule('pct', cashbackReward(percentOf('0.015', amount()))), rule('flat', cashbackReward(fixed(money('2.5'))))] });
    const out = run(p, { amount: '10.30' }); // 0.1545 → 0.15
    expect(ruleOf(out, 'pct')).toMatchObject({ amount: { unit: 'money', money: { amount: '0.15', currency: 'USD' } } });
    expect(out.totals.cashback).toEqual({ USD: '2.65' });
  });

  it('a zero reward is NOT_APPLICABLE with the reward span', () => {
    const r = rule('tiny', cashbackReward(percentOf('0.001', amount())));
    const out = run(program({ rules: [r] }), { amount: 1 });
    expect(ruleOf(out, 'tiny')).toEqual({ rule: 'tiny', state: 'NOT_APPLICABLE', reason: { kind: 'zero', span: r.reward.span } });
  });

  it('discounts line items with a maximum, and gives no lot', () => {
    const item = 'line';
    const lines = T.list({ kind: 'record', name: item });
    const p = program({
      transaction: [{ name: 'amount', type: USD }, { name: 'items', type: lines }],
      records: { [item]: [{ name: 'sku', type: T.string }, { name: 'price', type: USD }, { name: 'qty', type: T.integer }] },
      rules: [rule('tiles', discountReward(percentOf('0.2', aggregate('sum', 'l', txnField('items', lines),
        bin('*', member(local('l', { kind: 'record', name: item }), 'price', USD), member(local('l', { kind: 'record', name: item }), 'qty', T.integer)),
        call('starts_with', [member(local('l', { kind: 'record', name: item }), 'sku', T.string), str('TIL-')], T.boolean))), money('15'), 'items'))],
    });
    const items = [{ sku: 'TIL-1', price: '20.00', qty: 2 }, { sku: 'GRT-1', price: 5, qty: 1 }, { sku: 'TIL-2', price: 10.5, qty: 1 }];
    const out = run(p, { amount: 55.5, items });
    expect(out.totals.discount).toEqual({ USD: '10.10' });
    expect(out.lots).toEqual([]);
    const capped = run(p, { amount: 0, items: [{ sku: 'TIL-9', price: 100, qty: 1 }] });
    expect(capped.totals.discount).toEqual({ USD: '15.00' });
  });

  it('gives a free product and counts times caps on it', () => {
    const p = program({ rules: [rule('gift', freeProductReward('SKU-1', '2'), { caps: (o) => [cap(o, '1', { kind: 'times' }, 'program', 'day')] })] });
    const out = run(p, { amount: 1 });
    expect(out.totals.freeProducts).toEqual([{ sku: 'SKU-1', quantity: 2, rule: 'gift' }]);
    expect(out.deltas).toEqual([{ key: 'cap:rule:gift:program:day:times:day:2026-11-20', scope: 'program', amount: 1 }]);
    const used = run(p, { amount: 1 }, { counters: { 'cap:rule:gift:program:day:times:day:2026-11-20': 1 } });
    expect(ruleOf(used, 'gift')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap', cap: { scope: 'program' } }, wouldHaveGiven: { unit: 'product', sku: 'SKU-1', quantity: 2 } });
  });

  it('a retried prize draw draws the same, and wins when u < 1/N', () => {
    const p = program({ seed: 's1', rules: [rule('lucky', prizeReward(money('50'), { oneIn: '3' }))] });
    const results = new Map<boolean, string>();
    for (let i = 0; i < 40 && results.size < 2; i++) {
      const id = `T-${i}`;
      const out = run(p, { id, amount: 1 });
      const again = run(p, { id, amount: 1 });
      expect(again).toEqual(out);
      const won = drawUniform('s1', id, 'lucky') < 1 / 3;
      expect(ruleOf(out, 'lucky')).toMatchObject({ state: 'APPLIED', reward: 'prize', won });
      if (won) {
        expect(out.totals.prizes.money).toEqual({ USD: '50.00' });
        expect(out.totals.cashback).toEqual({ USD: '50.00' });
      } else {
        expect(ruleOf(out, 'lucky')).toMatchObject({ amount: { unit: 'none' } });
        expect(out.lots).toEqual([]);
      }
      results.set(won, id);
    }
    expect(results.size).toBe(2);
  });

  it('a capped prize win is BLOCKED by the cap; a lost draw counts nothing', () => {
    const p = program({ rules: [rule('lucky', prizeReward(num('1000'), { p: '1' }), { caps: (o) => [cap(o, '1', { kind: 'times' }, 'customer', 'lifetime')] })] });
    const key = 'cap:rule:lucky:customer:lifetime:times:lifetime';
    const won = run(p, { amount: 1 });
    expect(won.totals).toMatchObject({ points: 1000, prizes: { points: 1000 } });
    expect(won.deltas).toEqual([{ key, scope: 'customer', amount: 1 }]);
    expect(ruleOf(run(p, { amount: 1 }, { counters: { [key]: 1 } }), 'lucky')).toMatchObject({ state: 'BLOCKED', by: { kind: 'cap' } });
    const never = program({ rules: [rule('lucky', prizeReward(num('1000'), { p: '0' }), { caps: (o) => [cap(o, '1', { kind: 'times' }, 'customer', 'lifetime')] })] });
    const lost = run(never, { amount: 1 });
    expect(ruleOf(lost, 'lucky')).toEqual({ rule: 'lucky', state: 'APPLIED', reward: 'prize', amount: { unit: 'none' }, won: false });
    expect(lost.deltas).toEqual([]);
  });

  it('a program budget near its limit cuts the reward to what is left, for any customer', () => {
    const p = program({ groups: [group('g', (o) => [cap(o, '500', { kind: 'points' }, 'program', 'month')])], rules: [
      rule('x', pointsReward(num('300')), { group: 'g' }),
    ] });
    const key = 'cap:group:g:program:month:points:month:2026-11';
    const out = run(p, { amount: 1 }, { counters: { [key]: 450 } });
    expect(ruleOf(out, 'x')).toMatchObject({ state: 'APPLIED', amount: { points: 50 }, cappedBy: { cap: { owner: { kind: 'group', id: 'g' }, scope: 'program' }, cut: { points: 250 } } });
    expect(out.deltas).toEqual([{ key, scope: 'program', amount: 50 }]);
  });

  it('reports the binding cap with the least room, the first declared on a tie', () => {
    const p = program({ rules: [rule('r', pointsReward(num('100')), { caps: (o) => [
      cap(o, '80', { kind: 'points' }, 'customer', 'day'),
      cap(o, '50', { kind: 'points' }, 'customer', 'month'),
      cap(o, '50', { kind: 'points' }, 'customer', 'year'),
    ] })] });
    const out = run(p, { amount: 1 });
    expect(ruleOf(out, 'r')).toMatchObject({ amount: { points: 50 }, cappedBy: { cap: { id: 'rule:r:customer:month:points' }, cut: { points: 50 } } });
    expect(out.deltas.map((d) => d.amount)).toEqual([50, 50, 50]);
  });

  it('money caps count minor units', () => {
    const p = program({ rules: [rule('cb', cashbackReward(percentOf('0.05', amount())), { caps: (o) => [cap(o, '75', { kind: 'money', currency: 'USD' }, 'customer', 'quarter')] })] });
    const key = 'cap:rule:cb:customer:quarter:USD:quarter:2026-Q4';
    const out = run(p, { amount: 100 }, { counters: { [key]: 7250 } });
    expect(ruleOf(out, 'cb')).toMatchObject({ amount: { money: { amount: '2.50' } }, cappedBy: { cut: { unit: 'money', money: { amount: '2.50', currency: 'USD' } } } });
    expect(out.deltas).toEqual([{ key, scope: 'customer', amount: 250 }]);
  });

  it('windows: weekdays and hours that wrap midnight, in the program timezone', () => {
    const p = program({ rules: [
      rule('weekend', pointsReward(num('1')), { windows: [daysWindow('sat', 'sun')] }),
      rule('night', pointsReward(num('1')), { windows: [hoursWindow('22:00', '06:00')] }),
    ] });
    // 2026-11-21 02:30 UTC is Friday 21:30 in New York.
    const out = run(p, { time: '2026-11-21T02:30:00Z', amount: 1 });
    expect(ruleOf(out, 'weekend')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'window', values: [{ text: 'weekday', value: 'fri' }] } });
    expect(ruleOf(out, 'night')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'window', values: [{ text: 'time', value: '21:30' }] } });
    const late = run(p, { time: '2026-11-22T04:00:00Z', amount: 1 }); // Saturday 23:00
    expect(late.rules.map((r) => r.state)).toEqual(['APPLIED', 'APPLIED']);
  });

  it('lots expire per the rule, else never', () => {
    const p = program({ rules: [rule('p', pointsReward(num('5')), { expiry: { kind: 'endOf', period: 'month' } })] });
    expect(run(p, { amount: 1 }).lots).toEqual([{ rule: 'p', unit: 'points', amount: 5, currency: undefined, expiresAt: '2026-12-01T05:00:00.000Z' }]);
  });

  it('the fast path lists only APPLIED rules and otherwise agrees', () => {
    const p = program({ rules: [rule('a', pointsReward(num('1'))), rule('b', pointsReward(num('0')))] });
    const slow = run(p, { amount: 1 });
    const fast = run(p, { amount: 1 }, { options: { explain: false } });
    expect(fast.rules).toEqual([slow.rules[0]]);
    expect({ ...fast, rules: [] }).toEqual({ ...slow, rules: [] });
  });

  it('counterKeys lists aggregates read and cap keys by scope', () => {
    const p = program({ rules: [
      rule('a', pointsReward(num('1')), { conditions: [bin('>', periodAgg('spend', 'month'), money('1'))], caps: (o) => [cap(o, '5', { kind: 'points' }, 'customer', 'week'), cap(o, '5', { kind: 'points' }, 'program', 'year'), cap(o, '5', { kind: 'points' }, 'transaction')] }),
    ] });
    expect(interpret(p, 'v').counterKeys({ id: 'x', time: '2026-11-20T15:00:00Z' })).toEqual({
      customer: ['agg:spend:month:2026-11', 'cap:rule:a:customer:week:points:week:2026-W47'],
      program: ['cap:rule:a:program:year:points:year:2026'],
      periods: { day: 'day:2026-11-20', week: 'week:2026-W47', month: 'month:2026-11', quarter: 'quarter:2026-Q4', year: 'year:2026', lifetime: 'lifetime' },
    });
  });

  it('counterKeys answers one shared, frozen key set per local day, and the next day its own', () => {
    const p = program({ rules: [
      rule('a', pointsReward(num('1')), { conditions: [bin('>', periodAgg('spend', 'day'), money('1'))], caps: (o) => [cap(o, '5', { kind: 'points' }, 'customer', 'week')] }),
    ] });
    const keys = interpret(p, 'v').counterKeys;
    // The program's day is New York's: 13:00Z and 04:59Z the next morning are both 22 November there.
    const morning = keys({ id: 'x', time: '2026-11-22T13:00:00Z' });
    expect(keys({ id: 'y', time: '2026-11-23T04:59:00Z' })).toBe(morning);
    expect(Object.isFrozen(morning.customer)).toBe(true);
    // Sunday 22 → Monday 23 November: a new day and a new ISO week.
    expect(keys({ id: 'z', time: '2026-11-23T05:00:00Z' }).customer).toEqual(['agg:spend:day:2026-11-23', 'cap:rule:a:customer:week:points:week:2026-W48']);
    expect(morning.customer).toEqual(['agg:spend:day:2026-11-22', 'cap:rule:a:customer:week:points:week:2026-W47']);
  });

  it('aggregates: count, any, all, min, and an absent list', () => {
    const rec = { kind: 'record', name: 'it' } as const;
    const items = T.list(rec);
    const l = () => local('x', rec);
    const p = program({
      transaction: [{ name: 'amount', type: USD }, { name: 'items', type: items, optional: true }],
      records: { it: [{ name: 'price', type: USD }] },
      rules: [
        rule('count', pointsReward(aggregate('count', 'x', txnField('items', items), undefined, bin('>', member(l(), 'price', USD), money('1'))))),
        rule('any', pointsReward(num('1')), { conditions: [aggregate('any', 'x', txnField('items', items), undefined, bin('>', member(l(), 'price', USD), money('9')))] }),
        rule('all', pointsReward(num('1')), { conditions: [aggregate('all', 'x', txnField('items', items), undefined, bin('>', member(l(), 'price', USD), money('0')))] }),
        rule('min', cashbackReward(fixed(aggregate('min', 'x', txnField('items', items), member(l(), 'price', USD), undefined)))),
      ],
    });
    const out = run(p, { amount: 1, items: [{ price: 2 }, { price: 0.5 }, { price: 10 }] });
    expect(out.rules.map((r) => [r.rule, r.state])).toEqual([['all', 'APPLIED'], ['any', 'APPLIED'], ['count', 'APPLIED'], ['min', 'APPLIED']]);
    expect(ruleOf(out, 'count')).toMatchObject({ amount: { points: 2 } });
    expect(out.totals.cashback).toEqual({ USD: '0.50' });
    const none = run(p, { amount: 1 });
    expect(none.rules.map((r) => r.state)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
  });
});

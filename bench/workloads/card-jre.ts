// A hand-written json-rules-engine version of the credit-card rules, for the comparison
// benchmark: the same conditions (program exclusions as rules that fire an `excluded`
// event; windows through facts derived from the time), one event per rule. It cannot
// express groups, caps, multipliers or tiered cashback, so json-rules-engine only decides
// which rules fire; Accrue's evaluator also computes rewards, caps and lots. The timezone
// facts (local date, weekday, minute) are computed before each run, as a caller would.
// (issue 3 item 5's importer converts json-rules-engine to Accrue, not the other way.)
import { Engine, type RuleProperties } from 'json-rules-engine';
import { Clock } from '../../compiler/emit/clock.ts';
import type { Sample } from './card.ts';

type Cond = Record<string, unknown>;
const f = (fact: string, operator: string, value: unknown, path?: string): Cond => ({ fact, operator, value, ...(path ? { path } : {}) });
const all = (...c: Cond[]): Cond => ({ all: c });
const any = (...c: Cond[]): Cond => ({ any: c });
const rule = (name: string, priority: number, conditions: Cond): RuleProperties =>
  ({ name, priority: 1000 - priority, conditions: conditions as RuleProperties['conditions'], event: { type: name, params: { rule: name } } });

const RULES: RuleProperties[] = [
  rule('cash_advances', 0, any(f('kind', 'equal', 'cash_advance'), f('mcc', 'in', ['6010', '6011', '6051', '6540']))),
  rule('refunds', 0, all(f('kind', 'equal', 'refund'))),
  rule('fees_and_transfers', 0, all(f('kind', 'in', ['fee', 'balance_transfer']))),
  rule('gambling', 0, all(f('mcc', 'in', ['7995', '7800', '7801', '7802']))),
  rule('base_points', 10, all(f('amount', 'greaterThan', 0))),
  rule('dining', 20, all(f('category', 'equal', 'dining'))),
  rule('travel', 21, all(f('category', 'equal', 'travel'))),
  rule('groceries', 22, all(f('category', 'equal', 'groceries'), { not: f('merchantLower', 'stringContains', 'wholesale club') })),
  rule('streaming', 23, all(f('category', 'equal', 'streaming'), f('channel', 'equal', 'recurring'))),
  rule('q1_groceries_drugstores', 30, all(f('localDate', 'dateBetween', ['2026-01-01', '2026-03-31']), f('category', 'in', ['groceries', 'drugstores']), f('activated', 'contains', '2026-Q1'))),
  rule('q2_gas_home', 31, all(f('localDate', 'dateBetween', ['2026-04-01', '2026-06-30']), f('category', 'in', ['gas', 'home_improvement']), f('activated', 'contains', '2026-Q2'))),
  rule('q3_dining_entertainment', 32, all(f('localDate', 'dateBetween', ['2026-07-01', '2026-09-30']), f('category', 'in', ['dining', 'entertainment']), f('activated', 'contains', '2026-Q3'))),
  rule('q4_online_retail', 33, all(f('localDate', 'dateBetween', ['2026-10-01', '2026-12-31']), any(f('category', 'equal', 'online_retail'), f('channel', 'equal', 'online')), f('activated', 'contains', '2026-Q4'))),
  rule('commuter', 40, all(f('weekday', 'lessThanInclusive', 5), f('minute', 'greaterThanInclusive', 360), f('minute', 'lessThan', 600), f('category', 'equal', 'transit'), f('channel', 'equal', 'contactless'))),
  rule('weekend_entertainment', 41, all(f('weekday', 'greaterThanInclusive', 5), f('category', 'equal', 'entertainment'))),
  rule('foreign_purchases', 42, all(f('country', 'notEqual', 'US'), f('category', 'notIn', ['gas', 'groceries']))),
  rule('big_ticket', 43, all(f('amount', 'greaterThanInclusive', 1000))),
  rule('autopay_bill', 44, all(f('autopay', 'equal', true), f('channel', 'equal', 'recurring'))),
  rule('partner_merchant', 45, all(f('merchantUpper', 'stringStartsWith', 'HARBOR MARINA'))),
  rule('welcome_bonus', 50, all(f('daysOpen', 'lessThanInclusive', 90), f('lifetimeSpend', 'lessThan', 3000), f('lifetimeSpendAfter', 'greaterThanInclusive', 3000), f('employee', 'equal', false))),
  rule('preferred_tier', 60, all(f('tier', 'equal', 'preferred'))),
  rule('signature_tier', 61, all(f('tier', 'equal', 'signature'))),
  rule('holiday_double', 62, all(f('localDate', 'dateBetween', ['2026-11-27', '2026-12-31']), f('channel', 'equal', 'online'))),
  rule('annual_cashback', 70, all(f('kind', 'equal', 'purchase'))),
];

/** A json-rules-engine Engine with the card rules and the few string/date operators they need. */
export function cardEngine(): Engine {
  const engine = new Engine(RULES, { allowUndefinedFacts: true });
  engine.addOperator('stringContains', (a: unknown, b: unknown) => typeof a === 'string' && a.includes(String(b)));
  engine.addOperator('stringStartsWith', (a: unknown, b: unknown) => typeof a === 'string' && a.startsWith(String(b)));
  engine.addOperator('dateBetween', (a: unknown, b: unknown) => typeof a === 'string' && a >= (b as string[])[0]! && a <= (b as string[])[1]!);
  return engine;
}

const ny = new Clock('America/New_York');

/** The facts of one sample, as a json-rules-engine caller would build them. */
export function cardFacts(s: Sample): Record<string, unknown> {
  const t = s.txn as Record<string, unknown>;
  const ms = Date.parse(String(t.time));
  const p = ny.dayOf(ms).parts;
  const minute = ny.minuteOf(ms);
  const c = s.customer as Record<string, unknown>;
  const amount = Number(t.amount);
  const lifetime = (s.state.counters['agg:spend:lifetime'] ?? 0) / 100;
  return {
    ...t,
    amount,
    merchantLower: String(t.merchant).toLowerCase(),
    merchantUpper: String(t.merchant).toUpperCase(),
    localDate: p.date,
    weekday: p.weekday,
    minute,
    activated: c.activated_quarters,
    tier: c.tier,
    autopay: c.autopay,
    employee: c.employee,
    daysOpen: Math.round((Date.parse(p.date) - Date.parse(String(c.opened_on))) / 86_400_000),
    lifetimeSpend: lifetime,
    lifetimeSpendAfter: lifetime + amount,
  };
}

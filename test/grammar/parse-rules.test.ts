// Rules: every rule item, window, reward, cap and expiry form (docs/syntax.md "Rules",
// "Rewards", "Caps and expiry").
import { describe, expect, it } from 'vitest';
import type { Reward } from '../../grammar/ast.ts';
import { parse } from '../../grammar/parse.ts';
import { PREAMBLE, parseClean, parseRule, render, sx, textAt } from './helpers.ts';

const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k, v) => (k === 'span' || k === 'opSpan' || k === 'periodSpan' ? undefined : v)));
const reward = (text: string): Reward => parseRule(`reward ${text}`).reward!;

describe('rule items', () => {
  const source = `${PREAMBLE}
rule dining "3 points per dollar at restaurants" {
  priority 10
  group category_bonus
  valid from 2026-01-01 to 2026-12-31 on mon..fri between 11:00 and 15:00
  when category = dining
  when amount >= 5 USD
  exclude when mcc = "5814"
  reward points 3 per 1 USD of amount
  cap 5000 points per customer per month
  expires after 24 months
}
`;
  const rule = parseClean(source).rules[0]!;

  it('reads id, title, priority and group', () => {
    expect([rule.id.name, rule.title?.value, rule.priority?.text, rule.group?.name]).toEqual([
      'dining', '3 points per dollar at restaurants', '10', 'category_bonus',
    ]);
  });

  it('keeps each when clause as its own condition and each exclude when as an exclusion', () => {
    expect(rule.conditions.map(sx)).toEqual(['(= category dining)', '(>= amount 5USD)']);
    expect(rule.exclusions.map((e) => sx(e.condition))).toEqual(['(= mcc "5814")']);
    expect(textAt(source, rule.exclusions[0]!.span)).toBe('exclude when mcc = "5814"');
  });

  it('reads reward, cap and expiry', () => {
    expect(rule.reward?.kind).toBe('PointsReward');
    expect(rule.caps).toHaveLength(1);
    expect(strip(rule.expiry)).toEqual({ kind: 'ExpiresAfter', count: { kind: 'NumberLit', text: '24' }, unit: 'months' });
  });

  it('spans the rule from `rule` to its closing brace, and the id alone', () => {
    expect(textAt(source, rule.span).startsWith('rule dining')).toBe(true);
    expect(textAt(source, rule.span).endsWith('months\n}')).toBe(true);
    expect(textAt(source, rule.id.span)).toBe('dining');
    expect(rule.id.span.line).toBe(8);
    expect(rule.id.span.column).toBe(6);
  });

  it('accepts a rule with no title and only a reward', () => {
    const r = parseClean(`${PREAMBLE}rule r { reward points 1 }`).rules[0]!;
    expect([r.title, r.priority, r.group, r.windows, r.conditions, r.caps, r.expiry]).toEqual([undefined, undefined, undefined, [], [], [], undefined]);
  });

  it('reports a rule without a reward as ACC010 on its id', () => {
    expect(render(parse(`${PREAMBLE}rule lonely { priority 1 }`).diagnostics)).toEqual(['ACC010 7:6+6 rule lonely has no reward']);
  });

  it('reports a clause given twice as ACC007 and keeps the first', () => {
    const { ast, diagnostics } = parse(`${PREAMBLE}rule r {\n reward points 1\n reward points 2\n priority 1\n priority 2\n group a\n group b\n expires never\n expires never\n}`);
    expect(render(diagnostics)).toEqual([
      'ACC007 9:2+6 `reward` is given twice in rule r',
      'ACC007 11:2+8 `priority` is given twice in rule r',
      'ACC007 13:2+5 `group` is given twice in rule r',
      'ACC007 15:2+7 `expires` is given twice in rule r',
    ]);
    const r = ast.rules[0]!;
    expect([r.reward?.kind === 'PointsReward' && sx(r.reward.amount), r.priority?.text, r.group?.name]).toEqual(['1', '1', 'a']);
  });
});

describe('validity windows', () => {
  const windows = (text: string) => parseRule(`valid ${text}\nreward points 1`).windows;

  it('reads a date range, an open start and an open end', () => {
    expect(strip(windows('from 2026-01-01 to 2026-03-31 to 2027-01-01'))).toEqual([
      { kind: 'DateWindow', from: { kind: 'DateLit', text: '2026-01-01' }, to: { kind: 'DateLit', text: '2026-03-31' } },
      { kind: 'DateWindow', to: { kind: 'DateLit', text: '2027-01-01' } },
    ]);
    expect(strip(windows('from 2026-06-01'))).toEqual([{ kind: 'DateWindow', from: { kind: 'DateLit', text: '2026-06-01' } }]);
  });

  it('expands day ranges (mon..fri) and lists (sat, sun)', () => {
    const [w] = windows('on mon..fri, sun');
    expect(w?.kind === 'DaysWindow' && w.days.map((d) => d.day)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sun']);
  });

  it('wraps a day range past Sunday', () => {
    const [w] = windows('on fri..mon');
    expect(w?.kind === 'DaysWindow' && w.days.map((d) => d.day)).toEqual(['fri', 'sat', 'sun', 'mon']);
  });

  it('reads `between 16:00 and 19:00` as hours, not as an `and` expression', () => {
    expect(strip(windows('between 16:00 and 19:00'))).toEqual([
      { kind: 'HoursWindow', from: { kind: 'TimeLit', text: '16:00' }, to: { kind: 'TimeLit', text: '19:00' } },
    ]);
  });

  it('reads several clauses after one `valid`', () => {
    expect(windows('from 2026-01-01 on sat, sun between 9:30 and 12:00').map((w) => w.kind)).toEqual(['DateWindow', 'DaysWindow', 'HoursWindow']);
  });

  it('reports an unknown weekday with a did-you-mean hint', () => {
    const { diagnostics } = parse(`${PREAMBLE}rule r { valid on mon..fry reward points 1 }`);
    expect(render(diagnostics)).toEqual(['ACC003 7:24+3 expected a weekday (mon, tue, wed, thu, fri, sat, sun) but found "fry"']);
    expect(diagnostics[0]!.hint).toBe('did you mean `fri`?');
  });
});

describe('rewards', () => {
  it('points flat and points per unit of a base', () => {
    expect(strip(reward('points 500'))).toEqual({ kind: 'PointsReward', amount: { kind: 'NumberLit', text: '500' } });
    const r = reward('points 3 per 1 USD of amount');
    expect(r.kind === 'PointsReward' && [sx(r.amount), sx(r.per?.unit), sx(r.per?.base)]).toEqual(['3', '1USD', 'amount']);
  });

  it('multiplier with x, without x, and with targets', () => {
    const m = (t: string) => {
      const r = reward(t);
      return r.kind === 'MultiplierReward' ? [sx(r.factor), r.targets.map((x) => x.name)] : r.kind;
    };
    expect(m('multiplier 1.5x')).toEqual(['1.5', []]);
    expect(m('multiplier 2')).toEqual(['2', []]);
    expect(m('multiplier 2x on dining, travel')).toEqual(['2', ['dining', 'travel']]);
    expect(m('multiplier customer.factor on base')).toEqual(['customer.factor', ['base']]);
  });

  it('cashback percent of a base, and flat', () => {
    expect(strip(reward('cashback 5% of amount'))).toEqual({
      kind: 'CashbackReward',
      value: { kind: 'PercentOf', percent: { kind: 'PercentLit', text: '5' }, base: { kind: 'NameRef', name: 'amount' } },
    });
    expect(strip(reward('cashback 10 USD'))).toEqual({
      kind: 'CashbackReward',
      value: { kind: 'Fixed', amount: { kind: 'MoneyLit', text: '10', currency: { name: 'USD' } } },
    });
  });

  it('tiered cashback with bands, with and without `over`', () => {
    const r = reward(`cashback tiered on amount over customer spend this year {
      from 0 USD: 1%
      from 1000 USD: 1.5%
      from 5000 USD: 2%
    }`);
    expect(r.kind === 'TieredCashbackReward' && [sx(r.base), sx(r.over), r.bands.map((b) => `${sx(b.from)}→${sx(b.rate)}`)]).toEqual([
      'amount', '(customer-spend year)', ['0USD→1%', '1000USD→1.5%', '5000USD→2%'],
    ]);
    const plain = reward('cashback tiered on amount { from 0 USD: 1% }');
    expect(plain.kind === 'TieredCashbackReward' && plain.over).toBeUndefined();
  });

  it('still reads a field named `tiered` as a cashback value', () => {
    const r = reward('cashback tiered of amount');
    expect(r.kind === 'CashbackReward' && r.value.kind === 'PercentOf' && sx(r.value.percent)).toBe('tiered');
  });

  it('discount on invoice (default) or items, with an optional max', () => {
    const d = (t: string) => {
      const r = reward(t);
      return r.kind === 'DiscountReward' ? [r.value.kind, r.target, sx(r.max)] : r.kind;
    };
    expect(d('discount 10% of amount on invoice max 50 USD')).toEqual(['PercentOf', 'invoice', '50USD']);
    expect(d('discount 5 USD on items')).toEqual(['Fixed', 'items', '∅']);
    expect(d('discount 5 USD')).toEqual(['Fixed', 'invoice', '∅']);
  });

  it('free product with and without quantity', () => {
    expect(strip(reward('free product "SKU-1" quantity 2'))).toEqual({
      kind: 'FreeProductReward', sku: { kind: 'StringLit', value: 'SKU-1' }, quantity: { kind: 'NumberLit', text: '2' },
    });
    expect(strip(reward('free product "S"'))).toEqual({ kind: 'FreeProductReward', sku: { kind: 'StringLit', value: 'S' } });
  });

  it('prize with `chance 1 in N` (additive operands, not a membership test)', () => {
    expect(strip(reward('prize 50 USD chance 1 in 1000'))).toEqual({
      kind: 'PrizeReward',
      prize: { kind: 'MoneyLit', text: '50', currency: { name: 'USD' } },
      chance: { kind: 'OneIn', n: { kind: 'NumberLit', text: '1000' } },
    });
    const r = reward('prize 5 USD chance 1 in 10 * 100');
    expect(r.kind === 'PrizeReward' && r.chance.kind === 'OneIn' && sx(r.chance.n)).toBe('(* 10 100)');
  });

  it('prize in points with a probability', () => {
    expect(strip(reward('prize 1000 points chance 0.5%'))).toEqual({
      kind: 'PrizeReward', prize: { kind: 'NumberLit', text: '1000' }, chance: { kind: 'Probability', p: { kind: 'PercentLit', text: '0.5' } },
    });
  });

  it('prize `chance A in B` with A other than 1 becomes the probability A / B', () => {
    const r = reward('prize 10 USD chance 3 in 7');
    expect(r.kind === 'PrizeReward' && r.chance.kind === 'Probability' && sx(r.chance.p)).toBe('(/ 3 7)');
  });

  it('spans the reward without the `reward` keyword', () => {
    const source = `${PREAMBLE}rule r { reward cashback 5% of amount }`;
    expect(textAt(source, parseClean(source).rules[0]!.reward!.span)).toBe('cashback 5% of amount');
  });
});

describe('caps', () => {
  const caps = (text: string) => strip(parseRule(`reward points 1\n${text}`).caps);

  it('per transaction, per customer per period, per program per period', () => {
    expect(caps('cap 5000 points per transaction')).toEqual([
      { kind: 'Cap', limit: { kind: 'Quantity', value: { kind: 'NumberLit', text: '5000' }, unit: { kind: 'points' } }, scope: 'transaction' },
    ]);
    expect(caps('cap 75 USD per customer per quarter')).toMatchObject([{ scope: 'customer', period: 'quarter', limit: { unit: { kind: 'money', currency: { name: 'USD' } } } }]);
    expect(caps('cap 10000 USD per program per month')).toMatchObject([{ scope: 'program', period: 'month' }]);
    expect(caps('cap 1 times per customer per day')).toMatchObject([{ limit: { unit: { kind: 'times' } }, period: 'day' }]);
  });

  it.each(['day', 'week', 'month', 'quarter', 'year', 'lifetime'])('accepts the period %s', (period) => {
    expect(caps(`cap 1 times per customer per ${period}`)).toMatchObject([{ period }]);
  });

  it('gives the period its own span', () => {
    const source = `${PREAMBLE}rule r { reward points 1 cap 1 times per customer per week }`;
    const cap = parseClean(source).rules[0]!.caps[0]!;
    expect(textAt(source, cap.periodSpan!)).toBe('week');
    expect(textAt(source, cap.span)).toBe('cap 1 times per customer per week');
  });

  it('keeps several caps in order', () => {
    expect((caps('cap 1 times per transaction\ncap 2 times per customer per year') as { scope: string }[]).map((c) => c.scope)).toEqual(['transaction', 'customer']);
  });
});

describe('expiry', () => {
  const expiry = (text: string) => strip(parseRule(`reward points 1\nexpires ${text}`).expiry);

  it.each([
    ['after 90 days', 'days'], ['after 1 day', 'days'], ['after 2 weeks', 'weeks'], ['after 1 week', 'weeks'],
    ['after 24 months', 'months'], ['after 1 month', 'months'], ['after 2 years', 'years'], ['after 1 year', 'years'],
  ])('expires %s → unit %s', (text, unit) => {
    expect(expiry(text)).toMatchObject({ kind: 'ExpiresAfter', unit });
  });

  it.each(['week', 'month', 'quarter', 'year'])('expires at end of %s', (period) => {
    expect(expiry(`at end of ${period}`)).toEqual({ kind: 'ExpiresAtEndOf', period });
  });

  it('expires never', () => {
    expect(expiry('never')).toEqual({ kind: 'ExpiresNever' });
  });
});

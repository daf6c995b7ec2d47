// Typing of valid programs: the CheckedProgram the back ends receive — types of every kind
// of expression, money currencies, enum resolution, aggregates and period aggregates,
// defaults, cap ids and evaluation order.
import { describe, expect, it } from 'vitest';
import type { TExpr } from '../../compiler/ir.ts';
import { typeName } from '../../compiler/types.ts';
import { checkSource } from '../../compiler/front.ts';
import { PRELUDE, clean } from './helpers.ts';

const CARD = `program "Card Rewards" {
  currency USD
  currencies EUR
  timezone "America/New_York"
  rounding half-even
  expiry after 24 months
  minimum redemption 500 points
}
schema {
  transaction {
    amount: money
    category: enum(dining, travel, groceries, gas)
    mcc: string
    channel: enum(online, store)
    items: list of item
    fx: money EUR
    note: optional string
  }
  customer {
    tier: enum(standard, gold)
  }
  record item {
    sku: string
    price: money
    quantity: integer
    division: enum(tiles, paint)
  }
}
group category_bonus "One category bonus" {
  cap 5000 points per customer per month
}
exclude cash_advance "Cash advances earn nothing" when mcc in ["6010", "6011"]
rule base "1 point per dollar" {
  priority 50
  reward points 1 per 1 USD of amount
}
rule dining {
  priority 10
  group category_bonus
  valid from 2026-01-01 to 2026-12-31 on mon..fri between 11:00 and 15:00
  when category = dining and amount >= 5 USD
  when channel in [store]
  reward points 3 per 1 USD of amount
  cap 5000 points per customer per month
  cap 1000 points per transaction
  expires after 90 days
}
rule travel {
  priority 20
  group category_bonus
  when "travel" = category
  reward points 2 per 1 USD of amount
}
rule gold {
  when customer.tier = gold
  reward multiplier 1.5x
}
rule tiles {
  when sum(i.price * i.quantity for i in items where i.division = tiles) >= 100 USD
  reward cashback 5% of sum(i.price for i in items where i.division = tiles)
  cap 75 USD per customer per quarter
}
rule tiered {
  reward cashback tiered on amount over customer spend this year {
    from 0 USD: 1%
    from 1000 USD: 2%
  }
}
rule draw {
  when customer transactions this month >= 3
  reward prize 50 USD chance 1 in 1000
  cap 1 times per customer per day
}
rule combo {
  when all(i in items where i.quantity > 0) and count(i in items where i.sku in ["A", "B"]) = 2
  reward free product "GIFT" quantity 1
}`;

describe('a card program', () => {
  const p = clean(CARD);
  const rule = (id: string) => p.rules.find((r) => r.id === id)!;

  it('applies the header and its defaults', () => {
    expect(p).toMatchObject({
      name: 'Card Rewards', currency: 'USD', currencies: ['USD', 'EUR'], timezone: 'America/New_York',
      rounding: 'half-even', seed: 'Card Rewards', spendField: 'amount',
      defaultExpiry: { kind: 'after', count: 24, unit: 'months' },
      minimumRedemption: { unit: 'points', value: '500' },
    });
  });

  it('orders rules by priority, then id', () => {
    expect(p.rules.map((r) => r.id)).toEqual(['dining', 'travel', 'base', 'combo', 'draw', 'gold', 'tiered', 'tiles']);
  });

  it('adds the implicit fields and keeps optionality', () => {
    const fields = p.schema.transaction.fields;
    expect(fields.find((f) => f.name === 'id')?.type).toEqual({ kind: 'string' });
    expect(fields.find((f) => f.name === 'time')?.type).toEqual({ kind: 'timestamp' });
    expect(fields.find((f) => f.name === 'note')?.optional).toBe(true);
    expect(fields.find((f) => f.name === 'items')?.type).toEqual({ kind: 'list', element: { kind: 'record', name: 'item' } });
    expect(Object.keys(p.schema.records)).toEqual(['item']);
  });

  it('splits top-level `and`s into conditions and resolves enum members', () => {
    const c = rule('dining').conditions;
    expect(c).toHaveLength(3);
    expect(c[0]).toMatchObject({ kind: 'binary', op: '=', right: { kind: 'literal', value: { kind: 'enum', member: 'dining' }, type: { kind: 'enum', name: 'transaction.category' } } });
    expect(c[1]).toMatchObject({ kind: 'binary', op: '>=', right: { kind: 'literal', value: { kind: 'money', amount: '5', currency: 'USD' } } });
    expect(c[2]).toMatchObject({ kind: 'in', list: { kind: 'list', elements: [{ value: { kind: 'enum', member: 'store' } }] } });
    // A string literal on either side of an enum comparison becomes a member.
    expect(rule('travel').conditions[0]).toMatchObject({ left: { kind: 'literal', value: { kind: 'enum', member: 'travel' } } });
    expect(rule('gold').conditions[0]).toMatchObject({ left: { kind: 'field', scope: 'customer', name: 'tier' }, right: { value: { kind: 'enum', member: 'gold' } } });
  });

  it('lowers windows', () => {
    expect(rule('dining').windows.map(({ span: _, ...w }) => w)).toEqual([
      { kind: 'dates', from: '2026-01-01', to: '2026-12-31' },
      { kind: 'days', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      { kind: 'hours', fromMinute: 660, toMinute: 900 },
    ]);
  });

  it('gives caps stable unique ids', () => {
    expect(rule('dining').caps.map((c) => c.id)).toEqual(['rule:dining:customer:month:points', 'rule:dining:transaction:txn:points']);
    expect(rule('dining').caps[1]).toMatchObject({ scope: 'transaction', period: undefined, limit: '1000', unit: { kind: 'points' } });
    expect(p.groups[0]!.caps[0]!.id).toBe('group:category_bonus:customer:month:points');
    expect(rule('tiles').caps[0]).toMatchObject({ id: 'rule:tiles:customer:quarter:USD', unit: { kind: 'money', currency: 'USD' }, limit: '75' });
    expect(rule('draw').caps[0]!.id).toBe('rule:draw:customer:day:times');
  });

  it('types rewards', () => {
    expect(rule('base').reward).toMatchObject({ kind: 'points', per: { unit: { type: { kind: 'money', currency: 'USD' } }, base: { kind: 'field', name: 'amount' } } });
    expect(rule('gold').reward).toMatchObject({ kind: 'multiplier', factor: { value: { kind: 'number', value: '1.5' } }, targets: [] });
    const tiles = rule('tiles').reward;
    expect(tiles).toMatchObject({ kind: 'cashback', currency: 'USD', value: { kind: 'percentOf', percent: { value: { value: '0.05' } }, base: { kind: 'aggregate', fn: 'sum', type: { kind: 'money', currency: 'USD' } } } });
    expect(rule('tiered').reward).toMatchObject({ kind: 'tieredCashback', currency: 'USD', over: { kind: 'periodAggregate', metric: 'spend', period: 'year', type: { kind: 'money', currency: 'USD' } } });
    expect(rule('draw').reward).toMatchObject({ kind: 'prize', unit: { kind: 'money', currency: 'USD' }, chance: { kind: 'oneIn', n: { value: { value: '1000' } } } });
    expect(rule('combo').reward).toMatchObject({ kind: 'freeProduct', sku: { value: { kind: 'string', value: 'GIFT' } }, quantity: { type: { kind: 'integer' } } });
  });

  it('types aggregates and their loop variables', () => {
    const sum = (rule('tiles').conditions[0] as Extract<TExpr, { kind: 'binary' }>).left;
    expect(sum).toMatchObject({
      kind: 'aggregate', fn: 'sum', variable: 'i', type: { kind: 'money', currency: 'USD' },
      value: { kind: 'binary', op: '*', type: { kind: 'money', currency: 'USD' }, left: { kind: 'member', object: { kind: 'local', name: 'i' }, name: 'price' } },
      filter: { right: { value: { kind: 'enum', member: 'tiles' }, type: { name: 'item.division' } } },
    });
    const [all, count] = rule('combo').conditions;
    expect(all).toMatchObject({ kind: 'aggregate', fn: 'all', type: { kind: 'boolean' }, value: undefined });
    expect(count).toMatchObject({ kind: 'binary', left: { kind: 'aggregate', fn: 'count', type: { kind: 'integer' } } });
  });

  it('applies rule expiry, else the default', () => {
    expect(rule('dining').expiry).toEqual({ kind: 'after', count: 90, unit: 'days' });
    expect(rule('base').expiry).toEqual({ kind: 'after', count: 24, unit: 'months' });
  });

  it('lowers program-wide exclusions', () => {
    expect(p.exclusions).toMatchObject([{ id: 'cash_advance', title: 'Cash advances earn nothing', condition: { kind: 'in', type: { kind: 'boolean' } } }]);
  });
});

/** The type of `expr`, typed in the test prelude (through a `!=` condition, which accepts any comparable type). */
function typeOf(expr: string): string {
  // Constant operands legitimately warn (always true/false), so only errors fail here.
  const { program: p, diagnostics } = checkSource(`${PRELUDE}\nrule r {\n  when ${expr} != ${expr}\n  reward points 1\n}`);
  if (p === undefined) throw new Error(JSON.stringify(diagnostics));
  return typeName((p.rules[0]!.conditions[0] as Extract<TExpr, { kind: 'binary' }>).left.type);
}

describe('expression types', () => {
  it.each([
    ['amount * 2', 'money USD'],
    ['2 * amount', 'money USD'],
    ['amount / 2', 'money USD'],
    ['amount / 10 USD', 'number'],
    ['amount + 5 USD', 'money USD'],
    ['fx - 1 EUR', 'money EUR'],
    ['-amount', 'money USD'],
    ['1 + 2', 'integer'],
    ['1 / 2', 'number'],
    ['1.5 + 1', 'number'],
    ['5%', 'number'],
    ['customer points this year', 'points'],
    ['customer spend this month', 'money USD'],
    ['customer lifetime cashback', 'money USD'],
    ['customer transactions this week', 'integer'],
    ['count(i in items)', 'integer'],
    ['sum(i.quantity for i in items)', 'integer'],
    ['min(i.price for i in items)', 'money USD'],
    ['max(i.price * 2 for i in items where i.quantity > 1)', 'money USD'],
    ['date(time)', 'date'],
    ['hour(time)', 'integer'],
    ['time_of_day(time)', 'time'],
    ['weekday(posted)', 'integer'],
    ['days_between(posted, date(time))', 'integer'],
    ['add_days(posted, 3)', 'date'],
    ['abs(amount)', 'money USD'],
    ['least(amount, 10 USD)', 'money USD'],
    ['greatest(1, 2.5)', 'number'],
    ['floor(amount / 10 USD)', 'integer'],
    ['lower(mcc)', 'string'],
    ['customer.joined', 'date'],
    ['category', 'enum(dining, travel, groceries, gas)'],
  ])('%s : %s', (expr, type) => {
    expect(typeOf(expr)).toBe(type);
  });

  it('keeps literals exact', () => {
    const p = clean(`${PRELUDE}\nrule r {\n  when amount >= 12.50 USD and amount * 1.5% > 0.01 USD\n  reward points 1\n}`);
    expect(p.rules[0]!.conditions[0]).toMatchObject({ right: { value: { kind: 'money', amount: '12.50', currency: 'USD' } } });
    expect(p.rules[0]!.conditions[1]).toMatchObject({ left: { right: { value: { kind: 'number', value: '0.015' } } } });
  });

  it('checks membership in list fields', () => {
    const p = clean(`${PRELUDE}\nrule r {\n  when "vip" in tags and not ("x" in tags)\n  reward points 1\n}`);
    expect(p.rules[0]!.conditions[0]).toMatchObject({ kind: 'in', value: { type: { kind: 'string' } }, list: { kind: 'field', name: 'tags' } });
  });
});

describe('defaults', () => {
  it('defaults timezone, rounding, seed and spend; no spend field without `amount`', () => {
    const p = clean('program "Mini" {\n  currency EUR\n}\nschema {\n  transaction {\n    total: money\n  }\n}\nrule r {\n  reward points 1 per 1 EUR of total\n}');
    expect(p).toMatchObject({ timezone: 'UTC', rounding: 'floor', seed: 'Mini', spendField: undefined, currencies: ['EUR'] });
    expect(p.rules[0]!.priority).toBe(100);
  });

  it('uses the `spend` setting', () => {
    const p = clean('program "Mini" {\n  currency EUR\n  spend total\n  seed "s3cret"\n}\nschema {\n  transaction {\n    total: money\n  }\n}\nrule r {\n  when customer spend this month > 100 EUR\n  reward points 1\n}');
    expect(p).toMatchObject({ spendField: 'total', seed: 's3cret' });
  });

  it('returns no program when there is an error, but does with warnings', () => {
    const bad = `${PRELUDE}\nrule r {\n  when amount > 5\n  reward points 1\n}`;
    const warn = `${PRELUDE}\nrule r {\n  when 1 > 2\n  reward points 1\n}`;
    expect(checkSource(bad).program).toBeUndefined();
    const w = checkSource(warn);
    expect(w.program).toBeDefined();
    expect(w.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

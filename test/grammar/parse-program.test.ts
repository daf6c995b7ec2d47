// Header, schema, groups and program-wide exclusions (docs/syntax.md "Program").
import { describe, expect, it } from 'vitest';
import type { HeaderSetting, TypeRef } from '../../grammar/ast.ts';
import { parse } from '../../grammar/parse.ts';
import { PREAMBLE, parseClean, render, sx, textAt } from './helpers.ts';

const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (k, v) => (k === 'span' || k === 'opSpan' || k === 'modeSpan' ? undefined : v)));

describe('program header', () => {
  const source = `program "Harbor \\"Visa\\"" {
  currency USD
  currencies EUR, GBP
  timezone "America/New_York"
  rounding half-even
  spend net_amount
  seed "s-2026"
  expiry after 24 months
  minimum redemption 2500 points
}
schema { transaction { amount: money } }
`;

  it('reads every setting into its own node, in order', () => {
    const header = parseClean(source).header!;
    expect(header.name?.value).toBe('Harbor "Visa"');
    expect(strip(header.settings)).toEqual([
      { kind: 'Currency', code: { name: 'USD' } },
      { kind: 'Currencies', codes: [{ name: 'EUR' }, { name: 'GBP' }] },
      { kind: 'Timezone', zone: { kind: 'StringLit', value: 'America/New_York' } },
      { kind: 'Rounding', mode: 'half-even' },
      { kind: 'Spend', field: { name: 'net_amount' } },
      { kind: 'Seed', seed: { kind: 'StringLit', value: 's-2026' } },
      { kind: 'DefaultExpiry', expiry: { kind: 'ExpiresAfter', count: { kind: 'NumberLit', text: '24' }, unit: 'months' } },
      { kind: 'MinimumRedemption', amount: { kind: 'Quantity', value: { kind: 'NumberLit', text: '2500' }, unit: { kind: 'points' } } },
    ]);
  });

  it('gives the rounding mode its own span covering the hyphenated word', () => {
    const rounding = parseClean(source).header!.settings.find((s): s is Extract<HeaderSetting, { kind: 'Rounding' }> => s.kind === 'Rounding')!;
    expect(textAt(source, rounding.modeSpan)).toBe('half-even');
    expect(textAt(source, rounding.span)).toBe('rounding half-even');
  });

  it.each(['floor', 'ceil', 'half-up', 'half-even', 'half-down', 'down', 'up'])('accepts rounding %s', (mode) => {
    const ast = parseClean(`program "P" { rounding ${mode} }\nschema { transaction { amount: money } }`);
    expect(ast.header!.settings[0]).toMatchObject({ kind: 'Rounding', mode });
  });

  it('rejects an unknown rounding mode with ACC314 and a did-you-mean hint', () => {
    const { diagnostics } = parse(`program "P" { rounding half-evn }\nschema { transaction { amount: money } }`);
    expect(render(diagnostics)).toEqual(['ACC314 1:24+8 unknown rounding mode `half-evn`']);
    expect(diagnostics[0]!.hint).toBe('did you mean `half-even`?');
  });

  it('accepts a minimum redemption in money', () => {
    const ast = parseClean(`program "P" { minimum redemption 10 USD }\nschema { transaction { amount: money } }`);
    expect(strip(ast.header!.settings[0])).toMatchObject({ amount: { unit: { kind: 'money', currency: { name: 'USD' } } } });
  });

  it('reports a setting given twice as ACC007 on the second', () => {
    const { diagnostics, ast } = parse(`program "P" {\n currency USD\n currency EUR\n}\nschema { transaction { amount: money } }`);
    expect(render(diagnostics)).toEqual(['ACC007 3:2+8 `currency` is given twice in the program header']);
    expect(ast.header!.settings).toHaveLength(1);
  });

  it('reports a missing header (ACC008) and a missing schema (ACC009)', () => {
    expect(render(parse('rule r { reward points 1 }').diagnostics)).toEqual([
      'ACC008 1:1+0 missing program header',
      'ACC009 1:1+0 missing schema',
    ]);
    expect(render(parse('').diagnostics).map((d) => d.slice(0, 6))).toEqual(['ACC008', 'ACC009']);
  });
});

describe('schema', () => {
  const source = `program "P" { currency USD }
schema {
  transaction {
    amount: money
    fx: money EUR
    n: number, i: integer, s: string, b: boolean, d: date, t: timestamp
    category: enum(dining, travel, other)
    items: list of item
    tags: list of string
    note: optional string
    due: optional money
    quantity: integer
    points: number
    day: date
  }
  customer { tier: enum(classic, gold) }
  record item { sku: string  price: money  qty: integer }
}
`;
  const ast = parseClean(source);
  const blocks = ast.schema!.blocks;
  const field = (name: string) => blocks[0]!.fields.find((f) => f.name.name === name)!;
  const type = (name: string): unknown => strip(field(name).type as TypeRef);

  it('keeps transaction, customer and record blocks in order with their roles', () => {
    expect(blocks.map((b) => [b.role, b.name.name, b.fields.length])).toEqual([
      ['transaction', 'transaction', 16],
      ['customer', 'customer', 1],
      ['record', 'item', 3],
    ]);
  });

  it('reads every primitive type', () => {
    expect(['n', 'i', 's', 'b', 'd', 't'].map((n) => (field(n).type as { name: string }).name)).toEqual([
      'number', 'integer', 'string', 'boolean', 'date', 'timestamp',
    ]);
  });

  it('reads money with and without a currency', () => {
    expect(type('amount')).toEqual({ kind: 'MoneyType' });
    expect(type('fx')).toEqual({ kind: 'MoneyType', currency: { name: 'EUR' } });
  });

  it('reads an enum with its members', () => {
    expect(type('category')).toEqual({ kind: 'EnumType', members: [{ name: 'dining' }, { name: 'travel' }, { name: 'other' }] });
  });

  it('reads list of record and list of scalar', () => {
    expect(type('items')).toEqual({ kind: 'ListType', element: { kind: 'NamedType', name: { name: 'item' } } });
    expect(type('tags')).toEqual({ kind: 'ListType', element: { kind: 'PrimitiveType', name: 'string' } });
  });

  it('marks optional fields', () => {
    expect([field('note').optional, field('due').optional, field('amount').optional]).toEqual([true, true, false]);
    expect(type('due')).toEqual({ kind: 'MoneyType' });
  });

  it('lets fields be named like soft keywords', () => {
    expect(type('quantity')).toEqual({ kind: 'PrimitiveType', name: 'integer' });
    expect(type('points')).toEqual({ kind: 'PrimitiveType', name: 'number' });
    expect(type('day')).toEqual({ kind: 'PrimitiveType', name: 'date' });
  });

  it('does not read the next field name as the currency of money', () => {
    const s = parseClean(`program "P" { currency USD }\nschema { transaction { a: money\n ABC: string } }`).schema!;
    expect(s.blocks[0]!.fields.map((f) => [f.name.name, strip(f.type)])).toEqual([
      ['a', { kind: 'MoneyType' }],
      ['ABC', { kind: 'PrimitiveType', name: 'string' }],
    ]);
  });

  it('spans a field from its name to the end of its type', () => {
    expect(textAt(source, field('category').span)).toBe('category: enum(dining, travel, other)');
    expect(textAt(source, field('fx').type!.span)).toBe('money EUR');
  });

  it('reports a second transaction block as ACC007', () => {
    const { diagnostics } = parse(`program "P" { currency USD }\nschema { transaction { a: money }\n transaction { b: money } }`);
    expect(render(diagnostics)).toEqual(['ACC007 3:2+11 the schema declares `transaction` twice']);
  });
});

describe('groups and program-wide exclusions', () => {
  const source = `${PREAMBLE}
group category_bonus "One category bonus per purchase" {
  cap 5000 points per customer per month
  cap 100 USD per program per year
}
group tier_boost
exclude cash_advance "Cash advances earn nothing" when mcc in ["6010", "6011"]
exclude refunds when kind = refund
`;
  const ast = parseClean(source);

  it('reads a group with a title and caps, and a bare group', () => {
    expect(ast.groups.map((g) => [g.id.name, g.title?.value, g.caps.length])).toEqual([
      ['category_bonus', 'One category bonus per purchase', 2],
      ['tier_boost', undefined, 0],
    ]);
    expect(ast.groups[0]!.caps.map((c) => [c.scope, c.period, c.limit.unit.kind])).toEqual([
      ['customer', 'month', 'points'],
      ['program', 'year', 'money'],
    ]);
  });

  it('reads exclusions with and without a title', () => {
    expect(ast.exclusions.map((e) => [e.id.name, e.title?.value, sx(e.condition)])).toEqual([
      ['cash_advance', 'Cash advances earn nothing', '(in mcc ["6010" "6011"])'],
      ['refunds', undefined, '(= kind refund)'],
    ]);
  });

  it('spans a declaration from its keyword to its last token', () => {
    expect(textAt(source, ast.exclusions[1]!.span)).toBe('exclude refunds when kind = refund');
    expect(textAt(source, ast.groups[1]!.span)).toBe('group tier_boost');
    expect(textAt(source, ast.groups[0]!.id.span)).toBe('category_bonus');
  });

  it('reads a stacking group, with and without a title, and with and without the keyword', () => {
    const src = `${PREAMBLE}
group promos "Promotions" stacking {
  cap 5000 points per customer per month
}
group quarterly stacking { cap 75 USD per customer per quarter }
group plain "Exclusive" { cap 10 times per transaction }
`;
    const groups = parseClean(src).groups;
    expect(groups.map((g) => [g.id.name, g.title?.value, g.stacking !== undefined, g.caps.length])).toEqual([
      ['promos', 'Promotions', true, 1],
      ['quarterly', undefined, true, 1],
      ['plain', 'Exclusive', false, 1],
    ]);
    expect(textAt(src, groups[0]!.stacking!)).toBe('stacking');
    // Both parsers read it alike.
    expect(parse(src)).toStrictEqual(parse(src, { fastPath: false }));
  });

  it('keeps `stacking` a soft keyword: a field may still be called stacking', () => {
    const src = 'program "P" { currency USD }\nschema { transaction { stacking: boolean } }\nrule r { when stacking reward points 1 }\n';
    expect(parseClean(src).rules[0]!.conditions.map(sx)).toEqual(['stacking']);
  });

  it('spans the whole file for the Program node', () => {
    expect(ast.span).toEqual({ offset: 0, line: 1, column: 1, length: source.length });
  });
});

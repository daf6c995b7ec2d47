// Expressions: every form and the precedence ladder of docs/syntax.md "Expressions".
import { describe, expect, it } from 'vitest';
import { PREAMBLE, parseClean, parseExpr, sx, textAt } from './helpers.ts';

const x = (text: string) => sx(parseExpr(text));

describe('literals', () => {
  it.each([
    ['42', '42'],
    ['1.5', '1.5'],
    ['5%', '5%'],
    ['1.5%', '1.5%'],
    ['10 USD', '10USD'],
    ['12.50 EUR', '12.50EUR'],
    ['"a\\"b"', '"a\\"b"'],
    ['true', 'true'],
    ['false', 'false'],
    ['2026-03-31', '#2026-03-31'],
    ['16:00', '@16:00'],
    ['9:30', '@9:30'],
    ['[]', '[]'],
    ['["6010", "6011"]', '["6010" "6011"]'],
    ['[dining, travel]', '[dining travel]'],
  ])('%s', (text, expected) => {
    expect(x(text)).toBe(expected);
  });

  it('keeps the exact decimal text of numbers and money', () => {
    const e = parseExpr('0.10 USD');
    expect(e.kind === 'MoneyLit' && [e.text, e.currency.name]).toEqual(['0.10', 'USD']);
  });

  it('decodes string escapes into the value', () => {
    const e = parseExpr('"tab\\there\\u{1F600}"');
    expect(e.kind === 'StringLit' && e.value).toBe('tab\there😀');
  });
});

describe('names, members and calls', () => {
  it('bare names, including soft keywords used as fields', () => {
    expect(x('category')).toBe('category');
    expect(x('quantity + points + items + day')).toBe('(+ (+ (+ quantity points) items) day)');
  });

  it('member access chains', () => {
    expect(x('customer.tier')).toBe('customer.tier');
    expect(x('line.product.sku')).toBe('line.product.sku');
  });

  it('built-in calls with zero, one and several arguments, including soft-keyword names', () => {
    expect(x('starts_with(sku, "TIL-")')).toBe('(starts_with() sku "TIL-")');
    expect(x('contains(lower(merchant), "club")')).toBe('(contains() (lower() merchant) "club")');
    expect(x('day(time) = 1 and month(time) = 12 and year(time) > 2025')).toBe(
      '(and (and (= (day() time) 1) (= (month() time) 12)) (> (year() time) 2025))',
    );
    expect(x('now()')).toBe('(now() )');
  });
});

describe('aggregates', () => {
  it('sum with a value, a loop variable, a source and a filter', () => {
    expect(x('sum(line.price * line.quantity for line in items where line.division = "tiles") > 100 USD')).toBe(
      '(> (sum line items value=(* line.price line.quantity) where=(= line.division "tiles")) 100USD)',
    );
  });

  it('min and max without a filter', () => {
    expect(x('min(l.price for l in items) < max(l.price for l in items)')).toBe(
      '(< (min l items value=l.price) (max l items value=l.price))',
    );
  });

  it('count, any and all take no value', () => {
    expect(x('count(line in items where line.sku in ["A", "B"]) >= 2')).toBe('(>= (count line items where=(in line.sku ["A" "B"])) 2)');
    expect(x('any(line in items where line.sku = "A")')).toBe('(any line items where=(= line.sku "A"))');
    expect(x('all(line in items where line.price > 2 USD)')).toBe('(all line items where=(> line.price 2USD))');
  });

  it('aggregate function names are ordinary names when not followed by `(`', () => {
    expect(x('sum > count')).toBe('(> sum count)');
  });
});

describe('customer period aggregates', () => {
  it.each(['spend', 'points', 'cashback', 'transactions'])('customer %s this <period>', (metric) => {
    for (const period of ['day', 'week', 'month', 'quarter', 'year']) {
      expect(x(`customer ${metric} this ${period}`)).toBe(`(customer-${metric} ${period})`);
    }
  });

  it('customer lifetime <metric>', () => {
    expect(x('customer lifetime points >= 10000')).toBe('(>= (customer-points lifetime) 10000)');
  });

  it('tells `customer.tier` from `customer spend this month`', () => {
    expect(x('customer.tier = gold and customer spend this month > 500 USD')).toBe(
      '(and (= customer.tier gold) (> (customer-spend month) 500USD))',
    );
  });
});

describe('operators and precedence (lowest first: or, and, not, comparison, additive, multiplicative, unary, postfix)', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not a = b', '(not (= a b))'],
    ['not not a', '(not (not a))'],
    ['a = b + c', '(= a (+ b c))'],
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['-a * b', '(* (- a) b)'],
    ['- -a', '(- (- a))'],
    ['-a.b', '(- a.b)'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a or (b or c)', '(or a (or b c))'],
    ['a in [1, 2] and b', '(and (in a [1 2]) b)'],
    ['a not in [x, y]', '(not-in a [x y])'],
    ['not a in b', '(not (in a b))'],
    ['a + 1 in b', '(in (+ a 1) b)'],
    ['"2026-Q1" in customer.activated', '(in "2026-Q1" customer.activated)'],
    ['amount * 5% >= 1 USD', '(>= (* amount 5%) 1USD)'],
  ])('%s → %s', (text, expected) => {
    expect(x(text)).toBe(expected);
  });

  it.each(['=', '!=', '<', '<=', '>', '>='])('comparison %s', (op) => {
    expect(x(`a ${op} b`)).toBe(`(${op} a b)`);
  });

  it('gives binary nodes their operator span and full span', () => {
    const source = `${PREAMBLE}rule r { when amount  >=  5 USD reward points 1 }`;
    const e = parseClean(source).rules[0]!.conditions[0]!;
    expect(e.kind).toBe('Binary');
    if (e.kind !== 'Binary') return;
    expect(textAt(source, e.span)).toBe('amount  >=  5 USD');
    expect(textAt(source, e.opSpan)).toBe('>=');
    expect(textAt(source, e.right.span)).toBe('5 USD');
  });

  it('gives parenthesised expressions the span of their content', () => {
    const source = `${PREAMBLE}rule r { when (a or b) and c reward points 1 }`;
    const e = parseClean(source).rules[0]!.conditions[0]!;
    if (e.kind !== 'Binary') throw new Error('expected Binary');
    expect(textAt(source, e.left.span)).toBe('a or b');
    expect(textAt(source, e.span)).toBe('(a or b) and c');
  });

  it('spans aggregates, calls, member access and period aggregates exactly', () => {
    const cond = 'count(l in items) > 1 and lower(m) = "x" and customer.tier = gold and customer spend this year > 1 USD';
    const source = `${PREAMBLE}rule r { when ${cond} reward points 1 }`;
    const texts: string[] = [];
    const walk = (e: ReturnType<typeof parseExpr>): void => {
      if (e.kind === 'Binary') {
        walk(e.left);
        walk(e.right);
      } else if (e.kind !== 'NameRef' && e.kind !== 'NumberLit' && e.kind !== 'StringLit' && e.kind !== 'MoneyLit') {
        texts.push(textAt(source, e.span));
      }
    };
    walk(parseClean(source).rules[0]!.conditions[0]!);
    expect(texts).toEqual(['count(l in items)', 'lower(m)', 'customer.tier', 'customer spend this year']);
  });
});

// parse() is total: on any input it returns an AST and diagnostics, never throws, never
// hangs, and every span it hands out lies inside the source. 11,000 generated cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../grammar/diagnostics.ts';
import { parse } from '../../grammar/parse.ts';
import type { Span } from '../../grammar/span.ts';
import { RESERVED_WORDS, ROUNDING_MODES, SOFT_KEYWORDS, WEEKDAYS } from '../../grammar/tokens.ts';

/** A compact program using most constructs, so mutations land on every part of the grammar. */
const SAMPLE = `program "Sample" {
  currency USD
  currencies EUR
  timezone "Europe/Paris"
  rounding half-even
  seed "s"
  expiry after 24 months
  minimum redemption 500 points
}
schema {
  transaction { amount: money, category: enum(dining, travel), items: list of item, note: optional string, time2: timestamp }
  customer { tier: enum(classic, gold), tags: list of string }
  record item { sku: string  price: money EUR  quantity: integer }
}
group bonus "One bonus" { cap 5000 points per customer per month }
exclude refunds "No refunds" when amount < 0 USD or category in [travel]
rule base "Base" {
  priority 10
  group bonus
  valid from 2026-01-01 to 2026-12-31 on mon..fri, sun between 16:00 and 19:00
  when not (category = dining) and customer.tier != gold
  when sum(l.price * l.quantity for l in items where starts_with(l.sku, "A-\\u{41}")) >= 10.50 EUR
  exclude when count(l in items) = 0
  reward points 3 per 1 USD of amount
  cap 100 points per transaction
  expires at end of quarter
}
rule boost { reward multiplier 1.5x on base }
rule cash { when customer spend this month > 100 USD reward cashback tiered on amount over customer lifetime spend { from 0 USD: 1% from 1000 USD: 2% } }
rule disc { reward discount 10% of amount on items max 5 USD }
rule gift { reward free product "SKU-1" quantity 2 expires never }
rule draw { reward prize 50 USD chance 1 in 1000 cap 1 times per program per day }
`;

function spanInside(span: Span, source: string): boolean {
  return (
    Number.isInteger(span.offset) && Number.isInteger(span.length) && span.offset >= 0 && span.length >= 0 &&
    span.offset + span.length <= source.length && span.line >= 1 && span.column >= 1
  );
}

// Iterative walk: every `span`-like field anywhere in the AST.
function allSpans(root: unknown): Span[] {
  const out: Span[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    for (const [k, child] of Object.entries(v)) {
      if ((k === 'span' || k === 'opSpan' || k === 'modeSpan' || k === 'periodSpan') && child !== undefined) out.push(child as Span);
      else stack.push(child);
    }
  }
  return out;
}

// One expect per case: expect() is slow enough to dominate 11,000 runs if called per span.
function checkTotal(source: string): void {
  const result = parse(source);
  const problems: string[] = [];
  if (result.ast.kind !== 'Program') problems.push('no Program');
  for (const d of result.diagnostics) {
    if (CATALOGUE[d.code] === undefined) problems.push(`unknown code ${d.code}`);
    if (!spanInside(d.span, source)) problems.push(`${d.code} span ${JSON.stringify(d.span)}`);
  }
  for (const s of allSpans(result.ast)) if (!spanInside(s, source)) problems.push(`AST span ${JSON.stringify(s)}`);
  expect(problems).toEqual([]);
}

const VOCABULARY = [
  ...RESERVED_WORDS, ...SOFT_KEYWORDS, ...WEEKDAYS, ...ROUNDING_MODES,
  '{', '}', '(', ')', '[', ']', ',', '.', ':', '..', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%',
  '1', '0', '1.5', '1000', '2026-03-31', '2026-13-45', '16:00', '99:99', 'USD', 'EUR', '"s"', '"un', '"\\q"',
  'amount', 'items', 'line', 'x', 'customer.tier', '# comment\n', '\n', '@', '$', '&&', '\u00e9',
];

describe('parse never throws and terminates', () => {
  it('the sample program itself parses clean', () => {
    expect(parse(SAMPLE).diagnostics).toEqual([]);
  });

  it('on random strings (3,000 cases)', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...'{}()[]"\\#:.,-%0123456789 \n\tabcUSD'), maxLength: 200 }),
    );
    fc.assert(fc.property(text, (s) => checkTotal(s)), { numRuns: 3000 });
  });

  it('on token soup: random sequences of keywords, operators and literals (3,500 cases)', () => {
    const soup = fc
      .tuple(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 80 }), fc.constantFrom(' ', '', '\n'))
      .map(([tokens, sep]) => tokens.join(sep));
    fc.assert(fc.property(soup, (s) => checkTotal(s)), { numRuns: 2000 });
    // With a valid preamble in front, the soup exercises declarations and expressions.
    const prefixed = soup.map((s) => `${SAMPLE.slice(0, SAMPLE.indexOf('group bonus'))}rule r { ${s}`);
    fc.assert(fc.property(prefixed, (s) => checkTotal(s)), { numRuns: 1500 });
  });

  it('on mutations of a realistic program: deleted, inserted and duplicated spans (3,500 cases)', () => {
    const position = fc.nat({ max: SAMPLE.length });
    const mutation = fc.oneof(
      fc.tuple(position, fc.nat({ max: 40 })).map(([at, n]) => (s: string) => s.slice(0, at) + s.slice(at + n)),
      fc.tuple(position, fc.constantFrom(...VOCABULARY)).map(([at, t]) => (s: string) => `${s.slice(0, at)} ${t} ${s.slice(at)}`),
      fc.tuple(position, fc.nat({ max: 60 }), position).map(([from, n, to]) => (s: string) => s.slice(0, to) + s.slice(from, from + n) + s.slice(to)),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => checkTotal(ms.reduce((s, m) => m(s), SAMPLE))),
      { numRuns: 3500 },
    );
  });
});

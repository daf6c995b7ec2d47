import { describe, expect, it } from 'vitest';
import { lex } from '../../grammar/lex.ts';
import {
  CurrencyCode, Identifier, Keyword, Literal, Operator, Punctuation, RESERVED_WORDS, SOFT_KEYWORDS, SoftKeyword, allTokens, tokenClass,
} from '../../grammar/tokens.ts';
import { tokenMatcher } from 'chevrotain';
import { render } from './helpers.ts';

const kinds = (source: string): string[] => lex(source).tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lexer', () => {
  it('reads dates, times, numbers, percent, money and ranges as their own tokens', () => {
    expect(kinds('2026-03-31 16:00 9:30 1.5 42 5% 10 USD mon..fri')).toEqual([
      'DateLiteral:2026-03-31', 'TimeLiteral:16:00', 'TimeLiteral:9:30', 'NumberLiteral:1.5', 'NumberLiteral:42',
      'NumberLiteral:5', 'Percent:%', 'NumberLiteral:10', 'CurrencyCode:USD', 'Identifier:mon', 'DotDot:..', 'Identifier:fri',
    ]);
  });

  it('splits 1.5x into a number and the soft keyword x', () => {
    expect(kinds('1.5x 2x')).toEqual(['NumberLiteral:1.5', 'X:x', 'NumberLiteral:2', 'X:x']);
  });

  it('prefers the longest keyword: timestamp is not times, days is not day', () => {
    expect(kinds('timestamp times days day integer in invoice')).toEqual([
      'Timestamp:timestamp', 'Times:times', 'Days:days', 'Day:day', 'Integer:integer', 'In:in', 'Invoice:invoice',
    ]);
  });

  it('reads a keyword prefix of a longer name as an identifier (longer_alt)', () => {
    expect(kinds('rules pointsTotal on_sale index USDX')).toEqual([
      'Identifier:rules', 'Identifier:pointsTotal', 'Identifier:on_sale', 'Identifier:index', 'Identifier:USDX',
    ]);
  });

  it('skips comments and whitespace but keeps comments in their own group', () => {
    const r = lex('rule # a comment\n  x');
    expect(r.tokens.map((t) => t.image)).toEqual(['rule', 'x']);
    expect(r.comments.map((t) => t.image)).toEqual(['# a comment']);
  });

  it('tracks exact positions: offset, 1-based line and column, length', () => {
    const t = lex('program\n  "Name"').tokens[1]!;
    expect([t.startOffset, t.startLine, t.startColumn, t.endOffset! - t.startOffset + 1]).toEqual([10, 2, 3, 6]);
  });

  it('reports an unexpected character as ACC001 with its exact span and a hint', () => {
    const r = lex('when a\n  && b');
    expect(render(r.diagnostics)).toEqual(['ACC001 2:3+2 unexpected characters "&&"']);
    expect(r.diagnostics[0]!.hint).toBe('write `and`');
  });

  it('suggests double quotes for a single-quoted string, reported once and read as a string', () => {
    const r = lex("x = 'a'");
    expect(r.diagnostics.map((d) => [d.code, d.span.column, d.span.length, d.hint])).toEqual([
      ['ACC001', 5, 3, 'strings use double quotes: "like this"'],
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(['x', '=', '"a"']);
  });

  it('reads &&, || and <> as and, or and != after reporting each once, so nothing cascades', () => {
    const r = lex('a && b || c <> d');
    expect(render(r.diagnostics)).toEqual([
      'ACC001 1:3+2 unexpected characters "&&"', 'ACC001 1:8+2 unexpected characters "||"', 'ACC001 1:13+2 unexpected characters "<>"',
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(['a', 'and', 'b', 'or', 'c', '!=', 'd']);
  });

  it('reports an unterminated string as ACC002 and still yields a string token', () => {
    const r = lex('seed "abc\nrule');
    expect(render(r.diagnostics)).toEqual(['ACC002 1:6+4 unterminated string: a string must close on the line it opens']);
    expect(r.tokens.map((t) => t.image)).toEqual(['seed', '"abc', 'rule']);
  });

  it('accepts the documented string escapes and rejects others with ACC006 on the escape', () => {
    expect(lex('"a\\"b\\\\c\\n\\t\\u{1F600}"').diagnostics).toEqual([]);
    expect(render(lex('"ok \\q"').diagnostics)).toEqual(['ACC006 1:5+2 unknown escape `\\q` in string']);
    expect(render(lex('"\\u{110000}"').diagnostics)).toEqual(['ACC006 1:2+2 malformed unicode escape']);
  });

  it('reports impossible dates and times as ACC006', () => {
    expect(render(lex('2026-02-29 2024-02-29 2026-13-01 24:00 10:60').diagnostics)).toEqual([
      'ACC006 1:1+10 day 29 does not exist in 2026-02 (it has 28 days)',
      'ACC006 1:23+10 month 13 does not exist in date 2026-13-01',
      'ACC006 1:34+5 hour 24 is out of range in 24:00',
      'ACC006 1:40+5 minute 60 is out of range in 10:60',
    ]);
  });

  it('counts lines after \\r\\n line breaks', () => {
    const t = lex('a\r\nb').tokens[1]!;
    expect([t.startLine, t.startColumn]).toEqual([2, 1]);
  });
});

describe('token categories (what the editor highlights from)', () => {
  const byImage = (image: string) => lex(image).tokens[0]!;

  it('puts every reserved word in Keyword and not in Identifier', () => {
    for (const word of RESERVED_WORDS) {
      const t = byImage(word);
      expect(tokenMatcher(t, Keyword), word).toBe(true);
      expect(tokenMatcher(t, Identifier), word).toBe(false);
    }
  });

  it('puts every soft keyword in SoftKeyword, Keyword and Identifier', () => {
    for (const word of SOFT_KEYWORDS) {
      const t = byImage(word);
      expect(tokenMatcher(t, SoftKeyword), word).toBe(true);
      expect(tokenMatcher(t, Keyword), word).toBe(true);
      expect(tokenMatcher(t, Identifier), word).toBe(true);
    }
  });

  it('classifies operators, punctuation and literals', () => {
    expect(tokenMatcher(byImage('>='), Operator)).toBe(true);
    expect(tokenMatcher(byImage('{'), Punctuation)).toBe(true);
    expect(tokenMatcher(byImage('"s"'), Literal)).toBe(true);
    expect(tokenMatcher(byImage('2026-01-01'), Literal)).toBe(true);
    expect(tokenMatcher(byImage('EUR'), CurrencyCode)).toBe(true);
    expect(tokenMatcher(byImage('EUR'), Identifier)).toBe(true);
  });

  it('derives a highlighting class for every token type from its categories', () => {
    const cls = (image: string) => tokenClass(lex(image).tokens[0]!.tokenType);
    expect(['rule', 'points', '>=', '{', '"s"', '12', 'USD', 'amount'].map(cls)).toEqual([
      'keyword', 'soft-keyword', 'operator', 'punctuation', 'literal', 'literal', 'currency', 'identifier',
    ]);
    expect(tokenClass(lex('# c').comments[0]!.tokenType)).toBe('comment');
  });

  it('exports every token type the lexer uses', () => {
    expect(allTokens).toContain(Keyword);
    expect(allTokens.length).toBeGreaterThan(RESERVED_WORDS.length + SOFT_KEYWORDS.length);
  });
});

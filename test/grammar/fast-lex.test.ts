// The one-pass lexer (grammar/fast-lex.ts) must give exactly Chevrotain's tokens — types,
// images, offsets, lines, columns, comments — or give up (undefined) and leave the source to
// Chevrotain. Checked on the example programs and on 5,000 character-level mutations.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lexFast } from '../../grammar/fast-lex.ts';
import { AccrueLexer } from '../../grammar/tokens.ts';
import { generatedSource } from '../../bench/workloads/generated.ts';

const ROOT = new URL('../../rules-examples/', import.meta.url);
const examples: string[] = readdirSync(ROOT).flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, ROOT)).filter((f) => f.endsWith('.accrue')).map((f) => readFileSync(new URL(`${dir}/${f}`, ROOT), 'utf8')),
);
const corpus = [...examples, generatedSource(20)];

function same(source: string): boolean {
  const fast = lexFast(source);
  if (fast === undefined) return false;
  expect(fast).toStrictEqual(AccrueLexer.tokenize(source));
  return true;
}

describe('fast lexer', () => {
  it('lexes every example program as Chevrotain does', () => {
    for (const source of corpus) expect(same(source)).toBe(true);
  });

  it('agrees on the edges of its patterns', () => {
    const cases = [
      '2026-01-011 2026-1-01 12:34 1:23 123:45 12:3 1.5x 1..5 1. .5 10USD USD USDX ABC1 usd _a a_1 rules rule timestamps days day',
      'a\r\nb\rc\n\td # c\r\n"x\\"y" "\\u{41}" "é" x\u00a0y\ufeffz <= >= != = == < > - + * / % . .. { } ( ) [ ] , :',
      '', '   ', '# only', '"', 'a !b', "'q'", 'a && b', 'a <> b', '$', '"\\', 'a\u2028b',
    ];
    for (const c of cases) {
      const fast = lexFast(c);
      if (fast !== undefined) expect(fast).toStrictEqual(AccrueLexer.tokenize(c));
    }
    expect(lexFast('a && b')).toBeUndefined();
    expect(lexFast('"open')).toBeUndefined();
  });

  const pieces = ['a', 'Z', '_', '0', '9', '-', ':', '.', '"', '\\', '\n', '\r', '\r\n', ' ', '\t', '#', '<', '>', '=', '!', '&', "'", '%', 'é', '\u00a0', '$', 'x', 'USD'];
  it('agrees on 5,000 character-level mutations', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }), (which, edits) => {
        let s = corpus[which]!;
        for (const [at, len, piece] of edits) {
          const i = at % (s.length + 1);
          s = s.slice(0, i) + piece + s.slice(i + (len % 3));
        }
        same(s);
      }),
      { numRuns: 5000, seed: 4242 },
    );
  });
});

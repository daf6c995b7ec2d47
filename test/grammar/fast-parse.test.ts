// The fast path (grammar/fast-parse.ts) must be invisible: with it on or off, parse() gives
// the same AST (spans, key sets, undefined fields included) and the same diagnostics — on
// the example programs, the doc's examples, generated programs, and on 3,000 mutations of
// them, where it must give up exactly where Chevrotain would see an error.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeclarationFast } from '../../grammar/fast-parse.ts';
import { lexTable } from '../../grammar/lex.ts';
import { parse } from '../../grammar/parse.ts';
import { segmentRanges } from '../../grammar/segments.ts';
import { RESERVED_WORDS, SOFT_KEYWORDS, WEEKDAYS } from '../../grammar/tokens.ts';
import { generatedSource } from '../../bench/workloads/generated.ts';

const ROOT = new URL('../../rules-examples/', import.meta.url);

const examples: string[] = readdirSync(ROOT).flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, ROOT)).filter((f) => f.endsWith('.accrue')).map((f) => readFileSync(new URL(`${dir}/${f}`, ROOT), 'utf8')),
);
// The doc's fenced `accrue` blocks; fragments are appended to the prelude (as test/docs does).
const docBlocks = [...readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8').matchAll(/^```accrue([^\n]*)\n([\s\S]*?)^```\s*$/gm)];
const prelude = docBlocks.find((m) => m[1]!.trim() === 'prelude')?.[2] ?? '';
const docPrograms = docBlocks.map((m) => (/^\s*(#.*\n\s*)*program\b/.test(m[2]!) ? m[2]! : `${prelude}\n${m[2]!}`));
const corpus = [...examples, ...docPrograms, generatedSource(40)];

function same(source: string): void {
  expect(parse(source)).toStrictEqual(parse(source, { fastPath: false }));
}

describe('fast path', () => {
  it('reads every declaration of the example programs', () => {
    for (const source of examples) {
      const { table } = lexTable(source);
      for (const s of segmentRanges(table.types, table.length)) if (s.kind === 'declaration') expect(parseDeclarationFast(table, s.start, s.end)).toBeDefined();
    }
  });

  it('gives the same AST and diagnostics on the examples, the doc and generated programs', () => {
    for (const source of corpus) same(source);
  });

  it('gives up on what the builders report: a clause twice, no reward, a bad weekday', () => {
    const preamble = 'program "P" { currency USD }\nschema { transaction { amount: money } }\n';
    for (const rule of [
      'rule r { priority 1 priority 2 reward points 1 }',
      'rule r { when amount > 1 USD }',
      'rule r { valid on mon..fir reward points 1 }',
      'rule r { reward points 1 reward points 2 }',
      'rule r { when a && b reward points 1 }',
      "rule r { when a = 'x' reward points 1 }",
      'rule r { when count(x) > 1 reward points 1 }',
      'rule r { when sum(1 for) > 1 reward points 1 }',
      'rule r { reward cashback tiered * 2 }',
    ]) {
      const { table } = lexTable(rule);
      expect(parseDeclarationFast(table, 0, table.length), rule).toBeUndefined();
      same(preamble + rule);
    }
  });

  it('makes Chevrotain\'s choices where a soft keyword is also a name', () => {
    const preamble = 'program "P" { currency USD }\nschema { transaction { amount: money, points: number } }\n';
    for (const when of ['sum() > 1', 'count(1) > 1', 'count(i in items) > 1', 'sum(i for i in items) > 1', 'points > 1', 'points(1) > 1', 'customer points this month > 1']) {
      same(`${preamble}rule r { when ${when} reward points 1 }`);
    }
  });

  const words = [
    ...RESERVED_WORDS, ...SOFT_KEYWORDS, ...WEEKDAYS, '(', ')', '[', ']', '{', '}', ',', '.', '..', ':', '=', '!=', '<>', '<', '>=', '+', '-', '*',
    '/', '%', '1', '2.5', 'USD', '"s"', '"\\q"', '"open', "'q'", '&&', '||', '2026-01-01', '10:00', 'x', 'foo', 'fir',
  ];
  const edit = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom(...words), fc.nat());

  it('agrees on 3,000 mutations of those programs', () => {
    fc.assert(
      fc.property(fc.nat({ max: corpus.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (which, edits) => {
        const parts = corpus[which]!.split(/(\s+)/);
        for (const [at, op, word, other] of edits) {
          const i = at % parts.length;
          if (op === 0) parts[i] = '';
          else if (op === 1) parts[i] = word;
          else if (op === 2) parts.splice(i, 0, ' ', word, ' ');
          else {
            const j = other % parts.length;
            [parts[i], parts[j]] = [parts[j]!, parts[i]!];
          }
        }
        same(parts.join(''));
      }),
      { numRuns: 3000, seed: 20260 },
    );
  });
});

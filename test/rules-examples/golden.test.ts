// Golden scenarios: every case in rules-examples/<name>/cases/*.json (and in the extra
// programs under test/rules-examples/extra/) runs through BOTH the compiled evaluator and the
// reference interpreter, and each must produce the expected outcome. Expected values were
// worked out by hand from docs/semantics.md and the program text (each case's description
// says how).
//
// A case file:
//   {
//     "description": "…",
//     "transaction": { "id", "time", …schema fields },
//     "customer": { … },
//     "state"?: { "counters": { "<counter key>": n } },
//     "options"?: { "explain"?, "include"?, "exclude"? },
//     "expect": {
//       "totals": { …Totals; omitted fields are zero/empty, so the totals are pinned exactly },
//       "rules": { "<rule id>": { …a subset of its RuleResult, "source"?: "…" } },  // every rule
//       "lots"?, "deltas"?, "periods"?, "aggregates"?, "programVersion"?  // subset-matched
//     },
//     "knownBug"?: "what is wrong", "knownBugIn"?: ["compiled" | "interpreter"]
//   }
// `rules` must name every rule of the outcome (with explain:false: every APPLIED rule) and
// give each a `state`. `source`, when present, is the exact program text at the reason's span
// (NOT_APPLICABLE) or the exclusion's span (EXCLUDED by a rule or program exclusion).
// Cases marked `knownBug` are engine bugs that have been reported: they run with `it.fails`
// for the named back ends (both when none is named) so the suite stays honest about them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/compile.ts';
import { checkSource } from '../../compiler/front.ts';
import { interpret } from '../../runtime/interpret/index.ts';
import type { Evaluator } from '../../runtime/program.ts';
import type { CustomerInput, EvaluateOptions, Outcome, RuleResult, StateSnapshot, TransactionInput } from '../../runtime/outcome.ts';

interface GoldenCase {
  readonly description: string;
  readonly transaction: TransactionInput;
  readonly customer: CustomerInput;
  readonly state?: StateSnapshot;
  readonly options?: EvaluateOptions;
  readonly expect: {
    readonly totals: Record<string, unknown>;
    readonly rules: Record<string, Record<string, unknown>>;
    readonly lots?: unknown;
    readonly deltas?: unknown;
    readonly periods?: unknown;
    readonly aggregates?: unknown;
    readonly programVersion?: string;
  };
  readonly knownBug?: string;
  readonly knownBugIn?: readonly ('compiled' | 'interpreter')[];
}

const EXAMPLES = fileURLToPath(new URL('../../rules-examples/', import.meta.url));
const EXTRA = fileURLToPath(new URL('./extra/', import.meta.url));
const VERSION = 'golden';

/** Each program folder: <dir>/<name>/<name>.accrue with its cases in <dir>/<name>/cases/. */
function programsIn(dir: string): { name: string; file: string; casesDir: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ name: e.name, file: join(dir, e.name, `${e.name}.accrue`), casesDir: join(dir, e.name, 'cases') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const EMPTY_TOTALS = { points: 0, cashback: {}, discount: {}, prizes: { points: 0, money: {} }, freeProducts: [] };

/** The program text a span covers. */
function textAt(source: string, span: { offset: number; length: number }): string {
  return source.slice(span.offset, span.offset + span.length);
}

/** Asserts one outcome against a case's expectation. */
function assertOutcome(source: string, c: GoldenCase, out: Outcome): void {
  const want = c.expect;
  // Totals are pinned exactly: fields the case leaves out are zero / empty.
  const totals = { ...EMPTY_TOTALS, ...want.totals, prizes: { ...EMPTY_TOTALS.prizes, ...(want.totals.prizes as object | undefined) } };
  expect(out.totals, 'totals').toEqual(totals);

  // Every rule of the outcome is named, once, with a state.
  const ids = out.rules.map((r) => r.rule);
  expect(new Set(ids).size, 'each rule once').toBe(ids.length);
  expect([...ids].sort(), 'the case names every rule in the outcome').toEqual(Object.keys(want.rules).sort());
  for (const [id, expected] of Object.entries(want.rules)) {
    expect(expected.state, `${id}: the case pins its state`).toBeDefined();
    const actual = out.rules.find((r) => r.rule === id) as RuleResult;
    const { source: text, ...subset } = expected;
    expect(actual, `rule ${id}`).toMatchObject(subset);
    if (text !== undefined) {
      const span = actual.state === 'NOT_APPLICABLE' ? actual.reason.span
        : actual.state === 'EXCLUDED' && actual.by.kind !== 'request' ? actual.by.span : undefined;
      expect(span, `rule ${id}: a span to read the source at`).toBeDefined();
      expect(textAt(source, span!), `rule ${id}: source text at its span`).toBe(text);
    }
  }
  if (want.lots !== undefined) expect(out.lots, 'lots').toMatchObject(want.lots as object);
  if (want.deltas !== undefined) expect(out.deltas, 'deltas').toMatchObject(want.deltas as object);
  if (want.periods !== undefined) expect(out.periods, 'periods').toMatchObject(want.periods as object);
  if (want.aggregates !== undefined) expect(out.aggregates, 'aggregates').toMatchObject(want.aggregates as object);
  expect(out.programVersion).toBe(want.programVersion ?? VERSION);
  expect(out.transactionId).toBe(c.transaction.id);
}

const programs = [...programsIn(EXAMPLES), ...programsIn(EXTRA)];

describe('golden scenarios', () => {
  it('every example program has at least five cases', () => {
    for (const p of programsIn(EXAMPLES)) {
      const n = existsSync(p.casesDir) ? readdirSync(p.casesDir).filter((f) => f.endsWith('.json')).length : 0;
      expect(n, `${p.name}/cases`).toBeGreaterThanOrEqual(5);
    }
  });

  for (const p of programs) {
    describe(p.name, () => {
      const source = readFileSync(p.file, 'utf8');
      const checked = checkSource(source).program;
      const compiled = compile(source, { version: VERSION }).program;
      const evaluators: Record<'compiled' | 'interpreter', Evaluator | undefined> = {
        compiled,
        interpreter: checked && interpret(checked, VERSION),
      };
      const files = existsSync(p.casesDir) ? readdirSync(p.casesDir).filter((f) => f.endsWith('.json')).sort() : [];

      it('checks and compiles', () => {
        expect(checked).toBeDefined();
        expect(compiled).toBeDefined();
      });

      for (const f of files) {
        const c = JSON.parse(readFileSync(join(p.casesDir, f), 'utf8')) as GoldenCase;
        describe(f.replace(/\.json$/, ''), () => {
          for (const backEnd of ['compiled', 'interpreter'] as const) {
            const buggy = c.knownBug !== undefined && (c.knownBugIn === undefined || c.knownBugIn.includes(backEnd));
            (buggy ? it.fails : it)(backEnd + (buggy ? ` (known bug: ${c.knownBug})` : ''), () => {
              const ev = evaluators[backEnd]!;
              const out = ev.evaluate(c.transaction, c.customer, c.state ?? { counters: {} }, c.options);
              assertOutcome(source, c, out);
            });
          }
        });
      }
    });
  }
});

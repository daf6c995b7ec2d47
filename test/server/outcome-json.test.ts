// The hand-written outcome JSON (server/outcome-json.ts) must be the very text JSON.stringify
// writes: for the outcomes of generated programs from both back ends (every reward kind, cap,
// group, exclusion and explanation the generator draws) and of the card example's workload.
import { describe, expect, it } from 'vitest';
import { compile, compileChecked } from '../../compiler/compile.ts';
import { interpret } from '../../runtime/interpret/index.ts';
import type { Outcome } from '../../runtime/outcome.ts';
import { outcomeJson } from '../../server/outcome-json.ts';
import { cardSamples, cardSource } from '../../bench/workloads/card.ts';
import { generateCase } from '../support/arbitrary-program.ts';

function sameText(outcome: Outcome, label: string): void {
  const want = JSON.stringify(outcome);
  const got = outcomeJson(outcome);
  if (got !== want) expect(got, label).toBe(want);
}

describe('outcome JSON text', () => {
  it('is JSON.stringify’s text for 300 generated programs × 20 transactions, compiled and interpreted', () => {
    let compared = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { program, scenarios } = generateCase(seed, { transactions: 20 });
      const backEnds = [compileChecked(program, 'v'), interpret(program, 'v')];
      scenarios.forEach((s, k) => {
        for (const evaluator of backEnds) {
          let outcome: Outcome;
          try {
            outcome = evaluator.evaluate(s.txn, s.customer, s.state, s.options);
          } catch {
            continue; // an invalid generated time: no outcome to write
          }
          sameText(outcome, `seed ${seed}, scenario ${k}`);
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it('is JSON.stringify’s text for the credit-card workload, explained and fast, and again when the same spans recur', () => {
    const { program } = compile(cardSource(), { version: 'card@1' });
    if (!program) throw new Error('the card example does not compile');
    for (const explain of [true, false]) {
      for (const s of cardSamples(300)) {
        const outcome = program.evaluate(s.txn, s.customer, s.state, { explain });
        sameText(outcome, `${s.txn.id} explain=${explain}`);
        sameText(outcome, `${s.txn.id} explain=${explain}, second time`);
      }
    }
  });

  it('leaves out what JSON.stringify leaves out: an undefined observed value, currency or cashback entry', () => {
    const span = { offset: 0, line: 1, column: 1, length: 4 };
    const outcome = {
      programVersion: 'p@1', transactionId: 't"1\u2028',
      totals: { points: 0, cashback: { USD: undefined as unknown as string }, discount: {}, prizes: { points: 0, money: {} }, freeProducts: [] },
      rules: [{ rule: 'r', state: 'NOT_APPLICABLE', reason: { kind: 'condition', span, values: [{ text: 'tip', span, value: undefined as never }] } }],
      lots: [{ rule: 'r', unit: 'points', amount: 1, currency: undefined, expiresAt: null }],
      deltas: [],
      periods: { day: 'day:2026-01-01', week: 'week:2026-W01', month: 'month:2026-01', quarter: 'quarter:2026-Q1', year: 'year:2026', lifetime: 'lifetime' },
      aggregates: { spend: 0, points: 0, cashback: 0, transactions: 1 },
    } satisfies Outcome;
    sameText(outcome, 'hand-built');
    expect(JSON.parse(outcomeJson(outcome)).rules[0].reason.values[0]).toEqual({ text: 'tip', span });
  });
});

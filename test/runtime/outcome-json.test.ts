// outcomeJson is what the ledger stores and the quote answers: it must be JSON.stringify's text
// exactly, or a replay would not return the first answer byte for byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileChecked } from '../../compiler/compile.ts';
import { outcomeJson } from '../../runtime/outcome-json.ts';
import type { Outcome } from '../../runtime/outcome.ts';
import { arbitraryCase } from '../support/arbitrary-program.ts';
import { bothBackEnds } from '../support/programs.ts';

const header = `program "T" {
  currency USD
  timezone "UTC"
  rounding floor
}
schema {
  transaction {
    amount: money
    category: enum(dining, gas)
  }
  customer {
    tier: enum(gold, basic)
  }
}
`;

describe('outcomeJson', () => {
  it('writes the text JSON.stringify writes, explained or not, for generated programs and transactions', () => {
    fc.assert(fc.property(arbitraryCase({ transactions: 8 }), ({ program, scenarios }) => {
      const evaluator = compileChecked(program, 'v');
      for (const s of scenarios) {
        for (const explain of [true, false]) {
          const outcome = evaluator.evaluate(s.txn, s.customer, s.state, { ...s.options, explain });
          expect(outcomeJson(outcome)).toBe(JSON.stringify(outcome));
        }
      }
    }), { numRuns: 60 });
  });

  it('a shared result serialized once still reads right in every later outcome that holds it', () => {
    const { compiled } = bothBackEnds(`${header}
rule dining_only "Dining" {
  when category = dining
  reward points 2 per 1 USD of amount
}
rule gold_only "Gold" {
  when customer.tier = gold
  reward points 100
}`, 'v1');
    const texts = [
      { id: 'a', time: '2026-01-05T10:00:00Z', amount: '10.00', category: 'gas' },
      { id: 'b', time: '2026-01-05T10:00:00Z', amount: '12.00', category: 'gas' },
      { id: 'c', time: '2026-01-05T10:00:00Z', amount: '7.00', category: 'dining' },
    ].map((txn) => {
      const outcome = compiled.evaluate(txn, { tier: 'basic' }, { counters: {} }, { explain: true });
      expect(outcomeJson(outcome)).toBe(JSON.stringify(outcome));
      return JSON.parse(outcomeJson(outcome)) as Outcome;
    });
    // The memoized "not applicable" results (gas; basic) come back in b, with b's own totals.
    expect(texts[1]!.transactionId).toBe('b');
    expect(texts[1]!.rules.map((r) => r.state)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(texts[2]!.rules.map((r) => r.state)).toEqual(['APPLIED', 'NOT_APPLICABLE']);
    expect(texts[2]!.totals.points).toBe(14);
  });
});

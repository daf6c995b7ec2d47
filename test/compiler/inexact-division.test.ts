// A base that comes from an inexact division (40 significant digits) rounds the same in
// both back ends. The compiled evaluator turns literal rates into integer fractions
// (1.5 → 3/2); on a Decimal base that changes where the 40th digit is rounded, and with it
// a result that sits on a rounding boundary (1.5 × (1511 ÷ 1.5) ÷ 2 = 755.5 → 756).
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../runtime/outcome.ts';
import { bothBackEnds } from '../support/programs.ts';

function programOf(currency: string, rules: string) {
  const source = `program "D" { currency ${currency} timezone "UTC" rounding half-even }
schema { transaction { amount: money  unit: money  pct: number } customer { } }
${rules}`;
  return bothBackEnds(source, 'd');
}

const RULES = (c: string) => `
rule per_literal "Points per literal unit of a third" { reward points 1.5 per 2 ${c} of amount / 1.5 }
rule per_field "Points per a unit given in the transaction" { reward points 1.5 per unit of amount / 3 }
rule cash "Cashback on a third" { reward cashback 1.5% of amount / 3 }
rule tiers "Tiered cashback on a third" {
  reward cashback tiered on amount / 3 { from 0 ${c}: 1.5%  from 10 ${c}: 2.5% }
}`;

function bothFor(currency: string, amount: string): { want: Outcome; got: Outcome } {
  const { compiled, reference } = programs.get(currency)!;
  const txn = { id: `t-${amount}`, time: '2026-05-01T10:00:00Z', amount, unit: currency === 'JPY' ? '2' : '0.02', pct: 1 };
  const want = reference.evaluate(txn, {}, { counters: {} }, { explain: false });
  const got = compiled.evaluate(txn, {}, { counters: {} }, { explain: false });
  return { want, got };
}
const programs = new Map(['JPY', 'USD'].map((c) => [c, programOf(c, RULES(c))]));

describe('rewards on the result of an inexact division', () => {
  it('credits 756 points for 1.5 per 2 JPY of 1511 JPY ÷ 1.5, as the interpreter does', () => {
    const { compiled, reference } = programOf('JPY', `rule r "r" { reward points 1.5 per 2 JPY of amount / 1.5 }`);
    const txn = { id: 't', time: '2026-05-01T10:00:00Z', amount: '1511', unit: '2', pct: 1 };
    for (const options of [{ explain: false }, {}]) {
      expect(reference.evaluate(txn, {}, { counters: {} }, options).totals.points).toBe(756);
      expect(compiled.evaluate(txn, {}, { counters: {} }, options).totals.points).toBe(756);
    }
  });

  for (const currency of ['JPY', 'USD']) {
    it(`agrees with the interpreter on every ${currency} amount from 1 to 3000 minor units`, () => {
      const scale = currency === 'JPY' ? 1 : 100;
      for (let minor = 1; minor <= 3000; minor++) {
        const amount = scale === 1 ? String(minor) : (minor / 100).toFixed(2);
        const { want, got } = bothFor(currency, amount);
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${currency} ${amount}`).toEqual(want);
      }
    });
  }
});

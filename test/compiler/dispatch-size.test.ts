// Dispatch on a field (passes/dispatch.ts) must not copy the rules that do not test the field
// into every value's list: with 5,000 of each, that made hundreds of MB of code and V8 aborted
// the process ("Fatal JavaScript invalid size error") on a program that checks clean.
import { describe, expect, it } from 'vitest';
import { emitJs } from '../../compiler/compile.ts';
import { bothBackEnds, checkedOrThrow } from '../support/programs.ts';

/** n rules: every other one tests `mcc = "<i>"`, the rest do not test mcc at all. */
function source(n: number): string {
  const rules = Array.from({ length: n }, (_, i) => (i % 2
    ? `rule r${i} { when mcc = "${i}" reward points ${i} }`
    : `rule r${i} { when amount > ${i} USD reward points 1 cap 1 times per transaction }`));
  return `program "T" { currency USD timezone "UTC" }\nschema { transaction { amount: money mcc: string } }\n${rules.join('\n')}`;
}

describe('dispatch on a field in a large program', () => {
  it('makes code that grows with the rules, not with their square', () => {
    const size = (n: number): number => emitJs(checkedOrThrow(source(n))).body.length;
    const small = size(1000), large = size(4000);
    expect(large / small).toBeLessThan(5); // linear: ~4; quadratic: ~16
  });

  it("runs a value's rules and the others in rule order, as the interpreter does", () => {
    const { compiled, reference } = bothBackEnds(source(600), 'v');
    for (const [mcc, amount] of [['301', '250.00'], ['4', '3.00'], ['nope', '599.00'], ['599', '0.50']] as const) {
      const txn = { id: `t-${mcc}`, time: '2026-03-02T12:00:00Z', amount, mcc };
      for (const explain of [false, true]) {
        expect(compiled.evaluate(txn, {}, { counters: {} }, { explain })).toEqual(reference.evaluate(txn, {}, { counters: {} }, { explain }));
      }
    }
  });
});

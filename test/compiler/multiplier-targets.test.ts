// A multiplier's targets are a set of rules: naming one twice (`on base, base`) must not
// multiply its points twice. The checker warns (ACC321) and both back ends count it once.
import { describe, expect, it } from 'vitest';
import { bothBackEnds, ruleOf } from '../support/programs.ts';
import { PRELUDE, PRELUDE_LINES, caretLine, diagnose } from './helpers.ts';

const SOURCE = `${PRELUDE}
rule base {
  reward points 10
}
rule promo {
  reward multiplier 2x on base, base
}`;

describe('a multiplier that names its target twice', () => {
  it('a 2x on `base, base` adds 10 extra points to 10 base points, not 20', () => {
    const { compiled, reference } = bothBackEnds(SOURCE, 'v');
    const txn = { id: 't1', time: '2026-03-02T12:00:00Z', amount: '10.00', category: 'dining', mcc: '5812', channel: 'store', items: [], fx: '1.00', tags: [], posted: '2026-03-02' };
    for (const ev of [reference, compiled]) {
      const out = ev.evaluate(txn, { tier: 'standard', joined: '2020-01-01' }, { counters: {} });
      expect(ruleOf(out, 'promo')).toMatchObject({ state: 'APPLIED', amount: { unit: 'points', points: 10 } });
      expect(out.totals.points).toBe(20);
    }
  });

  it('is a warning at the second mention', () => {
    const diagnostics = diagnose(SOURCE);
    expect(diagnostics.map((d) => d.code)).toEqual(['ACC321']);
    const d = diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'warning', span: { line: PRELUDE_LINES + 5 } });
    expect(caretLine(SOURCE, d.span)).toBe('                                ^^^^');
    expect(d.message).toBe('rule `base` is named twice; a multiplier counts its points once');
  });
});

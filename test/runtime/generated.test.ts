// Property tests of the reference interpreter over generated programs: it never throws,
// and its outcomes keep the invariants the semantics promise.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interpret } from '../../runtime/interpret/index.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { arbitraryCase } from '../support/arbitrary-program.ts';

describe('reference interpreter on generated programs', () => {
  it('never throws and keeps the outcome invariants', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(arbitraryCase({ transactions: 20 }), ({ program, scenarios }) => {
      const ev = interpret(program, 'gen');
      for (const s of scenarios) {
        const out = ev.evaluate(s.txn, s.customer, s.state, s.options);
        const again = ev.evaluate(s.txn, s.customer, s.state, s.options);
        expect(again).toEqual(out); // deterministic
        const explain = s.options.explain !== false;
        const included = program.rules.length;
        if (explain) expect(out.rules.map((r) => r.rule)).toEqual(program.rules.map((r) => r.id).slice(0, included));
        let points = 0;
        for (const r of out.rules) {
          seen.add(r.state + (r.state === 'NOT_APPLICABLE' ? `:${r.reason.kind}` : r.state === 'APPLIED' ? `:${r.reward}` : `:${r.by.kind}`));
          if (r.state !== 'APPLIED') continue;
          if (r.amount.unit === 'points') {
            expect(Number.isInteger(r.amount.points)).toBe(true);
            expect(r.amount.points).toBeGreaterThan(0);
            points += r.amount.points;
          }
          if (r.amount.unit === 'money') {
            const [, frac = ''] = r.amount.money.amount.split('.');
            expect(frac.length).toBe(minorDigits(r.amount.money.currency));
          }
        }
        expect(out.totals.points).toBe(points);
        for (const d of out.deltas) expect(Number.isInteger(d.amount) && d.amount > 0).toBe(true);
        const fast = ev.evaluate(s.txn, s.customer, s.state, { ...s.options, explain: false });
        expect({ ...fast, rules: [] }).toEqual({ ...out, rules: [] });
        expect(fast.rules).toEqual(out.rules.filter((r) => r.state === 'APPLIED'));
      }
    }), { numRuns: 300 });
    // The generator reaches every state and reward kind.
    for (const k of ['APPLIED:points', 'APPLIED:multiplier', 'APPLIED:cashback', 'APPLIED:discount', 'APPLIED:freeProduct', 'APPLIED:prize',
      'NOT_APPLICABLE:condition', 'NOT_APPLICABLE:window', 'NOT_APPLICABLE:zero', 'BLOCKED:group', 'BLOCKED:cap', 'EXCLUDED:program', 'EXCLUDED:rule', 'EXCLUDED:request']) {
      expect(seen, k).toContain(k);
    }
  });
});

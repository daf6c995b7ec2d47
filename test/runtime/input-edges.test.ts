// Input values at the edges of their types: what the reference interpreter reads as absent
// rather than guessing (docs/semantics.md "Absent values": any input not of the declared type).
import { describe, expect, it } from 'vitest';
import { interpret } from '../../runtime/interpret/index.ts';
import { toEpochMs } from '../../runtime/local-time.ts';
import { checkedOrThrow, ruleOf } from '../support/programs.ts';

const load = (source: string) => interpret(checkedOrThrow(source), 'test');
const program = load(`program "T" { currency USD timezone "America/New_York" rounding floor }
schema { transaction { amount: money  units: integer } customer { joined: date  grace: integer } }
rule early "Joined before March" { when customer.joined <= 2026-02-28 reward points 2 }
rule grace "Within the grace period" { when add_days(customer.joined, customer.grace) > 2026-01-01 reward points 1 }
rule per_unit "A point per unit" { reward points 1 per 1 of units }
`);
const txn = { id: 't', time: '2026-03-01T12:00:00Z', amount: 10, units: 3 };

describe('input edges', () => {
  it('reads a date that does not exist (2026-02-30) as absent, not as a string that sorts after 2026-02-28', () => {
    const out = program.evaluate(txn, { joined: '2026-02-30', grace: 1 }, { counters: {} });
    expect(ruleOf(out, 'early')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{ text: 'customer.joined', value: null }] } });
    expect(ruleOf(out, 'grace')).toMatchObject({ state: 'NOT_APPLICABLE' });
    expect(program.evaluate(txn, { joined: '2024-02-29', grace: 1 }, { counters: {} }).totals.points).toBe(5);
  });

  it('reads a fraction given for an integer field as absent', () => {
    const out = program.evaluate({ ...txn, units: 2.5 }, { joined: '2026-01-01', grace: 1 }, { counters: {} });
    expect(ruleOf(out, 'per_unit')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'zero' } });
    expect(ruleOf(program.evaluate({ ...txn, units: '4' }, { joined: '2026-01-01', grace: 1 }, { counters: {} }), 'per_unit'))
      .toMatchObject({ state: 'APPLIED', amount: { points: 4 } });
  });

  it('add_days beyond year 9999 is absent instead of throwing', () => {
    const out = program.evaluate(txn, { joined: '2026-02-01', grace: 300_000_000 }, { counters: {} });
    expect(ruleOf(out, 'grace')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{}, {}, { text: 'add_days(customer.joined, customer.grace)', value: null }] } });
  });

  it('a timestamp without an offset is invalid instead of being read in the host timezone', () => {
    expect(toEpochMs('2026-03-01T12:00:00')).toBeNaN();
    expect(toEpochMs('March 3, 2026')).toBeNaN();
    expect(toEpochMs('2026-02-30T12:00:00Z')).toBeNaN();
    expect(toEpochMs('2026-03-01T12:00:00Z')).toBe(Date.UTC(2026, 2, 1, 12));
    expect(toEpochMs('2026-03-01T17:30+0530')).toBe(Date.UTC(2026, 2, 1, 12));
    expect(toEpochMs('2026-03-01T07:00:00.123456-05:00')).toBe(Date.UTC(2026, 2, 1, 12, 0, 0, 123));
    expect(toEpochMs('2026-02-28T24:00:00Z')).toBe(Date.UTC(2026, 2, 1));
    expect(() => program.evaluate({ ...txn, time: '2026-03-01T12:00:00' }, { joined: '2026-01-01', grace: 1 }, { counters: {} })).toThrow(/invalid time/);
  });
});

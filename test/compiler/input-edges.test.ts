// Input values at the edges of their types, compiled vs the reference interpreter
// (test/runtime/input-edges.test.ts pins the interpreter's reading): impossible dates and
// fractions for integer fields are absent, add_days outside years 0000–9999 is absent,
// and timestamps the strict parser rejects are absent (an optional field) or invalid (the
// transaction time). Explained and fast path, outcome for outcome.
import { describe, expect, it } from 'vitest';
import type { CustomerInput, Outcome, RuleResult, TransactionInput } from '../../runtime/outcome.ts';
import { bothBackEnds } from '../support/programs.ts';

const SOURCE = `program "T" { currency USD timezone "America/New_York" rounding floor }
schema {
  record line { sku: string  qty: integer }
  transaction { amount: money  units: integer  lines: list of line  seen: optional timestamp  due: optional date }
  customer { joined: date  grace: integer  history: list of integer }
}
rule early "Joined before March" { when customer.joined <= 2026-02-28 reward points 2 }
rule grace "Within the grace period" { when add_days(customer.joined, customer.grace) > 2026-01-01 reward points 1 }
rule back "Before the grace period" { when add_days(customer.joined, 0 - customer.grace) < 2026-01-01 reward points 1 }
rule per_unit "A point per unit" { reward points 1 per 1 of units }
rule per_line "A point per line unit" { reward points sum(l.qty for l in lines) }
rule history "Past counts" { when count(h in customer.history where h > 1) >= 1 reward points 3 }
rule seen_early "Seen in the morning" { when hour(seen) < 12 reward points 7 }
rule seen_day "Seen on the day" { when date(seen) = date(time) reward points 11 }
rule due "Due later" { when due > date(time) reward points 13 }
`;

const { compiled, reference } = bothBackEnds(SOURCE, 't');

const txn: TransactionInput = { id: 't', time: '2026-03-01T12:00:00Z', amount: 10, units: 3, lines: [{ sku: 'A', qty: 2 }] };
const customer: CustomerInput = { joined: '2026-01-15', grace: 1, history: [2] };

/** Both back ends, explained and fast: the same outcome (or the same error). Returns the explained outcome. */
function same(t: TransactionInput, c: CustomerInput): Outcome | { thrown: string } {
  const run = (f: () => Outcome): Outcome | { thrown: string } => {
    try {
      return f();
    } catch (e) {
      return { thrown: (e as Error).message };
    }
  };
  let explained: Outcome | { thrown: string } | undefined;
  for (const options of [{ explain: false }, {}]) {
    const want = run(() => reference.evaluate(t, c, { counters: {} }, options));
    const got = run(() => compiled.evaluate(t, c, { counters: {} }, options));
    expect(got).toEqual(want);
    explained = got;
  }
  return explained!;
}
const ruleOf = (out: Outcome | { thrown: string }, id: string): RuleResult => {
  if ('thrown' in out) throw new Error(out.thrown);
  return out.rules.find((r) => r.rule === id)!;
};

describe('compiled evaluator at the edges of input types', () => {
  it('reads a date that does not exist as absent', () => {
    for (const joined of ['2026-02-30', '2026-04-31', '2025-02-29', '2026-13-01', '2026-00-10', '2026-01-00', '2026-1-5']) {
      const out = same(txn, { ...customer, joined });
      expect(ruleOf(out, 'early'), joined).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{ text: 'customer.joined', value: null }] } });
    }
    for (const due of ['2026-02-30', '2100-02-29', '2026-06-31']) {
      expect(ruleOf(same({ ...txn, due }, customer), 'due'), due).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: expect.arrayContaining([expect.objectContaining({ text: 'due', value: null })]) } });
    }
    // Real dates, leap days and years below 100 included, still read as dates.
    for (const joined of ['2024-02-29', '2000-02-29', '0050-03-01', '0000-01-01', '9999-12-31']) same(txn, { ...customer, joined });
    expect(ruleOf(same({ ...txn, due: '2028-02-29' }, customer), 'due')).toMatchObject({ state: 'APPLIED' });
  });

  it('reads a fraction given for an integer field as absent: top level, record members, list elements', () => {
    for (const units of [2.5, '1.5', -0.5, 3.0000001, '2.50']) {
      expect(ruleOf(same({ ...txn, units }, customer), 'per_unit'), String(units)).toMatchObject({ state: 'NOT_APPLICABLE', reason: { kind: 'zero' } });
    }
    for (const units of ['4', '2.0', 4.0, '007']) expect(ruleOf(same({ ...txn, units }, customer), 'per_unit'), String(units)).toMatchObject({ state: 'APPLIED' });
    // sum skips absent members: the 2.5 line adds nothing.
    expect(ruleOf(same({ ...txn, lines: [{ sku: 'A', qty: 2.5 }, { sku: 'B', qty: 3 }] }, customer), 'per_line')).toMatchObject({ state: 'APPLIED', amount: { points: 3 } });
    expect(ruleOf(same(txn, { ...customer, history: [1.5, 1] }), 'history')).toMatchObject({ state: 'NOT_APPLICABLE' });
    expect(ruleOf(same(txn, { ...customer, history: [1.5, '2'] }), 'history')).toMatchObject({ state: 'APPLIED' });
    expect(ruleOf(same(txn, { ...customer, grace: 0.5 }), 'grace')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{}, { text: 'customer.grace', value: null }, {}] } });
    same({ ...txn, units: 1e21 }, customer); // an integer past 2^53
  });

  it('add_days outside 0000-01-01 … 9999-12-31 is absent, and years below 100 stay themselves', () => {
    for (const grace of [300_000_000, 2_913_000, 1e300, -800_000]) {
      const out = same(txn, { ...customer, grace });
      expect(ruleOf(out, 'grace'), String(grace)).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{}, {}, { text: 'add_days(customer.joined, customer.grace)', value: null }] } });
    }
    // Just inside the range at both ends.
    expect(ruleOf(same(txn, { ...customer, joined: '9999-12-30', grace: 1 }), 'grace')).toMatchObject({ state: 'APPLIED' });
    expect(ruleOf(same(txn, { ...customer, joined: '0000-01-02', grace: 1 }), 'back')).toMatchObject({ state: 'APPLIED' });
    expect(ruleOf(same(txn, { ...customer, joined: '0000-01-01', grace: 1 }), 'back')).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: [{}, {}, { value: null }] } });
    // 0050 + 10 days is 0050-03-11, not a date in 1950.
    const out = same(txn, { ...customer, joined: '0050-03-01', grace: -10 });
    expect(ruleOf(out, 'back')).toMatchObject({ state: 'APPLIED' });
  });

  it('agrees with the strict timestamp parser: offsets, 24:00, fractions; no offset or an impossible date is absent / invalid', () => {
    const valid = ['2026-03-01T10:00:00Z', '2026-03-01T15:30+0530', '2026-03-01T15:30:00+05:30', '2026-03-01t10:00z', '2026-03-01 10:00:00.987654321Z',
      '2026-02-28T24:00:00Z', '2026-03-01T24:00Z', '2026-03-01T10:00:00.5-00:00'];
    for (const seen of valid) {
      const out = same({ ...txn, seen }, customer);
      for (const id of ['seen_early', 'seen_day']) {
        const r = ruleOf(out, id);
        if (r.state !== 'APPLIED') expect(r, `${id} ${seen}`).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: expect.arrayContaining([expect.objectContaining({ text: 'seen', value: expect.any(String) })]) } });
      }
    }
    const invalid = ['2026-03-01T10:00:00', '2026-03-01T10:00:00.123', '2026-02-30T10:00:00Z', '2026-03-01T24:30:00Z', '2026-03-01T10:00:60Z',
      '2026-03-01T10:00:00+24:00', '2026-03-01T10:00:00+5:30', 'March 3, 2026', '2026-03-01', 'Sun, 01 Mar 2026 10:00:00 GMT'];
    for (const seen of invalid) {
      const out = same({ ...txn, seen }, customer);
      expect(ruleOf(out, 'seen_early'), seen).toMatchObject({ state: 'NOT_APPLICABLE', reason: { values: expect.arrayContaining([expect.objectContaining({ text: 'seen', value: null })]) } });
    }
    // The transaction's own time: valid odd forms evaluate, invalid ones throw the same error in both.
    for (const time of valid) same({ ...txn, time }, customer);
    for (const time of invalid) {
      expect(() => compiled.evaluate({ ...txn, time }, customer, { counters: {} }), time).toThrow(/invalid time/);
      expect(same({ ...txn, time }, customer)).toEqual({ thrown: `transaction t: invalid time ${JSON.stringify(time)}` });
    }
  });
});

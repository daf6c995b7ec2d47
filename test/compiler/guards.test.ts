// Fast-path guards (compiler/passes/guards.ts): the dispatcher tests a rule's cheap
// conditions before calling it. Which conditions qualify is pinned here; that outcomes do
// not change is the differential test's job (its programs are small enough to get guards).
import { describe, expect, it } from 'vitest';
import { optimize } from '../../compiler/passes/index.ts';
import { exprText } from '../../runtime/expr-text.ts';
import { PRELUDE, clean } from './helpers.ts';

/** The guards of rule `r`, next to a rule on `category` (so a rule of `r` on it too makes a dispatch plan). */
function guardsOf(rule: string): string[] {
  const lowered = optimize(clean(`${PRELUDE}\n${rule}\nrule other "o" {\n  when category = travel\n  reward points 1\n}`));
  return lowered.rules.find((r) => r.ir.id === 'r')!.guards.map((g) => exprText(g));
}

describe('fast-path guards', () => {
  it.each([
    ['field comparisons and period aggregates', 'when amount >= 100 USD\n  when customer spend this month + amount < 500 USD', ['amount >= 100 USD', 'customer spend this month + amount < 500 USD']],
    ['not a call', 'when contains(mcc, "58")\n  when channel = online', ['channel = online']],
    ['not a list field', 'when "vip" in tags', []],
    ['not a condition the dispatch already decided', 'when category = dining\n  when mcc != "5812"', ['mcc != "5812"']],
    ['not a multiplication or division', 'when amount * 2 > 100 USD', []],
  ])('%s', (_name, conditions, want) => {
    expect(guardsOf(`rule r "r" {\n  ${conditions}\n  reward points 1\n}`)).toEqual(want);
  });
});

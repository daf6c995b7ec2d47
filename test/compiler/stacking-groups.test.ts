// What the checker says about stacking groups (docs/language.md "Caps shared by rules that
// stack"); the exact wording of each diagnostic is in errors.test.ts.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/front.ts';
import { PRELUDE, clean, diagnose } from './helpers.ts';

const P = (decls: string): string => `${PRELUDE}\n${decls}`;
const codes = (source: string): string[] => diagnose(source).map((d) => d.code);

describe('checking stacking groups', () => {
  it('lowers a stacking group with its caps, and an exclusion group as before', () => {
    const program = clean(P(`
group promos stacking { cap 5000 points per customer per month }
group slab { cap 10 times per transaction }
rule a { priority 1 group promos reward points 1 }
rule b { priority 2 group promos reward points 2 }
rule c { priority 1 group slab reward points 1 }
rule d { priority 2 group slab reward points 2 }
`));
    expect(program.groups.map((g) => [g.id, g.stacking, g.caps.map((c) => c.id)])).toEqual([
      ['promos', true, ['group:promos:customer:month:points']],
      ['slab', false, ['group:slab:transaction:txn:times']],
    ]);
  });

  it('lets a multiplier share a stacking group with the points rules it multiplies', () => {
    // In an exclusion group this is ACC315; here nothing competes, the multiplier comes last.
    clean(P(`
group promos stacking { cap 500 points per customer per month }
rule dining { priority 1 group promos when category = dining reward points 2 per 1 USD of amount }
rule double { priority 1 group promos reward multiplier 2x on dining }
`));
  });

  it('does not call a multiplier and a points rule of equal priority a tie: they never run together', () => {
    expect(codes(P(`
group promos stacking { cap 500 points per transaction }
rule a { priority 5 group promos reward points 1 }
rule m { priority 5 group promos reward multiplier 2x on a }
`))).toEqual([]);
  });

  it('does not warn about ties in a stacking group without caps, only that it has none', () => {
    expect(codes(P(`
group promos stacking
rule a { priority 5 group promos reward points 1 }
rule b { priority 5 group promos reward points 2 }
`))).toEqual(['ACC320']);
  });

  it('reports an invalid cap, not also a stacking group without caps', () => {
    expect(codes(P(`
group promos stacking { cap 0 points per transaction }
rule a { priority 1 group promos reward points 1 }
rule b { priority 2 group promos reward points 2 }
`))).toEqual(['ACC307']);
  });

  it('reports a stacking group no rule joins as ACC318', () => {
    expect(codes(P('group promos stacking { cap 5 points per transaction }\nrule r { reward points 1 }'))).toEqual(['ACC318']);
  });

  it('keeps a rule in at most one group', () => {
    const { diagnostics } = checkSource(P(`
group promos stacking { cap 5 points per transaction }
group slab
rule r { group promos group slab reward points 1 }
`));
    expect(diagnostics.map((d) => [d.code, d.message])).toContainEqual(['ACC007', '`group` is given twice in rule r']);
  });
});

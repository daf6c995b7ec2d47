// Property: for random json-rules-engine rule sets (every built-in operator, nested
// all/any/not, paths, priorities, awkward fact names) and random facts, json-rules-engine
// and the imported Accrue program fire the same rules.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importAndBuild, expectSameFired, type JreRule, type Facts } from './oracle.ts';

// Each fact has a kind and a small domain, so conditions come out true and false alike.
const NUMS = [-2, -0.5, 0, 1, 2.5, 3, 10, 100];
const STRS = ['', 'a', 'b', 'gold', 'Gold', 'Paris', 'x y'];
const FACTS = {
  n: 'number', amount: 'number', customer: 'number', 'user-score': 'number',
  s: 'string', in: 'string', tier: 'string',
  flag: 'boolean', time: 'boolean',
  tags: 'strings', codes: 'numbers',
} as const;
type Kind = (typeof FACTS)[keyof typeof FACTS];
// Paths into the object fact `user`.
const PATHS: Record<string, Kind> = { '$.age': 'number', '$.address.city': 'string', "$['address']['zip-code']": 'string', '$.vip': 'boolean', '$.badges': 'strings' };

const num = fc.constantFrom(...NUMS);
const str = fc.constantFrom(...STRS);
const scalarOf = (k: Kind): fc.Arbitrary<unknown> => (k === 'number' || k === 'numbers' ? num : k === 'string' || k === 'strings' ? str : fc.boolean());

function leafFor(kind: Kind): fc.Arbitrary<{ operator: string; value: unknown }> {
  const v = scalarOf(kind);
  const list = fc.array(v, { maxLength: 3 });
  const ops: fc.Arbitrary<{ operator: string; value: unknown }>[] = [];
  if (kind === 'strings' || kind === 'numbers') {
    ops.push(fc.record({ operator: fc.constantFrom('contains', 'doesNotContain'), value: v }));
  } else {
    ops.push(fc.record({ operator: fc.constantFrom('equal', 'notEqual'), value: v }));
    ops.push(fc.record({ operator: fc.constantFrom('in', 'notIn'), value: list }));
    if (kind === 'number') ops.push(fc.record({ operator: fc.constantFrom('lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'), value: v }));
  }
  return fc.oneof(...ops);
}

const factLeaf = fc.constantFrom(...(Object.keys(FACTS) as (keyof typeof FACTS)[])).chain((fact) =>
  leafFor(FACTS[fact]).map((l) => ({ fact, ...l })));
const pathLeaf = fc.constantFrom(...Object.keys(PATHS)).chain((path) =>
  leafFor(PATHS[path]!).map((l) => ({ fact: 'user', path, ...l })));
const anyLeaf = fc.oneof({ weight: 4, arbitrary: factLeaf }, { weight: 1, arbitrary: pathLeaf });

const condition = fc.letrec<{ cond: unknown }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyLeaf,
    fc.record({ all: fc.array(tie('cond'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('cond'), { maxLength: 3 }) }),
    fc.record({ not: tie('cond') }),
  ),
})).cond;

const root = fc.oneof(
  fc.record({ all: fc.array(condition, { maxLength: 4 }) }),
  fc.record({ any: fc.array(condition, { maxLength: 4 }) }),
  fc.record({ not: condition }),
);

const ruleSet = fc.array(
  fc.record({
    conditions: root,
    priority: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    points: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  }),
  { minLength: 1, maxLength: 6 },
).map((rs) => rs.map((r, i): JreRule => {
  const rule: JreRule = { name: `rule ${i}`, conditions: r.conditions, event: { type: `event-${i % 3}`, ...(r.points !== undefined ? { params: { points: r.points } } : {}) } };
  if (r.priority !== undefined) rule.priority = r.priority;
  return rule;
}));

const factsArb: fc.Arbitrary<Facts> = fc.record({
  n: num, amount: num, customer: num, 'user-score': num,
  s: str, in: str, tier: str,
  flag: fc.boolean(), time: fc.boolean(),
  tags: fc.array(str, { maxLength: 3 }), codes: fc.array(num, { maxLength: 3 }),
  user: fc.record({ age: num, address: fc.record({ city: str, 'zip-code': str }), vip: fc.boolean(), badges: fc.array(str, { maxLength: 3 }) }),
});

describe('json-rules-engine oracle: random rule sets and facts', () => {
  it('fires the same rules (fired == APPLIED)', async () => {
    let firedSomething = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(ruleSet, fc.array(factsArb, { minLength: 8, maxLength: 8 }), async (rules, factSets) => {
        const imported = await importAndBuild(rules);
        // Every generated rule is expressible: nothing may be left out.
        expect(imported.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        for (const facts of factSets) {
          const fired = await expectSameFired(rules, imported, facts);
          total++;
          if (fired.length > 0) firedSomething++;
        }
      }),
      { numRuns: 200 },
    );
    // The generator is not degenerate: rules fire in a fair share of cases, and not always.
    expect(firedSomething).toBeGreaterThan(total * 0.2);
  });

  it('a custom operator or fact-to-fact value in a random rule set leaves that rule out, never crashes', async () => {
    const bad = fc.constantFrom<unknown>(
      { fact: 'n', operator: 'startsWith', value: 1 },
      { fact: 'n', operator: 'equal', value: { fact: 'amount' } },
      { condition: 'shared' },
      { fact: 'n', operator: 'everyFact:equal', value: 1 },
      { fact: 'user', path: '$.items[0]', operator: 'equal', value: 1 },
      { fact: 'n', operator: 'equal', value: null },
    );
    await fc.assert(
      fc.asyncProperty(ruleSet, bad, fc.nat(), factsArb, async (rules, badLeaf, at, facts) => {
        const victim = at % rules.length;
        const spoiled = rules.map((r, i) => (i === victim ? { ...r, conditions: { all: [badLeaf, r.conditions] } } : r));
        const imported = await importAndBuild(spoiled);
        expect(imported.result.rules[victim]!.id).toBeUndefined();
        expect(imported.result.diagnostics.some((d) => d.severity === 'error' && d.span !== undefined)).toBe(true);
        await expectSameFired(spoiled, imported, facts);
      }),
      { numRuns: 60 },
    );
  });
});

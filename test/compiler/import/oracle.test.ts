// json-rules-engine is the oracle: the same facts through json-rules-engine itself and
// through the imported Accrue program must fire the same rules (fired == APPLIED).
import { describe, expect, it } from 'vitest';
import { importAndBuild, expectSameFired, accrueOutcomes, appliedNames, jreFired, type JreRule, type Facts } from './oracle.ts';

const leaf = (fact: string, operator: string, value: unknown, path?: string) => (path === undefined ? { fact, operator, value } : { fact, operator, value, path });

async function check(rules: JreRule[], factSets: Facts[], schema?: unknown): Promise<string[][]> {
  const imported = await importAndBuild(rules, schema);
  expect(imported.result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out: string[][] = [];
  for (const facts of factSets) out.push(await expectSameFired(rules, imported, facts));
  return out;
}

describe('json-rules-engine oracle: hand-written rule sets', () => {
  it('every numeric operator, at and around its boundary', async () => {
    const ops = ['equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'];
    const rules: JreRule[] = ops.flatMap((op) => [
      { name: `${op}-10`, conditions: { all: [leaf('n', op, 10)] }, event: { type: op } },
      { name: `${op}-neg`, conditions: { all: [leaf('x', op, -2.5)] }, event: { type: op } },
    ]);
    const fired = await check(rules, [9, 10, 11, 10.5, -100, 0].flatMap((n) => [{ n, x: -2.5 }, { n, x: -2.4 }, { n, x: -3 }]));
    expect(fired[0]).toContain('lessThan-10');
    expect(fired[3]).toContain('equal-10'); // n = 10
  });

  it('string and boolean equality, in, notIn', async () => {
    const rules: JreRule[] = [
      { name: 'eq', conditions: { all: [leaf('tier', 'equal', 'gold')] }, event: { type: 'a' } },
      { name: 'ne', conditions: { all: [leaf('tier', 'notEqual', 'gold')] }, event: { type: 'b' } },
      { name: 'in', conditions: { all: [leaf('tier', 'in', ['gold', 'platinum'])] }, event: { type: 'c' } },
      { name: 'notIn', conditions: { all: [leaf('tier', 'notIn', ['gold', 'platinum'])] }, event: { type: 'd' } },
      { name: 'numIn', conditions: { all: [leaf('n', 'in', [1, 2, 3.5])] }, event: { type: 'e' } },
      { name: 'numNotIn', conditions: { all: [leaf('n', 'notIn', [1, 2, 3.5])] }, event: { type: 'f' } },
      { name: 'bool', conditions: { all: [leaf('member', 'equal', true)] }, event: { type: 'g' } },
      { name: 'boolNot', conditions: { all: [leaf('member', 'notEqual', true)] }, event: { type: 'h' } },
      { name: 'boolIn', conditions: { all: [leaf('member', 'in', [false])] }, event: { type: 'i' } },
      { name: 'emptyIn', conditions: { any: [leaf('tier', 'in', []), leaf('member', 'equal', true)] }, event: { type: 'j' } },
      { name: 'emptyNotIn', conditions: { all: [leaf('tier', 'notIn', [])] }, event: { type: 'k' } },
      { name: 'escape', conditions: { all: [leaf('tier', 'equal', 'a "quoted" \\ tier\n')] }, event: { type: 'l' } },
    ];
    await check(rules, [
      { tier: 'gold', n: 1, member: true },
      { tier: 'platinum', n: 3.5, member: false },
      { tier: 'silver', n: 3, member: false },
      { tier: 'Gold', n: 0, member: true },
      { tier: '', n: 2, member: false },
      { tier: 'a "quoted" \\ tier\n', n: 2, member: false },
    ]);
  });

  it('contains and doesNotContain on array facts', async () => {
    const rules: JreRule[] = [
      { name: 'has-vip', conditions: { all: [leaf('tags', 'contains', 'vip')] }, event: { type: 'a' } },
      { name: 'no-banned', conditions: { all: [leaf('tags', 'doesNotContain', 'banned')] }, event: { type: 'b' } },
      { name: 'has-7', conditions: { all: [leaf('codes', 'contains', 7)] }, event: { type: 'c' } },
      { name: 'no-7', conditions: { all: [leaf('codes', 'doesNotContain', 7)] }, event: { type: 'd' } },
    ];
    await check(rules, [
      { tags: ['vip', 'new'], codes: [7] },
      { tags: [], codes: [] },
      { tags: ['banned', 'vip'], codes: [1, 2, 70] },
      { tags: ['VIP'], codes: [7, 7] },
    ]);
  });

  it('nested all / any / not', async () => {
    const rules: JreRule[] = [
      {
        name: 'deep',
        conditions: {
          any: [
            { all: [leaf('a', 'greaterThan', 5), { not: leaf('b', 'equal', 'x') }] },
            { not: { any: [leaf('a', 'lessThan', 0), { all: [leaf('b', 'in', ['y', 'z']), leaf('c', 'equal', true)] }] } },
          ],
        },
        event: { type: 'deep' },
      },
      { name: 'top-not', conditions: { not: { all: [leaf('a', 'greaterThanInclusive', 1), leaf('c', 'equal', false)] } }, event: { type: 'n' } },
      { name: 'single-any', conditions: { any: [{ all: [leaf('a', 'equal', 3)] }] }, event: { type: 's' } },
      { name: 'empty-all', conditions: { all: [] }, event: { type: 'always' } },
      { name: 'empty-any', conditions: { any: [] }, event: { type: 'always-too' } },
      { name: 'not-empty', conditions: { not: { all: [] } }, event: { type: 'never' } },
    ];
    const factSets: Facts[] = [];
    for (const a of [-1, 0, 3, 6]) for (const b of ['x', 'y', 'w']) for (const c of [true, false]) factSets.push({ a, b, c });
    const fired = await check(rules, factSets);
    expect(fired.every((f) => f.includes('empty-all') && f.includes('empty-any') && !f.includes('not-empty'))).toBe(true);
  });

  it('path into object facts, nested', async () => {
    const rules: JreRule[] = [
      { name: 'paris', conditions: { all: [leaf('user', 'equal', 'Paris', '$.address.city')] }, event: { type: 'p' } },
      { name: 'adult', conditions: { all: [leaf('user', 'greaterThanInclusive', 18, '$.age')] }, event: { type: 'a' } },
      { name: 'bracket', conditions: { all: [leaf('user', 'in', ['75001', '75002'], "$['address']['zip-code']")] }, event: { type: 'b' } },
      { name: 'list', conditions: { all: [leaf('user', 'contains', 'gold', '$.badges')] }, event: { type: 'l' } },
    ];
    await check(rules, [
      { user: { age: 30, address: { city: 'Paris', 'zip-code': '75001' }, badges: ['gold'] } },
      { user: { age: 17, address: { city: 'Lyon', 'zip-code': '69001' }, badges: [] } },
      { user: { age: 18, address: { city: 'paris', 'zip-code': '75002' }, badges: ['silver', 'gold'] } },
    ]);
  });

  it('priority: same rules fire, Accrue evaluates them in json-rules-engine priority order', async () => {
    const rules: JreRule[] = [
      { name: 'p1', priority: 1, conditions: { all: [leaf('n', 'greaterThan', 0)] }, event: { type: 'p1' } },
      { name: 'p10', priority: 10, conditions: { all: [leaf('n', 'greaterThan', 1)] }, event: { type: 'p10' } },
      { name: 'p5', priority: 5, conditions: { all: [leaf('n', 'greaterThan', 2)] }, event: { type: 'p5' } },
      { name: 'p5b', priority: 5, conditions: { all: [leaf('n', 'greaterThan', 3)] }, event: { type: 'p5b' } },
      { name: 'default', conditions: { all: [leaf('n', 'greaterThan', 4)] }, event: { type: 'd' } },
    ];
    const imported = await importAndBuild(rules);
    for (const n of [0, 2, 3, 5]) {
      const facts = { n };
      await expectSameFired(rules, imported, facts);
      const jreOrder = await jreFired(rules, facts);
      const prio = new Map(rules.map((r) => [r.name, r.priority ?? 1]));
      for (const { outcome } of accrueOutcomes(imported, facts)) {
        const order = appliedNames(imported, outcome);
        // Accrue's order is json-rules-engine's priority order (ties may differ).
        expect(order.map((x) => prio.get(x))).toEqual(jreOrder.map((x) => prio.get(x)));
        expect([...order.map((x) => prio.get(x)!)]).toEqual([...order.map((x) => prio.get(x)!)].sort((a, b) => b - a));
      }
    }
  });

  it('facts with reserved or invalid names, and params.points as the reward', async () => {
    const rules: JreRule[] = [
      { name: 'reserved', conditions: { all: [leaf('customer', 'equal', 'c1'), leaf('in', 'greaterThan', 2), leaf('time', 'lessThan', 5)] }, event: { type: 'r', params: { points: 25 } } },
      { name: 'weird names', conditions: { any: [leaf('user-score', 'greaterThan', 10), leaf('2fa', 'equal', true), leaf('id', 'equal', 'x')] }, event: { type: 'w', params: { points: 40 } } },
    ];
    const imported = await importAndBuild(rules);
    for (const facts of [
      { customer: 'c1', in: 3, time: 4, 'user-score': 0, '2fa': false, id: 'y' },
      { customer: 'c2', in: 3, time: 4, 'user-score': 11, '2fa': false, id: 'y' },
      { customer: 'c1', in: 3, time: 4, 'user-score': 0, '2fa': true, id: 'x' },
    ]) {
      const fired = await expectSameFired(rules, imported, facts);
      const expected = fired.reduce((s, name) => s + (name === 'reserved' ? 25 : 40), 0);
      for (const { outcome } of accrueOutcomes(imported, facts)) expect(outcome.totals.points).toBe(expected);
    }
  });

  it("json-rules-engine's own README example (basketball fouls), with a supplied schema", async () => {
    const rules: JreRule[] = [{
      name: 'fouledOut',
      conditions: {
        any: [
          { all: [leaf('gameDuration', 'equal', 40), leaf('personalFoulCount', 'greaterThanInclusive', 5)] },
          { all: [leaf('gameDuration', 'equal', 48), { not: leaf('personalFoulCount', 'lessThan', 6) }] },
        ],
      },
      event: { type: 'fouledOut', params: { message: 'Player has fouled out!' } },
    }];
    await check(rules, [
      { personalFoulCount: 6, gameDuration: 40 },
      { personalFoulCount: 5, gameDuration: 48 },
      { personalFoulCount: 6, gameDuration: 48 },
      { personalFoulCount: 4, gameDuration: 40 },
    ], { personalFoulCount: 'integer', gameDuration: 'integer' });
  });

  it('a loyalty rule set with money and an enum from the schema', async () => {
    const rules: JreRule[] = [
      { name: 'big-basket', priority: 3, conditions: { all: [leaf('amount', 'greaterThanInclusive', 100), leaf('channel', 'in', ['web', 'app'])] }, event: { type: 'bonus', params: { points: 500 } } },
      { name: 'gold-member', priority: 2, conditions: { all: [leaf('tier', 'equal', 'gold'), leaf('amount', 'greaterThan', 20.5)] }, event: { type: 'gold', params: { points: 200 } } },
      { name: 'not-store', conditions: { not: leaf('channel', 'equal', 'store') }, event: { type: 'digital' } },
    ];
    await check(rules, [
      { amount: 100, channel: 'web', tier: 'gold' },
      { amount: 99.99, channel: 'app', tier: 'silver' },
      { amount: 20.5, channel: 'store', tier: 'gold' },
      { amount: 20.51, channel: 'store', tier: 'gold' },
    ], { amount: 'money', channel: 'enum(web, app, store)', tier: 'enum(gold, silver)' });
  });

  it('a schema enum member spelt like a fact still reads as the member (the fact is renamed)', async () => {
    const rules: JreRule[] = [
      { name: 'gold-tier', conditions: { all: [leaf('tier', 'equal', 'gold')] }, event: { type: 'a' } },
      { name: 'gold-flag', conditions: { all: [leaf('gold', 'equal', 'yes')] }, event: { type: 'b' } },
      { name: 'own-name', conditions: { all: [leaf('tier', 'in', ['tier', 'gold'])] }, event: { type: 'c' } },
      { name: 'nested', conditions: { all: [leaf('user', 'notEqual', 'silver', '$.tier')] }, event: { type: 'd' } },
    ];
    const fired = await check(rules, [
      { tier: 'gold', gold: 'yes', user: { tier: 'gold' } },
      { tier: 'tier', gold: 'no', user: { tier: 'silver' } },
      { tier: 'silver', gold: 'yes', user: { tier: 'tier' } },
    ], { tier: 'enum(gold, silver, tier)', user: { tier: 'enum(gold, silver, tier)' } });
    expect(fired[0]).toEqual(['gold-flag', 'gold-tier', 'nested', 'own-name']);
  });

  it('a rule priority json-rules-engine reads as its default ("" or false) is imported at the default', async () => {
    const rules: JreRule[] = [
      { name: 'blank', priority: '' as unknown as number, conditions: { all: [leaf('n', 'greaterThan', 1)] }, event: { type: 'a' } },
      { name: 'false', priority: false as unknown as number, conditions: { all: [leaf('n', 'greaterThan', 2)] }, event: { type: 'b' } },
      { name: 'high', priority: 5, conditions: { all: [leaf('n', 'greaterThan', 3)] }, event: { type: 'c' } },
    ];
    const imported = await importAndBuild(rules);
    expect(imported.result.rules.map((r) => [r.id, r.jrePriority])).toEqual([['blank', 1], ['false_', 1], ['high', 5]]);
    for (const n of [0, 2, 3, 4]) await expectSameFired(rules, imported, { n });
  });

  it('rules that cannot be imported are left out; the rest still agree', async () => {
    const rules: JreRule[] = [
      { name: 'custom', conditions: { all: [leaf('s', 'startsWith', 'a')] }, event: { type: 'x' } },
      { name: 'fact-to-fact', conditions: { all: [{ fact: 'n', operator: 'greaterThan', value: { fact: 'm' } }] }, event: { type: 'y' } },
      { name: 'ok', conditions: { all: [leaf('n', 'greaterThan', 1)] }, event: { type: 'z' } },
    ];
    const imported = await importAndBuild(rules);
    expect(imported.result.rules.map((r) => r.id)).toEqual([undefined, undefined, 'ok']);
    expect(imported.result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['JRE003', 'JRE005']);
    for (const n of [0, 2]) await expectSameFired(rules, imported, { n, m: 1, s: 'abc' });
  });
});

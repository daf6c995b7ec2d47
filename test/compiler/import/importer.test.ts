// The json-rules-engine importer on its own: the text it generates, the names it maps,
// the diagnostics it positions. (Oracle tests against json-rules-engine are in oracle.test.ts.)
import { describe, expect, it } from 'vitest';
import { JSONPath } from 'jsonpath-plus';
import fc from 'fast-check';
import { checkSource } from '../../../compiler/front.ts';
import {
  importJre, factsToTransaction, parseJsonPath, decimalText, accrueString, parseJsonWithPositions, safeIdentifier, NameScope,
} from '../../../compiler/import/index.ts';

const rule = (conditions: unknown, event: unknown = { type: 'fired' }, extra: Record<string, unknown> = {}) => ({ conditions, event, ...extra });
const imp = (rules: unknown, schema?: unknown) => importJre(JSON.stringify(rules, null, 2), schema === undefined ? {} : { schema: JSON.stringify(schema, null, 2) });
const errors = (r: ReturnType<typeof importJre>) => r.diagnostics.filter((d) => d.severity === 'error');

describe('importJre: generated source', () => {
  it('turns a top-level all into one `when` per condition, with the event type as the title', () => {
    const r = imp(rule({ all: [
      { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
      { fact: 'country', operator: 'equal', value: 'FR' },
      { fact: 'member', operator: 'notEqual', value: false },
    ] }, { type: 'adult-fr', params: { points: 250 } }, { name: 'adult' }));
    expect(errors(r)).toEqual([]);
    expect(r.source).toContain('rule adult "adult-fr" {');
    expect(r.source).toMatch(/\n {2}when age >= 18\n {2}when country = "FR"\n {2}when member != false\n {2}reward points 250\n}/);
    expect(r.source).toMatch(/transaction \{\n {4}age: number\n {4}country: string\n {4}member: boolean\n {2}\}/);
    expect(r.rules).toEqual([{ index: 0, pointer: '', name: 'adult', eventType: 'adult-fr', id: 'adult', jrePriority: 1, priority: undefined }]);
  });

  it('renders every operator', () => {
    const r = imp(rule({ all: [
      { fact: 'n', operator: 'equal', value: 1 },
      { fact: 'n', operator: 'notEqual', value: 2 },
      { fact: 'n', operator: 'lessThan', value: 3 },
      { fact: 'n', operator: 'lessThanInclusive', value: 4.5 },
      { fact: 'n', operator: 'greaterThan', value: -5 },
      { fact: 'n', operator: 'greaterThanInclusive', value: 0 },
      { fact: 's', operator: 'in', value: ['a', 'b'] },
      { fact: 's', operator: 'notIn', value: ['c'] },
      { fact: 'tags', operator: 'contains', value: 'vip' },
      { fact: 'tags', operator: 'doesNotContain', value: 'banned' },
      { fact: 'e', operator: 'notIn', value: [] },
    ] }));
    expect(errors(r)).toEqual([]);
    const whens = r.source.split('\n').filter((l) => l.startsWith('  when ')).map((l) => l.slice(7));
    expect(whens).toEqual([
      'n = 1', 'n != 2', 'n < 3', 'n <= 4.5', 'n > -5', 'n >= 0',
      's in ["a", "b"]', 's not in ["c"]', '"vip" in tags', '"banned" not in tags',
    ]);
    expect(r.source).toContain('tags: list of string');
    expect(r.source).toContain('e: string'); // only empty lists: string assumed
    expect(r.diagnostics.map((d) => d.code)).toContain('JRE018');
  });

  it('nests any/all/not with parentheses where needed', () => {
    const r = imp(rule({ any: [
      { all: [{ fact: 'a', operator: 'equal', value: 1 }, { fact: 'b', operator: 'equal', value: 2 }] },
      { not: { any: [{ fact: 'c', operator: 'equal', value: 3 }, { fact: 'd', operator: 'equal', value: 4 }] } },
    ] }));
    expect(r.source).toContain('when (a = 1 and b = 2) or not (c = 3 or d = 4)\n');
  });

  it('folds the constants json-rules-engine gives empty lists and empty all/any', () => {
    const a = { fact: 'a', operator: 'equal', value: 1 };
    const whens = (conditions: unknown) => imp(rule(conditions)).source.split('\n').filter((l) => l.startsWith('  when ')).map((l) => l.slice(7));
    expect(whens({ all: [a, { fact: 'e', operator: 'in', value: [] }] })).toEqual(['false']);
    expect(whens({ all: [a, { fact: 'e', operator: 'notIn', value: [] }, { any: [] }, { all: [] }] })).toEqual(['a = 1']);
    expect(whens({ any: [a, { fact: 'e', operator: 'notIn', value: [] }] })).toEqual([]);
    expect(whens({ any: [a, { fact: 'e', operator: 'in', value: [] }] })).toEqual(['a = 1']);
    expect(whens({ any: [{ fact: 'e', operator: 'in', value: [] }] })).toEqual(['false']);
    expect(whens({ any: [] })).toEqual([]);
    expect(whens({ not: { all: [] } })).toEqual(['false']);
    expect(whens({ all: [{ not: { fact: 'e', operator: 'in', value: [] } }] })).toEqual([]);
  });

  it('wraps long conditions over several lines', () => {
    const r = imp(rule({ any: ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'].map((f) => ({ fact: f, operator: 'equal', value: `${f}-value` })) }));
    expect(r.source).toContain('  when alpha = "alpha-value"\n    or bravo = "bravo-value"\n    or charlie');
  });

  it('reads path into records, nested records included', () => {
    const r = imp([
      rule({ all: [{ fact: 'user', path: '$.address.city', operator: 'equal', value: 'Paris' }] }),
      rule({ all: [{ fact: 'user', path: "$['age']", operator: 'greaterThan', value: 17 }] }, { type: 'second' }),
    ]);
    expect(errors(r)).toEqual([]);
    expect(r.source).toContain('user: user\n');
    expect(r.source).toMatch(/record user \{\n {4}address: user_address\n {4}age: number\n {2}\}/);
    expect(r.source).toMatch(/record user_address \{\n {4}city: string\n {2}\}/);
    expect(r.source).toContain('when user.address.city = "Paris"');
    expect(r.source).toContain('when user.age > 17');
  });

  it('maps json-rules-engine priority (higher first) to Accrue priority (lower first)', () => {
    const r = imp([
      rule({ all: [] }, { type: 'low' }, { priority: 1 }),
      rule({ all: [] }, { type: 'high' }, { priority: 100 }),
      rule({ all: [] }, { type: 'mid' }, { priority: '7' }),
      rule({ all: [] }, { type: 'default' }),
    ]);
    expect(r.rules.map((x) => [x.id, x.jrePriority, x.priority])).toEqual([
      ['low', 1, 30], ['high', 100, 10], ['mid', 7, 20], ['default', 1, 30],
    ]);
    expect(r.source).toContain('priority 10  # json-rules-engine priority 100');
  });

  it('omits priority when every rule has the same one', () => {
    const r = imp([rule({ all: [] }, { type: 'a' }, { priority: 5 }), rule({ all: [] }, { type: 'b' }, { priority: 5 })]);
    expect(r.source).not.toContain('priority');
  });

  it('gives params.points as points, else a marker point, and keeps params in a comment', () => {
    const r = imp([
      rule({ all: [] }, { type: 'a', params: { points: 40, note: 'x' } }),
      rule({ all: [] }, { type: 'b', params: { points: 2.5 } }),
      rule({ all: [] }, { type: 'c' }),
    ]);
    expect(r.source).toContain('# event params: {"points":40,"note":"x"}\nrule a "a" {\n  reward points 40\n}');
    expect(r.source).toContain('rule b "b" {\n  reward points 1  # marker: the rule fired\n}');
    expect(r.diagnostics.find((d) => d.code === 'JRE012')?.pointer).toBe('/1/event/params/points');
  });

  it('maps reserved words, implicit fields and invalid identifiers to safe names', () => {
    const r = imp(rule({ all: [
      { fact: 'customer', operator: 'equal', value: 1 },
      { fact: 'time', operator: 'equal', value: 1 },
      { fact: 'id', operator: 'equal', value: 1 },
      { fact: 'user-age', operator: 'equal', value: 1 },
      { fact: 'user_age', operator: 'equal', value: 1 },
      { fact: '2fa', operator: 'equal', value: true },
      { fact: 'quantity', operator: 'equal', value: 1 },
      { fact: 'obj', path: '$.in', operator: 'equal', value: 1 },
    ] }, { type: 'rule' }));
    expect(r.facts.map((f) => f.field)).toEqual(['customer_', 'time_', 'id_', 'user_age', 'user_age_2', '_2fa', 'quantity', 'obj']);
    expect(r.facts[7]!.fields![0]!.field).toBe('in_');
    expect(r.rules[0]!.id).toBe('rule_');
    expect(r.source).toContain('#   "user-age" → user_age');
    expect(r.diagnostics.filter((d) => d.code === 'JRE013').length).toBe(7);
  });

  it('gives unique rule ids from name, event type or position', () => {
    const r = imp([rule({ all: [] }, { type: 'x' }), rule({ all: [] }, { type: 'x' }), rule({ all: [] }, { type: 'y' }, { name: 'My Rule!' })]);
    expect(r.rules.map((x) => x.id)).toEqual(['x', 'x_2', 'My_Rule_']);
  });

  it('accepts a single rule, an array, and {rules: [...]}', () => {
    const one = rule({ all: [{ fact: 'a', operator: 'equal', value: 1 }] });
    expect(imp(one).rules.length).toBe(1);
    expect(imp([one, one]).rules.length).toBe(2);
    expect(imp({ rules: [one] }).rules[0]!.pointer).toBe('/rules/0');
  });

  it('uses a supplied schema: money, integer, enum, list, record', () => {
    const r = imp(rule({ all: [
      { fact: 'amount', operator: 'greaterThan', value: 10 },
      { fact: 'count', operator: 'equal', value: 3 },
      { fact: 'tier', operator: 'in', value: ['gold', 'silver'] },
      { fact: 'codes', operator: 'contains', value: 7 },
      { fact: 'user', path: '$.address.zip', operator: 'equal', value: '75001' },
      { fact: 'extra', operator: 'equal', value: 'inferred' },
    ] }), { amount: 'money', count: 'integer', tier: 'enum(gold, silver, bronze)', codes: 'list of integer', user: { address: { zip: 'string' } }, unused: 'boolean' });
    expect(errors(r)).toEqual([]);
    expect(r.source).toContain('amount: money\n');
    expect(r.source).toContain('tier: enum(gold, silver, bronze)');
    expect(r.source).toContain('unused: boolean');
    expect(r.source).toContain('extra: string');
    expect(r.source).toContain('when amount > 10 USD');
    expect(r.source).toContain('when tier in [gold, silver]');
    expect(r.source).toContain('when 7 in codes');
  });

  it('reports bad schema entries, positioned in the schema', () => {
    const r = importJre(JSON.stringify(rule({ all: [] })), { schema: '{\n  "a": "float",\n  "b": 3\n}' });
    const d = r.diagnostics.filter((x) => x.code === 'JRE015');
    expect(d.map((x) => [x.file, x.pointer, x.span?.line])).toEqual([['schema', '/a', 2], ['schema', '/b', 3]]);
  });

  it('escapes strings and keeps comments on one line', () => {
    const evil = 'a"b\\c\nd\u2028e${x}`';
    const r = imp(rule({ all: [{ fact: 's', operator: 'equal', value: evil }] }, { type: evil, params: { msg: '\u2028' } }, { name: 'n\nx' }));
    expect(r.source).toContain(`when s = "a\\"b\\\\c\\nd\\u{2028}e\${x}\`"`);
    for (const line of r.source.split('\n')) expect(line).not.toMatch(/[\u2028\u2029\r]/);
  });
});

describe('importJre: diagnostics for what it cannot express', () => {
  const cases: [string, unknown, string, string][] = [
    ['custom operator', { fact: 'a', operator: 'startsWith', value: 'x' }, 'JRE003', '/conditions/all/0/operator'],
    ['decorator', { fact: 'a', operator: 'someFact:equal', value: 1 }, 'JRE004', '/conditions/all/0/operator'],
    ['fact-to-fact', { fact: 'a', operator: 'equal', value: { fact: 'b' } }, 'JRE005', '/conditions/all/0/value'],
    ['condition reference', { condition: 'shared' }, 'JRE006', '/conditions/all/0/condition'],
    ['null value', { fact: 'a', operator: 'equal', value: null }, 'JRE007', '/conditions/all/0/value'],
    ['object value', { fact: 'a', operator: 'equal', value: { x: 1 } }, 'JRE007', '/conditions/all/0/value'],
    ['string for lessThan', { fact: 'a', operator: 'lessThan', value: '5' }, 'JRE007', '/conditions/all/0/value'],
    ['mixed in-list', { fact: 'a', operator: 'in', value: [1, 'x'] }, 'JRE007', '/conditions/all/0/value/1'],
    ['in without array', { fact: 'a', operator: 'in', value: 3 }, 'JRE007', '/conditions/all/0/value'],
    ['array index path', { fact: 'a', path: '$.items[0].price', operator: 'equal', value: 1 }, 'JRE009', '/conditions/all/0/path'],
    ['wildcard path', { fact: 'a', path: '$..price', operator: 'equal', value: 1 }, 'JRE009', '/conditions/all/0/path'],
    ['missing value', { fact: 'a', operator: 'equal' }, 'JRE010', '/conditions/all/0'],
    ['not with array', { not: [{ fact: 'a', operator: 'equal', value: 1 }] }, 'JRE010', '/conditions/all/0/not'],
    ['all not array', { all: { fact: 'a', operator: 'equal', value: 1 } }, 'JRE010', '/conditions/all/0/all'],
    ['non-object condition', 42, 'JRE010', '/conditions/all/0'],
  ];
  for (const [what, cond, code, pointer] of cases) {
    it(`${what} → ${code}, the rule is left out, the others stay`, () => {
      const good = rule({ all: [{ fact: 'ok', operator: 'equal', value: 1 }] }, { type: 'good' });
      const r = imp({ rules: [rule({ all: [cond] }, { type: 'bad' }), good] });
      const errs = errors(r);
      expect(errs.map((d) => [d.code, d.pointer])).toEqual([[code, `/rules/0${pointer}`]]);
      expect(errs[0]!.span).toBeDefined();
      expect(r.rules.map((x) => x.id)).toEqual([undefined, 'good']);
      expect(r.source).toContain('rule good "good"');
      expect(r.source).toContain('# Not imported (see the diagnostics):');
      expect(r.source).not.toContain('rule bad');
    });
  }

  it('an enum member named like an implicit field (id, time) is a schema error; the fact is inferred instead', () => {
    const r = importJre(JSON.stringify([rule({ all: [{ fact: 'tier', operator: 'equal', value: 'time' }] })]), { schema: '{\n  "tier": "enum(gold, time)"\n}' });
    expect(errors(r).map((d) => [d.code, d.file, d.pointer, d.span?.line])).toEqual([['JRE015', 'schema', '/tier', 2]]);
    expect(errors(r)[0]!.message).toContain('`time`');
    expect(r.source).toContain('tier: string');
    expect(checkSource(r.source).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('conditions nested deeper or chained longer than Accrue takes: JRE019, the rule is left out, the program checks', () => {
    const leafN = (i: number) => ({ fact: 'n', operator: 'equal', value: i });
    const nots = (depth: number) => {
      let c: unknown = leafN(1);
      for (let i = 0; i < depth; i++) c = { not: c };
      return c;
    };
    const wide = (n: number) => ({ any: Array.from({ length: n }, (_, i) => leafN(i)) });
    const r = imp([
      rule({ all: [nots(63)] }, { type: 'deep-ok' }),
      rule({ all: [nots(64)] }, { type: 'deep' }),
      rule(wide(998), { type: 'wide-ok' }),
      rule({ all: [{ fact: 'm', operator: 'equal', value: 1 }, wide(999)] }, { type: 'wide' }),
      rule({ all: [{ fact: 'n', operator: 'in', value: Array.from({ length: 10_001 }, (_, i) => i) }] }, { type: 'long-list' }),
    ]);
    expect(r.rules.map((x) => x.id)).toEqual(['deep_ok', undefined, 'wide_ok', undefined, undefined]);
    expect(errors(r).map((d) => [d.code, d.pointer])).toEqual([
      ['JRE019', '/1/conditions/all/0'], ['JRE019', '/3/conditions/all/1'], ['JRE019', '/4/conditions/all/0/value'],
    ]);
    for (const d of errors(r)) expect(d.span).toBeDefined();
    expect(checkSource(r.source).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('rules past the 10,000 a program holds: JRE019 on each, the first 10,000 imported, the program checks', () => {
    const many = Array.from({ length: 10_002 }, (_, i) => rule({ all: [{ fact: 'n', operator: 'equal', value: i }] }, { type: `e${i}` }));
    const r = imp(many);
    expect(errors(r).map((d) => [d.code, d.pointer])).toEqual([['JRE019', '/10000'], ['JRE019', '/10001']]);
    expect(r.rules.filter((x) => x.id !== undefined).length).toBe(10_000);
    expect(checkSource(r.source).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('conflicting types across rules: the later use is diagnosed', () => {
    const r = imp([
      rule({ all: [{ fact: 'a', operator: 'equal', value: 1 }] }, { type: 'first' }),
      rule({ all: [{ fact: 'a', operator: 'equal', value: 'x' }] }, { type: 'second' }),
      rule({ all: [{ fact: 'a', path: '$.b', operator: 'equal', value: 1 }] }, { type: 'third' }),
      rule({ all: [{ fact: 'a', operator: 'contains', value: 1 }] }, { type: 'fourth' }),
    ]);
    expect(errors(r).map((d) => [d.code, d.pointer])).toEqual([
      ['JRE008', '/1/conditions/all/0/value'], ['JRE008', '/2/conditions/all/0/path'], ['JRE008', '/3/conditions/all/0/value'],
    ]);
    expect(errors(r)[0]!.message).toContain('fact "a" is a number (from /0/conditions/all/0)');
  });

  it('a suggestion for a misspelt operator', () => {
    const r = imp(rule({ all: [{ fact: 'a', operator: 'greaterThen', value: 1 }] }));
    expect(errors(r)[0]!.hint).toBe('did you mean "greaterThan"?');
  });

  it('positions diagnostics at line and column in the JSON text', () => {
    const text = '[\n  {\n    "conditions": { "all": [\n      { "fact": "a", "operator": "regex", "value": "x" }\n    ] },\n    "event": { "type": "t" }\n  }\n]';
    const r = importJre(text);
    const d = errors(r)[0]!;
    expect(d.pointer).toBe('/0/conditions/all/0/operator');
    expect(d.span).toMatchObject({ line: 4, column: 34, length: 7 });
  });

  it('malformed JSON, wrong shapes, missing parts: diagnostics, never a throw', () => {
    expect(errors(importJre('{"rules": [ }'))[0]).toMatchObject({ code: 'JRE001', span: { line: 1, column: 13 } });
    expect(errors(importJre('"hello"'))[0]!.code).toBe('JRE002');
    expect(errors(importJre('{"rules": 3}'))[0]!.code).toBe('JRE002');
    expect(errors(importJre('[3]'))[0]!.code).toBe('JRE002');
    expect(errors(importJre('[{"conditions": {"all": []}}]'))[0]!.code).toBe('JRE017');
    expect(errors(importJre('[{"event": {"type": "x"}}]'))[0]!.code).toBe('JRE010');
    expect(errors(importJre('[{"conditions": {"foo": []}, "event": {"type": "x"}}]'))[0]!.code).toBe('JRE010');
    expect(errors(importJre('[{"conditions": {"all": []}, "event": {"type": "x"}, "priority": -1}]'))[0]!.code).toBe('JRE014');
    expect(importJre('[]').source).toContain('schema {');
  });

  it('warns about ignored properties and fact params', () => {
    const r = imp(rule({ all: [{ fact: 'a', operator: 'equal', value: 1, params: { id: 3 } }] }, { type: 'x' }, { onSuccess: 'nope' }));
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'JRE011'], ['warning', 'JRE016']]);
  });

  it('never throws on arbitrary JSON', () => {
    const anyJson = fc.jsonValue({ maxDepth: 6 });
    const ruleish = fc.record({ conditions: fc.oneof(anyJson, fc.record({ all: fc.array(anyJson) }), fc.record({ any: fc.array(anyJson) })), event: anyJson, priority: anyJson, name: anyJson }, { requiredKeys: [] });
    fc.assert(fc.property(fc.oneof(anyJson, fc.array(ruleish), ruleish), (v) => {
      const r = importJre(JSON.stringify(v));
      expect(typeof r.source).toBe('string');
    }), { numRuns: 500 });
  });
});

describe('helpers', () => {
  it('parseJsonWithPositions agrees with JSON.parse', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const text = JSON.stringify(v, null, 1);
      const r = parseJsonWithPositions(text);
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.json.value).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
    expect(parseJsonWithPositions('{"__proto__": {"x": 1}}')).toMatchObject({ ok: true, json: { value: { ['__proto__']: { x: 1 } } } });
    for (const bad of ['', '{', '[1,]', '{"a" 1}', '01', '"\\x"', 'tru', '1 2', '"a\nb"']) expect(parseJsonWithPositions(bad).ok).toBe(false);
  });

  it('parseJsonPath reads what jsonpath-plus reads', () => {
    const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,6}$/);
    const bracketKey = fc.stringMatching(/^[A-Za-z0-9 _.%&+=<>!{}|/-]{1,6}$/).filter((k) => !k.includes('..'));
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), key, bracketKey), { minLength: 1, maxLength: 4 }), (segs) => {
      const keys = segs.map(([dot, k, b]) => (dot ? k : b));
      const path = '$' + segs.map(([dot, k, b]) => (dot ? `.${k}` : `['${b}']`)).join('');
      expect(parseJsonPath(path)).toEqual(keys);
      let obj: unknown = 'leaf';
      for (const k of [...keys].reverse()) obj = { [k]: obj };
      expect(JSONPath({ path, json: obj as object, wrap: false })).toBe('leaf');
    }), { numRuns: 300 });
    expect(parseJsonPath('a.b')).toEqual(['a', 'b']);
    for (const bad of ['$..a', '$.a[0]', '$.*', '$[?(@.a)]', '$.a.', "$['a", '$["a\']', "$['a#b']", "$['a:b']", "$['..']"]) expect(parseJsonPath(bad)).toBeUndefined();
  });

  it('decimalText has no exponent and round-trips', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const t = decimalText(n);
      expect(t).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(t)).toBe(n === 0 ? 0 : n);
    }), { numRuns: 1000 });
    expect(decimalText(1e-7)).toBe('0.0000001');
    expect(decimalText(1.5e21)).toBe('1500000000000000000000');
  });

  it('accrueString escapes what the lexer needs escaped', () => {
    expect(accrueString('a"\\\n\t\u0001')).toBe('"a\\"\\\\\\n\\t\\u{1}"');
  });

  it('safe identifiers', () => {
    expect(safeIdentifier('when', 'f')).toBe('when_');
    expect(safeIdentifier('', 'f')).toBe('f');
    expect(safeIdentifier('---', 'f')).toBe('f');
    expect(safeIdentifier('é', 'f')).toBe('f');
    const s = new NameScope('f');
    expect([s.name('a b'), s.name('a_b'), s.name('a b')]).toEqual(['a_b', 'a_b_2', 'a_b']);
  });

  it('factsToTransaction renames facts and keys and adds id and time', () => {
    const r = imp(rule({ all: [
      { fact: 'time', operator: 'equal', value: 1 },
      { fact: 'user', path: '$.first-name', operator: 'equal', value: 'x' },
    ] }));
    const txn = factsToTransaction({ time: 5, user: { 'first-name': 'x', other: 1 }, unrelated: 3 }, r.facts, { id: 't1', time: '2026-01-01T00:00:00Z' });
    expect(txn).toEqual({ id: 't1', time: '2026-01-01T00:00:00Z', time_: 5, user: { first_name: 'x' } });
  });
});

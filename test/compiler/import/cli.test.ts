// `accrue import-jre`: the program on stdout, positioned diagnostics on stderr, exit status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImportJre } from '../../../cli/import-jre.ts';
import { runEval } from '../../../cli/eval.ts';
import { checkSource } from '../../../compiler/front.ts';

let dir: string;
const RULES = `{
  "rules": [
    {
      "name": "big-spender",
      "priority": 10,
      "conditions": { "all": [
        { "fact": "cart", "path": "$.total", "operator": "greaterThanInclusive", "value": 100 },
        { "fact": "channel", "operator": "in", "value": ["web", "app"] }
      ] },
      "event": { "type": "bonus", "params": { "points": 500 } }
    },
    {
      "name": "custom",
      "conditions": { "all": [ { "fact": "channel", "operator": "matches", "value": "^w" } ] },
      "event": { "type": "nope" }
    }
  ]
}
`;

async function run(fn: typeof runImportJre, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await fn(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accrue-import-'));
  writeFileSync(join(dir, 'rules.json'), RULES);
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ rules: [JSON.parse(RULES).rules[0]] }));
  writeFileSync(join(dir, 'schema.json'), JSON.stringify({ cart: { total: 'money' }, channel: 'enum(web, app, store)' }));
  writeFileSync(join(dir, 'facts.json'), JSON.stringify({ cart: { total: 150 }, channel: 'web' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accrue import-jre', () => {
  it('prints a program that checks; diagnostics go to stderr with file:line:col, a caret and the JSON pointer', async () => {
    const r = await run(runImportJre, join(dir, 'rules.json'));
    expect(r.code).toBe(1); // one rule could not be imported
    expect(r.out).toContain('program "rules" {');
    expect(r.out).toContain('rule big_spender "bonus" {');
    expect(checkSource(r.out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.err).toContain(`rules.json:14:65: error JRE003 operator "matches" is not a json-rules-engine built-in`);
    expect(r.err).toContain('(at /rules/1/conditions/all/0/operator)');
    expect(r.err).toMatch(/\n {2}.*"operator": "matches".*\n {2} +\^{9}\n/);
    expect(r.err).toContain('imported 1 of 2 rules (1 error, 0 warnings)');
  });

  it('exits 0 when every rule is imported; --schema and --name; --json', async () => {
    const r = await run(runImportJre, join(dir, 'good.json'), '--schema', join(dir, 'schema.json'), '--name', 'Shop');
    expect(r.code).toBe(0);
    expect(r.out).toContain('program "Shop" {');
    expect(r.out).toContain('when cart.total >= 100 USD');
    expect(r.out).toContain('when channel in [web, app]');
    const j = await run(runImportJre, join(dir, 'good.json'), '--json');
    const parsed = JSON.parse(j.out) as { source: string; rules: { id: string }[]; generatedErrors: string[] };
    expect(parsed.rules[0]!.id).toBe('big_spender');
    expect(parsed.generatedErrors).toEqual([]);
  });

  it('--facts turns json-rules-engine facts into a transaction that `accrue eval` takes', async () => {
    const prog = await run(runImportJre, join(dir, 'good.json'));
    writeFileSync(join(dir, 'good.accrue'), prog.out);
    const t = await run(runImportJre, join(dir, 'good.json'), '--facts', join(dir, 'facts.json'));
    expect(JSON.parse(t.out)).toMatchObject({ id: 'jre-facts', cart: { total: 150 }, channel: 'web' });
    writeFileSync(join(dir, 'txn.json'), t.out);
    const e = await run(runEval, join(dir, 'good.accrue'), '--txn', `@${join(dir, 'txn.json')}`);
    expect(e.code).toBe(0);
    expect(e.out).toMatch(/APPLIED +big_spender +\+500 points/);
  });

  it('malformed JSON and usage errors', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"rules": [\n  {"conditions": }\n]}');
    const bad = await run(runImportJre, join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('bad.json:2:18: error JRE001 malformed JSON');
    expect((await run(runImportJre)).code).toBe(2);
    expect((await run(runImportJre, join(dir, 'missing.json'))).err).toContain('no such file');
    expect((await run(runImportJre, join(dir, 'rules.json'), '--currency', 'usd')).code).toBe(2);
    expect((await run(runImportJre, join(dir, 'rules.json'), '--nope')).err).toContain('unknown option --nope');
  });
});

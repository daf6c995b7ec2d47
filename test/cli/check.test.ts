// Runs the real command (`node bin/accrue.mjs`), as a user would after `npm ci`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'accrue.mjs');
const EXAMPLES = readdirSync(join(ROOT, 'rules-examples'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join('rules-examples', e.name, `${e.name}.accrue`));

function accrue(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'accrue-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the credit-card example with `extra` appended, in the temp folder. */
function brokenCopy(name: string, extra: string): { file: string; lines: number } {
  const file = join(tmp, name);
  copyFileSync(join(ROOT, 'rules-examples/credit-card/credit-card.accrue'), file);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text + extra);
  return { file, lines: text.split('\n').length };
}

describe('accrue check', () => {
  it('exits 0 on every example and says so', () => {
    const r = accrue(['check', ...EXAMPLES]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`checked ${EXAMPLES.length} files: no problems`);
    expect(r.status).toBe(0);
  });

  it('accepts a folder for every .accrue file under it', () => {
    const r = accrue(['check', 'rules-examples']);
    expect(r.stdout).toContain(`checked ${EXAMPLES.length} files`);
    expect(r.status).toBe(0);
  });

  it('exits 1 on a line of garbage, with file:line:col, the source line and a caret', () => {
    const { file, lines } = brokenCopy('garbage.accrue', '@@ this is ~~ not a rule $$\n');
    const r = accrue(['check', file]);
    expect(r.status).toBe(1);
    const header = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${lines}:(\\d+): error (ACC\\d{3}) `, 'm');
    expect(r.stdout).toMatch(header);
    expect(r.stdout).toContain('  @@ this is ~~ not a rule $$\n  ^');
    expect(r.stdout).toMatch(/: \d+ errors?, \d+ warnings? \(1 file with errors\)$/m);
  });

  it('keeps reporting after garbage: diagnostics for later parts of the file still appear', () => {
    const later = [
      'rule after_garbage "typo after the garbage" {',
      '  when categry = dining',
      '  reward points 10',
      '}',
      '',
    ].join('\n');
    const { file, lines } = brokenCopy('garbage-then-typo.accrue', `%%% ??? garbage !!\n\n${later}`);
    const r = accrue(['check', file]);
    expect(r.status).toBe(1);
    const reported = [...r.stdout.matchAll(/:(\d+):(\d+): (error|warning) (ACC\d{3})/g)].map((m) => ({ line: Number(m[1]), code: m[4] }));
    expect(reported.some((d) => d.line === lines)).toBe(true);
    expect(reported).toContainEqual({ line: lines + 3, code: 'ACC100' });
    expect(r.stdout).toContain('    when categry = dining\n         ^^^^^^^');
  });

  it('--json prints an array of {file, diagnostics}', () => {
    const { file, lines } = brokenCopy('json.accrue', 'rule broken { reward points }\n');
    const r = accrue(['check', '--json', EXAMPLES[0]!, file]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { file: string; diagnostics: { severity: string; code: string; message: string; span: { line: number; column: number; length: number; offset: number } }[] }[];
    expect(out.map((f) => f.file)).toEqual([EXAMPLES[0], file]);
    expect(out[0]!.diagnostics).toEqual([]);
    expect(out[1]!.diagnostics.length).toBeGreaterThan(0);
    for (const d of out[1]!.diagnostics) {
      expect(d).toMatchObject({ severity: expect.any(String), code: expect.stringMatching(/^ACC\d{3}$/), message: expect.any(String) });
      expect(d.span).toMatchObject({ line: expect.any(Number), column: expect.any(Number), length: expect.any(Number), offset: expect.any(Number) });
    }
    expect(out[1]!.diagnostics[0]!.span.line).toBe(lines);
  });

  it('--json on clean files exits 0', () => {
    const r = accrue(['check', EXAMPLES[0]!, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ file: EXAMPLES[0], diagnostics: [] }]);
  });

  it('a missing file is reported, not a crash, and exits 2 like an unreadable file in every command', () => {
    const r = accrue(['check', join(tmp, 'nope.accrue')]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('nope.accrue: error cannot read file: no such file');
    // the files that can be read are still checked
    const both = accrue(['check', join(tmp, 'nope.accrue'), EXAMPLES[0]!]);
    expect(both.status).toBe(2);
    expect(both.stdout).toMatch(/checked 2 files/);
    expect(accrue(['compile', join(tmp, 'nope.accrue')]).status).toBe(2);
  });

  it('a folder with no .accrue files is exit 2, not "no problems" (a CI step would check nothing and pass)', () => {
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    const r = accrue(['check', empty]);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('no .accrue files in');
  });

  it('usage errors exit 2', () => {
    expect(accrue(['check']).status).toBe(2);
    expect(accrue(['frobnicate']).status).toBe(2);
    expect(accrue(['check', '--yaml', EXAMPLES[0]!]).status).toBe(2);
  });

  it('works from another working directory', () => {
    const r = accrue(['check', join(ROOT, EXAMPLES[0]!)], tmp);
    expect(r.status).toBe(0);
  });
});

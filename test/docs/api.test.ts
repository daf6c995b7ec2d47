// docs/api.md cannot rot: its runnable TypeScript example (the ```ts run block) is written
// to a temporary file, type-checked with the repository's compiler options, run with tsx
// from the repository root, and must print exactly the ```text block that follows it. The
// library entry it imports (`accrue`, i.e. index.ts) must export what the doc's table lists.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../../index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
const INDEX = join(ROOT, 'index.ts');

/** Each ```ts run block with the ```text block that follows it (its expected output). */
function examples(markdown: string): { code: string; output: string }[] {
  const out: { code: string; output: string }[] = [];
  const re = /```ts run\n([\s\S]*?)```\n+[^`]*?```text\n([\s\S]*?)```/g;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) out.push({ code: m[1]!, output: m[2]! });
  return out;
}

/** The names in the "Other exports" table: values (first column) and the types row. */
function exportsTable(): { values: string[]; types: string[] } {
  const table = DOC.slice(DOC.indexOf('## Other exports'), DOC.indexOf('## The `accrue` command'));
  const values: string[] = [];
  let types: string[] = [];
  for (const row of table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Export') && !l.startsWith('|---'))) {
    const [first, second] = row.split(' | ');
    const names = [...(first === '| types' ? second! : first!).matchAll(/`([A-Za-z]+)/g)].map((m) => m[1]!);
    if (first === '| types') types = names;
    else values.push(...names);
  }
  return { values, types };
}

const dir = mkdtempSync(join(tmpdir(), 'accrue-api-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/api.md', () => {
  const blocks = examples(DOC);

  it('has a runnable example with its output', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(1);
  });

  blocks.forEach((block, i) => {
    // The doc imports from 'accrue' (package.json "exports"); outside the repository the
    // temporary file imports index.ts by path instead.
    const code = block.code.replace(/from 'accrue'/g, `from ${JSON.stringify(INDEX)}`);
    const file = join(dir, `example-${i + 1}.mts`);
    writeFileSync(file, code);

    it(`example ${i + 1} type-checks, with every type the doc lists`, () => {
      const typesFile = join(dir, 'types.mts');
      const { types } = exportsTable();
      expect(types.length).toBeGreaterThan(20);
      writeFileSync(typesFile, `import type { ${types.join(', ')} } from ${JSON.stringify(INDEX)};\nexport type All = [${types.join(', ')}];\n`);
      const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      const args = [tsc, '--noEmit', '--strict', '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext',
        '--allowImportingTsExtensions', '--verbatimModuleSyntax', '--skipLibCheck', '--noUncheckedIndexedAccess',
        '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), file, typesFile];
      try {
        execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string };
        throw new Error(`tsc failed on the doc example:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      }
    });

    it(`example ${i + 1} runs and prints the documented output`, () => {
      const stdout = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8' });
      expect(stdout).toBe(block.output);
    });
  });

  it("resolves 'accrue' to index.ts from inside the repository (package.json exports)", () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      "const m = await import('accrue'); console.log(typeof m.compile, typeof m.checkSource, typeof m.parse)"], { cwd: ROOT, encoding: 'utf8' });
    expect(stdout.trim()).toBe('function function function');
  });

  it('index.ts exports every function and value the doc lists', () => {
    const values = exportsTable().values;
    expect(values.length).toBeGreaterThan(10);
    for (const name of values) expect(api, name).toHaveProperty(name);
  });
});

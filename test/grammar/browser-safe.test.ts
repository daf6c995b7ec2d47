// grammar/ runs in the editor's web worker: it must import nothing from Node.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const dir = new URL('../../grammar/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

function importsOf(source: string): string[] {
  const statics = [...source.matchAll(/^(?:import|export)\b[\s\S]*?\bfrom\s+'([^']+)';/gm)].map((m) => m[1]!);
  const dynamics = [...source.matchAll(/\bimport\(\s*'([^']+)'/g)].map((m) => m[1]!);
  return [...statics, ...dynamics];
}

describe('grammar/ is browser-safe', () => {
  it('the import scan sees multi-line imports', () => {
    expect(importsOf(readFileSync(new URL('parser.ts', dir), 'utf8'))).toEqual(['chevrotain', './messages.ts', './tokens.ts']);
  });

  it.each(files)('%s imports only chevrotain and local files', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    const specifiers = importsOf(source);
    const foreign = specifiers.filter((s) => !s.startsWith('./') && s !== 'chevrotain');
    expect(foreign).toEqual([]);
    expect(specifiers.filter((s) => s.startsWith('node:') || builtinModules.includes(s))).toEqual([]);
    expect(source).not.toMatch(/\bprocess\.|\brequire\(|\bBuffer\b/);
  });
});

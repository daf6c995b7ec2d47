// Every example program and every `accrue` block in docs/language.md parses without syntax
// diagnostics, except blocks marked `expect ACC0xx`, which must give that code.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/parse.ts';
import { render } from './helpers.ts';

const root = new URL('../../', import.meta.url);
const PREAMBLE = `program "Docs" { currency USD }\nschema { transaction { amount: money } }\n`;

// Syntax (ACC0xx) and limits (ACC4xx) are the parser's; the rest belong to the checker.
const isSyntax = (code: string) => code < 'ACC100' || code >= 'ACC400';

function exampleFiles(): string[] {
  const dir = new URL('rules-examples/', root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.accrue'));
}

function docBlocks(): { info: string; code: string; line: number }[] {
  const file = new URL('docs/language.md', root);
  if (!existsSync(file)) return [];
  const md = readFileSync(file, 'utf8');
  return [...md.matchAll(/```accrue([^\n]*)\n([\s\S]*?)```/g)].map((m) => ({
    info: m[1]!.trim(),
    code: m[2]!,
    line: md.slice(0, m.index).split('\n').length,
  }));
}

// Snippets often show only rules (or only a schema); give them what they leave out.
function complete(code: string): string {
  const body = code.replace(/^(\s*#[^\n]*\n)*/, '').trimStart();
  if (body.startsWith('program')) return code;
  if (body.startsWith('schema')) return `program "Docs" { currency USD }\n${code}`;
  return PREAMBLE + code;
}

describe('example programs parse', () => {
  it.each(exampleFiles())('rules-examples/%s', (file) => {
    const { diagnostics } = parse(readFileSync(new URL(`rules-examples/${file}`, root), 'utf8'));
    expect(render(diagnostics.filter((d) => isSyntax(d.code)))).toEqual([]);
  });
});

describe('docs/language.md accrue blocks parse', () => {
  const blocks = docBlocks();
  it.each(blocks.map((b) => [b.line, b] as const))('block at line %i', (_line, block) => {
    const syntax = parse(complete(block.code)).diagnostics.filter((d) => isSyntax(d.code)).map((d) => d.code);
    const expected = /expect (ACC0\d\d|ACC4\d\d)/.exec(block.info)?.[1];
    if (expected === undefined) expect(syntax).toEqual([]);
    else expect(syntax).toContain(expected);
  });
});

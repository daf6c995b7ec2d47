// README.md's samples must be what the commands really print.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/front.ts';
import { renderDiagnostic, sourceFile } from '../../cli/render.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const CARD = readFileSync(new URL('../../rules-examples/credit-card/credit-card.accrue', import.meta.url), 'utf8');

describe('README.md', () => {
  it('the compiler-style diagnostic sample is the real output, indentation included', () => {
    const sample = /A problem is printed compiler-style[\s\S]*?\n```\n([\s\S]*?)```/.exec(README)?.[1];
    expect(sample).toBeDefined();
    const source = CARD.replace('when category = dining', 'when categry = dining');
    const diagnostics = checkSource(source).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(renderDiagnostic(sourceFile('card.accrue', source), diagnostics[0]!) + '\n').toBe(sample);
  });

  it('does not present the browser editor as existing', () => {
    const row = README.split('\n').find((l) => l.startsWith('| `editor/`'));
    expect(row === undefined || /next/.test(row)).toBe(true);
  });
});

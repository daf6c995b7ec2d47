// Every program in rules-examples/ parses and checks with no diagnostics at all, and each
// folder has its README saying what business it models.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '../../grammar/parse.ts';
import { checkSource } from '../../compiler/front.ts';

const ROOT = fileURLToPath(new URL('../../rules-examples/', import.meta.url));
const NAMES = readdirSync(ROOT, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('rules-examples', () => {
  it('has the six programs the language must show', () => {
    expect(NAMES).toEqual(expect.arrayContaining([
      'bank-cashback', 'building-materials', 'cart-schemes', 'coalition-wallet', 'credit-card', 'grocery-loyalty',
    ]));
  });

  for (const name of NAMES) {
    describe(name, () => {
      const file = join(ROOT, name, `${name}.accrue`);
      const source = existsSync(file) ? readFileSync(file, 'utf8') : '';

      it(`has ${name}/${name}.accrue and a README`, () => {
        expect(existsSync(file)).toBe(true);
        expect(readFileSync(join(ROOT, name, 'README.md'), 'utf8')).toMatch(/Models /);
      });

      it('parses without diagnostics', () => {
        const { ast, diagnostics } = parse(source);
        expect(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.code} ${d.message}`)).toEqual([]);
        expect(ast.rules.length).toBeGreaterThan(5);
      });

      it('checks clean', () => {
        const { program, diagnostics } = checkSource(source);
        expect(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.severity} ${d.code} ${d.message}`)).toEqual([]);
        expect(program).toBeDefined();
      });
    });
  }

  it('the credit card has about twenty rules', () => {
    const { ast } = parse(readFileSync(join(ROOT, 'credit-card', 'credit-card.accrue'), 'utf8'));
    expect(ast.rules.length).toBeGreaterThanOrEqual(18);
  });
});

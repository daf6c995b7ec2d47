// Static limits: each is a diagnostic, never a crash (grammar/diagnostics.ts LIMITS).
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../grammar/diagnostics.ts';
import { parse } from '../../grammar/parse.ts';
import { PREAMBLE, parseExpr, sx } from './helpers.ts';

const codes = (source: string) => parse(source).diagnostics.map((d) => d.code);

describe('limits', () => {
  it('ACC400: refuses a source over LIMITS.sourceChars without lexing it', () => {
    const { ast, diagnostics } = parse(' '.repeat(LIMITS.sourceChars + 1));
    expect(diagnostics.map((d) => d.code)).toEqual(['ACC400']);
    expect(ast.rules).toEqual([]);
  });

  it(`accepts ${LIMITS.nestingDepth} nested parentheses`, () => {
    const e = parseExpr(`${'('.repeat(LIMITS.nestingDepth)}a${')'.repeat(LIMITS.nestingDepth)} = 1`);
    expect(sx(e)).toBe('(= a 1)');
  });

  it('ACC401: 500 nested parentheses give a diagnostic at the first level too deep, and later rules still parse', () => {
    const source = `${PREAMBLE}rule a { when ${'('.repeat(500)}1${')'.repeat(500)} reward points 1 }\nrule b { reward points 2 }`;
    const { ast, diagnostics } = parse(source);
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([['ACC401', 7, 15 + LIMITS.nestingDepth]]);
    expect(ast.rules.map((r) => r.id.name)).toEqual(['a', 'b']);
  });

  it('ACC401: 100,000 nested brackets or `not`s never overflow the stack', () => {
    expect(codes(`${PREAMBLE}rule a { when ${'['.repeat(100_000)} }`)).toEqual(['ACC401']);
    expect(codes(`${PREAMBLE}rule a { when ${'not '.repeat(100_000)}x reward points 1 }`)).toEqual(['ACC401']);
    expect(codes(`${PREAMBLE}rule a { when ${'-'.repeat(100_000)}x > 1 reward points 1 }`)).toEqual(['ACC401']);
  });

  it('ACC401: a 20,000-term operator chain parses but is reported and left out', () => {
    const { ast, diagnostics } = parse(`${PREAMBLE}rule a { when 1${' + 1'.repeat(20_000)} > 2 reward points 1 }\nrule b { reward points 1 }`);
    expect(diagnostics.map((d) => d.code)).toEqual(['ACC401']);
    expect(ast.rules.map((r) => r.id.name)).toEqual(['b']);
  });

  it('a 200-term `or` chain is fine', () => {
    const e = parseExpr(Array.from({ length: 200 }, (_, i) => `x = ${i}`).join(' or '));
    expect(e.kind).toBe('Binary');
  });

  it('ACC404: a list literal longer than LIMITS.listElements', () => {
    const list = `[${Array.from({ length: LIMITS.listElements + 1 }, () => '1').join(',')}]`;
    expect(codes(`${PREAMBLE}rule a { when x in ${list} reward points 1 }`)).toEqual(['ACC404']);
  });

  it('ACC403: a 2 MB file of broken rules is reported in a moment, not half a minute', () => {
    // Chevrotain's recovery costs ~0.1 ms a broken declaration: past the first
    // LIMITS.diagnostics problems nothing more is reported, so nothing more is read.
    const source = `${PREAMBLE}${'rule r { when '.repeat(140_000)}`;
    const started = performance.now();
    const { diagnostics } = parse(source);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(diagnostics).toHaveLength(LIMITS.diagnostics + 1);
    expect(diagnostics.at(-1)).toMatchObject({ code: 'ACC403', message: expect.stringMatching(/^at least \d+ further diagnostics are not reported$/) });
  });

  it('ACC403: at most LIMITS.diagnostics diagnostics, then one saying how many more', () => {
    const { diagnostics } = parse(`${PREAMBLE}${'@ '.repeat(LIMITS.diagnostics + 50)}`);
    expect(diagnostics).toHaveLength(LIMITS.diagnostics + 1);
    expect(diagnostics.at(-1)!.code).toBe('ACC403');
  });
});

// Shared helpers for grammar tests: a minimal valid preamble, wrappers that parse one rule or
// one expression, and a compact S-expression printer so precedence reads at a glance.
import { expect } from 'vitest';
import type { Expr, Program, Rule } from '../../grammar/ast.ts';
import type { Diagnostic } from '../../grammar/diagnostics.ts';
import { parse } from '../../grammar/parse.ts';

export const PREAMBLE = `program "Test" {
  currency USD
}
schema {
  transaction { amount: money }
}
`;

/** Parses source and fails the test with the diagnostics if there are any. */
export function parseClean(source: string): Program {
  const { ast, diagnostics } = parse(source);
  expect(render(diagnostics)).toEqual([]);
  return ast;
}

/** Parses one rule body (the text between the braces) after the test preamble. */
export function parseRule(body: string): Rule {
  const ast = parseClean(`${PREAMBLE}rule r {\n${body}\n}\n`);
  expect(ast.rules).toHaveLength(1);
  return ast.rules[0]!;
}

/** Parses one expression as the condition of a rule. */
export function parseExpr(text: string): Expr {
  return parseRule(`when ${text}\nreward points 1`).conditions[0]!;
}

/** `code line:col+len message` — one string per diagnostic, for readable assertions. */
export function render(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.span.line}:${d.span.column}+${d.span.length} ${d.message}`);
}

/** A compact Lisp-like rendering of an expression tree. */
export function sx(e: Expr | undefined): string {
  if (e === undefined) return '∅';
  switch (e.kind) {
    case 'NumberLit':
      return e.text;
    case 'PercentLit':
      return `${e.text}%`;
    case 'MoneyLit':
      return `${e.text}${e.currency.name}`;
    case 'StringLit':
      return JSON.stringify(e.value);
    case 'BoolLit':
      return String(e.value);
    case 'DateLit':
      return `#${e.text}`;
    case 'TimeLit':
      return `@${e.text}`;
    case 'NameRef':
      return e.name;
    case 'MemberAccess':
      return `${sx(e.object)}.${e.member.name}`;
    case 'ListLit':
      return `[${e.elements.map(sx).join(' ')}]`;
    case 'Unary':
      return `(${e.op} ${sx(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'InExpr':
      return `(${e.negated ? 'not-in' : 'in'} ${sx(e.value)} ${sx(e.list)})`;
    case 'Call':
      return `(${e.callee.name}() ${e.args.map(sx).join(' ')})`;
    case 'Aggregate':
      return `(${e.fn} ${e.variable.name} ${sx(e.source)}${e.value ? ` value=${sx(e.value)}` : ''}${e.filter ? ` where=${sx(e.filter)}` : ''})`;
    case 'PeriodAggregate':
      return `(customer-${e.metric} ${e.period})`;
    case 'ErrorExpr':
      return '<error>';
  }
}

/** The source text a span covers. */
export function textAt(source: string, span: { offset: number; length: number }): string {
  return source.slice(span.offset, span.offset + span.length);
}

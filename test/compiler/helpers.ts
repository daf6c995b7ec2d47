// Test helpers for the checker: a standard program prelude, and the caret rendering the
// CLI/editor would show, so tables can assert exactly what a user sees.
import type { Diagnostic } from '../../grammar/diagnostics.ts';
import type { Span } from '../../grammar/span.ts';
import { checkSource } from '../../compiler/front.ts';

/** The caret line under a span: `   ^^^^` (at least one caret, clipped to the line). */
export function caretLine(source: string, span: Span): string {
  const line = source.split('\n')[span.line - 1] ?? '';
  const room = Math.max(1, line.length - (span.column - 1));
  return ' '.repeat(span.column - 1) + '^'.repeat(Math.max(1, Math.min(span.length, room)));
}

/** A prelude every case extends; rules start on line PRELUDE_LINES + 1. */
export const PRELUDE = `program "Test" {
  currency USD
  currencies EUR
  timezone "America/New_York"
}
schema {
  transaction {
    amount: money
    category: enum(dining, travel, groceries, gas)
    mcc: string
    channel: enum(online, store)
    items: list of item
    fx: money EUR
    tags: list of string
    posted: date
  }
  customer {
    tier: enum(standard, gold)
    joined: date
  }
  record item {
    sku: string
    price: money
    quantity: integer
    division: enum(tiles, paint)
  }
}`;
export const PRELUDE_LINES = PRELUDE.split('\n').length;

/** Checks `source` and returns diagnostics without syntax errors muddling them (those fail loudly). */
export function diagnose(source: string): Diagnostic[] {
  const { diagnostics } = checkSource(source);
  const syntax = diagnostics.filter((d) => d.code < 'ACC100');
  if (syntax.length > 0) throw new Error(`syntax errors in test source: ${JSON.stringify(syntax, null, 1)}`);
  return diagnostics;
}

/** Checks a source that must be clean (no errors, no warnings) and returns its program. */
export function clean(source: string) {
  const res = checkSource(source);
  if (res.diagnostics.length > 0 || res.program === undefined) throw new Error(`expected no diagnostics: ${JSON.stringify(res.diagnostics, null, 1)}`);
  return res.program;
}

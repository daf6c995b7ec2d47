// The one catalogue of diagnostic codes. Every diagnostic the lexer, parser and checker
// report is made here, so wording stays consistent and codes stay stable for tools
// (the CLI, the HTTP API and the editor all key on `code`).
import type { Span } from './span.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A problem in a program, as a value. Rendering to `line:col` + caret happens at the edges. */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

type Entry = { readonly severity: Severity; readonly summary: string };

/** Codes by area: ACC0xx syntax, ACC1xx names, ACC2xx types, ACC3xx rules, ACC4xx limits. */
export const CATALOGUE = {
  // ── Syntax (lexer and parser) ──
  ACC001: { severity: 'error', summary: 'unexpected character' },
  ACC002: { severity: 'error', summary: 'unterminated string' },
  ACC003: { severity: 'error', summary: 'unexpected token' },
  ACC004: { severity: 'error', summary: 'missing token' },
  ACC005: { severity: 'error', summary: 'unexpected end of file' },
  ACC006: { severity: 'error', summary: 'malformed literal (date, time, number or money)' },
  ACC007: { severity: 'error', summary: 'declaration given twice where once is allowed' },
  ACC008: { severity: 'error', summary: 'missing program header' },
  ACC009: { severity: 'error', summary: 'missing schema' },
  ACC010: { severity: 'error', summary: 'rule has no reward' },

  // ── Names ──
  ACC100: { severity: 'error', summary: 'unknown field' },
  ACC101: { severity: 'error', summary: 'unknown function' },
  ACC102: { severity: 'error', summary: 'unknown enum member' },
  ACC103: { severity: 'error', summary: 'unknown record type' },
  ACC104: { severity: 'error', summary: 'unknown group' },
  ACC105: { severity: 'error', summary: 'unknown rule' },
  ACC106: { severity: 'error', summary: 'duplicate rule id' },
  ACC107: { severity: 'error', summary: 'duplicate field' },
  ACC108: { severity: 'error', summary: 'duplicate group or exclusion id' },
  ACC109: { severity: 'error', summary: 'unknown currency' },
  ACC110: { severity: 'error', summary: 'unknown timezone' },
  ACC111: { severity: 'error', summary: 'name shadows a field' },
  ACC112: { severity: 'error', summary: 'reserved field name' },
  ACC113: { severity: 'error', summary: 'duplicate enum member' },
  ACC114: { severity: 'error', summary: 'record contains itself' },

  // ── Types ──
  ACC200: { severity: 'error', summary: 'type mismatch' },
  ACC201: { severity: 'error', summary: 'money arithmetic with a plain number' },
  ACC202: { severity: 'error', summary: 'money of different currencies' },
  ACC203: { severity: 'error', summary: 'condition is not boolean' },
  ACC204: { severity: 'error', summary: 'wrong number of arguments' },
  ACC205: { severity: 'error', summary: 'operator does not apply to this type' },
  ACC206: { severity: 'error', summary: 'comparison of incompatible types' },
  ACC207: { severity: 'error', summary: 'not a list' },
  ACC208: { severity: 'error', summary: 'not a record' },
  ACC209: { severity: 'error', summary: 'reward amount has the wrong type' },
  ACC210: { severity: 'error', summary: 'list elements of different types' },
  ACC211: { severity: 'error', summary: 'division by zero' },
  ACC212: { severity: 'error', summary: 'aggregate needs a value of a summable type' },

  // ── Rules, rewards, caps, windows ──
  ACC300: { severity: 'error', summary: 'cap unit does not fit the reward' },
  ACC301: { severity: 'error', summary: 'multiplier has nothing to multiply' },
  ACC302: { severity: 'error', summary: 'validity window can never be open' },
  ACC303: { severity: 'warning', summary: 'condition is always false' },
  ACC304: { severity: 'warning', summary: 'rules in one group with equal priority: the tie-break decides' },
  ACC305: { severity: 'error', summary: 'cashback bands out of order' },
  ACC306: { severity: 'error', summary: 'chance out of range' },
  ACC307: { severity: 'error', summary: 'invalid cap' },
  ACC308: { severity: 'error', summary: 'invalid expiry' },
  ACC309: { severity: 'warning', summary: 'condition is always true' },
  ACC310: { severity: 'error', summary: 'invalid priority' },
  ACC311: { severity: 'error', summary: 'multiplier targets a rule that earns no points' },
  ACC312: { severity: 'error', summary: 'no spend field for period aggregates' },
  ACC313: { severity: 'warning', summary: 'group has a single rule' },
  ACC314: { severity: 'error', summary: 'invalid header setting' },
  ACC315: { severity: 'error', summary: 'group mixes multipliers with other rewards' },
  ACC316: { severity: 'warning', summary: 'reward can never pay' },
  ACC317: { severity: 'warning', summary: 'cap given twice' },
  ACC318: { severity: 'warning', summary: 'group has no rules' },
  ACC319: { severity: 'error', summary: 'rate out of range' },
  ACC320: { severity: 'warning', summary: 'stacking group has no caps' },
  ACC321: { severity: 'warning', summary: 'multiplier names a rule twice' },

  // ── Limits ──
  ACC400: { severity: 'error', summary: 'source too large' },
  ACC401: { severity: 'error', summary: 'expression nested too deeply' },
  ACC402: { severity: 'error', summary: 'too many rules' },
  ACC403: { severity: 'error', summary: 'too many diagnostics; further ones are not reported' },
  ACC404: { severity: 'error', summary: 'list literal too long' },
  ACC405: { severity: 'error', summary: 'program too large to compile' },
} as const satisfies Record<string, Entry>;

export type DiagnosticCode = keyof typeof CATALOGUE;

/** Static limits; exceeding one is a diagnostic, never a crash. */
export const LIMITS = {
  sourceChars: 2_000_000,
  nestingDepth: 64,
  rules: 10_000,
  diagnostics: 500,
  listElements: 10_000,
} as const;

/** Makes a diagnostic whose severity comes from the catalogue. */
export function diagnostic(code: DiagnosticCode, message: string, span: Span, hint?: string): Diagnostic {
  const d: Diagnostic = { severity: CATALOGUE[code].severity, code, message, span };
  return hint === undefined ? d : { ...d, hint };
}

/** True when any diagnostic is an error (warnings do not block publishing). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

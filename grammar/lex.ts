// The lexer facade: source text → tokens + diagnostics. Chevrotain reports unexpected
// characters as errors; here they become catalogue diagnostics, and literals the patterns
// accepted are checked for sense (ACC002, ACC006).
import type { IToken, TokenType } from 'chevrotain';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { Span } from './span.ts';
import { checkDate, checkTime, decodeString, type LiteralProblem } from './literals.ts';
import { imageAt, scanFast, spanAt, tableOf, tokensOf, type TokenTable } from './fast-lex.ts';
import { AccrueLexer, AmpAmp, DateLiteral, LessGreater, PipePipe, SingleQuotedString, StringLiteral, TimeLiteral, UnterminatedString } from './tokens.ts';

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
}

/** The span of one token. */
export function tokenSpan(t: IToken): Span {
  const end = t.endOffset ?? t.startOffset + t.image.length - 1;
  return { offset: t.startOffset, line: t.startLine ?? 1, column: t.startColumn ?? 1, length: Math.max(0, end - t.startOffset + 1) };
}

// Lines inside a literal never change (strings, dates and times are one line).
function problemSpan(t: IToken, p: LiteralProblem): Span {
  const base = tokenSpan(t);
  return { offset: base.offset + p.at, line: base.line, column: base.column + p.at, length: p.length };
}

const CHAR_HINTS: Record<string, string> = {
  "'": 'strings use double quotes: "like this"',
  '&': 'write `and`',
  '|': 'write `or`',
  '!': 'write `not`, or `!=` for "not equal"',
  ';': 'statements need no separator; remove the `;`',
  '$': 'write money as `10 USD`',
  '@': 'names use letters, digits and `_`',
};

// Tokens other languages taught us, read as their Accrue meaning after one ACC001.
const HABITS = new Map<TokenType, { hint: string; image: (image: string) => string }>([
  [AmpAmp, { hint: 'write `and`', image: () => 'and' }],
  [PipePipe, { hint: 'write `or`', image: () => 'or' }],
  [LessGreater, { hint: 'not equal is `!=`', image: () => '!=' }],
  [SingleQuotedString, { hint: 'strings use double quotes: "like this"', image: (i) => JSON.stringify(i.slice(1, -1)) }],
]);

/** Lexes `source` into tokens, reporting bad characters and malformed literals. */
export function lex(source: string): LexResult {
  const { table, diagnostics } = lexTable(source);
  const tokens = table.objects !== undefined ? (table.objects as IToken[]) : tokensOf(table, 0, table.length);
  return { tokens, comments: table.comments, diagnostics };
}

/** What parse.ts reads: the token table (fast-lex.ts) and the lexer's diagnostics. */
export function lexTable(source: string): { table: TokenTable; diagnostics: Diagnostic[] } {
  // Clean source takes the one-pass lexer; anything else Chevrotain's, which reports it.
  const table = scanFast(source);
  if (table === undefined) return lexWithChevrotain(source);
  // Clean source has no stand-ins, no bad characters and no unterminated string: only the
  // literals' sense is left to check.
  const diagnostics: Diagnostic[] = [];
  const { types, literals } = table;
  const count = literals?.length ?? table.length;
  for (let k = 0; k < count; k++) {
    const i = literals === undefined ? k : literals[k]!;
    const type = types[i];
    if (type !== StringLiteral && type !== DateLiteral && type !== TimeLiteral) continue;
    const image = imageAt(table, i);
    const problems: LiteralProblem[] =
      type === StringLiteral
        ? image.indexOf('\\') === -1 ? [] : decodeString(image).problems
        : [type === DateLiteral ? checkDate(image) : checkTime(image)].filter((p) => p !== undefined);
    if (problems.length === 0) continue;
    const base = spanAt(table, i);
    for (const p of problems) diagnostics.push(diagnostic('ACC006', p.message, { offset: base.offset + p.at, line: base.line, column: base.column + p.at, length: p.length }, p.hint));
  }
  return { table, diagnostics };
}

function lexWithChevrotain(source: string): { table: TokenTable; diagnostics: Diagnostic[] } {
  const result = AccrueLexer.tokenize(source);
  const diagnostics: Diagnostic[] = [];
  for (const e of result.errors) {
    const text = source.substr(e.offset, e.length);
    const first = text.charAt(0);
    const span: Span = { offset: e.offset, line: e.line ?? 1, column: e.column ?? 1, length: e.length };
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    diagnostics.push(diagnostic('ACC001', `unexpected character${e.length > 1 ? 's' : ''} ${JSON.stringify(shown)}`, span, CHAR_HINTS[first]));
  }
  for (const t of result.tokens) {
    const habit = HABITS.get(t.tokenType);
    if (habit !== undefined) {
      diagnostics.push(diagnostic('ACC001', `unexpected character${t.image.length > 1 ? 's' : ''} ${JSON.stringify(t.image.length > 20 ? `${t.image.slice(0, 20)}…` : t.image)}`, tokenSpan(t), habit.hint));
      // The parser and the AST builder read the image: give them what was plainly meant.
      t.image = habit.image(t.image);
      continue;
    }
    if (t.tokenType === UnterminatedString) {
      diagnostics.push(diagnostic('ACC002', 'unterminated string: a string must close on the line it opens', tokenSpan(t), 'add a closing `"`'));
    }
    const problems: LiteralProblem[] =
      t.tokenType === StringLiteral || t.tokenType === UnterminatedString
        ? decodeString(t.image).problems
        : t.tokenType === DateLiteral
          ? [checkDate(t.image)].filter((p) => p !== undefined)
          : t.tokenType === TimeLiteral
            ? [checkTime(t.image)].filter((p) => p !== undefined)
            : [];
    for (const p of problems) diagnostics.push(diagnostic('ACC006', p.message, problemSpan(t, p), p.hint));
  }
  const comments = (result.groups['comments'] as IToken[] | undefined) ?? [];
  return { table: tableOf(source, result.tokens, comments), diagnostics };
}

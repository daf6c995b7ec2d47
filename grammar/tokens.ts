// Tokens of the Accrue language and the lexer that produces them (Chevrotain step 1).
// Token categories (Keyword, SoftKeyword, Operator, Punctuation, Literal) group the tokens
// so the editor can derive its highlighting from the lexer instead of a copy of it.
//
// Reserved words are keywords only. Soft keywords are their own token types (the parser
// asks for `Points`, `Day`, …) but also belong to the `Identifier` category, so wherever
// the grammar expects a name, `quantity`, `points` or `day` are ordinary field names.
import { createToken, Lexer, type TokenType } from 'chevrotain';

// ─── Categories ────────────────────────────────────────────────────────────────

/** Every reserved and soft keyword. */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
/** Keywords that are only keywords where the grammar expects them. */
export const SoftKeyword = createToken({ name: 'SoftKeyword', pattern: Lexer.NA, categories: [Keyword] });
export const Operator = createToken({ name: 'Operator', pattern: Lexer.NA });
export const Punctuation = createToken({ name: 'Punctuation', pattern: Lexer.NA });
export const Literal = createToken({ name: 'Literal', pattern: Lexer.NA });

// ─── Names ─────────────────────────────────────────────────────────────────────

/** Any name, including soft keywords (they carry this token as a category). */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });
/** Three upper-case letters: `USD`, `EUR`. Also a name, so a field may still be called `ABC`. */
export const CurrencyCode = createToken({
  name: 'CurrencyCode',
  pattern: /[A-Z]{3}/,
  longer_alt: Identifier,
  categories: [Identifier],
});

// ─── Keywords ──────────────────────────────────────────────────────────────────

/** Reserved words, never identifiers (docs/syntax.md). */
export const RESERVED_WORDS = [
  'program', 'schema', 'transaction', 'customer', 'record', 'rule', 'group', 'exclude', 'when',
  'reward', 'cap', 'valid', 'priority', 'expires', 'and', 'or', 'not', 'in', 'true', 'false',
  'for', 'where', 'this', 'lifetime', 'per', 'of',
] as const;

/** Soft keywords that have their own token type (docs/syntax.md; `in` is reserved). */
export const SOFT_KEYWORDS = [
  'currency', 'currencies', 'timezone', 'rounding', 'spend', 'seed', 'expiry', 'minimum',
  'redemption', 'enum', 'list', 'optional', 'money', 'number', 'integer', 'string', 'boolean',
  'date', 'timestamp', 'from', 'to', 'on', 'between', 'points', 'multiplier', 'cashback',
  'tiered', 'over', 'band', 'discount', 'invoice', 'items', 'max', 'free', 'product',
  'quantity', 'prize', 'chance', 'times', 'after', 'at', 'end', 'never', 'day', 'days', 'week',
  'weeks', 'month', 'months', 'quarter', 'year', 'years', 'x', 'sum', 'count', 'any', 'all',
  'min', 'transactions', 'stacking',
] as const;

/** Words the parser recognises by their text after lexing them as identifiers. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ROUNDING_MODES = ['floor', 'ceil', 'half-up', 'half-even', 'half-down', 'down', 'up'] as const;

export type ReservedWord = (typeof RESERVED_WORDS)[number];
export type SoftKeywordWord = (typeof SOFT_KEYWORDS)[number];

function tokenName(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function makeKeywords<W extends string>(words: readonly W[], categories: TokenType[]): Record<W, TokenType> {
  const out = {} as Record<W, TokenType>;
  for (const word of words) {
    out[word] = createToken({ name: tokenName(word), pattern: new RegExp(word), longer_alt: Identifier, categories });
  }
  return out;
}

/** Reserved-word token types by word. */
export const R = makeKeywords(RESERVED_WORDS, [Keyword]);
/** Soft-keyword token types by word; each is also an `Identifier`. */
export const S = makeKeywords(SOFT_KEYWORDS, [SoftKeyword, Identifier]);

// ─── Literals ──────────────────────────────────────────────────────────────────

/** `2026-03-31`; validated (month, day) after lexing. */
export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}/, categories: [Literal] });
/** `16:00`, `9:30`; validated (hour, minute) after lexing. */
export const TimeLiteral = createToken({ name: 'TimeLiteral', pattern: /\d{1,2}:\d{2}/, categories: [Literal] });
/** `123`, `1.5` — exact text is kept. `1.5x` is this followed by the identifier `x`. */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?/, categories: [Literal] });
/** `"…"` on one line, escapes checked after lexing. */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, categories: [Literal] });
/**
 * A string missing its closing quote. It is a `StringLiteral` to the parser (so parsing goes on
 * as if the quote were there) and becomes an ACC002 diagnostic.
 */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
});

// Common habits from other languages. Each lexes as what it plainly means (`&&` as `and`,
// `'…'` as a string) so parsing goes on undisturbed, and becomes one ACC001 diagnostic.
/** `'text'`: a single-quoted string, read as a string. */
export const SingleQuotedString = createToken({ name: 'SingleQuotedString', pattern: /'[^'\r\n]*'/, categories: [StringLiteral] });
/** `&&`, read as `and`. */
export const AmpAmp = createToken({ name: 'AmpAmp', pattern: /&&/, categories: [R.and] });
/** `||`, read as `or`. */
export const PipePipe = createToken({ name: 'PipePipe', pattern: /\|\|/, categories: [R.or] });

// ─── Punctuation and operators ─────────────────────────────────────────────────

const punct = (name: string, pattern: RegExp): TokenType => createToken({ name, pattern, categories: [Punctuation] });
const op = (name: string, pattern: RegExp): TokenType => createToken({ name, pattern, categories: [Operator] });

export const LCurly = punct('LCurly', /{/);
export const RCurly = punct('RCurly', /}/);
export const LParen = punct('LParen', /\(/);
export const RParen = punct('RParen', /\)/);
export const LBracket = punct('LBracket', /\[/);
export const RBracket = punct('RBracket', /]/);
export const Comma = punct('Comma', /,/);
export const Colon = punct('Colon', /:/);
export const DotDot = punct('DotDot', /\.\./);
export const Dot = punct('Dot', /\./);
export const NotEquals = op('NotEquals', /!=/);
export const LessEquals = op('LessEquals', /<=/);
export const GreaterEquals = op('GreaterEquals', />=/);
export const Equals = op('Equals', /=/);
export const Less = op('Less', /</);
export const Greater = op('Greater', />/);
export const Plus = op('Plus', /\+/);
export const Minus = op('Minus', /-/);
export const Star = op('Star', /\*/);
export const Slash = op('Slash', /\//);
export const Percent = op('Percent', /%/);
/** `<>` (SQL's not-equal), read as `!=`; reported like `&&` above. */
export const LessGreater = createToken({ name: 'LessGreater', pattern: /<>/, categories: [NotEquals] });

// ─── Trivia ────────────────────────────────────────────────────────────────────

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\r\n]*/, group: 'comments' });

// Longer keywords first, so `timestamp` is not read as `times` + `tamp` and `days` not as `day`.
const keywordTokens = [...Object.values<TokenType>(R), ...Object.values<TokenType>(S)].sort(
  (a, b) => String(b.PATTERN).length - String(a.PATTERN).length,
);

/** All token types in lexing order (categories included, as Chevrotain requires). */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  DateLiteral,
  TimeLiteral,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  SingleQuotedString,
  AmpAmp,
  PipePipe,
  LessGreater,
  ...keywordTokens,
  CurrencyCode,
  Identifier,
  DotDot,
  Dot,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Equals,
  Less,
  Greater,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Keyword,
  SoftKeyword,
  Operator,
  Punctuation,
  Literal,
];

/** The Accrue lexer. Positions are tracked fully (offset, line, column, end). */
export const AccrueLexer = new Lexer(allTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
});

/** How the editor colours a token type: derived from the categories above, never a copy of the word lists. */
export type TokenClass = 'keyword' | 'soft-keyword' | 'operator' | 'punctuation' | 'literal' | 'currency' | 'identifier' | 'comment' | 'other';

/** The highlighting class of a token type. */
export function tokenClass(type: TokenType): TokenClass {
  const cats = type.CATEGORIES ?? [];
  if (type === Comment) return 'comment';
  if (type === CurrencyCode) return 'currency';
  if (cats.includes(SoftKeyword)) return 'soft-keyword';
  if (cats.includes(Keyword)) return 'keyword';
  if (cats.includes(Operator)) return 'operator';
  if (cats.includes(Punctuation)) return 'punctuation';
  if (cats.includes(Literal)) return 'literal';
  if (type === Identifier) return 'identifier';
  return 'other';
}

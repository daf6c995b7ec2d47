// A fast path for the lexer: one pass over the characters, tokens identical to Chevrotain's
// (same types, images, offsets, lines, columns, same object shape), for source made only of
// what the language's patterns accept cleanly.
//
// Chevrotain's lexer tries its patterns in order at each offset (with a first-character
// index and `longer_alt`); for this token set the outcome has a simple form: a word is a
// keyword when it is exactly one, a currency code when it is exactly three capitals, else a
// name; digits are tried as a date, a time, then a number; and so on. At anything the patterns
// would reject or read as a stand-in (`&&`, `<>`, `'…'`, an unterminated string, a stray `$`)
// this gives up and returns undefined, and lex.ts runs Chevrotain's lexer, which reports it.
// test/grammar/fast-lex checks both give the same result.
//
// The tokens come as a table (parallel arrays, no object per token): parse.ts reads clean
// declarations straight from it and makes Chevrotain's token objects only for what it hands
// to Chevrotain — a 2,000-rule program is 65,000 tokens the garbage collector never sees.
import type { ILexingResult, IToken, TokenType } from 'chevrotain';
import type { Span } from './span.ts';
import {
  Colon, Comma, Comment, CurrencyCode, DateLiteral, Dot, DotDot, Equals, Greater, GreaterEquals, Identifier, LBracket, LCurly, Less, LessEquals,
  LParen, Minus, NotEquals, NumberLiteral, Percent, Plus, R, RBracket, RCurly, RParen, S, Slash, Star, StringLiteral, TimeLiteral,
} from './tokens.ts';

interface Keyword {
  readonly word: string;
  readonly type: TokenType;
}

// Keywords by a hash of their characters (computed while scanning, so a keyword costs no
// substring); each bucket is checked against the source text.
function wordHash(hash: number, c: number): number {
  return (Math.imul(hash, 31) + c) | 0;
}
const KEYWORDS = new Map<number, Keyword[]>();
for (const [word, type] of [...Object.entries<TokenType>(R), ...Object.entries<TokenType>(S)]) {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = wordHash(h, word.charCodeAt(i));
  const bucket = KEYWORDS.get(h);
  if (bucket === undefined) KEYWORDS.set(h, [{ word, type }]);
  else bucket.push({ word, type });
}

function keywordAt(source: string, start: number, end: number, hash: number): Keyword | undefined {
  const bucket = KEYWORDS.get(hash);
  if (bucket === undefined) return undefined;
  for (const k of bucket) if (k.word.length === end - start && source.startsWith(k.word, start)) return k;
  return undefined;
}
// Images of the operators and punctuation, shared.
const PAIRS = new Map<TokenType, string>([[DotDot, '..'], [LessEquals, '<='], [GreaterEquals, '>='], [NotEquals, '!=']]);
const PUNCTUATION = new Map<TokenType, string>([
  [LCurly, '{'], [RCurly, '}'], [LParen, '('], [RParen, ')'], [LBracket, '['], [RBracket, ']'], [Comma, ','], [Colon, ':'], [Equals, '='],
  [Plus, '+'], [Minus, '-'], [Star, '*'], [Slash, '/'], [Percent, '%'], [Dot, '.'], [Less, '<'], [Greater, '>'],
]);

// Single-character tokens by char code (those that are never the start of a longer one).
const SINGLE: (TokenType | undefined)[] = [];
SINGLE[0x7b] = LCurly;
SINGLE[0x7d] = RCurly;
SINGLE[0x28] = LParen;
SINGLE[0x29] = RParen;
SINGLE[0x5b] = LBracket;
SINGLE[0x5d] = RBracket;
SINGLE[0x2c] = Comma;
SINGLE[0x3a] = Colon;
SINGLE[0x3d] = Equals;
SINGLE[0x2b] = Plus;
SINGLE[0x2d] = Minus;
SINGLE[0x2a] = Star;
SINGLE[0x2f] = Slash;
SINGLE[0x25] = Percent;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/** Tokens as parallel arrays; token `i` spans source[starts[i], ends[i]). */
export interface TokenTable {
  readonly source: string;
  readonly length: number;
  readonly types: readonly TokenType[];
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly lines: Int32Array;
  readonly columns: Int32Array;
  /** The image when it is not simply the source text (shared keyword strings; Chevrotain's images). */
  readonly images: readonly (string | undefined)[];
  /** Chevrotain's own token objects when the table was made from them. */
  readonly objects: readonly IToken[] | undefined;
  /** Indices of the literals whose sense lex.ts checks (dates, times, strings with a `\\`); all tokens when undefined. */
  readonly literals: readonly number[] | undefined;
  readonly comments: IToken[];
}

/** Token `i`'s image. */
export function imageAt(table: TokenTable, i: number): string {
  return table.images[i] ?? table.source.substring(table.starts[i]!, table.ends[i]!);
}

/** Token `i`'s span (what lex.ts's tokenSpan gives for its token object). */
export function spanAt(table: TokenTable, i: number): Span {
  const start = table.starts[i]!;
  return { offset: start, line: table.lines[i]!, column: table.columns[i]!, length: Math.max(0, table.ends[i]! - start) };
}

/** Token `i` as Chevrotain's token object (field for field what its lexer makes). */
export function tokenAt(table: TokenTable, i: number): IToken {
  const own = table.objects?.[i];
  if (own !== undefined) return own;
  const type = table.types[i]!;
  return token(imageAt(table, i), table.starts[i]!, type, table.lines[i]!, table.columns[i]!);
}

/** Tokens `start` to `end` (exclusive) as token objects. */
export function tokensOf(table: TokenTable, start: number, end: number): IToken[] {
  if (table.objects !== undefined) return table.objects.slice(start, end);
  const out: IToken[] = [];
  for (let i = start; i < end; i++) out.push(tokenAt(table, i));
  return out;
}

/** The table of tokens Chevrotain's lexer made (images as they are, rewrites included). */
export function tableOf(source: string, tokens: readonly IToken[], comments: IToken[]): TokenTable {
  const n = tokens.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const lines = new Int32Array(n);
  const columns = new Int32Array(n);
  const types: TokenType[] = [];
  const images: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    starts[i] = t.startOffset;
    ends[i] = (t.endOffset ?? t.startOffset + t.image.length - 1) + 1;
    lines[i] = t.startLine ?? 1;
    columns[i] = t.startColumn ?? 1;
    types.push(t.tokenType);
    images.push(t.image);
  }
  return { source, length: n, types, starts, ends, lines, columns, images, objects: tokens, literals: undefined, comments };
}

function token(image: string, startOffset: number, type: TokenType, startLine: number, startColumn: number): IToken {
  // Chevrotain's createFullToken, field for field.
  const n = image.length;
  return {
    image,
    startOffset,
    endOffset: startOffset + n - 1,
    startLine,
    endLine: startLine,
    startColumn,
    endColumn: startColumn + n - 1,
    tokenTypeIdx: type.tokenTypeIdx!,
    tokenType: type,
  };
}

/** Chevrotain's `tokenize` result for `source`, or undefined when Chevrotain must lex it. */
export function lexFast(source: string): ILexingResult | undefined {
  const table = scanFast(source);
  return table && { tokens: tokensOf(table, 0, table.length), groups: { comments: table.comments }, errors: [] };
}

/** The token table of `source`, or undefined when Chevrotain must lex it. */
export function scanFast(source: string): TokenTable | undefined {
  const n = source.length;
  let capacity = (n >> 2) + 16;
  let starts = new Int32Array(capacity);
  let ends = new Int32Array(capacity);
  let lines = new Int32Array(capacity);
  let columns = new Int32Array(capacity);
  const types: TokenType[] = [];
  const images: (string | undefined)[] = [];
  const comments: IToken[] = [];
  const literals: number[] = [];
  let count = 0;
  let line = 1;
  let lineStart = 0; // offset of the current line's first character
  let i = 0;
  while (i < n) {
    const c = source.charCodeAt(i);
    // Whitespace: [ \t\r\n\f\v\u00a0\ufeff]+; line breaks are \n, \r\n and a lone \r.
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x0b || c === 0xa0 || c === 0xfeff) {
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (c === 0x0d) {
        if (source.charCodeAt(i + 1) === 0x0a) i++;
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    const start = i;
    let type: TokenType;
    let image: string | undefined;
    if (isWordStart(c)) {
      let hash = wordHash(0, c);
      i++;
      for (; i < n; i++) {
        const d = source.charCodeAt(i);
        if (!isWordPart(d)) break;
        hash = wordHash(hash, d);
      }
      const keyword = keywordAt(source, start, i, hash);
      if (keyword !== undefined) {
        // The keyword's own string: one copy of `when` rather than one per use.
        type = keyword.type;
        image = keyword.word;
      } else {
        type = i - start === 3 && isUpper(c) && isUpper(source.charCodeAt(start + 1)) && isUpper(source.charCodeAt(start + 2)) ? CurrencyCode : Identifier;
      }
    } else if (isDigit(c)) {
      if (
        isDigit(source.charCodeAt(i + 1)) && isDigit(source.charCodeAt(i + 2)) && isDigit(source.charCodeAt(i + 3)) && source.charCodeAt(i + 4) === 0x2d &&
        isDigit(source.charCodeAt(i + 5)) && isDigit(source.charCodeAt(i + 6)) && source.charCodeAt(i + 7) === 0x2d &&
        isDigit(source.charCodeAt(i + 8)) && isDigit(source.charCodeAt(i + 9))
      ) {
        type = DateLiteral;
        literals.push(count);
        i += 10;
      } else if (isDigit(source.charCodeAt(i + 1)) && source.charCodeAt(i + 2) === 0x3a && isDigit(source.charCodeAt(i + 3)) && isDigit(source.charCodeAt(i + 4))) {
        type = TimeLiteral;
        literals.push(count);
        i += 5;
      } else if (source.charCodeAt(i + 1) === 0x3a && isDigit(source.charCodeAt(i + 2)) && isDigit(source.charCodeAt(i + 3))) {
        type = TimeLiteral;
        literals.push(count);
        i += 4;
      } else {
        type = NumberLiteral;
        i++;
        while (isDigit(source.charCodeAt(i))) i++;
        if (source.charCodeAt(i) === 0x2e && isDigit(source.charCodeAt(i + 1))) {
          i += 2;
          while (isDigit(source.charCodeAt(i))) i++;
        }
      }
    } else if (c === 0x22) {
      // "…" on one line; `\` escapes any character but a line break. Unclosed: Chevrotain's.
      i++;
      let escaped = false;
      for (;;) {
        const d = source.charCodeAt(i);
        if (d === 0x22) break;
        if (i >= n || d === 0x0a || d === 0x0d) return undefined;
        if (d === 0x5c) {
          const e = source.charCodeAt(i + 1);
          if (i + 1 >= n || e === 0x0a || e === 0x0d) return undefined;
          escaped = true;
          i += 2;
        } else {
          i++;
        }
      }
      i++;
      type = StringLiteral;
      if (escaped) literals.push(count);
    } else if (c === 0x23) {
      // # comment to the end of the line, kept in its own group.
      i++;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (d === 0x0a || d === 0x0d) break;
        i++;
      }
      comments.push(token(source.substring(start, i), start, Comment, line, start - lineStart + 1));
      continue;
    } else {
      const single = SINGLE[c];
      if (single !== undefined) {
        type = single;
        i++;
      } else {
        const next = source.charCodeAt(i + 1);
        if (c === 0x2e) {
          type = next === 0x2e ? DotDot : Dot;
        } else if (c === 0x3c) {
          // `<>` is a stand-in for `!=`, reported by the lexer facade: Chevrotain's path.
          if (next === 0x3e) return undefined;
          type = next === 0x3d ? LessEquals : Less;
        } else if (c === 0x3e) {
          type = next === 0x3d ? GreaterEquals : Greater;
        } else if (c === 0x21 && next === 0x3d) {
          type = NotEquals;
        } else {
          // `'`, `&`, `|`, `!`, `$`, `;`, non-ASCII …: a stand-in or an error.
          return undefined;
        }
        i += PAIRS.has(type) ? 2 : 1;
      }
      image = PAIRS.get(type) ?? PUNCTUATION.get(type);
    }
    if (count === capacity) {
      capacity *= 2;
      starts = grow(starts, capacity);
      ends = grow(ends, capacity);
      lines = grow(lines, capacity);
      columns = grow(columns, capacity);
    }
    starts[count] = start;
    ends[count] = i;
    lines[count] = line;
    columns[count] = start - lineStart + 1;
    types.push(type);
    images.push(image);
    count++;
  }
  return { source, length: count, types, starts, ends, lines, columns, images, objects: undefined, literals, comments };
}

function grow(a: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

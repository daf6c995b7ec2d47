// Splits the token stream into top-level declarations before parsing, so each is parsed on
// its own: garbage or a missing `}` in one rule never swallows the rules after it, and
// parsing resumes at the next `rule`, `group` or `exclude` whatever the parser's own
// recovery did.
import type { IToken, TokenType } from 'chevrotain';
import { Identifier, LCurly, R, RCurly, S, StringLiteral } from './tokens.ts';

export interface Segment {
  /** `preamble` holds `program …` and `schema …`; `declaration` one group, exclusion or rule. */
  readonly kind: 'preamble' | 'declaration';
  readonly tokens: IToken[];
}

// `group` and `exclude` also appear inside rules (`group g`, `exclude when …`). Outside
// braces they start a declaration; inside an unclosed rule they do when they look like
// one: `group g "title"`, `group g {`, `group g stacking`, `exclude id …`.
function startsDeclaration(types: readonly TokenType[], n: number, i: number, depth: number): boolean {
  const t = types[i]!;
  if (t === R.rule) return true;
  if (t !== R.group && t !== R.exclude) return false;
  if (depth === 0) return true;
  const next = i + 1 < n ? types[i + 1] : undefined;
  const afterNext = i + 2 < n ? types[i + 2] : undefined;
  if (t === R.exclude) return next !== undefined && next !== R.when && isName(next);
  return next !== undefined && isName(next) && (afterNext === StringLiteral || afterNext === LCurly || afterNext === S.stacking);
}

function isName(t: TokenType): boolean {
  return t === Identifier || (t.CATEGORIES ?? []).includes(Identifier);
}

// `program` also scopes caps (`per program per month`); a header is `program "…"` or `program {`.
function startsPreamble(types: readonly TokenType[], n: number, i: number): boolean {
  const t = types[i]!;
  const next = i + 1 < n ? types[i + 1] : undefined;
  if (t === R.program) return next === StringLiteral || next === LCurly;
  return t === R.schema && next === LCurly;
}

/** A segment as a range of token indices. */
export interface SegmentRange {
  readonly kind: Segment['kind'];
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/** Cuts the first `n` token types at each top-level `program`, `schema`, `rule`, `group` and `exclude`. */
export function segmentRanges(types: readonly TokenType[], n: number): SegmentRange[] {
  const segments: SegmentRange[] = [];
  let start = 0;
  let kind: Segment['kind'] = 'preamble';
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const type = types[i]!;
    if (type === LCurly) {
      depth++;
      continue;
    }
    if (type === RCurly) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    // Only these five words can start a segment; test the rest no further.
    if (type !== R.rule && type !== R.group && type !== R.exclude && type !== R.program && type !== R.schema) continue;
    let next: Segment['kind'] | undefined;
    if (startsPreamble(types, n, i)) next = 'preamble';
    else if (startsDeclaration(types, n, i, depth)) next = 'declaration';
    if (next === undefined) continue;
    if (i > start) segments.push({ kind, start, end: i });
    start = i;
    kind = next;
    depth = 0;
  }
  if (n > start) segments.push({ kind, start, end: n });
  return segments;
}

/** Cuts `tokens` at each top-level `program`, `schema`, `rule`, `group` and `exclude`. */
export function splitSegments(tokens: IToken[]): Segment[] {
  const types = tokens.map((t) => t.tokenType);
  return segmentRanges(types, types.length).map((r) => ({ kind: r.kind, tokens: tokens.slice(r.start, r.end) }));
}

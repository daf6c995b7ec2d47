/** A half-open region of source text. Lines and columns are 1-based; offset is 0-based UTF-16. */
export interface Span {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

/** The span covering both `a` and `b` (a must start first). */
export function joinSpans(a: Span, b: Span): Span {
  const end = Math.max(a.offset + a.length, b.offset + b.length);
  return { offset: a.offset, line: a.line, column: a.column, length: end - a.offset };
}

/** A zero-length span at the very start of a file, for whole-file diagnostics. */
export const START_SPAN: Span = { offset: 0, line: 1, column: 1, length: 0 };

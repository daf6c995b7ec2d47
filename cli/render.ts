// Renders diagnostics for a terminal, compiler style:
//
//   rules/card.accrue:12:8: error ACC100 unknown field `categry`
//     when categry = dining
//          ^^^^^^^
//     hint: did you mean `category`?
//
// Spans are turned into line:col and carets only here, at the edge (STYLE.md §2).
import type { Diagnostic } from '../grammar/diagnostics.ts';

/** One file's source split into lines once, so many diagnostics render cheaply. */
export interface SourceFile {
  readonly path: string;
  readonly lines: readonly string[];
}

export function sourceFile(path: string, text: string): SourceFile {
  return { path, lines: text.split(/\r\n|\r|\n/) };
}

/** The caret line under a span: the line's own tabs kept so carets line up, at least one `^`. */
export function caretLine(line: string, column: number, length: number): string {
  const start = Math.max(0, Math.min(column - 1, line.length));
  const pad = line.slice(0, start).replace(/[^\t]/g, ' ');
  // A span running past the end of its line is cut at the line's end.
  const width = Math.max(1, Math.min(length, line.length - start));
  return pad + '^'.repeat(width);
}

/** The header, source line, caret and hint of one diagnostic (no trailing newline). */
export function renderDiagnostic(file: SourceFile, d: Diagnostic): string {
  const { line, column, length } = d.span;
  const out = [`${file.path}:${line}:${column}: ${d.severity} ${d.code} ${d.message}`];
  const text = file.lines[line - 1];
  if (text !== undefined) {
    out.push(`  ${text}`, `  ${caretLine(text, column, length)}`);
  }
  if (d.hint !== undefined && d.hint !== '') out.push(`  hint: ${d.hint}`);
  return out.join('\n');
}

export interface Tally {
  readonly files: number;
  readonly filesWithErrors: number;
  readonly errors: number;
  readonly warnings: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `checked 6 files: no problems` / `checked 2 files: 3 errors, 1 warning (1 file with errors)` */
export function renderSummary(t: Tally): string {
  const checked = `checked ${plural(t.files, 'file')}`;
  if (t.errors === 0 && t.warnings === 0) return `${checked}: no problems`;
  const parts = [plural(t.errors, 'error'), plural(t.warnings, 'warning')];
  const failing = t.filesWithErrors > 0 ? ` (${plural(t.filesWithErrors, 'file')} with errors)` : '';
  return `${checked}: ${parts.join(', ')}${failing}`;
}

// The terminal rendering of diagnostics: header, source line, carets, hint, summary.
import { describe, expect, it } from 'vitest';
import { caretLine, renderDiagnostic, renderSummary, sourceFile } from '../../cli/render.ts';
import { diagnostic } from '../../grammar/diagnostics.ts';

describe('caretLine', () => {
  it.each([
    { line: 'when categry = dining', column: 6, length: 7, want: '     ^^^^^^^' },
    { line: 'x', column: 1, length: 0, want: '^' },
    { line: 'abc', column: 2, length: 99, want: ' ^^' },
    { line: 'abc', column: 4, length: 1, want: '   ^' },
    { line: '\twhen x', column: 7, length: 1, want: '\t     ^' },
  ])('$line @ $column+$length', ({ line, column, length, want }) => {
    expect(caretLine(line, column, length)).toBe(want);
  });
});

describe('renderDiagnostic', () => {
  const file = sourceFile('card.accrue', 'rule r {\n  when categry = dining\n}\n');
  it('prints file:line:col, severity, code, message, source, caret and hint', () => {
    const d = diagnostic('ACC100', 'unknown field `categry`', { offset: 16, line: 2, column: 8, length: 7 }, 'did you mean `category`?');
    expect(renderDiagnostic(file, d)).toBe([
      'card.accrue:2:8: error ACC100 unknown field `categry`',
      '    when categry = dining',
      '         ^^^^^^^',
      '  hint: did you mean `category`?',
    ].join('\n'));
  });
  it('omits the hint when there is none, and handles a span past the last line', () => {
    const d = diagnostic('ACC005', 'unexpected end of file', { offset: 40, line: 9, column: 1, length: 0 });
    expect(renderDiagnostic(file, d)).toBe('card.accrue:9:1: error ACC005 unexpected end of file');
  });
});

describe('renderSummary', () => {
  it.each([
    [{ files: 6, filesWithErrors: 0, errors: 0, warnings: 0 }, 'checked 6 files: no problems'],
    [{ files: 1, filesWithErrors: 1, errors: 1, warnings: 0 }, 'checked 1 file: 1 error, 0 warnings (1 file with errors)'],
    [{ files: 2, filesWithErrors: 0, errors: 0, warnings: 2 }, 'checked 2 files: 0 errors, 2 warnings'],
  ])('%o', (tally, want) => {
    expect(renderSummary(tally)).toBe(want);
  });
});

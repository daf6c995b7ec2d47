// Collects diagnostics as values; checking never throws for a bad program.
import { diagnostic, type Diagnostic, type DiagnosticCode } from '../../grammar/diagnostics.ts';
import type { Span } from '../../grammar/span.ts';

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  /** Records one diagnostic; severity comes from the catalogue. */
  report(code: DiagnosticCode, message: string, span: Span, hint?: string): void {
    this.diagnostics.push(diagnostic(code, message, span, hint));
  }

  /** Number of errors recorded so far (warnings excluded). */
  errorCount(): number {
    let n = 0;
    for (const d of this.diagnostics) if (d.severity === 'error') n++;
    return n;
  }
}

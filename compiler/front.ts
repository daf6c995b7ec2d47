// Source text to a checked program: parse, then check. The checker runs even after syntax
// errors so the editor keeps live type information; recovered nodes type as `error` and do
// not cascade. No program is returned when any error was found.
import { hasErrors, type Diagnostic, type DiagnosticCode } from '../grammar/diagnostics.ts';
import { parse } from '../grammar/parse.ts';
import type { Span } from '../grammar/span.ts';
import { check } from './check.ts';
import type { CheckedProgram } from './ir.ts';

// Both stages guard these (check() must stand alone on hand-built ASTs); report each once.
const SHARED: ReadonlySet<DiagnosticCode> = new Set(['ACC010', 'ACC401', 'ACC402', 'ACC404']);

/** Parses and checks `source`; `program` only when there are no errors at all. */
export function checkSource(source: string): { program: CheckedProgram | undefined; diagnostics: Diagnostic[] } {
  const parsed = parse(source);
  const checked = check(parsed.ast);
  const byParser = new Set(parsed.diagnostics.filter((d) => SHARED.has(d.code)).map((d) => d.code));
  // A rule whose reward line is misspelt (`rewrd points 1`, `reward pionts 1`) or swallowed by
  // an unterminated string has no reward only because of that syntax error: say it once.
  const broken = parsed.ast.rules.filter((r) => parsed.diagnostics.some((d) => d.severity === 'error' && within(d.span, r.span)));
  const brokenIds = new Set(broken.map((r) => r.id?.span.offset));
  const mine = checked.diagnostics.filter((d) => !byParser.has(d.code) && !(d.code === 'ACC010' && brokenIds.has(d.span.offset)));
  const diagnostics = withoutCascades([...parsed.diagnostics, ...mine].sort((a, b) => a.span.offset - b.span.offset), parsed.diagnostics);
  return { program: hasErrors(diagnostics) ? undefined : checked.program, diagnostics };
}

// The syntax errors after which the parser skipped or invented tokens to carry on.
const RECOVERED: ReadonlySet<DiagnosticCode> = new Set(['ACC003', 'ACC004', 'ACC005']);

/**
 * On a line where the parser had to recover, its first syntax error is the one to read: the
 * checker's errors there are about the half-parsed expression (`customer spent this month`
 * reports `customer is not a value` besides the misspelt `spend`), and later syntax errors on
 * that line are the recovery's own. Both reappear after the fix if they are real.
 */
function withoutCascades(sorted: Diagnostic[], byParser: readonly Diagnostic[]): Diagnostic[] {
  const firstSyntax = new Map<number, Diagnostic>();
  for (const d of byParser) {
    if (!RECOVERED.has(d.code)) continue;
    const seen = firstSyntax.get(d.span.line);
    if (seen === undefined || d.span.offset < seen.span.offset) firstSyntax.set(d.span.line, d);
  }
  if (firstSyntax.size === 0) return sorted;
  return sorted.filter((d) => {
    const first = firstSyntax.get(d.span.line);
    return first === undefined || d === first || d.severity !== 'error' || (byParser.includes(d) && !RECOVERED.has(d.code));
  });
}

function within(inner: Span, outer: Span): boolean {
  return inner.offset >= outer.offset && inner.offset <= outer.offset + outer.length;
}

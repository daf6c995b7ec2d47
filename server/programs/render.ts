// Program versions as the API shows them: summaries, and details with flattened diagnostics.
import type { ProgramVersion } from '../ports.ts';
import { versionLabel } from './live.ts';

export function summary(v: ProgramVersion) {
  return {
    program: v.program, version: v.version, label: versionLabel(v.program, v.version), status: v.status,
    hash: v.hash, author: v.author, createdAt: v.createdAt, publishedAt: v.publishedAt,
    errors: v.diagnostics.filter((d) => d.severity === 'error').length,
    warnings: v.diagnostics.filter((d) => d.severity === 'warning').length,
  };
}

export function detail(v: ProgramVersion) {
  return {
    ...summary(v),
    source: v.source,
    diagnostics: v.diagnostics.map((d) => ({
      severity: d.severity, code: d.code, message: d.message, ...(d.hint ? { hint: d.hint } : {}),
      line: d.span.line, column: d.span.column, length: d.span.length, offset: d.span.offset,
    })),
  };
}

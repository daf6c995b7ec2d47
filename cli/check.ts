// `accrue check <files or folders…> [--json]`: type-checks programs and prints diagnostics.
// Exit status: 0 when no file has errors (warnings allowed), 1 when some do, 2 when a file
// cannot be read (the others are still checked).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkSource } from '../compiler/front.ts';
import type { Diagnostic } from '../grammar/diagnostics.ts';
import { renderDiagnostic, renderSummary, sourceFile, type Tally } from './render.ts';

export interface FileResult {
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the file could not be read (it then counts as one error). */
  readonly error?: string;
}

export interface CheckOptions {
  readonly json: boolean;
  readonly out: (text: string) => void;
}

/** Folders stand for every `.accrue` file under them, in name order. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try { isDir = statSync(p).isDirectory(); } catch { /* reported when read */ }
    if (!isDir) { files.push(p); continue; }
    const entries = readdirSync(p, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const inside = entries
      .filter((e) => e.isDirectory() || e.name.endsWith('.accrue'))
      .map((e) => join(p, e.name));
    files.push(...expandPaths(inside));
  }
  return files;
}

/** Checks one file; an unreadable file is itself a diagnostic, not a crash. */
export function checkFile(file: string): { result: FileResult; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    return { result: { file, diagnostics: [], error: `cannot read file: ${reason}` }, text: '' };
  }
  const { diagnostics } = checkSource(text);
  const sorted = [...diagnostics].sort((a, b) => a.span.offset - b.span.offset);
  return { result: { file, diagnostics: sorted }, text };
}

export function runCheck(paths: readonly string[], opts: CheckOptions): number {
  const files = expandPaths(paths);
  if (files.length === 0) {
    // Folders with nothing to check: saying "no problems" would pass a CI step that checks nothing.
    opts.out(`no .accrue files in ${paths.join(', ')}\n`);
    return 2;
  }
  const results: FileResult[] = [];
  let errors = 0;
  let warnings = 0;
  let filesWithErrors = 0;
  for (const file of files) {
    const { result, text } = checkFile(file);
    results.push(result);
    const fileErrors = result.diagnostics.filter((d) => d.severity === 'error').length + (result.error ? 1 : 0);
    errors += fileErrors;
    warnings += result.diagnostics.filter((d) => d.severity === 'warning').length;
    if (fileErrors > 0) filesWithErrors++;
    if (!opts.json) {
      if (result.error !== undefined) opts.out(`${file}: error ${result.error}\n`);
      const src = sourceFile(file, text);
      for (const d of result.diagnostics) opts.out(renderDiagnostic(src, d) + '\n');
    }
  }
  const tally: Tally = { files: files.length, filesWithErrors, errors, warnings };
  opts.out(opts.json ? JSON.stringify(results, null, 2) + '\n' : renderSummary(tally) + '\n');
  // A file that cannot be read is a usage error, as in every other command: exit 2 (the files
  // that could be read are still checked and reported).
  if (results.some((r) => r.error !== undefined)) return 2;
  return errors > 0 ? 1 : 0;
}

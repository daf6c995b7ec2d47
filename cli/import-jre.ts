// `accrue import-jre <rules.json> [--schema schema.json] [--name "…"] [--currency USD]
//                    [--timezone Zone] [--facts facts.json] [--json]`
//
// Converts json-rules-engine rules into an Accrue program printed on stdout; diagnostics go
// to stderr, compiler style, positioned in the JSON. Rules that cannot be expressed are left
// out of the program (and listed in a comment at its end).
// `--facts facts.json` prints instead the Accrue transaction for those facts (renamed as the
// program's fields), ready for `accrue eval program.accrue --txn @txn.json`.
// `--json` prints `{ source, diagnostics, rules, facts }` as JSON on stdout.
// Exit status: 0 when every rule was imported, 1 when some could not be (or the generated
// program does not check), 2 on a usage error or an unreadable file.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { importJre, factsToTransaction, type ImportDiagnostic } from '../compiler/import/index.ts';
import { checkSource } from '../compiler/front.ts';
import { defaultIo, parseFileOptions, type CliIo } from './args.ts';
import { caretLine, sourceFile, type SourceFile } from './render.ts';

export const IMPORT_JRE_USAGE = `usage: accrue import-jre <rules.json | -> [options] > program.accrue

options:
  --schema <file>     fact types as JSON ({"amount": "money", "tier": "enum(gold, silver)", …});
                      facts not listed are inferred from the values the rules compare them with
  --name <text>       the program's name (default: the rules file's name)
  --currency <CODE>   the program's currency (default USD; used by "money" schema types)
  --timezone <zone>   the program's timezone (default UTC)
  --facts <file>      print the Accrue transaction for these json-rules-engine facts instead
  --json              print {source, diagnostics, rules, facts} as JSON`;

interface Args {
  file: string | undefined;
  schema?: string;
  name?: string;
  currency?: string;
  timezone?: string;
  facts?: string;
  json: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args = parseFileOptions<Args>(argv, { file: undefined, json: false }, {
    valued: ['--schema', '--name', '--currency', '--timezone', '--facts'], booleans: ['--json'], noun: 'rules file',
  });
  if (typeof args === 'string') return args;
  if (args.file === undefined) return 'no rules file given';
  if (args.currency !== undefined && !/^[A-Z]{3}$/.test(args.currency)) return `--currency takes a three-letter code such as USD, not ${args.currency}`;
  return args;
}

function read(path: string): string {
  return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

function readError(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
  return `cannot read ${path}: ${reason}`;
}

/** `rules.json:12:8: error JRE003 message  (at /rules/2/conditions/all/0/operator)` + line + caret + hint. */
export function renderImportDiagnostic(file: SourceFile, d: ImportDiagnostic): string {
  const where = d.span ? `${file.path}:${d.span.line}:${d.span.column}` : file.path;
  const out = [`${where}: ${d.severity} ${d.code} ${d.message}${d.pointer !== '' ? `  (at ${d.pointer})` : ''}`];
  const text = d.span ? file.lines[d.span.line - 1] : undefined;
  if (d.span && text !== undefined) {
    // Long single-line JSON: show a window around the column.
    let line = text;
    let column = d.span.column;
    if (line.length > 160) {
      const start = Math.max(0, column - 60);
      line = (start > 0 ? '…' : '') + line.slice(start, start + 150) + (start + 150 < text.length ? '…' : '');
      column = column - start + (start > 0 ? 1 : 0);
    }
    out.push(`  ${line}`, `  ${caretLine(line, column, Math.min(d.span.length, 80))}`);
  }
  if (d.hint !== undefined && d.hint !== '') out.push(`  hint: ${d.hint}`);
  return out.join('\n');
}

export async function runImportJre(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(`${IMPORT_JRE_USAGE}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    io.err(`accrue import-jre: ${args}\n${IMPORT_JRE_USAGE}\n`);
    return 2;
  }
  const file = args.file!;
  let text: string;
  let schemaText: string | undefined;
  let factsText: string | undefined;
  try {
    text = read(file);
  } catch (e) {
    io.err(`accrue import-jre: ${readError(file, e)}\n`);
    return 2;
  }
  try {
    if (args.schema !== undefined) schemaText = read(args.schema);
  } catch (e) {
    io.err(`accrue import-jre: ${readError(args.schema!, e)}\n`);
    return 2;
  }
  try {
    if (args.facts !== undefined) factsText = read(args.facts);
  } catch (e) {
    io.err(`accrue import-jre: ${readError(args.facts!, e)}\n`);
    return 2;
  }

  const display = file === '-' ? '<stdin>' : file;
  const result = importJre(text, {
    name: args.name ?? (file === '-' ? 'Imported json-rules-engine rules' : basename(file).replace(/\.json$/i, '')),
    sourceName: file === '-' ? 'standard input' : basename(file),
    ...(schemaText !== undefined ? { schema: schemaText } : {}),
    ...(args.currency !== undefined ? { currency: args.currency } : {}),
    ...(args.timezone !== undefined ? { timezone: args.timezone } : {}),
  });

  // The generated program must check; if it does not, that is an importer bug worth saying.
  const generatedErrors = checkGenerated(result.source);

  const rulesFile = sourceFile(display, text);
  const schemaFile = sourceFile(args.schema ?? '<schema>', schemaText ?? '');
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;

  if (args.facts !== undefined) {
    let facts: unknown;
    try {
      facts = JSON.parse(factsText!);
    } catch (e) {
      io.err(`accrue import-jre: ${args.facts} is not valid JSON: ${(e as Error).message}\n`);
      return 2;
    }
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts)) {
      io.err(`accrue import-jre: ${args.facts} must hold one JSON object of facts\n`);
      return 2;
    }
    const txn = factsToTransaction(facts as Record<string, unknown>, result.facts, { id: 'jre-facts', time: new Date().toISOString() });
    io.out(JSON.stringify(txn, null, 2) + '\n');
    return 0;
  }

  if (args.json) {
    io.out(JSON.stringify({ source: result.source, diagnostics: result.diagnostics, rules: result.rules, facts: result.facts, generatedErrors }, null, 2) + '\n');
  } else {
    io.out(result.source);
    for (const d of result.diagnostics) io.err(renderImportDiagnostic(d.file === 'schema' ? schemaFile : rulesFile, d) + '\n');
    for (const g of generatedErrors) io.err(`accrue import-jre: internal error: the generated program does not check: ${g}\n`);
    const imported = result.rules.filter((r) => r.id !== undefined).length;
    const summary = `imported ${imported} of ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}`
      + (errors + warnings > 0 ? ` (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})` : '');
    io.err(`${summary}\n`);
  }
  return errors > 0 || generatedErrors.length > 0 ? 1 : 0;
}

/** Error messages from type-checking the generated program (an importer bug if any). */
function checkGenerated(source: string): string[] {
  return checkSource(source).diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.span.line}:${d.span.column}: ${d.code} ${d.message}`);
}

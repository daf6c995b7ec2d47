// The `accrue` command: dispatches subcommands. bin/accrue.mjs loads this file through tsx.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from './check.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: accrue <command> [options]

commands:
  check <files or folders…> [--json]   type-check rule programs (.accrue) and print diagnostics
  compile <file> [--emit js]            compile a program; --emit js prints the generated evaluator
  eval <file> --txn <json|@file> [--customer …] [--state …] [--json] [--fast]
                                        evaluate one transaction and explain every rule's state
  import-jre <rules.json> [--schema …]  convert json-rules-engine rules into an Accrue program
  start                                 serve the engine on the embedded default (PGlite, in-process cache)
  serve                                 serve the engine (DATABASE_URL, REDIS_URL, PORT)
  worker                                consume the async ingestion stream (Redis)
  expire [--as-of <date>]               expire lots past their expiry, with ledger entries
  reconcile                             check balances against the ledger and repair the cache
  help                                  show this text
  version                               print the version

Exit status: 0 when no program has errors, 1 when some do, 2 on a usage error or unreadable input.`;

type Out = (text: string) => void;

function version(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function check(args: readonly string[], out: Out, err: Out): number {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length > 0) { err(`accrue check: unknown option ${unknown[0]}\n${USAGE}\n`); return 2; }
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length === 0) { err(`accrue check: no files given\n${USAGE}\n`); return 2; }
  return runCheck(paths, { json, out });
}

export async function main(argv: readonly string[], out: Out = (t) => process.stdout.write(t), err: Out = (t) => process.stderr.write(t)): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': return check(rest, out, err);
    case 'start': return (await import('./start.ts')).runStart(rest, { out, err });
    case 'serve': return (await import('./serve.ts')).runServe(rest, { out, err });
    case 'worker': return (await import('./worker.ts')).runWorker(rest, { out, err });
    case 'compile': return (await import('./compile.ts')).runCompile(rest, { out, err });
    case 'eval': return (await import('./eval.ts')).runEval(rest, { out, err });
    case 'import-jre': return (await import('./import-jre.ts')).runImportJre(rest, { out, err });
    case 'expire': return (await import('./expire.ts')).runExpire(rest, { out, err });
    case 'reconcile': return (await import('./reconcile.ts')).runReconcile(rest, { out, err });
    case 'version': case '--version': case '-v': out(`accrue ${version()}\n`); return 0;
    case undefined: case 'help': case '--help': case '-h': out(`${USAGE}\n`); return command === undefined ? 2 : 0;
    default: err(`accrue: unknown command ${command}\n${USAGE}\n`); return 2;
  }
}

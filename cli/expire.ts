// `accrue expire [--as-of <date>] [--tenant <id>] [--json]`: expires every lot due at the date
// (default now) with ledger entries. Idempotent: running it twice expires nothing the second time.
import { ledgerOptionsFromEnv, openLedger } from '../runtime/ledger/index.ts';

type Out = (text: string) => void;
interface Io { readonly out?: Out; readonly err?: Out; readonly env?: NodeJS.ProcessEnv }

const USAGE = 'usage: accrue expire [--as-of <YYYY-MM-DD or ISO time>] [--tenant <id>] [--json]';

export async function run(args: readonly string[], io: Io = {}): Promise<number> {
  const out = io.out ?? ((t) => process.stdout.write(t));
  const err = io.err ?? ((t) => process.stderr.write(t));
  const opts = parseFlags(args, ['--as-of', '--tenant'], ['--json']);
  if (typeof opts === 'string') { err(`accrue expire: ${opts}\n${USAGE}\n`); return 2; }
  const asOf = opts['--as-of'] !== undefined ? new Date(opts['--as-of']) : new Date();
  if (Number.isNaN(asOf.getTime())) { err(`accrue expire: --as-of is not a date: ${opts['--as-of']}\n`); return 2; }
  const ledger = await openLedger(ledgerOptionsFromEnv(io.env ?? process.env));
  try {
    const tenant = opts['--tenant'];
    const report = await ledger.expire({ asOf, ...(tenant ? { tenant } : {}) });
    const breakage = await ledger.breakage(tenant ? { tenant } : {});
    if (opts['--json']) out(`${JSON.stringify({ ...report, breakage })}\n`);
    else {
      const amounts = Object.entries(report.expired).map(([asset, amount]) => `${amount} ${asset}`).join(', ') || 'nothing';
      out(`expired ${amounts} for ${report.customers} customer(s) as of ${report.asOf}\n`);
      if (breakage.length > 0) out('breakage (expired unspent, by month of expiry):\n');
      for (const b of breakage) out(`  ${b.tenant}  ${b.period}  ${b.programVersion}  ${b.asset}: ${b.expired} of ${b.earned} earned (${b.lots} lots)\n`);
    }
    return 0;
  } finally {
    await ledger.close();
  }
}

export const runExpire = run;

/** `--name value` and boolean flags; returns an error message for anything else. */
export function parseFlags(args: readonly string[], valued: readonly string[], booleans: readonly string[]): Record<string, string | undefined> | string {
  const out: Record<string, string | undefined> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (booleans.includes(a)) out[a] = 'true';
    else if (valued.includes(a)) {
      const v = args[++i];
      if (v === undefined) return `${a} needs a value`;
      out[a] = v;
    } else return `unknown argument ${a}`;
  }
  return out;
}

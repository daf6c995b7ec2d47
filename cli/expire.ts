// `accrue expire [--as-of <date>] [--tenant <id>] [--json]`: expires every lot due at the date
// (default now) with ledger entries. Idempotent: running it twice expires nothing the second time.
import { ledgerOptionsFromEnv, openLedger } from '../runtime/ledger/index.ts';
import { defaultIo, parseFlags, type CliIo } from './args.ts';

type Io = Partial<CliIo> & { readonly env?: NodeJS.ProcessEnv };

const USAGE = 'usage: accrue expire [--as-of <YYYY-MM-DD or ISO time>] [--tenant <id>] [--json]';

export async function run(args: readonly string[], io: Io = {}): Promise<number> {
  const out = io.out ?? defaultIo.out;
  const err = io.err ?? defaultIo.err;
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

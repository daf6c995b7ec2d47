// `accrue reconcile [--tenant <id>] [--no-repair] [--json]`: checks that every balance equals
// the sum of its ledger entries (and the last entry's balance_after, and the open lots), and
// that the cache agrees with Postgres; drops disagreeing cache entries. A ledger mismatch is
// printed loudly to stderr and exits 1.
import { ledgerOptionsFromEnv, openLedger } from '../runtime/ledger/index.ts';
import { defaultIo, parseFlags, type CliIo } from './args.ts';

type Io = Partial<CliIo> & { readonly env?: NodeJS.ProcessEnv };

const USAGE = 'usage: accrue reconcile [--tenant <id>] [--no-repair] [--json]';

export async function run(args: readonly string[], io: Io = {}): Promise<number> {
  const out = io.out ?? defaultIo.out;
  const err = io.err ?? defaultIo.err;
  const opts = parseFlags(args, ['--tenant'], ['--no-repair', '--json']);
  if (typeof opts === 'string') { err(`accrue reconcile: ${opts}\n${USAGE}\n`); return 2; }
  const ledger = await openLedger(ledgerOptionsFromEnv(io.env ?? process.env));
  try {
    const tenant = opts['--tenant'];
    const report = await ledger.reconcile({ repair: !opts['--no-repair'], ...(tenant ? { tenant } : {}) });
    if (opts['--json']) out(`${JSON.stringify(report)}\n`);
    else {
      out(`ledger: ${report.ledger.balancesChecked} balance(s) checked, ${report.ledger.mismatches.length} mismatch(es)\n`);
      const c = report.cache;
      out(`cache (${c.kind}): ${c.customersChecked} customer(s) checked, ${c.stale} stale, ${c.repaired} repaired${c.unreachable ? `, ${c.unreachable} not reachable` : ''}\n`);
    }
    if (!report.ok) {
      err(`LEDGER MISMATCH: ${report.ledger.mismatches.length} balance(s) disagree with their entries — do not edit rows; investigate, then correct with adjust entries\n`);
      for (const m of report.ledger.mismatches) err(`  ${m.tenant}/${m.customerId} ${m.asset} ${m.check}: expected ${m.expected}, found ${m.actual}\n`);
      return 1;
    }
    return 0;
  } finally {
    await ledger.close();
  }
}

export const runReconcile = run;

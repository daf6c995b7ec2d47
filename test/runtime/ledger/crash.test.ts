// Kill -9 in the middle of 10,000 postings, restart, re-send all of them: every transaction
// is credited exactly once, and every posting acknowledged before the kill survived it.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';

const N = 10_000;
const CHILD = new URL('./crash-child.ts', import.meta.url).pathname;

function runChild(schema: string, killAfterAcks?: number): Promise<{ acked: Set<number>; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, schema, '0', String(N)], {
      env: { ...process.env, DATABASE_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Set<number>();
    let killed = false;
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (line.startsWith('acked ')) acked.add(Number(line.slice(6)));
      if (killAfterAcks !== undefined && !killed && acked.size >= killAfterAcks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code, signal) => {
      if (killed && signal === 'SIGKILL') resolve({ acked, killed });
      else if (code === 0) resolve({ acked, killed });
      else reject(new Error(`child exited ${code ?? signal}: ${stderr}`));
    });
  });
}

const available = await postgresAvailable();
describe.skipIf(!available)('crash in the middle of postings', () => {
  const schema = useFreshSchema();

  it('SIGKILL during 10,000 postings, restart, re-send all: each credited exactly once', async () => {
    const first = await runChild(schema.name, 3_000);
    expect(first.killed).toBe(true);
    expect(first.acked.size).toBeGreaterThanOrEqual(3_000);
    expect(first.acked.size).toBeLessThan(N);

    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none' });
    try {
      // Everything acknowledged before the kill is there.
      const [before] = await ledger.db.query<{ n: string | number }>(`SELECT count(*) AS n FROM transactions WHERE tenant_id = 'crash'`);
      expect(Number(before!.n)).toBeGreaterThanOrEqual(first.acked.size);
      expect(Number(before!.n)).toBeLessThan(N);

      const second = await runChild(schema.name);
      expect(second.acked.size).toBe(N);

      const [counts] = await ledger.db.query<{ txns: string | number; entries: string | number; distinct_txns: string | number; total: string }>(
        `SELECT (SELECT count(*) FROM transactions WHERE tenant_id = 'crash') AS txns,
                count(*) AS entries, count(DISTINCT transaction_id) AS distinct_txns, sum(amount)::text AS total
         FROM ledger_entries WHERE tenant_id = 'crash'`);
      const expectedTotal = Array.from({ length: N }, (_, i) => 1 + (i % 10)).reduce((a, b) => a + b, 0);
      expect({ txns: Number(counts!.txns), entries: Number(counts!.entries), distinct: Number(counts!.distinct_txns), total: counts!.total })
        .toEqual({ txns: N, entries: N, distinct: N, total: String(expectedTotal) });
      const report = await ledger.reconcile({ tenant: 'crash' });
      expect(report.ledger.mismatches).toEqual([]);
    } finally {
      await ledger.close();
    }
  }, 120_000);
});

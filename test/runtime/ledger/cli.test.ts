// `accrue expire` and `accrue reconcile` through their run() functions.
import { beforeAll, describe, expect, it } from 'vitest';
import { run as expire } from '../../../cli/expire.ts';
import { run as reconcile } from '../../../cli/reconcile.ts';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

const available = await postgresAvailable();
describe.skipIf(!available)('accrue expire / reconcile', () => {
  const schema = useFreshSchema();
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    env = { DATABASE_URL, ACCRUE_DB_SCHEMA: schema.name };
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none' });
    await ledger.post({ tenant: 'cli', customerId: 'c1', txn: { id: 'a', time: '2026-01-05T10:00:00Z', amount: 100 }, customer: {}, evaluator: fakeEvaluator({ expiryDays: 10 }) });
    await ledger.close();
  });

  const capture = () => {
    const io = { text: '', errors: '', out: (t: string) => { io.text += t; }, err: (t: string) => { io.errors += t; }, env: {} as NodeJS.ProcessEnv };
    return io;
  };

  it('expires as of a date, idempotently, and prints the breakage', async () => {
    const first = capture();
    expect(await expire(['--as-of', '2026-02-01', '--json'], { ...first, env })).toBe(0);
    expect(JSON.parse(first.text)).toMatchObject({ customers: 1, expired: { points: '100' }, breakage: [{ period: '2026-01', expired: '100' }] });
    const again = capture();
    expect(await expire(['--as-of', '2026-02-01'], { ...again, env })).toBe(0);
    expect(again.text).toContain('expired nothing for 0 customer(s)');
    expect(await expire(['--as-of', 'someday'], { ...capture(), env })).toBe(2);
  });

  it('reconcile exits 0 on a sound ledger and 1, loudly, on a mismatch', async () => {
    const ok = capture();
    expect(await reconcile([], { ...ok, env })).toBe(0);
    expect(ok.text).toContain('0 mismatch(es)');
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none' });
    await ledger.db.query(`UPDATE balances SET balance = 5 WHERE tenant_id = 'cli'`);
    await ledger.close();
    const bad = capture();
    expect(await reconcile(['--tenant', 'cli'], { ...bad, env })).toBe(1);
    expect(bad.errors).toContain('LEDGER MISMATCH');
    expect(bad.errors).toContain('cli/c1 points balance_vs_entries: expected 0, found 5');
  });
});

// Migrations: applied at start-up, safe to run twice and from two processes at once.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../runtime/ledger/db.ts';
import { openPg } from '../../../runtime/ledger/db-pg.ts';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';
import { migrate, migrations, splitStatements } from '../../../runtime/ledger/migrate.ts';
import { postHash } from '../../../runtime/ledger/post.ts';
import { DATABASE_URL, freshSchema, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole and drops comment lines', () => {
    const sql = `-- a comment\nCREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'no;';\nEND\n$$;\nSELECT 1;`;
    expect(splitStatements(sql)).toEqual([
      'CREATE TABLE a (x int);',
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  RAISE EXCEPTION 'no;';\nEND\n$$;",
      'SELECT 1;',
    ]);
  });
});

/** Brings a fresh schema to `version`, as a database that stopped there would be. */
async function migrateTo(db: Db, version: number): Promise<void> {
  await db.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const m of migrations().filter((m) => m.version <= version)) {
    // Each in a transaction, as migrate() runs them (a migration may lock its tables).
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    });
  }
}

/**
 * Brings a database at version 9 holding period rows to the latest version and checks that
 * migration 010 gathered them into buckets. Week 5 of 2026 runs from Monday 26 January to
 * Sunday 1 February: its Thursday is in January.
 */
async function expectBucketsMoved(db: Db): Promise<void> {
  await db.query(`INSERT INTO aggregates (tenant_id, customer_id, period_key, spend, points, cashback, transactions, counters, version) VALUES
    ('t', 'c1', 'day:2026-01-31', 1000, 10, 0, 1, '{}', 3),
    ('t', 'c1', 'week:2026-W05', 1000, 10, 0, 1, '{"p|cap:w:week:2026-W05": 10}', 3),
    ('t', 'c1', 'month:2026-01', 1000, 10, 0, 1, '{}', 3),
    ('t', 'c1', 'month:2026-02', 0, 0, 0, 0, '{"p|cap:rule:base:customer:month:points:month:2026-02": 95}', 4),
    ('t', 'c1', 'quarter:2026-Q1', 1000, 10, 0, 1, '{}', 3),
    ('t', 'c1', 'year:2026', 1000, 10, 0, 1, '{}', 3),
    ('t', 'c1', 'lifetime', 5000, 50, 0, 5, '{}', 3),
    ('t', 'c2', 'lifetime', 700, 7, 0, 1, '{}', 2)`);
  expect(await migrate(db)).toEqual(migrations().filter((m) => m.version > 9).map((m) => m.version));
  const rows = await db.query<{ customer_id: string; bucket: string; data: string; version: string }>(
    'SELECT customer_id, bucket, data, version::text AS version FROM period_buckets ORDER BY customer_id, bucket');
  expect(rows.map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }))).toEqual([
    { customer_id: 'c1', bucket: 'lifetime', data: { a: { lifetime: [5000, 50, 0, 5] }, k: {} }, version: '3' },
    { customer_id: 'c1', bucket: 'month:2026-01', data: { a: { 'day:2026-01-31': [1000, 10, 0, 1], 'week:2026-W05': [1000, 10, 0, 1], 'month:2026-01': [1000, 10, 0, 1] }, k: { 'p|cap:w:week:2026-W05': 10 } }, version: '3' },
    { customer_id: 'c1', bucket: 'month:2026-02', data: { a: {}, k: { 'p|cap:rule:base:customer:month:points:month:2026-02': 95 } }, version: '4' },
    { customer_id: 'c1', bucket: 'year:2026', data: { a: { 'quarter:2026-Q1': [1000, 10, 0, 1], 'year:2026': [1000, 10, 0, 1] }, k: {} }, version: '3' },
    { customer_id: 'c2', bucket: 'lifetime', data: { a: { lifetime: [700, 7, 0, 1] }, k: {} }, version: '2' },
  ]);
}

describe('migrate on PGlite', () => {
  it('010 gathers period rows into buckets there too', async () => {
    const db = await openPglite();
    try {
      await migrateTo(db, 9);
      await expectBucketsMoved(db);
    } finally {
      await db.close();
    }
  });
});

const available = await postgresAvailable();
describe.skipIf(!available)('migrate', () => {
  const schema = useFreshSchema();

  it('applies every migration once, even when two start at the same time', async () => {
    const a = openPg({ connectionString: DATABASE_URL, schema: schema.name, max: 2 });
    const b = openPg({ connectionString: DATABASE_URL, schema: schema.name, max: 2 });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = migrations().map((m) => m.version);
      expect([...ra, ...rb].sort((x, y) => x - y)).toEqual(all);
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(all);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('004 moves period counters of customers into their period rows (010: into their month), and postings read them there', async () => {
    const moved = await freshSchema();
    const db = openPg({ connectionString: DATABASE_URL, schema: moved.schema, max: 2 });
    try {
      // A database at version 3, with counters as version 3 stored them.
      await migrateTo(db, 3);
      await db.query(`INSERT INTO counters (tenant_id, scope, owner_id, key, value, version) VALUES
        ('t', 'customer', 'c1', 'p|cap:rule:base:customer:month:points:month:2026-11', 70, 5),
        ('t', 'customer', 'c1', 'p|cap:other:month:2026-11', 3, 6),
        ('t', 'customer', 'c1', 'p|no-period', 9, 6),
        ('t', 'program', '*', 'p|cap:program-budget:day:2026-11-20', 40, 6)`);
      await db.query(`INSERT INTO aggregates (tenant_id, customer_id, period_key, spend, points, cashback, transactions, version)
        VALUES ('t', 'c1', 'month:2026-11', 100, 70, 0, 2, 5)`);
      expect(await migrate(db)).toEqual(migrations().filter((m) => m.version > 3).map((m) => m.version));
      const [row] = await db.query<{ data: string }>(`SELECT data FROM period_buckets WHERE tenant_id = 't' AND customer_id = 'c1' AND bucket = 'month:2026-11'`);
      expect(JSON.parse(row!.data)).toEqual({
        a: { 'month:2026-11': [100, 70, 0, 2] },
        k: { 'p|cap:rule:base:customer:month:points:month:2026-11': 70, 'p|cap:other:month:2026-11': 3 },
      });
      const left = await db.query<{ key: string }>('SELECT key FROM counters ORDER BY key');
      expect(left.map((r) => r.key)).toEqual(['p|cap:program-budget:day:2026-11-20', 'p|no-period']);

      // The moved cap still binds: 70 of 100 used, so a posting of 50 earns 30.
      const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: moved.schema, cache: 'none' });
      try {
        const evaluator = fakeEvaluator({ monthlyCap: 100 });
        const r = await ledger.post({ tenant: 't', customerId: 'c1', txn: { id: 'x1', time: '2026-11-20T12:00:00Z', amount: 50 }, customer: {}, evaluator, program: 'p' });
        expect(r.ok && r.value.outcome.totals.points).toBe(30);
        const state = await ledger.quoteState('t', 'c1', evaluator, { id: 'x2', time: '2026-11-21T12:00:00Z', amount: 1 }, 'p');
        expect(Object.values(state.counters)).toContain(100);
      } finally {
        await ledger.close();
      }
    } finally {
      await db.close();
      await moved.drop();
    }
  });

  it('010 gathers the period rows of a customer into month, year and lifetime buckets, and postings and quotes read them there', async () => {
    const older = await freshSchema();
    const db = openPg({ connectionString: DATABASE_URL, schema: older.schema, max: 2 });
    try {
      await migrateTo(db, 9);
      await expectBucketsMoved(db);

      // Sunday 1 February: the cap of February binds (95 of 100 used), and the posting counts in
      // the week of its Monday, kept in January's row.
      const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: older.schema, cache: 'none' });
      try {
        const evaluator = fakeEvaluator({ monthlyCap: 100 });
        const r = await ledger.post({ tenant: 't', customerId: 'c1', txn: { id: 'x1', time: '2026-02-01T12:00:00Z', amount: 20 }, customer: {}, evaluator, program: 'p' });
        expect(r.ok && r.value.outcome.totals.points).toBe(5);
        const [jan] = await db.query<{ data: string }>(`SELECT data FROM period_buckets WHERE customer_id = 'c1' AND bucket = 'month:2026-01'`);
        expect((JSON.parse(jan!.data) as { a: Record<string, number[]> }).a['week:2026-W05']).toEqual([3000, 15, 0, 2]);
        const state = await ledger.quoteState('t', 'c1', evaluator, { id: 'x2', time: '2026-02-02T12:00:00Z', amount: 1 }, 'p');
        expect(state.counters).toEqual({ 'cap:rule:base:customer:month:points:month:2026-02': 100, 'agg:points:month:2026-02': 5 });
      } finally {
        await ledger.close();
      }
    } finally {
      await db.close();
      await older.drop();
    }
  });

  it('008 keeps transactions posted before it: a retry replays the stored outcome, a refund claws it back', async () => {
    const older = await freshSchema();
    const db = openPg({ connectionString: DATABASE_URL, schema: older.schema, max: 2 });
    try {
      await migrateTo(db, 7);
      // A posting of 40 points as version 7 stored it (outcome and balances as json).
      const evaluator = fakeEvaluator();
      const request = { tenant: 't', customerId: 'c1', txn: { id: 'x1', time: '2026-11-20T12:00:00Z', amount: 40 }, customer: {}, evaluator, program: 'p' };
      const outcome = evaluator.evaluate(request.txn, {}, { counters: {} });
      await db.query(`INSERT INTO customers (tenant_id, customer_id) VALUES ('t', 'c1')`);
      await db.query(`INSERT INTO balances (tenant_id, customer_id, asset, balance, version) VALUES ('t', 'c1', 'points', 40, 1)`);
      await db.query(`INSERT INTO transactions (tenant_id, external_id, customer_id, body_hash, program_version, program, outcome, balances, status)
        VALUES ('t', 'x1', 'c1', $1, $2, 'p', $3::json, '{"points":"40"}'::json, 'posted')`, [postHash(request), outcome.programVersion, JSON.stringify(outcome)]);
      await db.query(`INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining)
        VALUES ('t', 'c1', 'points', 'x1', 'base', $1, 40, 40)`, [outcome.programVersion]);
      await db.query(`INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id)
        VALUES ('t', 'c1', 'points', 'earn', 40, 40, 'base', $1, 'x1')`, [outcome.programVersion]);

      const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: older.schema, cache: 'none' });
      try {
        const retry = await ledger.post(request);
        expect(retry.ok && retry.value).toMatchObject({ replayed: true, outcome: { totals: { points: 40 } }, balances: { points: '40' } });
        const refund = await ledger.refund({ tenant: 't', transactionId: 'x1' });
        expect(refund.ok).toBe(true);
        expect((await ledger.balance('t', 'c1')).points).toBe('0');
      } finally {
        await ledger.close();
      }
    } finally {
      await db.close();
      await older.drop();
    }
  });
  it('013 keeps lots and entries written before it: history, lots, refund, redemption, adjustment and expiry use them', async () => {
    const older = await freshSchema();
    const db = openPg({ connectionString: DATABASE_URL, schema: older.schema, max: 2 });
    try {
      await migrateTo(db, 12);
      // Two earnings of c1 as version 12 stored them: x1's 40 points expire on 1 December, x2's 60 never.
      await db.query(`INSERT INTO customers (tenant_id, customer_id) VALUES ('t', 'c1')`);
      await db.query(`INSERT INTO balances (tenant_id, customer_id, asset, balance, version) VALUES ('t', 'c1', 'points', 100, 2)`);
      await db.query(`INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining, expires_at) VALUES
        ('t', 'c1', 'points', 'x1', 'base', 'v1', 40, 40, '2026-12-01T00:00:00Z'), ('t', 'c1', 'points', 'x2', 'base', 'v1', 60, 60, NULL)`);
      await db.query(`INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id) VALUES
        ('t', 'c1', 'points', 'earn', 40, 40, 'base', 'v1', 'x1'), ('t', 'c1', 'points', 'earn', 60, 100, 'base', 'v1', 'x2')`);
      const evaluator = fakeEvaluator();
      for (const [id, amount] of [['x1', 40], ['x2', 60]] as const) {
        const outcome = evaluator.evaluate({ id, time: '2026-11-20T12:00:00Z', amount }, {}, { counters: {} });
        await db.query(`INSERT INTO transactions (tenant_id, external_id, customer_id, body_hash, program_version, program, outcome, balances, status)
          VALUES ('t', $1, 'c1', 'h', 'v1', 'p', $2, '{}', 'posted')`, [id, JSON.stringify(outcome)]);
      }

      const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: older.schema, cache: 'none' });
      try {
        expect((await ledger.history('t', 'c1')).entries.map((e) => e.transactionId)).toEqual(['x2', 'x1']);
        const redeemed = await ledger.redeem({ tenant: 't', customerId: 'c1', amount: 30 });
        expect(redeemed.ok && redeemed.value.taken).toEqual([{ lotId: expect.any(Number), amount: '30' }]);
        const adjusted = await ledger.adjust({ tenant: 't', customerId: 'c1', asset: 'points', amount: '-5', adjustmentId: 'a1', reason: 'goodwill-undo' });
        expect(adjusted.ok).toBe(true);
        expect((await ledger.lots('t', 'c1')).map((l) => [l.transactionId, l.remaining])).toEqual([['x1', '5'], ['x2', '60']]);
        const expired = await ledger.expire({ asOf: new Date('2026-12-02T00:00:00Z') });
        expect(expired.expired).toEqual({ points: '5' });
        const refund = await ledger.refund({ tenant: 't', transactionId: 'x2' });
        expect(refund.ok && refund.value.lots.map((l) => [l.clawedBack, l.fromLot])).toEqual([['60', '60']]);
        expect((await ledger.balance('t', 'c1')).points).toBe('0');
        expect((await ledger.lots('t', 'c1', { all: true })).map((l) => [l.transactionId, l.remaining, l.expired, l.reversed])).toEqual([['x1', '0', '5', '0'], ['x2', '0', '0', '60']]);
        expect((await ledger.reconcile()).ok).toBe(true);
      } finally {
        await ledger.close();
      }
    } finally {
      await db.close();
      await older.drop();
    }
  });
});

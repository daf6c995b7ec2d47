// Posting batches travel as two round trips (BEGIN + acc_post_read_tids, acc_post_write_tids +
// COMMIT) whose rows are array parameters built by StatementParams: any text must come back as
// it went in, and a failing statement must leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Statement } from '../../../runtime/ledger/db.ts';
import { openPg } from '../../../runtime/ledger/db-pg.ts';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';
import { StatementParams, type Column } from '../../../runtime/ledger/sql-array.ts';
import { DATABASE_URL, freshSchema, postgresAvailable } from '../../support/db.ts';

const TRICKY = ['', 'x', '$', '$$', 'x$', '$a$', "it's", 'back\\slash', '{"a\\"b"}', 'a,b', '{}', 'NULL', ' padded ', 'é€😀', 'line\nbreak', 'tab\there'];

/** A statement built with StatementParams: `build` adds the parameters and returns the SQL. */
function statement(name: string, build: (p: StatementParams) => string): Statement {
  const p = new StatementParams();
  return p.statement(build(p), name);
}

function scriptCases(open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
    await db.exec('CREATE TABLE t (v text)');
  });
  afterAll(async () => {
    await close();
  });

  it('any text round-trips in a text array parameter', async () => {
    const rows = await db.scripted((tx) => tx.begin<{ v: string[] }>(statement('t_text', (p) => `SELECT ${p.textArrays([TRICKY])} AS v`)));
    expect(rows[0]!.v).toEqual(TRICKY);
  });

  it('rows round-trip through columns(), nulls, JSON and any text included', async () => {
    type Row = { s: string | null; j: string; n: string | null; at: string | null; b: boolean };
    const rows: Row[] = TRICKY.map((v, i) => ({
      s: i % 5 === 4 ? null : v, j: JSON.stringify({ v, i, ctl: '\u0001' }), n: i % 3 === 2 ? null : `${i}.25`,
      at: i % 4 === 1 ? null : '2026-11-20T12:00:00.000Z', b: i % 2 === 0,
    }));
    const spec: Column<Row>[] = [[(r) => r.s, 'text'], [(r) => r.j, 'json'], [(r) => r.n, 'numeric'], [(r) => r.at, 'timestamptz'], [(r) => r.b, 'boolean']];
    const read = (rs: readonly Row[], name: string) => statement(name, (p) =>
      `SELECT s, j, n::text AS n, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, b FROM unnest(${p.columns(rs, spec)}) AS u(s, j, n, at, b)`);
    const back = await db.scripted((tx) => tx.begin<Row>(read(rows, 't_rows')));
    expect(back).toEqual(rows);
    const none = await db.scripted((tx) => tx.begin<Row>(read([], 't_rows')));
    expect(none).toEqual([]);
  });

  it('a ctid column round-trips, NULL for a row without one', async () => {
    type Row = { tid: string | null };
    const rows: Row[] = [{ tid: '(0,1)' }, { tid: null }, { tid: '(12,7)' }];
    const back = await db.scripted((tx) => tx.begin<{ tid: string | null }>(statement('t_tid', (p) =>
      `SELECT tid::text AS tid FROM unnest(${p.columns(rows, [[(r) => r.tid, 'tid']])}) AS u(tid)`)));
    expect(back).toEqual(rows);
  });

  it('a JSON text holding U+0001 is refused before it is sent', () => {
    expect(() => new StatementParams().columns([{ j: '"\u0001"' }], [[(r) => r.j, 'json']])).toThrow(/U\+0001/);
  });

  it('commit writes; a failing statement rolls the whole transaction back', async () => {
    const insert = (v: string) => statement('t_insert', (p) => `INSERT INTO t VALUES (${p.param(v, 'text')})`);
    await db.scripted(async (tx) => {
      await tx.begin(insert('kept'));
      await tx.commit([insert('also kept')]);
    });
    await expect(db.scripted(async (tx) => {
      await tx.begin(insert('dropped'));
      await tx.commit([insert('dropped too'), statement('t_fail', () => 'SELECT 1/0'), insert('never')]);
    })).rejects.toThrow(/division by zero/);
    await expect(db.scripted((tx) => tx.begin(statement('t_fail', () => 'SELECT 1/0')))).rejects.toThrow(/division by zero/);
    const rows = await db.query<{ v: string }>('SELECT v FROM t ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['also kept', 'kept']);
  });

  it('a failure the caller catches still fails the transaction, and nothing is committed', async () => {
    await db.exec('CREATE TABLE t3 (v text)');
    const insert = (v: string) => statement('t3_insert', (p) => `INSERT INTO t3 VALUES (${p.param(v, 'text')})`);
    for (let round = 1; round <= 2; round++) {
      await expect(db.scripted(async (tx) => {
        await tx.begin(insert(`before ${round}`));
        await tx.commit([insert('x'), statement('t3_fail', () => 'SELECT 1/0')]).catch(() => undefined);
        return 'carried on';
      })).rejects.toThrow(/nothing was committed/);
    }
    await db.scripted((tx) => tx.begin(insert('after')));
    const rows = await db.query<{ v: string }>('SELECT v FROM t3');
    expect(rows.map((r) => r.v)).toEqual(['after']);
  });

  it('statements prepared earlier on the connection read, write and fail alike (one exchange each way)', async () => {
    // One connection: from the second round on, every statement is prepared there, so BEGIN
    // and the read, and the writes and COMMIT, each go as one exchange (pg-chain.ts).
    const read = (v: string) => statement('t2_read', (p) => `SELECT count(*)::int AS n, ${p.param(v, 'text')} AS echo FROM t2`);
    const insert = (v: string) => statement('t2_insert', (p) => `INSERT INTO t2 VALUES (${p.param(v, 'text')})`);
    const failing = (v: string) => statement('t2_fail', (p) => `SELECT 1 / (length(${p.param(v, 'text')}) - 1)`);
    await db.exec('CREATE TABLE t2 (v text)');
    for (let round = 1; round <= 3; round++) {
      const seen = await db.scripted(async (tx) => {
        const rows = await tx.begin<{ n: number; echo: string }>(read(`round ${round}`));
        await tx.commit([insert(`a${round}`), insert(`b${round}`), failing('ok')]);
        return rows[0]!;
      });
      expect(seen).toEqual({ n: 2 * (round - 1), echo: `round ${round}` });
      // A failure among the writes leaves none of them, nor the rows written before it.
      await expect(db.scripted(async (tx) => {
        await tx.commit([insert(`lost${round}`), failing('x'), insert(`never${round}`)]);
      })).rejects.toThrow(/division by zero/);
      await expect(db.scripted((tx) => tx.begin(failing('x')))).rejects.toThrow(/division by zero/);
    }
    const rows = await db.query<{ v: string }>('SELECT v FROM t2 ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });
}

describe('scripted transactions (PGlite)', () => {
  scriptCases(async () => {
    const db = await openPglite();
    return { db, close: () => db.close() };
  });
});

const available = await postgresAvailable();
describe.skipIf(!available)('scripted transactions (Postgres)', () => {
  scriptCases(async () => {
    const schema = await freshSchema('scripted_test');
    const db = openPg({ connectionString: DATABASE_URL, schema: schema.schema, max: 1 });
    return { db, close: async () => { await db.close(); await schema.drop(); } };
  });
});

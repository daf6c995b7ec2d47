// Posting batches travel as scripts (BEGIN + acc_post_read_tids, acc_post_write_tids + COMMIT) whose
// values are dollar-quoted literals: any text must come back as it went in, and a failing
// script must leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../runtime/ledger/db.ts';
import { openPg } from '../../../runtime/ledger/db-pg.ts';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';
import { pushColumns, pushLiteral, textArray, type Column } from '../../../runtime/ledger/sql-array.ts';

// A literal and a row set's columns as the text they add to a script.
const literal = (value: string) => piecesOf((out) => pushLiteral(out, value));
const columns = <R>(rows: readonly R[], spec: readonly Column<R>[]) => piecesOf((out) => pushColumns(out, rows, spec));
function piecesOf(push: (out: string[]) => void): string {
  const out: string[] = [];
  push(out);
  return out.join('');
}
import { DATABASE_URL, freshSchema, postgresAvailable } from '../../support/db.ts';

const TRICKY = ['', 'x', '$', '$$', 'x$', 'x$a', '$a$', 'a$a$a$', '$a0$$a$', 'x$a0', 'x$a0$', "it's", 'back\\slash', '{"a\\"b"}', 'é€😀', '$a$\n$a0$$a1$'];

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

  it('any text round-trips through literal()', async () => {
    for (const v of TRICKY) {
      const rows = await db.scripted((tx) => tx.begin<{ v: string }>(`SELECT ${literal(v)} AS v`));
      expect(rows[0]!.v).toBe(v);
    }
  });

  it('text arrays round-trip through literal(textArray())', async () => {
    const rows = await db.scripted((tx) => tx.begin<{ v: string[] }>(`SELECT ${literal(textArray(TRICKY))}::text[] AS v`));
    expect(rows[0]!.v).toEqual(TRICKY);
  });

  it('rows round-trip through columns(), nulls and any text included', async () => {
    type Row = { s: string | null; j: string; n: string | null; at: string | null };
    const rows: Row[] = TRICKY.map((v, i) => ({
      s: i % 5 === 4 ? null : v, j: JSON.stringify({ v, i }), n: i % 3 === 2 ? null : `${i}.25`, at: i % 4 === 1 ? null : '2026-11-20T12:00:00.000Z',
    }));
    const spec: Column<Row>[] = [[(r) => r.s, 'text'], [(r) => r.j, 'json'], [(r) => r.n, 'numeric'], [(r) => r.at, 'timestamptz']];
    const back = await db.scripted((tx) => tx.begin<{ s: string | null; j: string; n: string | null; at: string | null }>(
      `SELECT s, j, n::text AS n, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM unnest(${columns(rows, spec)}) AS u(s, j, n, at)`));
    expect(back).toEqual(rows);
    const none = await db.scripted((tx) => tx.begin<{ n: number }>(`SELECT count(*)::int AS n FROM unnest(${columns([] as Row[], spec)}) AS u(s, j, n, at)`));
    expect(none[0]!.n).toBe(0);
  });

  it('a column of one repeated value, or of nulls only, round-trips as a whole column', async () => {
    type Row = { t: string; n: number | null; at: string | null; tid: string | null };
    for (const tenant of TRICKY) {
      const rows: Row[] = [1, 2, 3].map(() => ({ t: tenant, n: 7, at: null, tid: '(0,1)' }));
      const spec: Column<Row>[] = [[(r) => r.t, 'text'], [(r) => r.n, 'bigint'], [(r) => r.at, 'timestamptz'], [(r) => r.tid, 'tid']];
      const back = await db.scripted((tx) => tx.begin<{ t: string; n: string; at: string | null; tid: string }>(
        `SELECT t, n::text AS n, at::text AS at, tid::text AS tid FROM unnest(${columns(rows, spec)}) AS u(t, n, at, tid)`));
      expect(back).toEqual(rows.map((r) => ({ ...r, n: '7' })));
    }
  });

  it('commit writes; a failing script rolls the whole transaction back', async () => {
    await db.scripted(async (tx) => {
      await tx.begin(`INSERT INTO t VALUES (${literal('kept')})`);
      await tx.commit(`INSERT INTO t VALUES (${literal('also kept')})`);
    });
    await expect(db.scripted(async (tx) => {
      await tx.begin(`INSERT INTO t VALUES (${literal('dropped')})`);
      await tx.commit('SELECT 1/0');
    })).rejects.toThrow();
    const rows = await db.query<{ v: string }>('SELECT v FROM t ORDER BY v');
    expect(rows.map((r) => r.v)).toEqual(['also kept', 'kept']);
  });
}

describe('script literals and scripted transactions (PGlite)', () => {
  scriptCases(async () => {
    const db = await openPglite();
    return { db, close: () => db.close() };
  });
});

const available = await postgresAvailable();
describe.skipIf(!available)('script literals and scripted transactions (Postgres)', () => {
  scriptCases(async () => {
    const schema = await freshSchema('scripted_test');
    const db = openPg({ connectionString: DATABASE_URL, schema: schema.schema, max: 2 });
    return { db, close: async () => { await db.close(); await schema.drop(); } };
  });
});

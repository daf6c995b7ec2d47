// Posting batches travel as scripts (BEGIN + acc_post_read, acc_post_write + COMMIT) whose
// values are dollar-quoted literals: any text must come back as it went in, and a failing
// script must leave nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../runtime/ledger/db.ts';
import { openPg } from '../../../runtime/ledger/db-pg.ts';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';
import { literal, textArray } from '../../../runtime/ledger/sql-array.ts';
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

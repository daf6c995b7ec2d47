// Db over PGlite: Postgres compiled to WebAssembly, in this process, data in a folder (or memory).
// One connection; PGlite runs one transaction at a time, so row locks never contend.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { FailureWatch, type Db, type Queryable, type Row, type ScriptTx, type Statement } from './db.ts';

/** Opens PGlite in `dataDir` (created if missing: a fresh clone has no `.data/`), or in memory. */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const lite = dataDir ? new PGlite(dataDir) : new PGlite();
  await lite.waitReady;
  return new PgliteDb(lite);
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  readonly parallelism = 1;
  constructor(private readonly lite: PGlite) {}

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.lite.query<R>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t) => {
      const tx: Queryable = {
        query: async <R extends Row = Row>(sql: string, params: readonly unknown[] = []) =>
          (await t.query<R>(sql, params as unknown[])).rows,
      };
      return fn(tx);
    });
  }

  /** PGlite runs one transaction at a time anyway: BEGIN and COMMIT are its transaction's own. */
  async scripted<T>(fn: (tx: ScriptTx) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t) => {
      const watch = new FailureWatch();
      const run = async <R extends Row>(sql: string, params: readonly unknown[]) => (await watch.note(t.query<R>(sql, params as unknown[]))).rows;
      const tx: ScriptTx = {
        query: <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => run<R>(sql, params),
        begin: <R extends Row = Row>(statement: Statement) => run<R>(statement.text, textValues(statement)),
        commit: async (statements: readonly Statement[]) => {
          for (const st of statements) await run(st.text, textValues(st));
        },
      };
      const result = await fn(tx);
      watch.check(); // (the transaction then rolls back)
      return result;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }

  async close(): Promise<void> {
    await this.lite.close();
  }
}

/** A statement's values as text: PGlite takes a byte array for bytea, not for a text parameter. */
function textValues(statement: Statement): (string | null)[] {
  return statement.values.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v));
}

// Db over a `pg` connection pool, with named (prepared) statements.
import pg from 'pg';
import { FailureWatch, type Db, type Queryable, type Row, type ScriptTx, type Statement } from './db.ts';
import { chainable, runChain } from './pg-chain.ts';

export interface PgOptions {
  readonly connectionString: string;
  /** Schema put first on every connection's search_path (tests run one schema each). */
  readonly schema?: string;
  readonly max?: number;
  /** Shown in pg_stat_activity (benchmarks find their backends by it). */
  readonly applicationName?: string;
}

export function openPg(options: PgOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 8,
    application_name: options.applicationName ?? 'accrue',
    // A posting batch sends BEGIN with its read and its write with COMMIT, each pair without
    // waiting between them (ScriptTx: as one exchange once the statement is prepared, pipelined
    // the first time). Queries awaited one by one run as before.
    pipeline: true,
    // Connections stay open once made (pg's default closes one idle for 10 s). A batch that
    // needs a connection the pool has closed waits for a new one, whose backend then prepares
    // each statement and loads its catalog caches afresh: a batch of five took 19–34 ms so,
    // against 3–8 ms on a warm connection. At a moderate load the third or fourth connection is
    // needed only now and then, when a stall has let the queue grow: just when it must be quick.
    // The pool never holds more than `max`; an idle connection does not keep the process alive.
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    // PGOPTIONS (libpq's variable, which `pg` honours only when given no options of ours) comes
    // first, so session settings still reach every connection (e.g. auto_explain for a
    // benchmark's per-statement timings, docs/ledger.md round 7) but the schema's search_path wins.
    ...(options.schema ? { options: [process.env.PGOPTIONS, `-c search_path=${quoteIdent(options.schema)}`].filter(Boolean).join(' ') } : {}),
  });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => {});
  return new PgDb(pool, options.max ?? 8);
}

class PgDb implements Db {
  readonly kind = 'pg' as const;
  constructor(private readonly pool: pg.Pool, readonly parallelism: number) {}

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<R[]> {
    return runOn(this.pool, sql, params, name);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.onClient(async (client) => {
      await client.query('BEGIN');
      const tx: Queryable = { query: (sql, params = [], name) => runOn(client, sql, params, name) };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    });
  }

  scripted<T>(fn: (tx: ScriptTx) => Promise<T>): Promise<T> {
    return this.onClient(async (client) => {
      let open = false;
      // A failed statement leaves the transaction aborted until onClient rolls it back.
      const watch = new FailureWatch();
      const tx: ScriptTx = {
        query: async <R extends Row = Row>(sql: string, params: readonly unknown[] = [], name?: string) => {
          if (!open) {
            open = true;
            await watch.note(client.query('BEGIN'));
          }
          return watch.note(runOn<R>(client, sql, params, name));
        },
        begin: async <R extends Row = Row>(statement: Statement) => {
          if (open) throw new Error('begin: the transaction is already open');
          open = true;
          if (chainable(client, [statement])) return (await watch.note(runChain(client, ['BEGIN', statement])))[1] as R[];
          // First use on this connection: the driver prepares the statement. (Both awaited
          // together: a failed BEGIN must not leave the statement's rejection unhandled.)
          const [, result] = await watch.note(Promise.all([client.query('BEGIN'), client.query(prepared(statement))]));
          return result.rows as R[];
        },
        commit: async (statements: readonly Statement[]) => {
          // A statement that fails aborts the transaction: in one exchange Postgres skips the
          // rest and the COMMIT; pipelined, the COMMIT behind it rolls back. Either way this
          // rejects with the failure.
          if (chainable(client, statements)) {
            await watch.note(runChain(client, [...(open ? [] : ['BEGIN' as const]), ...statements, 'COMMIT']));
          } else {
            const begin = open ? [] : [client.query('BEGIN')];
            await watch.note(Promise.all([...begin, ...statements.map((st) => client.query(prepared(st))), client.query('COMMIT')]));
          }
          open = false;
        },
      };
      const result = await fn(tx);
      watch.check(); // (onClient then rolls back)
      if (open) await client.query('COMMIT');
      return result;
    });
  }

  /**
   * Runs `fn` on a pooled connection. When it throws, the connection is rolled back (also
   * after a failed script: its transaction may be open and aborted, or not) and discarded if
   * even that fails.
   */
  private async onClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      return await fn(client);
    } catch (err) {
      broken = !(await rollback(client));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function prepared(statement: Statement): pg.QueryConfig {
  return { name: statement.name, text: statement.text, values: statement.values as unknown[] };
}

async function runOn<R extends Row>(on: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[], name?: string): Promise<R[]> {
  const config: pg.QueryConfig = name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] };
  const result = await on.query(config);
  return result.rows as R[];
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Rolls back after a failure; false when even that failed, so the connection must be discarded. */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return true;
  } catch {
    return false;
  }
}

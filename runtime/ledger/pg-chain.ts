// Several statements in one extended-protocol exchange with a single Sync: Postgres answers
// them in one flush, so the caller wakes once. A posting batch is BEGIN + its read, then its
// write + COMMIT; sent as separate queries (each with its own Sync) Postgres flushed after BEGIN
// and after the write as well, and each of those flushes woke this process, which on a small
// virtual machine costs as much as the work (docs/ledger.md, round 9).
//
// Named statements must already be prepared on the connection (the driver's own path prepares
// them on first use): a chain never parses them, so a failure inside it never leaves the
// driver unsure which statements the server holds. BEGIN and COMMIT go as unnamed statements.
import pg from 'pg';
import type { Statement } from './db.ts';

/** A step of a chain: a prepared statement, or BEGIN/COMMIT. */
export type ChainStep = Statement | 'BEGIN' | 'COMMIT';

interface PgConnection {
  readonly parsedStatements: Record<string, string | undefined>;
  parse(msg: { text: string }): void;
  bind(msg: { statement: string; values: readonly (string | Buffer | null)[] }): void;
  describe(msg: { type: 'P'; name: string }): void;
  execute(msg: { portal: string }): void;
  sync(): void;
}

interface QueryResultLike { readonly rows: unknown[] }

/**
 * Whether every named statement of `steps` is prepared on the client's connection and every
 * value is one the protocol takes as is (a Bind that threw would leave a half-written exchange).
 */
export function chainable(client: pg.PoolClient, steps: readonly ChainStep[]): boolean {
  // (The driver's own record of what it prepared; this module relies on pg 8's internals, which
  // test/runtime/ledger/scripted.test.ts exercises: were they to change, that test fails.)
  const parsed = (client as unknown as { connection?: Partial<PgConnection> }).connection?.parsedStatements;
  if (parsed === undefined) return false;
  return steps.every((s) => typeof s === 'string' || (parsed[s.name] === s.text && s.values.every(plainValue)));
}

function plainValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || Buffer.isBuffer(v);
}

/** Runs `steps` in one exchange; the rows of each step, in order. A failed step fails the whole (the steps behind it are skipped by Postgres). */
export function runChain(client: pg.PoolClient, steps: readonly ChainStep[]): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const query = new Chain(steps, (err, results) => {
      if (err) reject(err);
      else resolve(steps.map((_, i) => results[i]?.rows ?? []));
    });
    void client.query(query as unknown as pg.QueryConfig);
  });
}

// pg's Query gathers one result per command of a multi-statement exchange (a RowDescription or
// CommandComplete after a finished command starts the next result) and answers at
// ReadyForQuery; only how the exchange is written differs. (An instance of Query, as pipeline
// mode requires of a submittable.)
class Chain extends (pg.Query as unknown as new (config: object, callback: (err: Error | undefined, results: QueryResultLike | QueryResultLike[]) => void) => object) {
  constructor(private readonly steps: readonly ChainStep[], done: (err: Error | undefined, results: QueryResultLike[]) => void) {
    // Every step answers with a CommandComplete, so a chain of two or more always yields an
    // array of results; one step yields the result itself.
    super({ text: 'chain', queryMode: 'extended' }, (err, results) => done(err, Array.isArray(results) ? results : [results]));
  }

  prepare(connection: PgConnection): void {
    for (const step of this.steps) {
      if (typeof step === 'string') {
        connection.parse({ text: step });
        connection.bind({ statement: '', values: [] });
      } else {
        connection.bind({ statement: step.name, values: step.values });
        connection.describe({ type: 'P', name: '' });
      }
      connection.execute({ portal: '' });
    }
    connection.sync();
  }
}

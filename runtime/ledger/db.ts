// The one seam between the ledger and a Postgres engine. Two implementations run the very
// same SQL: a `pg` connection pool (db-pg.ts) and in-process PGlite (db-pglite.ts).
// Values come back as the driver gives them; the ledger casts numerics to text in SQL and
// converts ids with Number(), so both drivers read alike.

export type Row = Record<string, unknown>;

export interface Queryable {
  /**
   * Runs one statement. `name` marks a statement worth preparing: the pg driver prepares it
   * once per connection and reuses the plan; PGlite ignores it.
   */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[], name?: string): Promise<R[]>;
}

/**
 * One statement of a posting batch's transaction: SQL with `$n` parameters (their values as
 * text: array literals, JSON), and the name it is prepared under on a connection.
 */
export interface Statement {
  readonly text: string;
  readonly values: readonly (string | Buffer | null)[];
  readonly name: string;
}

/**
 * A transaction whose first and last statements share a round trip with BEGIN and COMMIT:
 * a posting batch is two round trips in all. The pg driver sends each pair as one exchange
 * (pg-chain.ts; pipelined separately the first time, when the statement is prepared); the
 * statements go over the extended protocol, so their large parameters are never lexed as SQL,
 * and are prepared once per connection.
 */
export interface ScriptTx extends Queryable {
  /** BEGIN and `statement` in one round trip (the first statement of the transaction); its rows. */
  begin<R extends Row = Row>(statement: Statement): Promise<R[]>;
  /** `statements` (in order) and COMMIT in one round trip: committed when this resolves; when it rejects, nothing is committed (the transaction is rolled back when the rejection leaves `scripted`). */
  commit(statements: readonly Statement[]): Promise<void>;
}

/**
 * Watches a scripted transaction's statements: after a failed one the transaction is aborted,
 * so an `fn` that caught the failure and went on must not end in a COMMIT (which Postgres would
 * answer with a silent ROLLBACK). Both drivers' `scripted` use it.
 */
export class FailureWatch {
  private failed = false;

  /** `p`, noting whether it rejects. */
  note<V>(p: Promise<V>): Promise<V> {
    return p.catch((err: unknown) => {
      this.failed = true;
      throw err;
    });
  }

  /** Throws when a statement failed, whatever `fn` made of it: nothing was committed. */
  check(): void {
    if (this.failed) throw new Error('scripted: a statement of the transaction failed and was caught; nothing was committed');
  }
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs `fn` in one transaction (READ COMMITTED): commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction, opened by its `begin` or its first `query`: committed by its
   * `commit`, or when `fn` resolves without one; rolled back when it throws.
   */
  scripted<T>(fn: (tx: ScriptTx) => Promise<T>): Promise<T>;
  /** Runs several statements at once, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** How many transactions may usefully run at once (pool size; 1 for PGlite). */
  readonly parallelism: number;
  close(): Promise<void>;
}

/** SQLSTATE of a failed statement, when the driver reports one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Errors worth retrying the whole transaction for: deadlock, serialization failure, unique race. */
export function isRetryable(err: unknown): boolean {
  const code = sqlState(err);
  return code === '40P01' || code === '40001' || code === '23505';
}

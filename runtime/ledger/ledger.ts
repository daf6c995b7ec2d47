// The ledger's facade: what the HTTP server and the CLI call. Postgres (or PGlite) is the
// truth; the cache (Redis, in-process, or none) is written after each commit and read when
// it has the answer.
import type { StateSnapshot, TransactionInput } from '../outcome.ts';
import type { Evaluator } from '../program.ts';
import { NoCache, MemoryCache, type Cache, type CustomerWrite, type ProgramWrite } from './cache.ts';
import { RedisCache } from './cache-redis.ts';
import { isRetryable, type Db, type ScriptTx } from './db.ts';
import { openPg } from './db-pg.ts';
import { openPglite } from './db-pglite.ts';
import { fail } from './errors.ts';
import { breakage, customersWithDueLots, expireDue, type BreakageRow } from './expire.ts';
import { Book, customerKey } from './book.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { migrate } from './migrate.ts';
import { postBatch, validatePost, type PostRequest, type PostResult } from './post.ts';
import { readBalances, readHistory, readLots, readState, type Balances, type HistoryResult, type LotView } from './reads.ts';
import { reconcile, type ReconcileReport } from './reconcile.ts';
import { redeemBatch, type RedeemRequest, type RedeemResult } from './redeem.ts';
import { refundIn, type RefundRequest, type RefundResult } from './refund.ts';
import { adjustIn, type AdjustRequest, type AdjustResult } from './adjust.ts';
import { text, type Asset } from './amount.ts';

export interface LedgerOptions {
  /** Postgres URL; without it the ledger runs on PGlite in `dataDir` (in memory when that is unset too). */
  readonly databaseUrl?: string;
  readonly dataDir?: string;
  /** Postgres schema for every table (tests use one each). */
  readonly schema?: string;
  readonly poolSize?: number;
  /** Postgres application_name of the pool's connections (default `accrue`). */
  readonly applicationName?: string;
  /** Redis URL; without it an in-process cache (`cache: 'none'` for Postgres alone). */
  readonly redisUrl?: string;
  readonly redisPrefix?: string;
  readonly cache?: 'auto' | 'none';
  readonly cacheTtlMs?: number;
  readonly groupCommit?: GroupCommitOptions;
  /** The clock redemption uses to expire lots (tests move it). */
  readonly now?: () => Date;
}

const NO_CACHE = new NoCache();

export interface ExpireReport {
  readonly asOf: string;
  readonly customers: number;
  readonly expired: Readonly<Record<Asset, string>>;
}

export async function openLedger(options: LedgerOptions = {}): Promise<Ledger> {
  const db = options.databaseUrl
    ? openPg({ connectionString: options.databaseUrl, ...(options.schema ? { schema: options.schema } : {}), max: options.poolSize ?? 8, ...(options.applicationName ? { applicationName: options.applicationName } : {}) })
    : await openPglite(options.dataDir);
  try {
    if (db.kind === 'pglite' && options.schema) await db.exec(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"; SET search_path TO "${options.schema}"`);
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  let cache: Cache;
  if (options.cache === 'none') cache = new NoCache();
  else if (options.redisUrl) {
    const redis = new RedisCache({ url: options.redisUrl, ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}), ...(options.cacheTtlMs ? { ttlMs: options.cacheTtlMs } : {}) });
    await redis.connect();
    cache = redis;
  } else cache = new MemoryCache();
  return new Ledger(db, cache, options);
}

/** Options from the environment: DATABASE_URL (else PGlite in ACCRUE_DATA_DIR, default .data/pglite), ACCRUE_DB_SCHEMA, REDIS_URL, ACCRUE_REDIS_PREFIX. */
export function ledgerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LedgerOptions {
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.ACCRUE_DATA_DIR ?? '.data/pglite' }),
    ...(env.ACCRUE_DB_SCHEMA ? { schema: env.ACCRUE_DB_SCHEMA } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.ACCRUE_REDIS_PREFIX ? { redisPrefix: env.ACCRUE_REDIS_PREFIX } : {}),
  };
}

export class Ledger {
  private readonly committer: GroupCommitter<PostRequest, PostResult>;
  private readonly redeemer: GroupCommitter<RedeemRequest, RedeemResult>;
  private readonly now: () => Date;

  constructor(readonly db: Db, readonly cache: Cache, options: LedgerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    // Postings and redemptions group alike, by customer: up to 3 posting batches at once, 4 while
    // a whole batch waits (saturation), and 2 of redemptions; each committer at most as many as
    // the pool allows (`maxInFlight` and `fullInFlight` given are taken as they are; a
    // `maxInFlight` given alone is both). A third posting batch keeps both cores of a small
    // machine busy while another waits for its commit's flush (docs/ledger.md, round 7: +6–7%
    // sustained on 2 cores), a fourth at saturation the idle moments left (round 10: +4% in the
    // median); redemptions, fewer in flight, lost ~8% to the smaller batches of a third.
    const byCustomer = (r: { tenant: string; customerId: string }) => r.tenant + '\u0000' + r.customerId;
    const grouping = (maxInFlight: number, fullInFlight: number): GroupCommitOptions => {
      const given = options.groupCommit;
      const max = given?.maxInFlight ?? Math.min(maxInFlight, db.parallelism);
      // A caller's maxInFlight alone caps both: the extra batch at saturation is only our default's.
      const full = given?.fullInFlight ?? (given?.maxInFlight !== undefined ? max : Math.max(max, Math.min(fullInFlight, db.parallelism)));
      return { ...given, maxInFlight: max, fullInFlight: full };
    };
    this.committer = new GroupCommitter<PostRequest, PostResult>((batch) => this.runBatch(batch), byCustomer, grouping(3, 4));
    this.redeemer = new GroupCommitter<RedeemRequest, RedeemResult>((batch) => this.runRedeemBatch(batch), byCustomer, grouping(2, 2));
  }

  /** Posts one transaction (earn). Concurrent calls share Postgres transactions (group commit). */
  post(request: PostRequest): Promise<PostResult> {
    const invalid = validatePost(request);
    if (invalid) return Promise.resolve(fail(invalid));
    return this.committer.submit(request);
  }

  /** The counters an evaluation of `txn` would read now, for a quote (no write); without a customer, the program's budgets only. `program` as in PostRequest. */
  quoteState(tenant: string, customerId: string | undefined, evaluator: Evaluator, txn: TransactionInput, program?: string): Promise<StateSnapshot> {
    return readState(this.db, customerId === undefined ? this.cache : this.cacheFor(tenant, customerId), tenant, customerId, evaluator, txn, program);
  }

  /** Redeems points or cashback, first-expiring first. Concurrent calls share Postgres transactions. */
  redeem(request: RedeemRequest): Promise<RedeemResult> {
    return this.redeemer.submit(request);
  }

  refund(request: RefundRequest): Promise<RefundResult> {
    return this.write((tx) => refundIn(tx, request));
  }

  /** A correcting entry (credit or debit), idempotent by `adjustmentId`. */
  adjust(request: AdjustRequest): Promise<AdjustResult> {
    return this.write((tx) => adjustIn(tx, request));
  }

  balance(tenant: string, customerId: string): Promise<Balances> {
    return readBalances(this.db, this.cacheFor(tenant, customerId), tenant, customerId);
  }

  lots(tenant: string, customerId: string, options?: { asset?: Asset; all?: boolean }): Promise<LotView[]> {
    return readLots(this.db, tenant, customerId, options);
  }

  /** A page of entries, newest first; `ok: false` (`invalid_request`, `field: 'cursor'`) for a cursor this ledger never returned. */
  history(tenant: string, customerId: string, options?: { limit?: number; cursor?: string }): Promise<HistoryResult> {
    return readHistory(this.db, tenant, customerId, options);
  }

  /** Expires every lot due at `asOf` (default now), a chunk of customers per transaction. Idempotent. */
  async expire(options: { asOf?: Date; tenant?: string; chunk?: number } = {}): Promise<ExpireReport> {
    const asOf = options.asOf ?? this.now();
    const totals: Record<Asset, string> = {};
    let customers = 0;
    for (;;) {
      const refs = await customersWithDueLots(this.db, asOf, options.chunk ?? 500, options.tenant);
      if (refs.length === 0) break;
      customers += refs.length;
      await this.write(async (tx) => {
        const book = new Book();
        await book.lockCustomers(tx, refs);
        await book.load(tx);
        const expired = await expireDue(tx, book, refs, asOf);
        for (const [asset, amount] of Object.entries(expired)) totals[asset] = text(amount.plus(totals[asset] ?? 0));
        return { result: undefined, cache: await book.flush(tx) };
      });
    }
    return { asOf: asOf.toISOString(), customers, expired: totals };
  }

  breakage(options?: { tenant?: string; from?: Date; to?: Date }): Promise<BreakageRow[]> {
    return breakage(this.db, options);
  }

  async reconcile(options?: { tenant?: string; repair?: boolean }): Promise<ReconcileReport> {
    await this.settled();
    return reconcile(this.db, this.cache, options);
  }

  /** Waits for in-flight postings, then closes the pool and the cache. */
  async close(): Promise<void> {
    await Promise.all([this.committer.drain(), this.redeemer.drain()]);
    await this.settled();
    await this.cache.close();
    await this.db.close();
  }

  private readonly pending = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();

  private writeCache(customers: CustomerWrite[], programs: ProgramWrite[]): void {
    if (customers.length === 0 && programs.length === 0) return;
    const keys = customers.map((c) => customerKey(c.tenant, c.customerId));
    for (const k of keys) this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
    const done = this.cache.write(customers, programs).finally(() => {
      for (const k of keys) {
        const n = this.pending.get(k)! - 1;
        if (n === 0) this.pending.delete(k);
        else this.pending.set(k, n);
      }
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);
  }

  /** The cache, unless a write of this customer is still on its way to it. */
  private cacheFor(tenant: string, customerId: string): Cache {
    return this.pending.has(customerKey(tenant, customerId)) ? NO_CACHE : this.cache;
  }

  /** Resolves when every cache write started so far has landed (or failed). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private runBatch(batch: readonly PostRequest[]): Promise<PromiseSettledResult<PostResult>[]> {
    return this.settle(batch, (tx, b) => postBatch(tx, b));
  }

  private runRedeemBatch(batch: readonly RedeemRequest[]): Promise<PromiseSettledResult<RedeemResult>[]> {
    const now = this.now();
    return this.settle(batch, (tx, b) => redeemBatch(tx, b, now));
  }

  /** Runs a batch in one transaction; if it fails, each request alone, so only a faulty one fails. */
  private async settle<Req, Res>(batch: readonly Req[], run: (tx: ScriptTx, batch: readonly Req[]) => Promise<{ results: Res[]; cache: { customers: CustomerWrite[]; programs: ProgramWrite[] } }>): Promise<PromiseSettledResult<Res>[]> {
    try {
      const results = await this.write((tx) => run(tx, batch).then((out) => ({ result: out.results, cache: out.cache })));
      return results.map((value) => ({ status: 'fulfilled', value }));
    } catch (err) {
      if (batch.length === 1) return [{ status: 'rejected', reason: err }];
      const results: PromiseSettledResult<Res>[] = [];
      for (const r of batch) {
        try {
          results.push({ status: 'fulfilled', value: await this.write((tx) => run(tx, [r]).then((out) => ({ result: out.results[0]!, cache: out.cache }))) });
        } catch (reason) {
          results.push({ status: 'rejected', reason });
        }
      }
      return results;
    }
  }

  /**
   * One Postgres transaction, retried on deadlock or a unique race. The cache is written after
   * commit without holding up the caller or the next batch; until that write lands, this
   * process reads those customers from Postgres, so a caller always reads its own writes.
   */
  private async write<T>(fn: (tx: ScriptTx) => Promise<{ result: T; cache: { customers: CustomerWrite[]; programs: ProgramWrite[] } }>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, cache } = await this.db.scripted(fn);
        this.writeCache(cache.customers, cache.programs);
        return result;
      } catch (err) {
        if (!isRetryable(err) || attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }
}

// The in-memory working set of one ledger transaction: the balances of the customers it has
// locked, the entries it appends and the counters it increments. The protocol, in order:
//   lockCustomers → lockProgramCounters (if any) → load → change the book → flush.
// `load` draws the write version once every lock is held; `flush` writes everything (plus the
// caller's own parts) in one statement and returns the cache writes to make after commit.
// Counters are integers (points, counts, minor units) and kept as numbers; balances are Decimals.
import { Decimal, ZERO, text, type Asset } from './amount.ts';
import { UNKNOWN, bucketField, type CustomerWrite, type ProgramWrite } from './cache.ts';
import type { Queryable, ScriptTx, Statement } from './db.ts';
import { invariant } from './errors.ts';
import { combine, type Part } from './statement.ts';
import { StatementParams, textArray, type Column } from './sql-array.ts';
import { bucketData, bucketOf, type BucketData } from './period-bucket.ts';
import { keyInfo } from './counter-place.ts';

export type EntryKind = 'earn' | 'redeem' | 'expire' | 'reverse' | 'adjust';

export interface EntryMeta {
  readonly ruleId?: string | undefined;
  readonly programVersion?: string | undefined;
  readonly transactionId?: string | undefined;
  readonly lotId?: number | undefined;
}

export interface CustomerRef {
  readonly tenant: string;
  readonly customerId: string;
}

export interface CounterRef {
  readonly tenant: string;
  readonly owner: string;
  readonly key: string;
}

export const PROGRAM_OWNER = '*';
const SEP = '\u0000';
export const customerKey = (tenant: string, customerId: string) => tenant + SEP + customerId;

/**
 * A row of the state reads (`load`, `acc_post_read_tids`): kind b(alance), k (counter), a (bucket:
 * its data), v(ersion); the value in v1; for a balance or bucket row, its ctid when the read returns it.
 */
type LoadRow = { kind: string; tenant_id: string; owner: string | null; key: string; v1: string; tid?: string | null };

/** What a state read fetches besides balances: plain counters and bucket rows. */
interface LoadPlan {
  readonly plain: CounterRef[];
  readonly buckets: BucketRef[];
  /** The states of `buckets`, in the same order. */
  readonly bucketStates: BucketState[];
}

/** A customer's bucket row to read (migration 010). */
export interface BucketRef {
  readonly tenant: string;
  readonly owner: string;
  readonly bucket: string;
}

/** Entry rows as json_to_recordset reads them. */
interface EntryRow { t: string; c: string; a: string; k: EntryKind; m: string; b: string; r: string | null; v: string | null; x: string | null; l: number | null }

/** A transaction posted before, as acc_post_read_tids finds it. */
export interface FoundTransaction { tenant: string; id: string; hash: string; status: 'posted' | 'reversed'; outcome: unknown; balances: unknown }

/** A posted transaction's row: its outcome and balances as the JSON texts a replay returns. */
export interface TransactionRow { t: string; id: string; c: string; h: string; v: string; p: string; o: string; b: string }

/** A lot earned by a posting (amounts as decimal text; `d` the expiry instant, or null). */
export interface LotRow { t: string; c: string; a: string; x: string; r: string; v: string; e: string; m: string; d: string | null }

// acc_post_write_tids's argument order (migration 011).
const TRANSACTION_COLUMNS: readonly Column<TransactionRow>[] = [
  [(r) => r.t, 'text'], [(r) => r.id, 'text'], [(r) => r.c, 'text'], [(r) => r.h, 'text'],
  [(r) => r.v, 'text'], [(r) => r.p, 'text'], [(r) => r.o, 'json'], [(r) => r.b, 'json'],
];
const LOT_COLUMNS: readonly Column<LotRow>[] = [
  [(r) => r.t, 'text'], [(r) => r.c, 'text'], [(r) => r.a, 'text'], [(r) => r.x, 'text'], [(r) => r.r, 'text'],
  [(r) => r.v, 'text'], [(r) => r.e, 'numeric'], [(r) => r.m, 'numeric'], [(r) => r.d, 'timestamptz'],
];
const BALANCE_COLUMNS: readonly Column<BalanceRow>[] = [[(r) => r.tid, 'tid'], [(r) => r.fresh, 'boolean'], [(r) => r.t, 'text'], [(r) => r.c, 'text'], [(r) => r.a, 'text'], [(r) => r.b, 'numeric']];
const BUCKET_COLUMNS: readonly Column<BucketRow>[] = [[(r) => r.tid, 'tid'], [(r) => r.fresh, 'boolean'], [(r) => r.t, 'text'], [(r) => r.c, 'text'], [(r) => r.b, 'text'], [(r) => r.d, 'json']];
const ENTRY_COLUMNS: readonly Column<EntryRow>[] = [
  [(r) => r.t, 'text'], [(r) => r.c, 'text'], [(r) => r.a, 'text'], [(r) => r.k, 'text'], [(r) => r.m, 'numeric'],
  [(r) => r.b, 'numeric'], [(r) => r.r, 'text'], [(r) => r.v, 'text'], [(r) => r.x, 'text'], [(r) => r.l, 'bigint'],
];


/** A bucket row of a locked customer: read under the lock (exact), or still to be read before the write (`settle`). */
interface BucketState {
  loaded: boolean;
  data: BucketData;
  changed: boolean;
  /** The data's JSON as written (the cache is given the same text). */
  text?: string;
  /** Increments made before it was read; `settle` reads it and adds them. */
  pending: BucketData | undefined;
  /** The row's ctid, when a posting's read found it (the write updates it in place). */
  tid?: string | undefined;
  /** A posting's read looked for the row: without a `tid`, it does not exist (the write inserts it). */
  placed?: boolean;
}

const emptyBucket = (): BucketData => ({ a: {}, k: {} });

/** Adds metrics (spend, points, cashback, transactions) to a period's aggregates in a bucket. */
function addMetrics(data: BucketData, period: string, amounts: readonly number[]): void {
  const m = (data.a[period] ??= [0, 0, 0, 0]);
  for (let i = 0; i < 4; i++) m[i]! += amounts[i]!;
}

/** The data to change of a bucket: the row as read, or (not read yet) the increments `settle` adds to it. */
function toChange(b: BucketState): BucketData {
  if (!b.loaded) return (b.pending ??= emptyBucket());
  b.changed = true;
  return b.data;
}

/**
 * Where a row to write is (acc_post_write_tids's ctid and `fresh` columns): `tid` the ctid a
 * posting's read found it at (updated in place); else `fresh` when that read found no such row
 * (inserted), neither when no read looked (upserted by key).
 */
interface RowPlace { tid: string | null; fresh: boolean }

/** A bucket row to write (acc_post_write_tids's q_* columns). */
interface BucketRow extends RowPlace { t: string; c: string; b: string; d: string }

/** A balance to write (acc_post_write_tids's b_* columns; json_to_recordset reads it without its place in `flush`). */
interface BalanceRow extends RowPlace { t: string; c: string; a: Asset; b: string }

/** A locked customer: balances, the counters read under its lock, and what this transaction changes. */
export class CustomerState {
  readonly balances = new Map<Asset, Decimal>();
  /** `balances` as text, kept until the next change (a posting's answer, row and cache entry share it). */
  private texts: Readonly<Record<Asset, string>> | undefined;
  readonly dirty = new Set<Asset>();
  /** The ctid of each balance row a posting's read found. */
  readonly balanceTids = new Map<Asset, string>();
  /** A posting's read fetched every balance row (with `balanceTids`): an asset without one has no row. */
  balancesPlaced = false;
  /** Counter values known exactly (read under the lock, then incremented). */
  readonly known = new Map<string, number>();
  readonly increments = new Map<string, number>();
  /** Bucket rows (aggregates and period counters) by bucket key. */
  readonly buckets = new Map<string, BucketState>();
  touched = false;
  /** This transaction's lock created the customer's row (it did not exist before). */
  created = false;
  constructor(readonly tenant: string, readonly customerId: string) {}

  setBalance(asset: Asset, value: Decimal): void {
    this.balances.set(asset, value);
    this.texts = undefined;
  }

  balanceTexts(): Readonly<Record<Asset, string>> {
    if (this.texts === undefined) {
      const out: Record<Asset, string> = {};
      for (const [asset, value] of this.balances) out[asset] = text(value);
      this.texts = out;
    }
    return this.texts;
  }

  bucket(key: string): BucketState {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = { loaded: false, data: emptyBucket(), changed: false, pending: undefined }));
    return b;
  }
}

class ProgramState {
  readonly known = new Map<string, number>();
  readonly increments = new Map<string, number>();
  constructor(readonly tenant: string) {}
}

export class Book {
  private readonly customers = new Map<string, CustomerState>();
  private readonly programs = new Map<string, ProgramState>();
  private readonly entries: EntryRow[] = [];
  private version = 0;

  /**
   * Locks the customers' rows in one global order, creating missing ones. `also` is a SELECT
   * run in the same round trip (parameters from $3, columns kind, tenant_id, id, a text, b json,
   * c json): postings find their transaction ids with it, redemptions their idempotency keys.
   * A customer created here that the transaction writes nothing for is deleted again by
   * `flush` (`ghosts`): a refused request leaves no customer behind.
   */
  async lockCustomers<F extends Record<string, unknown> = Record<string, unknown>>(
    tx: Queryable, refs: readonly CustomerRef[], also?: { sql: string; params: readonly unknown[]; name: string },
  ): Promise<F[]> {
    const unique = this.register(refs);
    const tenants = unique.map((r) => r.tenant);
    const ids = unique.map((r) => r.customerId);
    // One statement locks them all, creating the missing ones: an upsert takes each row's lock
    // (waiting for a holder, then on the newest version), row by row in the array's order.
    // Setting the id to itself changes no indexed value, so the update is HOT. A row the upsert
    // inserted has xmax = 0; a locked existing one has the locker's xid.
    const lockSql = `INSERT INTO customers (tenant_id, customer_id)
       SELECT t, id FROM unnest($1::text[], $2::text[]) AS u(t, id)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id
       RETURNING tenant_id, customer_id, xmax = 0 AS created`;
    let locked = 0;
    const found: F[] = [];
    const lockRow = (r: { tenant_id: string; customer_id: string; created: unknown }) => {
      locked++;
      if (r.created === true || r.created === 't') this.customer(r.tenant_id, r.customer_id).created = true;
    };
    if (also) {
      const rows = await tx.query<{ kind: string } & Record<string, unknown>>(
        `WITH locked AS (${lockSql})
         SELECT 'c' AS kind, tenant_id, customer_id AS id, CASE WHEN created THEN 'created' END AS a, NULL::json AS b, NULL::json AS c FROM locked
         UNION ALL ${also.sql}`,
        [textArray(tenants), textArray(ids), ...also.params], also.name);
      for (const r of rows) {
        if (r.kind === 'c') lockRow({ tenant_id: r.tenant_id as string, customer_id: r.id as string, created: r.a === 'created' });
        else found.push(r as unknown as F);
      }
    } else {
      for (const r of await tx.query<{ tenant_id: string; customer_id: string; created: unknown }>(lockSql, [textArray(tenants), textArray(ids)], 'acc_customers_lock')) lockRow(r);
    }
    invariant(locked === unique.length, `locked ${locked} of ${unique.length} customers`);
    return found;
  }

  /** The customers, in one global lock order, the same in every process: tenant, then customer id (code points). */
  private register(refs: readonly CustomerRef[]): CustomerState[] {
    for (const r of refs) {
      const key = customerKey(r.tenant, r.customerId);
      if (!this.customers.has(key)) this.customers.set(key, new CustomerState(r.tenant, r.customerId));
    }
    return [...this.customers.values()].sort((a, b) => compare(a.tenant, b.tenant) || compare(a.customerId, b.customerId));
  }

  /** Locks program-scope counters FOR UPDATE in one global order (creating them) and reads them. */
  async lockProgramCounters(tx: Queryable, wanted: readonly { tenant: string; key: string }[]): Promise<void> {
    const fresh = sortedProgramRefs(wanted);
    if (fresh.length === 0) return;
    const lock = async () => tx.query<{ tenant_id: string; key: string; value: string }>(
      `SELECT k.tenant_id, k.key, k.value::text AS value FROM unnest($1::text[], $2::text[]) AS u(t, key)
       CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
         WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k`,
      [textArray(fresh.map((w) => w.tenant)), textArray(fresh.map((w) => w.key))], 'acc_counters_program_lock');
    let rows = await lock();
    if (rows.length < fresh.length) {
      await tx.query(
        `INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
         SELECT t, 'program', '*', k, 0, 0 FROM unnest($1::text[], $2::text[]) AS u(t, k)
         ON CONFLICT DO NOTHING`, [textArray(fresh.map((w) => w.tenant)), textArray(fresh.map((w) => w.key))], 'acc_counters_program_insert');
      rows = await lock();
    }
    invariant(rows.length === fresh.length, `locked ${rows.length} of ${fresh.length} program counters`);
    for (const r of rows) this.program(r.tenant_id).known.set(r.key, Number(r.value));
  }

  /**
   * Reads the locked customers' balances, the customer-scope counters named (their locks
   * protect those) and the bucket rows of `buckets` (those the transaction will change), and
   * draws the write version — all in one round trip, after every lock.
   */
  async load(tx: Queryable, customerCounters: readonly CounterRef[] = [], wanted: readonly BucketRef[] = []): Promise<void> {
    const plan = this.planLoad(customerCounters, wanted);
    const { buckets } = plan;
    const all = [...this.customers.values()];
    const rows = await tx.query<LoadRow>(
      `SELECT 'b' AS kind, u.t AS tenant_id, u.id AS owner, b.asset AS key, b.balance::text AS v1
         FROM unnest($1::text[], $2::text[]) AS u(t, id)
         CROSS JOIN LATERAL (SELECT asset, balance FROM balances WHERE tenant_id = u.t AND customer_id = u.id OFFSET 0) b
       UNION ALL
       SELECT 'k', u.t, u.o, u.key, k.value::text
         FROM unnest($3::text[], $4::text[], $5::text[]) AS u(t, o, key)
         CROSS JOIN LATERAL (SELECT value FROM counters WHERE tenant_id = u.t AND scope = 'customer' AND owner_id = u.o AND key = u.key OFFSET 0) k
       UNION ALL
       SELECT 'a', u.t, u.o, u.b, q.data
         FROM unnest($6::text[], $7::text[], $8::text[]) AS u(t, o, b)
         CROSS JOIN LATERAL (SELECT data FROM period_buckets WHERE tenant_id = u.t AND customer_id = u.o AND bucket = u.b OFFSET 0) q
       UNION ALL
       SELECT 'v', NULL, NULL, NULL, nextval('write_version')::text`,
      [textArray(all.map((c) => c.tenant)), textArray(all.map((c) => c.customerId)),
        textArray(plan.plain.map((c) => c.tenant)), textArray(plan.plain.map((c) => c.owner)), textArray(plan.plain.map((c) => c.key)),
        textArray(buckets.map((b) => b.tenant)), textArray(buckets.map((b) => b.owner)), textArray(buckets.map((b) => b.bucket))], 'acc_load_buckets');
    for (const r of rows) this.applyLoadRow(r);
    invariant(this.version > 0, 'no write version drawn');
  }

  /**
   * A posting batch's reads in one round trip, with BEGIN (`acc_post_read_tids`, migration
   * 011): locks the customers (creating them) in the global order, finds the transaction ids
   * already posted and — unless all of them were — locks the program counters (creating them)
   * in the global order, reads balances, customer counters and the bucket rows of the counters
   * named and of `buckets` (those the postings will write) with the ctids of the balance and
   * bucket rows (`postWriteStatements` updates those rows in place), and draws the write version.
   * Returns the stored transactions found, and whether the state was loaded (false: every id had
   * been posted, nothing else was read and nothing may be written — except deleting the
   * customers this lock created, `ghostStatement`).
   */
  async readForPost(
    tx: ScriptTx, customers: readonly CustomerRef[], txns: readonly { tenant: string; id: string }[],
    programCounters: readonly { tenant: string; key: string }[], customerCounters: readonly CounterRef[], buckets: readonly BucketRef[] = [],
  ): Promise<{ found: FoundTransaction[]; loaded: boolean }> {
    const unique = this.register(customers);
    const program = sortedProgramRefs(programCounters);
    const plan = this.planLoad(customerCounters, buckets);
    const { plain } = plan;
    const p = new StatementParams();
    const args = p.textArrays([
      unique.map((c) => c.tenant), unique.map((c) => c.customerId),
      txns.map((t) => t.tenant), txns.map((t) => t.id),
      program.map((p) => p.tenant), program.map((p) => p.key),
      plain.map((c) => c.tenant), plain.map((c) => c.owner), plain.map((c) => c.key),
      plan.buckets.map((b) => b.tenant), plan.buckets.map((b) => b.owner), plan.buckets.map((b) => b.bucket),
    ]);
    const read = p.statement(`SELECT o_kind AS kind, o_t AS tenant_id, o_owner AS owner, o_key AS key, v1, j1, j2, o_tid AS tid FROM acc_post_read_tids(${args})`, 'acc_post_read_tids');
    const rows = await tx.begin<LoadRow & { j1: unknown; j2: unknown }>(read);
    const found: FoundTransaction[] = [];
    let loaded = false;
    for (const r of rows) {
      if (r.kind === 't') found.push({ tenant: r.tenant_id, id: r.owner ?? '', hash: r.key, status: r.v1 === 'reversed' ? 'reversed' : 'posted', outcome: r.j1, balances: r.j2 });
      else if (r.kind === 'c') this.customer(r.tenant_id, r.owner!).created = true; // migration 007
      else if (r.kind === 'p') this.program(r.tenant_id).known.set(r.key, Number(r.v1));
      else {
        if (r.kind === 'v') loaded = true;
        this.applyLoadRow(r);
      }
    }
    if (!loaded) return { found, loaded };
    for (const state of unique) state.balancesPlaced = true;
    for (const b of plan.bucketStates) b.placed = true;
    let locked = 0;
    for (const p of this.programs.values()) locked += p.known.size;
    invariant(locked === program.length, `locked ${locked} of ${program.length} program counters`);
    invariant(this.version > 0, 'no write version drawn');
    return { found, loaded };
  }

  /**
   * What a state read fetches for these customer counters and bucket rows: plain counters, and
   * each bucket row once (every bucket read is then written to the cache). Refs of one
   * customer come together (one posting's keys), so its state is looked up once per run.
   */
  private planLoad(customerCounters: readonly CounterRef[], wanted: readonly BucketRef[]): LoadPlan {
    const plain: CounterRef[] = [];
    const buckets: BucketRef[] = [];
    const bucketStates: BucketState[] = [];
    let state: CustomerState | undefined;
    const want = (state: CustomerState, bucket: string) => {
      const b = state.bucket(bucket);
      if (b.loaded) return;
      // Reads come before changes (postings, refunds): `settle` keeps this order for the rest.
      invariant(b.pending === undefined, `bucket ${bucket} read after it was changed`);
      b.loaded = true; // (filled by the read; a row not found stays empty)
      buckets.push({ tenant: state.tenant, owner: state.customerId, bucket });
      bucketStates.push(b);
    };
    for (const c of customerCounters) {
      if (state === undefined || state.customerId !== c.owner || state.tenant !== c.tenant) state = this.customer(c.tenant, c.owner);
      const key = c.key;
      const info = keyInfo(key);
      if (info.bucket !== undefined) {
        want(state, info.bucket);
        continue;
      }
      if (state.known.has(key)) continue;
      state.known.set(key, 0);
      plain.push(c);
    }
    for (const w of wanted) {
      if (state === undefined || state.customerId !== w.owner || state.tenant !== w.tenant) state = this.customer(w.tenant, w.owner);
      want(state, w.bucket);
    }
    return { plain, buckets, bucketStates };
  }

  private applyLoadRow(r: LoadRow): void {
    if (r.kind === 'v') this.version = Number(r.v1);
    else if (r.kind === 'b') {
      const state = this.rowCustomer(r);
      state.setBalance(r.key, new Decimal(r.v1));
      if (r.tid) state.balanceTids.set(r.key, r.tid);
    } else if (r.kind === 'k') this.rowCustomer(r).known.set(r.key, Number(r.v1));
    else if (r.kind === 'a') {
      const b = this.rowCustomer(r).bucket(r.key);
      b.data = bucketData(r.v1);
      if (r.tid) b.tid = r.tid;
    }
  }

  // A read's rows come grouped by customer: the last one's state is usually the next one's.
  private lastRowState: CustomerState | undefined;

  private rowCustomer(r: LoadRow): CustomerState {
    const last = this.lastRowState;
    if (last !== undefined && last.customerId === r.owner && last.tenant === r.tenant_id) return last;
    return (this.lastRowState = this.customer(r.tenant_id, r.owner!));
  }


  /**
   * Reads the bucket rows incremented before they were read (a refund's, or those of an
   * evaluator that names no periods) and adds those increments: every bucket is then exact and
   * written whole. `flush` does it; a posting batch, before its write.
   */
  async settle(tx: Queryable): Promise<void> {
    const refs: BucketRef[] = [];
    for (const state of this.customers.values()) {
      for (const [bucket, b] of state.buckets) if (b.pending !== undefined) refs.push({ tenant: state.tenant, owner: state.customerId, bucket });
    }
    if (refs.length === 0) return;
    const rows = await tx.query<{ tenant_id: string; owner: string; bucket: string; data: string }>(
      `SELECT u.t AS tenant_id, u.o AS owner, u.b AS bucket, q.data FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, o, b)
         CROSS JOIN LATERAL (SELECT data FROM period_buckets WHERE tenant_id = u.t AND customer_id = u.o AND bucket = u.b OFFSET 0) q`,
      [textArray(refs.map((r) => r.tenant)), textArray(refs.map((r) => r.owner)), textArray(refs.map((r) => r.bucket))], 'acc_buckets_read');
    for (const r of rows) this.customer(r.tenant_id, r.owner).bucket(r.bucket).data = bucketData(r.data);
    for (const ref of refs) {
      const b = this.customer(ref.tenant, ref.owner).bucket(ref.bucket);
      const pending = b.pending!;
      b.pending = undefined;
      b.loaded = true;
      for (const period in pending.a) addMetrics(b.data, period, pending.a[period]!);
      for (const key in pending.k) b.data.k[key] = (b.data.k[key] ?? 0) + pending.k[key]!;
      b.changed = true;
    }
  }

  balance(tenant: string, customerId: string, asset: Asset): Decimal {
    return balanceIn(this.customer(tenant, customerId), asset);
  }

  /** Every balance of a locked customer, as text. */
  balancesOf(tenant: string, customerId: string): Record<Asset, string> {
    return balancesIn(this.customer(tenant, customerId));
  }

  /** Appends an entry and moves the balance; returns the balance after. */
  append(tenant: string, customerId: string, asset: Asset, kind: EntryKind, amount: Decimal, meta: EntryMeta = {}): Decimal {
    return this.appendTo(this.customer(tenant, customerId), asset, kind, amount, meta);
  }

  /** `append` for a customer state already at hand (`stateOf`): a posting appends several. */
  appendTo(state: CustomerState, asset: Asset, kind: EntryKind, amount: Decimal, meta: EntryMeta = {}): Decimal {
    const after = (state.balances.get(asset) ?? ZERO).plus(amount);
    state.setBalance(asset, after);
    state.dirty.add(asset);
    state.touched = true;
    this.entries.push({
      t: state.tenant, c: state.customerId, a: asset, k: kind, m: text(amount), b: text(after),
      r: meta.ruleId ?? null, v: meta.programVersion ?? null, x: meta.transactionId ?? null, l: meta.lotId ?? null,
    });
    return after;
  }

  /** A counter's current value, as the evaluation must see it (missing reads as 0). */
  counter(tenant: string, scope: 'customer' | 'program', owner: string, key: string): number {
    if (scope === 'customer') return this.customerCounter(this.customer(tenant, owner), key);
    return this.programs.get(tenant)?.known.get(key) ?? 0;
  }

  /** A locked customer's state, to read and change it without looking it up each time. */
  stateOf(tenant: string, customerId: string): CustomerState {
    return this.customer(tenant, customerId);
  }

  customerCounter(state: CustomerState, key: string): number {
    const info = keyInfo(key);
    if (info.bucket === undefined) return state.known.get(key) ?? 0;
    const b = state.buckets.get(info.bucket);
    invariant(b?.loaded === true, `counter ${key} read without its bucket`);
    return info.agg ? b.data.a[info.agg.period]?.[info.agg.index] ?? 0 : b.data.k[key] ?? 0;
  }

  /** Adds `amounts` (spend, points, cashback, transactions) to the customer's aggregates of each period. */
  addAggregates(state: CustomerState, periods: readonly string[], amounts: readonly number[]): void {
    for (let i = 0; i < 4; i++) invariant(Number.isSafeInteger(amounts[i]), `aggregate incremented by ${amounts[i]}, not an integer`);
    for (const period of periods) addMetrics(toChange(state.bucket(bucketOf(period))), period, amounts);
    state.touched = true;
  }

  incrementCustomer(state: CustomerState, key: string, amount: number): void {
    if (amount === 0) return;
    invariant(Number.isSafeInteger(amount), `counter ${key} incremented by ${amount}, not an integer`);
    const info = keyInfo(key);
    if (info.bucket !== undefined) {
      const data = toChange(state.bucket(info.bucket));
      if (info.agg) {
        const metrics = [0, 0, 0, 0];
        metrics[info.agg.index] = amount;
        addMetrics(data, info.agg.period, metrics);
      } else {
        data.k[key] = (data.k[key] ?? 0) + amount;
      }
    } else {
      const known = state.known.get(key);
      if (known !== undefined) state.known.set(key, known + amount);
      state.increments.set(key, (state.increments.get(key) ?? 0) + amount);
    }
    state.touched = true;
  }

  increment(tenant: string, scope: 'customer' | 'program', owner: string, key: string, amount: number): void {
    if (scope === 'customer') return this.incrementCustomer(this.customer(tenant, owner), key, amount);
    if (amount === 0) return;
    invariant(Number.isSafeInteger(amount), `counter ${key} incremented by ${amount}, not an integer`);
    const state = this.program(tenant);
    const known = state.known.get(key);
    // A program counter changes only under its row lock: that keeps budgets exact and its cache
    // versions in commit order. An evaluator must name every program counter it increments.
    invariant(known !== undefined, `program counter ${key} incremented without its lock`);
    if (known !== undefined) state.known.set(key, known + amount);
    state.increments.set(key, (state.increments.get(key) ?? 0) + amount);
  }

  /** Marks a customer as changed, so its cache entry is refreshed even with no balance change. */
  touch(tenant: string, customerId: string): void {
    this.customer(tenant, customerId).touched = true;
  }

  /** Writes the caller's parts, entries, balances and counter increments in one statement. */
  async flush(tx: Queryable, extra: readonly Part[] = []): Promise<{ customers: CustomerWrite[]; programs: ProgramWrite[] }> {
    await this.settle(tx);
    const w = this.writeRows();
    const parts: Part[] = [...extra];
    if (w.entries.length > 0) {
      parts.push({
        tag: 'e',
        sql: `INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id, lot_id)
              SELECT t, c, a, k, m, b, r, v, x, l FROM json_to_recordset($1::json)
              AS j(t text, c text, a text, k text, m numeric, b numeric, r text, v text, x text, l bigint)`,
        params: [JSON.stringify(w.entries)],
      });
    }
    if (w.balances.length > 0) {
      parts.push({
        tag: 'b',
        sql: `INSERT INTO balances (tenant_id, customer_id, asset, balance, version)
              SELECT t, c, a, b, $2 FROM json_to_recordset($1::json) AS j(t text, c text, a text, b numeric)
              ON CONFLICT (tenant_id, customer_id, asset) DO UPDATE SET balance = EXCLUDED.balance, version = EXCLUDED.version`,
        params: [JSON.stringify(w.balances.map(({ t, c, a, b }) => ({ t, c, a, b }))), this.version],
      });
    }
    if (w.counters) {
      parts.push({
        tag: 'k',
        sql: `INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
              SELECT t, s, o, k, n, $2 FROM json_to_recordset($1::json) AS j(t text, s text, o text, k text, n numeric)
              ON CONFLICT (tenant_id, scope, owner_id, key) DO UPDATE SET value = counters.value + EXCLUDED.value, version = EXCLUDED.version`,
        params: [w.counters, this.version],
      });
    }
    if (w.buckets.length > 0) {
      parts.push({
        tag: 'q',
        sql: `INSERT INTO period_buckets (tenant_id, customer_id, bucket, data, version)
              SELECT u.t, u.c, u.b, u.d, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(t, c, b, d)
              ON CONFLICT (tenant_id, customer_id, bucket) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version`,
        params: [textArray(w.buckets.map((r) => r.t)), textArray(w.buckets.map((r) => r.c)), textArray(w.buckets.map((r) => r.b)), textArray(w.buckets.map((r) => r.d)), this.version],
      });
    }
    const ghosts = this.ghostStatement();
    if (ghosts !== undefined) parts.push({ tag: 'g', sql: ghosts.text, params: ghosts.values });
    const statement = combine(parts);
    if (statement) await tx.query(statement.sql, statement.params, statement.name);
    return this.cacheWrites();
  }

  /**
   * A posting batch's writes for `ScriptTx.commit`: `acc_post_write_tids` (migration 011) with
   * the transactions and lots given and the book's entries, balances and bucket rows (as
   * columns; rows the read found by ctid), its counters (as json), then `ghostStatement`'s DELETE
   * if there are ghosts. Call `settle` first. Then `cacheWrites()` says what to write to the
   * cache after commit.
   */
  postWriteStatements(transactions: readonly TransactionRow[], lots: readonly LotRow[]): Statement[] {
    const w = this.writeRows();
    const p = new StatementParams();
    const write = p.statement(`SELECT acc_post_write_tids(${p.columns(transactions, TRANSACTION_COLUMNS)}, ${p.columns(lots, LOT_COLUMNS)}, `
      + `${p.columns(w.entries, ENTRY_COLUMNS)}, ${p.columns(w.balances, BALANCE_COLUMNS)}, ${p.param(w.counters, 'json')}, `
      + `${p.columns(w.buckets, BUCKET_COLUMNS)}, ${p.param(String(this.version), 'bigint')})`, 'acc_post_write_tids');
    const ghosts = this.ghostStatement();
    return ghosts === undefined ? [write] : [write, ghosts];
  }

  /**
   * The customers this transaction's lock created and wrote nothing for (every request of
   * theirs was refused): deleted again before COMMIT, so a refused request creates no
   * customer. Still locked by us until then; a concurrent upsert of one waits for our commit
   * and then inserts it afresh.
   */
  ghosts(): CustomerState[] {
    const out: CustomerState[] = [];
    for (const s of this.customers.values()) if (s.created && !s.touched) out.push(s);
    return out;
  }

  /** The DELETE of `ghosts()` as a statement, or undefined when there are none. */
  ghostStatement(): Statement | undefined {
    const ghosts = this.ghosts();
    if (ghosts.length === 0) return undefined;
    const p = new StatementParams();
    const refs = p.textArrays([ghosts.map((g) => g.tenant), ghosts.map((g) => g.customerId)]);
    return p.statement(`DELETE FROM customers c USING unnest(${refs}) AS u(t, id) WHERE c.tenant_id = u.t AND c.customer_id = u.id`, 'acc_ghosts_delete');
  }

  /** The rows to write: the entries, balances and bucket rows, and the counters as a json array for json_to_recordset (null: none). */
  private writeRows(): { entries: readonly EntryRow[]; balances: readonly BalanceRow[]; counters: string | null; buckets: readonly BucketRow[] } {
    invariant(this.version > 0, 'flush before load');
    const balances: BalanceRow[] = [];
    const counters: { t: string; s: string; o: string; k: string; n: number }[] = [];
    const buckets: BucketRow[] = [];
    for (const state of this.customers.values()) {
      if (state.dirty.size > 0) {
        const texts = balancesIn(state);
        for (const asset of state.dirty) {
          const tid = state.balanceTids.get(asset) ?? null;
          balances.push({ tid, fresh: tid === null && state.balancesPlaced, t: state.tenant, c: state.customerId, a: asset, b: texts[asset]! });
        }
      }
      for (const [key, amount] of state.increments) counters.push({ t: state.tenant, s: 'customer', o: state.customerId, k: key, n: amount });
      for (const [bucket, b] of state.buckets) {
        invariant(b.pending === undefined, `bucket ${bucket} written before it was read`);
        if (!b.changed) continue;
        b.text = JSON.stringify(b.data);
        buckets.push({ tid: b.tid ?? null, fresh: b.tid === undefined && b.placed === true, t: state.tenant, c: state.customerId, b: bucket, d: b.text });
      }
    }
    for (const p of this.programs.values()) {
      for (const [key, amount] of p.increments) counters.push({ t: p.tenant, s: 'program', o: PROGRAM_OWNER, k: key, n: amount });
    }
    const json = (rows: readonly unknown[]) => (rows.length > 0 ? JSON.stringify(rows) : null);
    return { entries: this.entries, balances, counters: json(counters), buckets };
  }

  /**
   * What to write to the cache after commit: every touched customer's full balances, the
   * counters known exactly (read under lock, then incremented), and a tombstone for counters
   * incremented without being read (a cache miss then reads them from Postgres).
   */
  cacheWrites(): { customers: CustomerWrite[]; programs: ProgramWrite[] } {
    const customers: CustomerWrite[] = [];
    for (const s of this.customers.values()) {
      if (!s.touched) continue;
      const counters: Record<string, string> = {};
      for (const [key, value] of s.known) counters[key] = String(value);
      // Changed but never read: the cache must stop answering for it (a versioned tombstone).
      for (const key of s.increments.keys()) if (!s.known.has(key)) counters[key] = UNKNOWN;
      // Every bucket read is exact (settle reads those changed unread): cached whole, as written.
      for (const [bucket, b] of s.buckets) if (b.loaded) counters[bucketField(bucket)] = b.text ?? JSON.stringify(b.data);
      customers.push({ tenant: s.tenant, customerId: s.customerId, version: this.version, balances: balancesIn(s), counters });
    }
    const programs: ProgramWrite[] = [];
    for (const p of this.programs.values()) {
      if (p.increments.size === 0 || p.known.size === 0) continue;
      const counters: Record<string, string> = {};
      for (const [key, value] of p.known) counters[key] = String(value);
      programs.push({ tenant: p.tenant, version: this.version, counters });
    }
    return { customers, programs };
  }

  private customer(tenant: string, customerId: string): CustomerState {
    const state = this.customers.get(customerKey(tenant, customerId));
    invariant(state, `customer ${tenant}/${customerId} used without its lock`);
    return state;
  }

  private program(tenant: string): ProgramState {
    let p = this.programs.get(tenant);
    if (!p) this.programs.set(tenant, (p = new ProgramState(tenant)));
    return p;
  }
}

/** A locked customer's balance of an asset (0 before its first entry). */
export function balanceIn(state: CustomerState, asset: Asset): Decimal {
  return state.balances.get(asset) ?? ZERO;
}

/** Every balance of a locked customer, as text. */
export function balancesIn(state: CustomerState): Readonly<Record<Asset, string>> {
  return state.balanceTexts();
}

/** Program counters to lock: each once, in the global order (tenant, then key). */
function sortedProgramRefs(wanted: readonly { tenant: string; key: string }[]): { tenant: string; key: string }[] {
  return [...new Map(wanted.map((w) => [w.tenant + SEP + w.key, w])).values()]
    .sort((a, b) => compare(a.tenant, b.tenant) || compare(a.key, b.key));
}

/** Code-point order (not the database's collation): the same lock order in every process. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

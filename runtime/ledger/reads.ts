// Reads: balances and counters from the cache when it has them, from Postgres otherwise;
// lots and history from Postgres (indexed, paginated by entry id).
import { readsProgramCounters } from '../state-keys.ts';
import type { StateSnapshot, TransactionInput } from '../outcome.ts';
import type { Evaluator } from '../program.ts';
import { POINTS, type Asset } from './amount.ts';
import { keyInfo } from './counter-place.ts';
import { textArray } from './sql-array.ts';
import { programSpace, storedKey } from './counter-space.ts';
import { bucketField, customerCounters, type Cache } from './cache.ts';
import type { Queryable } from './db.ts';
import type { LedgerError } from './errors.ts';

export interface Balances {
  readonly points: string;
  /** Cashback money per currency. */
  readonly cash: Readonly<Record<string, string>>;
  /** Where the figures came from. */
  readonly source: 'cache' | 'database';
}

export async function readBalances(db: Queryable, cache: Cache, tenant: string, customerId: string): Promise<Balances> {
  const cached = await cache.balances(tenant, customerId);
  if (cached) return shape(Object.fromEntries(Object.entries(cached).map(([a, v]) => [a, v.value])), 'cache');
  const rows = await db.query<{ asset: string; balance: string; version: string | number }>(
    'SELECT asset, balance::text AS balance, version FROM balances WHERE tenant_id = $1 AND customer_id = $2',
    [tenant, customerId], 'acc_balances_read');
  if (rows.length > 0) {
    // Read-through, at the newest version in this snapshot: a later commit of this customer
    // drew a higher version (versions are drawn under the customer's lock), so it still wins.
    const version = Math.max(...rows.map((r) => Number(r.version)));
    await cache.write([{ tenant, customerId, version, balances: Object.fromEntries(rows.map((r) => [r.asset, r.balance])), counters: {} }], []);
  }
  return shape(Object.fromEntries(rows.map((r) => [r.asset, r.balance])), 'database');
}

function shape(balances: Record<Asset, string>, source: Balances['source']): Balances {
  const cash: Record<string, string> = {};
  for (const [asset, value] of Object.entries(balances)) if (asset !== POINTS) cash[asset] = value;
  return { points: balances[POINTS] ?? '0', cash, source };
}

/**
 * The counters an evaluation of `txn` reads, for a quote: cache first, Postgres for the rest.
 * Without a customer, only the program's budgets are read (the customer's counters are those
 * of a new customer, zero): a budget shared by all customers binds an anonymous quote too.
 */
export async function readState(db: Queryable, cache: Cache, tenant: string, customerId: string | undefined, evaluator: Evaluator, txn: TransactionInput, program?: string): Promise<StateSnapshot> {
  if (customerId === undefined && !readsProgramCounters(evaluator.checked)) return { counters: {} };
  const space = programSpace(program, evaluator);
  const keys = evaluator.counterKeys(txn);
  // Evaluator keys by stored key (caps and budgets are kept per program).
  const asked = new Map<string, string>();
  const customerKeys = customerId === undefined ? [] : keys.customer.map((k) => { const s = storedKey(space, k); asked.set(s, k); return s; });
  const programKeys = keys.program.map((k) => { const s = storedKey(space, k); asked.set(s, k); return s; });
  const cached = await cache.counters(tenant, customerId ?? '', customerKeys, programKeys);
  const counters: Record<string, number> = {};
  const missingCustomer: string[] = [];
  const missingProgram: string[] = [];
  customerKeys.forEach((k, i) => (cached.customer[i] !== undefined ? (counters[asked.get(k)!] = Number(cached.customer[i])) : missingCustomer.push(k)));
  programKeys.forEach((k, i) => (cached.program[i] !== undefined ? (counters[asked.get(k)!] = Number(cached.program[i])) : missingProgram.push(k)));
  if (missingCustomer.length + missingProgram.length > 0) {
    for (const k of [...missingCustomer, ...missingProgram]) counters[asked.get(k)!] = 0;
    // Aggregates and period counters live in bucket rows (migration 010); other customer
    // counters and program counters in `counters`.
    const bucketed: string[] = [];
    const plainCustomer: string[] = [];
    for (const k of missingCustomer) (keyInfo(k).bucket === undefined ? plainCustomer : bucketed).push(k);
    const buckets = [...new Set(bucketed.map((k) => keyInfo(k).bucket!))];
    const rows = await db.query<{ scope: string; key: string; value: string | null; data: string | null }>(
      `SELECT scope, key, value::text AS value, NULL::text AS data
         FROM counters WHERE tenant_id = $1
         AND ((scope = 'customer' AND owner_id = $2 AND key = ANY($3::text[])) OR (scope = 'program' AND owner_id = '*' AND key = ANY($4::text[])))
       UNION ALL
       SELECT 'bucket', bucket, NULL, data FROM period_buckets WHERE tenant_id = $1 AND customer_id = $2 AND bucket = ANY($5::text[])`,
      [tenant, customerId ?? '', textArray(plainCustomer), textArray(missingProgram), textArray(buckets)], 'acc_counters_read_buckets');
    // Bucket rows read as the cache reads its bucket fields (a bucket with no row: 0, as set above).
    const texts = new Map<string, string>();
    for (const r of rows) {
      if (r.scope !== 'bucket') counters[asked.get(r.key)!] = Number(r.value);
      else texts.set(bucketField(r.key), r.data ?? '{}');
    }
    customerCounters(bucketed, (field) => texts.get(field)).forEach((value, i) => {
      if (value !== undefined) counters[asked.get(bucketed[i]!)!] = Number(value);
    });
  }
  return { counters };
}

export interface LotView {
  readonly lotId: number;
  readonly asset: Asset;
  readonly transactionId: string;
  readonly rule: string;
  readonly programVersion: string;
  readonly earned: string;
  readonly remaining: string;
  readonly expired: string;
  readonly reversed: string;
  readonly expiresAt: string | null;
  readonly createdAt: string;
}

/** Lots first-expiring first; by default only those with something left. */
export async function readLots(db: Queryable, tenant: string, customerId: string, options: { asset?: Asset; all?: boolean } = {}): Promise<LotView[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT lot_id, asset, transaction_id, rule_id, program_version, earned::text AS earned, remaining::text AS remaining,
            expired::text AS expired, reversed::text AS reversed, expires_at, created_at
     FROM lots WHERE tenant_id = $1 AND customer_id = $2 AND ($3::text IS NULL OR asset = $3) AND ($4 OR remaining > 0)
     ORDER BY expires_at NULLS LAST, lot_id`, [tenant, customerId, options.asset ?? null, options.all ?? false], 'acc_lots_read');
  return rows.map((r) => ({
    lotId: Number(r.lot_id), asset: r.asset as string, transactionId: r.transaction_id as string, rule: r.rule_id as string,
    programVersion: r.program_version as string, earned: r.earned as string, remaining: r.remaining as string,
    expired: r.expired as string, reversed: r.reversed as string,
    expiresAt: r.expires_at ? iso(r.expires_at) : null, createdAt: iso(r.created_at),
  }));
}

export interface EntryView {
  readonly entryId: number;
  readonly asset: Asset;
  readonly kind: 'earn' | 'redeem' | 'expire' | 'reverse' | 'adjust';
  readonly amount: string;
  readonly balanceAfter: string;
  readonly rule: string | null;
  readonly programVersion: string | null;
  readonly transactionId: string | null;
  readonly lotId: number | null;
  readonly createdAt: string;
}

export interface HistoryPage {
  readonly entries: readonly EntryView[];
  /** Pass back as `cursor` for the next (older) page; undefined on the last page. */
  readonly nextCursor: string | undefined;
}

/**
 * A page, or the refusal of a cursor this API never returned (or of a limit that is not a
 * number): `ok` discriminates as in `Result`. A refusal carries no entries (`entries` is empty,
 * so code that reads a page without looking at `ok` still type-checks — check `ok`).
 */
export type HistoryResult =
  | (HistoryPage & { readonly ok: true })
  | { readonly ok: false; readonly error: LedgerError; readonly entries: readonly EntryView[]; readonly nextCursor: undefined };

/** Ledger entries, newest first, `limit` at a time (1–500; a number outside is clamped). */
export async function readHistory(db: Queryable, tenant: string, customerId: string, options: { limit?: number; cursor?: string } = {}): Promise<HistoryResult> {
  const refuse = (field: 'cursor' | 'limit', message: string): HistoryResult =>
    ({ ok: false, error: { code: 'invalid_request', field, message: `${field}: ${message}` }, entries: [], nextCursor: undefined });
  if (options.limit !== undefined && (typeof options.limit !== 'number' || Number.isNaN(options.limit))) return refuse('limit', 'must be a number');
  const limit = Math.min(500, Math.max(1, Math.floor(options.limit ?? 50)));
  let before: string | null = null;
  if (options.cursor !== undefined && options.cursor !== '') { // '' (as before): the first page
    const decoded = typeof options.cursor === 'string' ? decodeCursor(options.cursor) : undefined;
    if (decoded === undefined) return refuse('cursor', 'is not a cursor this ledger returned (pass `nextCursor` from the previous page)');
    before = decoded;
  }
  const rows = await db.query<Record<string, unknown>>(
    `SELECT entry_id, asset, kind, amount::text AS amount, balance_after::text AS balance_after, rule_id, program_version, transaction_id, lot_id, created_at
     FROM ledger_entries WHERE tenant_id = $1 AND customer_id = $2 AND ($3::int8 IS NULL OR entry_id < $3)
     ORDER BY entry_id DESC LIMIT $4`, [tenant, customerId, before, limit + 1], 'acc_history_read');
  const page = rows.slice(0, limit).map((r) => ({
    entryId: Number(r.entry_id), asset: r.asset as string, kind: r.kind as EntryView['kind'], amount: r.amount as string,
    balanceAfter: r.balance_after as string, rule: (r.rule_id as string | null) ?? null, programVersion: (r.program_version as string | null) ?? null,
    transactionId: (r.transaction_id as string | null) ?? null, lotId: r.lot_id == null ? null : Number(r.lot_id), createdAt: iso(r.created_at),
  }));
  const last = page[page.length - 1];
  return { ok: true, entries: page, nextCursor: rows.length > limit && last ? encodeCursor(last.entryId) : undefined };
}

const encodeCursor = (entryId: number | string) => Buffer.from(`e:${entryId}`).toString('base64url');
const MAX_ENTRY_ID = 9_223_372_036_854_775_807n; // int8

/**
 * The entry id a cursor names, or undefined for anything `encodeCursor` cannot have written:
 * base64url of `e:<id>` exactly (Node's decoder skips stray characters and padding, so the id
 * is re-encoded and compared), a decimal without leading zeros that fits int8. Before, garbage
 * read as "before entry 0" (an empty page) and a huge id failed in Postgres.
 */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const m = /^e:(0|[1-9]\d{0,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m || BigInt(m[1]!) > MAX_ENTRY_ID || encodeCursor(m[1]!) !== cursor) return undefined;
  return m[1]!;
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

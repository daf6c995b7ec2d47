// The write-through cache in front of Postgres: balances and counters per customer, and
// program counters per tenant. Every field carries the write version of the Postgres commit
// it came from, and a write only replaces a field whose version is not newer, so a stale
// write never overwrites a newer one. A cache may lose anything at any moment: every read
// that misses (or fails) goes to Postgres. Cache calls never throw.
import type { Asset } from './amount.ts';
import { keyInfo } from './counter-place.ts';
import { bucketData, type BucketData } from './period-bucket.ts';

/** A counter value the cache must not answer for (written, versioned, when a change did not read it). */
export const UNKNOWN = '?';

export interface CustomerWrite {
  readonly tenant: string;
  readonly customerId: string;
  readonly version: number;
  /** Every balance the customer has (a cache entry always holds the full set). */
  readonly balances: Readonly<Record<Asset, string>>;
  /**
   * Counter fields: the exact rows of the buckets this change read or wrote (`bucketField`),
   * and exact values of the other counters it read or wrote, or UNKNOWN.
   */
  readonly counters: Readonly<Record<string, string>>;
}

export interface ProgramWrite {
  readonly tenant: string;
  readonly version: number;
  readonly counters: Readonly<Record<string, string>>;
}

export interface Versioned {
  readonly version: number;
  readonly value: string;
}

export interface Cache {
  readonly kind: 'redis' | 'memory' | 'none';
  write(customers: readonly CustomerWrite[], programs: readonly ProgramWrite[]): Promise<void>;
  /** The customer's balances with their versions; undefined on a miss or an error. */
  balances(tenant: string, customerId: string): Promise<Record<Asset, Versioned> | undefined>;
  /** Counter values, undefined where the cache does not know them. */
  counters(tenant: string, customerId: string, customerKeys: readonly string[], programKeys: readonly string[]): Promise<{
    customer: (string | undefined)[];
    program: (string | undefined)[];
  }>;
  /** Forgets one customer's entry (reconcile's repair); false if the cache could not be reached. */
  invalidate(tenant: string, customerId: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Postgres alone. */
export class NoCache implements Cache {
  readonly kind = 'none' as const;
  async write(): Promise<void> {}
  async balances(): Promise<undefined> {
    return undefined;
  }
  async counters(_t: string, _c: string, customerKeys: readonly string[], programKeys: readonly string[]) {
    return { customer: customerKeys.map(() => undefined), program: programKeys.map(() => undefined) };
  }
  async invalidate(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}

type Fields = Map<string, Versioned>;

/** The in-process cache of the embedded default (no REDIS_URL), same rules as Redis. */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Fields>();

  async write(customers: readonly CustomerWrite[], programs: readonly ProgramWrite[]): Promise<void> {
    for (const c of customers) {
      this.put(balanceKey(c.tenant, c.customerId), c.version, c.balances);
      this.put(counterKey(c.tenant, c.customerId), c.version, c.counters);
    }
    for (const p of programs) this.put(programKey(p.tenant), p.version, p.counters);
  }

  async balances(tenant: string, customerId: string): Promise<Record<Asset, Versioned> | undefined> {
    const fields = this.entries.get(balanceKey(tenant, customerId));
    return fields && fields.size > 0 ? Object.fromEntries(fields) : undefined;
  }

  async counters(tenant: string, customerId: string, customerKeys: readonly string[], programKeys: readonly string[]) {
    const c = this.entries.get(counterKey(tenant, customerId));
    const p = this.entries.get(programKey(tenant));
    return {
      customer: customerCounters(customerKeys, (field) => c?.get(field)?.value),
      program: programKeys.map((k) => known(p?.get(k)?.value)),
    };
  }

  async invalidate(tenant: string, customerId: string): Promise<boolean> {
    this.entries.delete(balanceKey(tenant, customerId));
    this.entries.delete(counterKey(tenant, customerId));
    return true;
  }

  /** Forgets everything (tests: the in-process equivalent of losing Redis). */
  clear(): void {
    this.entries.clear();
  }

  async close(): Promise<void> {}

  private put(key: string, version: number, values: Readonly<Record<string, string>>): void {
    let fields = this.entries.get(key);
    if (!fields) this.entries.set(key, (fields = new Map()));
    for (const [field, value] of Object.entries(values)) {
      const current = fields.get(field);
      if (!current || current.version <= version) fields.set(field, { version, value });
    }
  }
}

/** A cached counter value, or undefined for a miss or a tombstone. */
export const known = (value: string | undefined): string | undefined => (value === UNKNOWN ? undefined : value);

/**
 * A customer's aggregates and period counters are cached as their bucket rows (migration 010):
 * field `q:<bucket>` holds the bucket's JSON as written to Postgres, exact, so one field per
 * bucket stands for all its counters (a few fields per customer, a new one a month). A counter
 * with no period has a field of its own, named by its key.
 */
export const bucketField = (bucket: string) => `q:${bucket}`;

/** The cache fields a customer's counter keys are read from, each once. */
export function customerFields(keys: readonly string[]): string[] {
  return [...new Set(keys.map((key) => {
    const bucket = keyInfo(key).bucket;
    return bucket === undefined ? key : bucketField(bucket);
  }))];
}

/** A customer's counter values out of the cells of `customerFields` (`cell` by field), each bucket parsed once; undefined where unknown. */
export function customerCounters(keys: readonly string[], cell: (field: string) => string | undefined): (string | undefined)[] {
  const buckets = new Map<string, BucketData | undefined>();
  return keys.map((key) => {
    const info = keyInfo(key);
    if (info.bucket === undefined) return known(cell(key));
    const field = bucketField(info.bucket);
    if (!buckets.has(field)) {
      const text = known(cell(field));
      buckets.set(field, text === undefined ? undefined : bucketData(text));
    }
    const data = buckets.get(field);
    if (data === undefined) return undefined;
    return String((info.agg ? data.a[info.agg.period]?.[info.agg.index] : data.k[key]) ?? 0);
  });
}

// Keys are hash-tagged by tenant and customer so a Redis Cluster keeps a customer's keys together.
export const balanceKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}:b`;
export const counterKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}:k`;
export const programKey = (tenant: string) => `p:{${tenant}}:k`;
/**
 * Redis keeps a customer in one hash (one script step per customer written, not two): balances
 * as `b:<asset>`, counter fields (`bucketField`, or a counter's own key) as `k:<field>`, and `_v`, the newest write
 * version in it (cache-redis.ts).
 */
export const customerHashKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}`;

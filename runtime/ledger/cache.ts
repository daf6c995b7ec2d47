// The write-through cache in front of Postgres: balances and counters per customer, and
// program counters per tenant. Every field carries the write version of the Postgres commit
// it came from, and a write only replaces a field whose version is not newer, so a stale
// write never overwrites a newer one. A cache may lose anything at any moment: every read
// that misses (or fails) goes to Postgres. Cache calls never throw.
import type { Asset } from './amount.ts';

/** A counter value the cache must not answer for (written, versioned, when a change did not read it). */
export const UNKNOWN = '?';

export interface CustomerWrite {
  readonly tenant: string;
  readonly customerId: string;
  readonly version: number;
  /** Every balance the customer has (a cache entry always holds the full set). */
  readonly balances: Readonly<Record<Asset, string>>;
  /**
   * Counter fields (see `counterField`): exact values of the counters this change read or
   * wrote, or UNKNOWN; a period's four aggregates share one field `aggs:<period>`.
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
    const read = (fields: Fields | undefined, k: string) => {
      const { field, index } = counterField(k);
      return counterValue(fields?.get(field)?.value, index);
    };
    return {
      customer: customerKeys.map((k) => read(c, k)),
      program: programKeys.map((k) => read(p, k)),
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

const AGGREGATE_KEY = /^agg:(spend|points|cashback|transactions):(.+)$/;
const METRIC_INDEX: Readonly<Record<string, number>> = { spend: 0, points: 1, cashback: 2, transactions: 3 };

/**
 * Where a counter is cached: its own field, except a period's aggregates, which share the field
 * `aggs:<period>` holding `spend,points,cashback,transactions` (one field instead of four, for
 * the cache's write cost); `index` picks the metric.
 */
export function counterField(key: string): { field: string; index: number } {
  const m = key.startsWith('agg:') ? AGGREGATE_KEY.exec(key) : null;
  return m ? { field: `aggs:${m[2]}`, index: METRIC_INDEX[m[1]!]! } : { field: key, index: -1 };
}

/** A counter's value out of its field's cell value (undefined for a tombstone or a miss). */
export function counterValue(cell: string | undefined, index: number): string | undefined {
  const value = known(cell);
  if (value === undefined || index < 0) return value;
  return value.split(',')[index];
}

// Keys are hash-tagged by tenant and customer so a Redis Cluster keeps a customer's keys together.
export const balanceKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}:b`;
export const counterKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}:k`;
export const programKey = (tenant: string) => `p:{${tenant}}:k`;
/**
 * Redis keeps a customer in one hash (one script step per customer written, not two): balances
 * as `b:<asset>`, counter fields (`counterField`) as `k:<field>`, and `_v`, the newest write
 * version in it (cache-redis.ts).
 */
export const customerHashKey = (tenant: string, customerId: string) => `c:{${tenant}:${customerId}}`;

// Reconciliation. The ledger is checked against itself: every balance equals the sum of its
// entries and the last entry's balance_after, and what the open lots hold equals the balance
// (or nothing, when the balance is a debt). Mismatches there are reported loudly and never
// "fixed": only new entries may correct a ledger. The cache is checked against Postgres, and
// any entry that disagrees is dropped (the next write or read fills it again).
import { Decimal } from './amount.ts';
import type { Cache } from './cache.ts';
import type { Queryable } from './db.ts';
import { bucketData } from './period-bucket.ts';
import { AGGREGATE_METRICS } from '../state-keys.ts';

export interface LedgerMismatch {
  readonly tenant: string;
  readonly customerId: string;
  readonly asset: string;
  readonly check: 'balance_vs_entries' | 'balance_vs_last_entry' | 'lots_vs_balance';
  readonly expected: string;
  readonly actual: string;
}

export interface ReconcileReport {
  readonly ok: boolean;
  readonly ledger: { readonly balancesChecked: number; readonly mismatches: readonly LedgerMismatch[] };
  readonly cache: { readonly kind: Cache['kind']; readonly customersChecked: number; readonly stale: number; readonly repaired: number; readonly unreachable: number };
}

export async function reconcile(db: Queryable, cache: Cache, options: { tenant?: string; repair?: boolean } = {}): Promise<ReconcileReport> {
  const tenant = options.tenant ?? null;
  const mismatches: LedgerMismatch[] = [];
  const rows = await db.query<{ tenant_id: string; customer_id: string; asset: string; balance: string | null; entries: string | null; last_after: string | null; lots: string | null }>(
    `WITH sums AS (
       SELECT tenant_id, customer_id, asset, sum(amount) AS entries FROM ledger_entries
       WHERE $1::text IS NULL OR tenant_id = $1 GROUP BY 1, 2, 3),
     last AS (
       SELECT DISTINCT ON (tenant_id, customer_id, asset) tenant_id, customer_id, asset, balance_after FROM ledger_entries
       WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY tenant_id, customer_id, asset, entry_id DESC),
     open_lots AS (
       SELECT tenant_id, customer_id, asset, sum(remaining) AS lots FROM lots
       WHERE $1::text IS NULL OR tenant_id = $1 GROUP BY 1, 2, 3)
     SELECT coalesce(b.tenant_id, s.tenant_id) AS tenant_id, coalesce(b.customer_id, s.customer_id) AS customer_id,
            coalesce(b.asset, s.asset) AS asset, b.balance::text AS balance, s.entries::text AS entries,
            l.balance_after::text AS last_after, o.lots::text AS lots
     FROM (SELECT * FROM balances WHERE $1::text IS NULL OR tenant_id = $1) b
     FULL JOIN sums s ON s.tenant_id = b.tenant_id AND s.customer_id = b.customer_id AND s.asset = b.asset
     LEFT JOIN last l ON l.tenant_id = coalesce(b.tenant_id, s.tenant_id) AND l.customer_id = coalesce(b.customer_id, s.customer_id) AND l.asset = coalesce(b.asset, s.asset)
     LEFT JOIN open_lots o ON o.tenant_id = coalesce(b.tenant_id, s.tenant_id) AND o.customer_id = coalesce(b.customer_id, s.customer_id) AND o.asset = coalesce(b.asset, s.asset)`,
    [tenant]);
  const num = (v: string | null) => new Decimal(v ?? 0);
  for (const r of rows) {
    const at = { tenant: r.tenant_id, customerId: r.customer_id, asset: r.asset };
    const balance = r.balance ?? '0';
    if (r.balance === null || !num(r.balance).eq(num(r.entries))) mismatches.push({ ...at, check: 'balance_vs_entries', expected: r.entries ?? '0', actual: balance });
    if (r.last_after !== null && !num(r.last_after).eq(num(r.balance))) mismatches.push({ ...at, check: 'balance_vs_last_entry', expected: r.last_after, actual: balance });
    const lotsExpected = Decimal.max(0, num(r.balance));
    if (!num(r.lots).eq(lotsExpected)) mismatches.push({ ...at, check: 'lots_vs_balance', expected: lotsExpected.toFixed(), actual: r.lots ?? '0' });
  }
  const cacheReport = await reconcileCache(db, cache, rows, options.repair ?? true);
  return { ok: mismatches.length === 0, ledger: { balancesChecked: rows.length, mismatches }, cache: cacheReport };
}

async function reconcileCache(db: Queryable, cache: Cache, rows: readonly { tenant_id: string; customer_id: string }[], repair: boolean): Promise<ReconcileReport['cache']> {
  const report = { kind: cache.kind, customersChecked: 0, stale: 0, repaired: 0, unreachable: 0 };
  if (cache.kind === 'none') return report;
  const customers = [...new Map(rows.map((r) => [r.tenant_id + '\u0000' + r.customer_id, r])).values()];
  for (const c of customers) {
    report.customersChecked++;
    const cached = await cache.balances(c.tenant_id, c.customer_id);
    const truth = await db.query<{ asset: string; balance: string; version: string | number }>(
      'SELECT asset, balance::text AS balance, version FROM balances WHERE tenant_id = $1 AND customer_id = $2', [c.tenant_id, c.customer_id]);
    // The customer's plain counters and bucket rows, in one round trip.
    const stored = await db.query<{ key: string | null; value: string | null; data: string | null }>(
      `SELECT key, value::text AS value, NULL::text AS data FROM counters WHERE tenant_id = $1 AND scope = 'customer' AND owner_id = $2
       UNION ALL
       SELECT NULL, NULL, data FROM period_buckets WHERE tenant_id = $1 AND customer_id = $2`, [c.tenant_id, c.customer_id]);
    const counters: { key: string; value: string }[] = [];
    for (const r of stored) {
      if (r.data !== null) counters.push(...bucketCounters(r.data));
      else counters.push({ key: r.key!, value: r.value! });
    }
    const cachedCounters = await cache.counters(c.tenant_id, c.customer_id, counters.map((k) => k.key), []);
    let stale = false;
    if (cached) {
      const truthAssets = new Map(truth.map((t) => [t.asset, t]));
      for (const [asset, v] of Object.entries(cached)) {
        const t = truthAssets.get(asset);
        // The cache was read first and only ever holds committed values, so a difference is the
        // cache lagging or wrong; dropping the entry is right either way.
        if (!t || !new Decimal(t.balance).eq(v.value)) stale = true;
      }
      if (truth.some((t) => !(t.asset in cached))) stale = true;
    }
    counters.forEach((k, i) => {
      const v = cachedCounters.customer[i];
      if (v !== undefined && !new Decimal(k.value).eq(v)) stale = true;
    });
    if (!stale) continue;
    report.stale++;
    if (repair) (await cache.invalidate(c.tenant_id, c.customer_id)) ? report.repaired++ : report.unreachable++;
  }
  return report;
}

/** A bucket row's counters as the cache names them: `agg:<metric>:<period>` for its aggregates, and its cap counters. */
function bucketCounters(text: string): { key: string; value: string }[] {
  const data = bucketData(text);
  const out: { key: string; value: string }[] = [];
  for (const [period, metrics] of Object.entries(data.a)) {
    AGGREGATE_METRICS.forEach((metric, i) => out.push({ key: `agg:${metric}:${period}`, value: String(metrics[i] ?? 0) }));
  }
  for (const [key, value] of Object.entries(data.k)) out.push({ key, value: String(value) });
  return out;
}

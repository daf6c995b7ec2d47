// Expiry: lots past their expiry lose what remains of them, with one `expire` entry each.
// Idempotent (an expired lot has nothing left), and `asOf` makes it replayable. Redemption
// runs the same step for its customer first, so expired points are never spent.
import { Decimal, type Asset } from './amount.ts';
import type { Book, CustomerRef } from './book.ts';
import type { Queryable } from './db.ts';

/** Expires the due lots of customers already locked in `book`. Returns the amounts expired per asset. */
export async function expireDue(tx: Queryable, book: Book, refs: readonly CustomerRef[], asOf: Date): Promise<Record<Asset, Decimal>> {
  const rows = await tx.query<{ lot_id: string | number; tenant_id: string; customer_id: string; asset: string; rule_id: string; program_version: string; transaction_id: string; taken: string }>(
    `WITH due AS (
       SELECT u.t, u.c, l.transaction_id, l.lot_id, l.remaining FROM unnest($1::text[], $2::text[]) AS u(t, c)
       CROSS JOIN LATERAL (SELECT transaction_id, lot_id, remaining FROM lots
         WHERE tenant_id = u.t AND customer_id = u.c AND remaining > 0 AND expires_at <= $3 FOR UPDATE) l)
     UPDATE lots SET expired = lots.expired + due.remaining, remaining = 0
     FROM due WHERE lots.tenant_id = due.t AND lots.customer_id = due.c AND lots.transaction_id = due.transaction_id AND lots.lot_id = due.lot_id
     RETURNING lots.lot_id, lots.tenant_id, lots.customer_id, lots.asset, lots.rule_id, lots.program_version, lots.transaction_id, lots.expires_at, due.remaining::text AS taken`,
    [refs.map((r) => r.tenant), refs.map((r) => r.customerId), asOf], 'acc_lots_expire');
  rows.sort((a, b) => Number(a.lot_id) - Number(b.lot_id));
  const total: Record<Asset, Decimal> = {};
  for (const r of rows) {
    const taken = new Decimal(r.taken);
    book.append(r.tenant_id, r.customer_id, r.asset, 'expire', taken.neg(), {
      ruleId: r.rule_id, programVersion: r.program_version, transactionId: r.transaction_id, lotId: Number(r.lot_id),
    });
    total[r.asset] = (total[r.asset] ?? new Decimal(0)).plus(taken);
  }
  return total;
}

/** The next customers with due lots, in a stable order. */
export async function customersWithDueLots(db: Queryable, asOf: Date, limit: number, tenant?: string): Promise<CustomerRef[]> {
  const rows = await db.query<{ tenant_id: string; customer_id: string }>(
    `SELECT DISTINCT tenant_id, customer_id FROM lots
     WHERE remaining > 0 AND expires_at <= $1 AND ($2::text IS NULL OR tenant_id = $2)
     ORDER BY tenant_id, customer_id LIMIT $3`, [asOf, tenant ?? null, limit]);
  return rows.map((r) => ({ tenant: r.tenant_id, customerId: r.customer_id }));
}

export interface BreakageRow {
  readonly tenant: string;
  /** `YYYY-MM` of the expiry date (UTC). */
  readonly period: string;
  readonly programVersion: string;
  readonly asset: Asset;
  /** What those lots earned, and what of it expired unspent. */
  readonly earned: string;
  readonly expired: string;
  readonly lots: number;
}

/** Breakage: what expired unspent, per month of expiry, program version and asset. */
export async function breakage(db: Queryable, options: { tenant?: string; from?: Date; to?: Date } = {}): Promise<BreakageRow[]> {
  const rows = await db.query<{ tenant_id: string; period: string; program_version: string; asset: string; earned: string; expired: string; lots: string | number }>(
    `SELECT tenant_id, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM') AS period, program_version, asset,
            sum(earned)::text AS earned, sum(expired)::text AS expired, count(*) AS lots
     FROM lots
     WHERE expired > 0 AND ($1::text IS NULL OR tenant_id = $1)
       AND ($2::timestamptz IS NULL OR expires_at >= $2) AND ($3::timestamptz IS NULL OR expires_at < $3)
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [options.tenant ?? null, options.from ?? null, options.to ?? null]);
  return rows.map((r) => ({ tenant: r.tenant_id, period: r.period, programVersion: r.program_version, asset: r.asset, earned: r.earned, expired: r.expired, lots: Number(r.lots) }));
}

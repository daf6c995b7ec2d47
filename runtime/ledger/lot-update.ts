// Changes to existing lots (redemption, adjustment, refund) as one set-based write. Each row
// names the lot's whole key (migration 013), so even a generic plan probes the primary key per
// row instead of reading a customer's every lot.
import type { Part } from './statement.ts';

/** A lot's new `remaining`, and what to add to its `expired` and `reversed` (decimal texts). */
export interface LotChange {
  readonly tenant: string;
  readonly customerId: string;
  readonly transactionId: string;
  readonly lotId: number;
  readonly remaining: string;
  readonly expired?: string;
  readonly reversed?: string;
}

/** The UPDATE of `changes`, as a part of a batch's write (statement.ts). */
export function lotUpdates(changes: readonly LotChange[]): Part {
  const rows = changes.map((l) => ({ t: l.tenant, c: l.customerId, tx: l.transactionId, id: l.lotId, m: l.remaining, x: l.expired ?? '0', r: l.reversed ?? '0' }));
  return {
    tag: 'lu',
    sql: `UPDATE lots SET remaining = j.m, expired = lots.expired + j.x, reversed = lots.reversed + j.r
          FROM json_to_recordset($1::json) AS j(t text, c text, tx text, id bigint, m numeric, x numeric, r numeric)
          WHERE lots.tenant_id = j.t AND lots.customer_id = j.c AND lots.transaction_id = j.tx AND lots.lot_id = j.id`,
    params: [JSON.stringify(rows)],
  };
}

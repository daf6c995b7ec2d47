// Adjustments: the only way to correct a ledger (entries are never edited). A credit adds a lot
// that never expires (after paying off any debt); a debit takes from the open lots
// first-expiring first and, if they do not cover it, leaves a debt (a negative balance).
// Idempotent through the caller's `adjustmentId`, recorded as the entry's transaction id.
import { Decimal, POINTS, ZERO, text, type Asset } from './amount.ts';
import { Book } from './book.ts';
import { lotUpdates, type LotChange } from './lot-update.ts';
import type { CustomerWrite, ProgramWrite } from './cache.ts';
import type { Queryable } from './db.ts';
import { fail, ok, type LedgerError, type Result } from './errors.ts';
import type { Part } from './statement.ts';

export interface AdjustRequest {
  readonly tenant: string;
  readonly customerId: string;
  readonly asset?: Asset;
  /** Positive credits, negative debits; integral for points. */
  readonly amount: number | string;
  /** Unique per tenant: a retry with the same id changes nothing. */
  readonly adjustmentId: string;
  /** Why (finance's reference), kept in the entry's rule_id column as `adjust:<reason>`. */
  readonly reason: string;
}

export interface Adjusted {
  readonly adjustmentId: string;
  readonly asset: Asset;
  readonly amount: string;
  readonly balance: string;
  readonly replayed: boolean;
}

export type AdjustResult = Result<Adjusted, LedgerError>;

export async function adjustIn(tx: Queryable, req: AdjustRequest): Promise<{ result: AdjustResult; cache: { customers: CustomerWrite[]; programs: ProgramWrite[] } }> {
  const none = { customers: [], programs: [] };
  const asset = req.asset ?? POINTS;
  let amount: Decimal;
  try {
    amount = new Decimal(req.amount);
  } catch {
    return { result: fail({ code: 'invalid_request', message: 'amount must be a number' }), cache: none };
  }
  if (!amount.isFinite() || amount.isZero() || (asset === POINTS && !amount.isInteger())) {
    return { result: fail({ code: 'invalid_request', message: `amount must be a non-zero ${asset === POINTS ? 'integer' : 'decimal'}` }), cache: none };
  }
  if (!req.tenant || !req.customerId || !req.adjustmentId || !req.reason) {
    return { result: fail({ code: 'invalid_request', message: 'tenant, customerId, adjustmentId and reason are required' }), cache: none };
  }
  const book = new Book();
  await book.lockCustomers(tx, [{ tenant: req.tenant, customerId: req.customerId }]);
  const [prior] = await tx.query<{ amount: string; asset: string }>(
    `SELECT amount::text AS amount, asset FROM ledger_entries WHERE tenant_id = $1 AND customer_id = $2 AND kind = 'adjust' AND transaction_id = $3`,
    [req.tenant, req.customerId, req.adjustmentId], 'acc_adjust_find');
  await book.load(tx);
  if (prior) {
    if (prior.asset !== asset || !new Decimal(prior.amount).eq(amount)) {
      return { result: fail({ code: 'transaction_conflict', transactionId: req.adjustmentId, message: `adjustment ${req.adjustmentId} was made with a different amount` }), cache: none };
    }
    return { result: ok({ adjustmentId: req.adjustmentId, asset, amount: text(amount), balance: text(book.balance(req.tenant, req.customerId, asset)), replayed: true }), cache: none };
  }

  const before = book.balance(req.tenant, req.customerId, asset);
  const parts: Part[] = [];
  if (amount.gt(0)) {
    const paid = Decimal.min(amount, Decimal.max(ZERO, before.neg()));
    parts.push({
      tag: 'ja',
      sql: `INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining, expires_at)
            VALUES ($1, $2, $3, $4, $5, 'adjust', $6, $7, NULL)`,
      params: [req.tenant, req.customerId, asset, req.adjustmentId, `adjust:${req.reason}`, text(amount), text(amount.minus(paid))],
    });
  } else {
    const lots = await tx.query<{ lot_id: string | number; transaction_id: string; remaining: string }>(
      `SELECT lot_id, transaction_id, remaining::text AS remaining FROM lots WHERE tenant_id = $1 AND customer_id = $2 AND asset = $3 AND remaining > 0
       ORDER BY expires_at NULLS LAST, lot_id FOR UPDATE`, [req.tenant, req.customerId, asset], 'acc_lots_fifo');
    let left = amount.neg();
    const changed: LotChange[] = [];
    for (const lot of lots) {
      if (left.isZero()) break;
      const take = Decimal.min(left, new Decimal(lot.remaining));
      changed.push({ tenant: req.tenant, customerId: req.customerId, transactionId: lot.transaction_id, lotId: Number(lot.lot_id), remaining: text(new Decimal(lot.remaining).minus(take)) });
      left = left.minus(take);
    }
    if (changed.length > 0) parts.push(lotUpdates(changed));
  }
  const after = book.append(req.tenant, req.customerId, asset, 'adjust', amount, { ruleId: `adjust:${req.reason}`, transactionId: req.adjustmentId });
  return { result: ok({ adjustmentId: req.adjustmentId, asset, amount: text(amount), balance: text(after), replayed: false }), cache: await book.flush(tx, parts) };
}

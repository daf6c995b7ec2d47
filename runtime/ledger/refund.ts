// Reversal of a posted transaction (a refund). It claws back exactly what the transaction
// credited and has not expired: first from what is left of its own lots, then, for what was
// already spent, from the customer's other lots (first-expiring first); what even those cannot
// cover leaves the balance negative. A negative balance is a debt that later earnings pay off
// before they become redeemable (see post.ts). Counters the transaction incremented (caps,
// budgets, period-to-date aggregates) are decremented: a reversed transaction counts for nothing.
// Reversing twice returns the first reversal.
import type { Outcome } from '../outcome.ts';
import { Decimal, ZERO, text, type Asset } from './amount.ts';
import { Book, PROGRAM_OWNER } from './book.ts';
import { lotUpdates } from './lot-update.ts';
import type { CustomerWrite, ProgramWrite } from './cache.ts';
import type { Queryable } from './db.ts';
import { fail, ok, type LedgerError, type Result } from './errors.ts';
import type { Part } from './statement.ts';
import { storedKey } from './counter-space.ts';
import { bucketsOf, periodList } from './period-bucket.ts';

export interface RefundRequest {
  readonly tenant: string;
  readonly transactionId: string;
}

export interface Reversed {
  readonly transactionId: string;
  readonly customerId: string;
  /** Per lot: what was owed back, how much came from the lot itself and how much from other lots. */
  readonly lots: readonly { readonly lotId: number; readonly asset: Asset; readonly rule: string; readonly clawedBack: string; readonly fromLot: string; readonly fromOtherLots: string }[];
  /** The balances afterwards; negative when the points had been spent and nothing else covered them. */
  readonly balances: Readonly<Record<Asset, string>>;
  readonly replayed: boolean;
}

export type RefundResult = Result<Reversed, LedgerError>;

export async function refundIn(tx: Queryable, req: RefundRequest): Promise<{ result: RefundResult; cache: { customers: CustomerWrite[]; programs: ProgramWrite[] } }> {
  const none = { customers: [], programs: [] };
  const notFound = (): RefundResult => fail({ code: 'not_found', what: 'transaction', id: req.transactionId, message: `transaction ${req.transactionId} was never posted` });
  const [head] = await tx.query<{ customer_id: string }>(
    'SELECT customer_id FROM transactions WHERE tenant_id = $1 AND external_id = $2', [req.tenant, req.transactionId], 'acc_txn_customer');
  if (!head) return { result: notFound(), cache: none };

  const book = new Book();
  const customerId = head.customer_id;
  await book.lockCustomers(tx, [{ tenant: req.tenant, customerId }]);
  const [txn] = await tx.query<{ status: string; program: string | null; outcome: Outcome; reversal: Reversed | null }>(
    'SELECT status, program, outcome::json AS outcome, reversal FROM transactions WHERE tenant_id = $1 AND external_id = $2 FOR UPDATE',
    [req.tenant, req.transactionId], 'acc_txn_lock');
  if (!txn) return { result: notFound(), cache: none };
  if (txn.status === 'reversed' && txn.reversal) return { result: ok({ ...txn.reversal, replayed: true }), cache: none };

  const outcome = txn.outcome;
  const space = txn.program;
  const programKeys = outcome.deltas.filter((d) => d.scope === 'program').map((d) => ({ tenant: req.tenant, key: storedKey(space, d.key) }));
  await book.lockProgramCounters(tx, programKeys);
  // The counters and buckets the reversal changes are read with the balances: the buckets
  // then need no read of their own before the write (Book.settle).
  const customerKeys = outcome.deltas.filter((d) => d.scope === 'customer').map((d) => ({ tenant: req.tenant, owner: customerId, key: storedKey(space, d.key) }));
  await book.load(tx, customerKeys, bucketsOf(outcome.periods).map((bucket) => ({ tenant: req.tenant, owner: customerId, bucket })));

  const own = await tx.query<{ lot_id: string | number; asset: string; rule_id: string; program_version: string; earned: string; remaining: string; expired: string }>(
    `SELECT lot_id, asset, rule_id, program_version, earned::text AS earned, remaining::text AS remaining, expired::text AS expired
     FROM lots WHERE tenant_id = $1 AND transaction_id = $2 AND customer_id = $3 ORDER BY lot_id FOR UPDATE`,
    [req.tenant, req.transactionId, customerId], 'acc_lots_of_txn');
  // By lot id: the lot's transaction (part of its key), what remains of it and what this reversal took back.
  const updates = new Map<number, { transactionId: string; remaining: Decimal; reversed: Decimal }>();
  const report: { lotId: number; asset: Asset; rule: string; clawedBack: string; fromLot: string; fromOtherLots: string }[] = [];
  for (const lot of own) {
    const lotId = Number(lot.lot_id);
    const owed = new Decimal(lot.earned).minus(lot.expired);
    const fromLot = new Decimal(lot.remaining);
    updates.set(lotId, { transactionId: req.transactionId, remaining: ZERO, reversed: owed });
    let shortfall = owed.minus(fromLot);
    let fromOthers = ZERO;
    if (shortfall.gt(0)) {
      const others = await tx.query<{ lot_id: string | number; transaction_id: string; remaining: string }>(
        `SELECT lot_id, transaction_id, remaining::text AS remaining FROM lots
         WHERE tenant_id = $1 AND customer_id = $2 AND asset = $3 AND remaining > 0 AND NOT (transaction_id = $4)
         ORDER BY expires_at NULLS LAST, lot_id FOR UPDATE`, [req.tenant, customerId, lot.asset, req.transactionId], 'acc_lots_fifo_others');
      for (const o of others) {
        if (shortfall.isZero()) break;
        const id = Number(o.lot_id);
        const update = updates.get(id) ?? { transactionId: o.transaction_id, remaining: new Decimal(o.remaining), reversed: ZERO };
        const take = Decimal.min(update.remaining, shortfall);
        updates.set(id, { ...update, remaining: update.remaining.minus(take) });
        shortfall = shortfall.minus(take);
        fromOthers = fromOthers.plus(take);
      }
    }
    if (owed.gt(0)) {
      book.append(req.tenant, customerId, lot.asset, 'reverse', owed.neg(), { ruleId: lot.rule_id, programVersion: lot.program_version, transactionId: req.transactionId, lotId });
    }
    report.push({ lotId, asset: lot.asset, rule: lot.rule_id, clawedBack: text(owed), fromLot: text(fromLot), fromOtherLots: text(fromOthers) });
  }
  const parts: Part[] = [];
  if (updates.size > 0) {
    parts.push(lotUpdates([...updates].map(([lotId, u]) => ({
      tenant: req.tenant, customerId, transactionId: u.transactionId, lotId, remaining: text(u.remaining), reversed: text(u.reversed),
    }))));
  }

  for (const d of outcome.deltas) book.increment(req.tenant, d.scope, d.scope === 'customer' ? customerId : PROGRAM_OWNER, storedKey(space, d.key), -d.amount);
  const a = outcome.aggregates;
  if (a.spend !== 0 || a.points !== 0 || a.cashback !== 0 || a.transactions !== 0) {
    book.addAggregates(book.stateOf(req.tenant, customerId), periodList(outcome.periods), [-a.spend, -a.points, -a.cashback, -a.transactions]);
  }
  book.touch(req.tenant, customerId);

  const reversal: Reversed = { transactionId: req.transactionId, customerId, lots: report, balances: book.balancesOf(req.tenant, customerId), replayed: false };
  parts.push({
    tag: 'ft',
    sql: `UPDATE transactions SET status = 'reversed', reversal = $3 WHERE tenant_id = $1 AND external_id = $2`,
    params: [req.tenant, req.transactionId, JSON.stringify(reversal)],
  });
  return { result: ok(reversal), cache: await book.flush(tx, parts) };
}

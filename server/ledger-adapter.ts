// The LedgerPort over the real ledger (runtime/ledger): maps its result values onto the API's
// shapes and its error codes onto problem types, and counts cache hits for /metrics.
import type { StateSnapshot, TransactionInput } from '../runtime/outcome.ts';
import type { Evaluator } from '../runtime/program.ts';
import { POINTS, type Ledger, type LedgerError as LedgerFailure } from '../runtime/ledger/index.ts';
import { Decimal, amountText } from '../runtime/ledger/amount.ts';
import {
  LedgerError, type Balance, type LedgerEntry, type LedgerPort, type Lot, type PostRequest, type PostResult,
  type RedeemRequest, type RedeemResult, type RefundResult, type TransactionRecord,
} from './ports.ts';

function refusal(error: LedgerFailure): LedgerError {
  switch (error.code) {
    case 'transaction_conflict': return new LedgerError('transaction-conflict', error.message, { transactionId: error.transactionId });
    case 'idempotency_conflict': return new LedgerError('idempotency-conflict', error.message, { idempotencyKey: error.key });
    // Amounts as the rest of the API writes them: points as integers, money with its decimals.
    case 'insufficient_balance': return new LedgerError('insufficient-balance', error.message, {
      asset: error.asset, balance: amountOf(error.asset, error.balance), requested: amountOf(error.asset, error.requested),
    });
    case 'below_minimum': return new LedgerError('below-minimum-redemption', error.message, {
      asset: error.asset, minimum: amountOf(error.asset, error.minimum), requested: amountOf(error.asset, error.requested),
    });
    case 'not_found': return new LedgerError('not-found', error.message);
    case 'invalid_request': return new LedgerError('validation-error', error.message);
    case 'out_of_range': return new LedgerError('reward-out-of-range', error.message, { transactionId: error.transactionId });
  }
}

/** The ledger's transaction status as the API names it (a reversal is a refund there). */
const apiStatus = (status: string) => (status === 'reversed' ? 'refunded' as const : 'posted' as const);

const unit = (asset: string) => (asset === POINTS ? 'points' as const : 'money' as const);

const amountOf = (asset: string, value: string) => (asset === POINTS ? Number(value) : amountText(asset, value));

function cashOf(assets: Readonly<Record<string, string>>): Record<string, string> {
  const cashback: Record<string, string> = {};
  for (const [asset, value] of Object.entries(assets)) if (asset !== POINTS) cashback[asset] = amountText(asset, value);
  return cashback;
}

function balanceOf(customerId: string, assets: Readonly<Record<string, string>>): Balance {
  return { customerId, points: Number(assets[POINTS] ?? '0'), cashback: cashOf(assets) };
}

/** A cursor the ledger never returned (or an empty one) is a client's mistake: a 400 naming it. */
function invalidCursor(): LedgerError {
  const message = 'is not a cursor this API returned (pass `nextCursor` from the previous page)';
  return new LedgerError('validation-error', `cursor: ${message}`, { errors: [{ field: 'cursor', message }] });
}

export class LedgerAdapter implements LedgerPort {
  private hits = 0;
  private misses = 0;

  constructor(readonly ledger: Ledger, private readonly cachePing?: () => Promise<boolean>) {}

  async post(request: PostRequest): Promise<PostResult> {
    const result = await this.ledger.post({
      tenant: request.tenant, customerId: request.customerId, txn: request.transaction,
      customer: request.customer, evaluator: request.program,
    });
    if (!result.ok) throw refusal(result.error);
    const { outcome, replayed, status, outcomeJson } = result.value;
    return { outcome, replayed, status: apiStatus(status), outcomeJson };
  }

  state(tenant: string, customerId: string | undefined, program: Evaluator, transaction: TransactionInput): Promise<StateSnapshot> {
    return this.ledger.quoteState(tenant, customerId, program, transaction);
  }

  async transaction(tenant: string, id: string): Promise<TransactionRecord | undefined> {
    const [row] = await this.ledger.db.query<{ customer_id: string; program_version: string; outcome: TransactionRecord['outcome']; status: string; created_at: Date | string }>(
      'SELECT customer_id, program_version, outcome::json AS outcome, status, created_at FROM transactions WHERE tenant_id = $1 AND external_id = $2',
      [tenant, id], 'srv_txn_read');
    if (!row) return undefined;
    return {
      id, customerId: row.customer_id, programVersion: row.program_version, outcome: row.outcome,
      status: apiStatus(row.status), postedAt: new Date(row.created_at).toISOString(),
    };
  }

  async refund(tenant: string, id: string): Promise<RefundResult> {
    const result = await this.ledger.refund({ tenant, transactionId: id });
    if (!result.ok) throw refusal(result.error);
    const r = result.value;
    let points = 0;
    const cashback: Record<string, string> = {};
    for (const lot of r.lots) {
      if (lot.asset === POINTS) points += Number(lot.clawedBack);
      else cashback[lot.asset] = new Decimal(cashback[lot.asset] ?? 0).plus(lot.clawedBack).toFixed();
    }
    for (const [asset, value] of Object.entries(cashback)) cashback[asset] = amountText(asset, value);
    return { transactionId: id, reversed: { points, cashback }, balance: balanceOf(r.customerId, r.balances), replayed: r.replayed };
  }

  private async exists(tenant: string, customerId: string): Promise<boolean> {
    const rows = await this.ledger.db.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND customer_id = $2', [tenant, customerId], 'srv_customer_exists');
    return rows.length > 0;
  }

  async balance(tenant: string, customerId: string): Promise<Balance | undefined> {
    const b = await this.ledger.balance(tenant, customerId);
    if (b.source === 'cache') this.hits++;
    else this.misses++;
    if (b.source === 'database' && Object.keys(b.cash).length === 0 && b.points === '0' && !(await this.exists(tenant, customerId))) return undefined;
    return { customerId, points: Number(b.points), cashback: cashOf(b.cash) };
  }

  async history(tenant: string, customerId: string, page: { cursor?: string; limit: number }) {
    // The ledger reads '' as the first page; the API has always refused it.
    if (page.cursor === '') throw invalidCursor();
    const out = await this.ledger.history(tenant, customerId, page);
    if (!out.ok) throw invalidCursor(); // the ledger decodes cursors and refuses any it never returned
    if (out.entries.length === 0 && !(await this.exists(tenant, customerId))) return undefined;
    const entries: LedgerEntry[] = out.entries.map((e) => ({
      id: String(e.entryId), kind: e.kind, unit: unit(e.asset), amount: amountOf(e.asset, e.amount),
      currency: e.asset === POINTS ? null : e.asset, balanceAfter: amountOf(e.asset, e.balanceAfter),
      rule: e.rule, programVersion: e.programVersion, transactionId: e.transactionId, createdAt: new Date(e.createdAt).toISOString(),
    }));
    return { entries, nextCursor: out.nextCursor ?? null };
  }

  async lots(tenant: string, customerId: string): Promise<readonly Lot[] | undefined> {
    const lots = await this.ledger.lots(tenant, customerId);
    if (lots.length === 0 && !(await this.exists(tenant, customerId))) return undefined;
    return lots.map((l) => ({
      id: String(l.lotId), rule: l.rule, unit: unit(l.asset), amount: amountOf(l.asset, l.earned), remaining: amountOf(l.asset, l.remaining),
      currency: l.asset === POINTS ? null : l.asset, expiresAt: l.expiresAt && new Date(l.expiresAt).toISOString(),
      transactionId: l.transactionId, createdAt: new Date(l.createdAt).toISOString(),
    }));
  }

  async redeem(request: RedeemRequest): Promise<RedeemResult> {
    const asset = request.unit === 'points' ? POINTS : request.currency!;
    if (!(await this.exists(request.tenant, request.customerId))) throw new LedgerError('not-found', `No customer ${request.customerId}.`);
    const result = await this.ledger.redeem({
      tenant: request.tenant, customerId: request.customerId, asset, amount: request.amount,
      idempotencyKey: request.idempotencyKey, ...(request.program ? { program: request.program } : {}),
    });
    if (!result.ok) throw refusal(result.error);
    const r = result.value;
    const balance = (await this.balance(request.tenant, request.customerId)) ?? { customerId: request.customerId, points: 0, cashback: {} };
    return { redemptionId: r.redemptionId, unit: unit(r.asset), amount: amountOf(r.asset, r.amount), currency: r.asset === POINTS ? null : r.asset, balance, replayed: r.replayed };
  }

  async ping(): Promise<{ postgres: boolean; cache: boolean | null }> {
    const postgres = await this.ledger.db.query('SELECT 1').then(() => true, () => false);
    const cache = this.cachePing ? await this.cachePing().catch(() => false) : null;
    return { postgres, cache };
  }

  cacheStats() {
    return { hits: this.hits, misses: this.misses };
  }
}

// Redemption: takes points (or cashback money) from the lots that expire first, under the
// customers' row locks and the lots' row locks, so concurrent redemptions never overspend.
// Redemptions are group-committed like postings: a batch locks its customers, reads their open
// lots once, expires the due ones, then serves the requests in arrival order. A shortfall is
// the typed conflict `insufficient_balance`, carrying the balance.
import { randomUUID } from 'node:crypto';
import type { Evaluator } from '../program.ts';
import { Decimal, POINTS, amountText, parseAmount, text, type Asset } from './amount.ts';
import { Book, customerKey } from './book.ts';
import { lotUpdates, type LotChange } from './lot-update.ts';
import type { CustomerWrite, ProgramWrite } from './cache.ts';
import type { Queryable } from './db.ts';
import { fail, invariant, ok, type LedgerError, type Result } from './errors.ts';
import { bodyHash } from './hash.ts';
import type { Part } from './statement.ts';
import { textArray } from './sql-array.ts';

export interface RedeemRequest {
  readonly tenant: string;
  readonly customerId: string;
  /** 'points' (default) or a currency code for cashback money. */
  readonly asset?: Asset;
  readonly amount: number | string;
  /** Makes retries safe: the same key and request return the first response. */
  readonly idempotencyKey?: string;
  /** The caller's reference (order id, …), recorded as the entry's transaction id. */
  readonly reference?: string;
  /** The live program, for its minimum redemption. */
  readonly program?: Evaluator;
}

export interface Redeemed {
  readonly redemptionId: string;
  readonly asset: Asset;
  readonly amount: string;
  /** The balance of that asset afterwards. */
  readonly balance: string;
  /** The lots it took from, first-expiring first. */
  readonly taken: readonly { readonly lotId: number; readonly amount: string }[];
  readonly replayed: boolean;
}

export type RedeemResult = Result<Redeemed, LedgerError>;

export function minimumOf(program: Evaluator | undefined, asset: Asset): Decimal | undefined {
  const min = program?.checked.minimumRedemption;
  if (!min) return undefined;
  const minAsset = min.unit === 'points' ? POINTS : (min.currency ?? program!.checked.currency);
  return minAsset === asset ? new Decimal(min.value) : undefined;
}

/** What can be decided without the database: a refusal, or the parsed request. */
function validate(req: RedeemRequest): LedgerError | { asset: Asset; amount: Decimal; hash: string } {
  const asset = req.asset ?? POINTS;
  if (!req.tenant || !req.customerId) return { code: 'invalid_request', message: 'tenant and customerId are required' };
  const amount = parseAmount(req.amount, asset);
  if (!amount) return { code: 'invalid_request', message: `amount must be a positive ${asset === POINTS ? 'integer' : 'decimal'}` };
  return { asset, amount, hash: bodyHash({ customerId: req.customerId, asset, amount: text(amount), reference: req.reference ?? null }) };
}

/** The refusal of an amount below the program's minimum redemption, if it is one. */
function belowMinimum(req: RedeemRequest, asset: Asset, amount: Decimal): LedgerError | undefined {
  const minimum = minimumOf(req.program, asset);
  if (!minimum || !amount.lt(minimum)) return undefined;
  return { code: 'below_minimum', asset, minimum: text(minimum), requested: text(amount), message: `the minimum redemption is ${amountText(asset, minimum)} ${asset}` };
}

interface OpenLot {
  readonly tenant: string;
  readonly customerId: string;
  readonly lotId: number;
  readonly asset: Asset;
  remaining: Decimal;
  readonly due: boolean;
  readonly rule: string;
  readonly programVersion: string;
  readonly transactionId: string;
  /** What this batch took (redeemed) and expired from it. */
  taken: Decimal;
  expired: Decimal;
}

export async function redeemBatch(tx: Queryable, requests: readonly RedeemRequest[], now: Date): Promise<{ results: RedeemResult[]; cache: { customers: CustomerWrite[]; programs: ProgramWrite[] } }> {
  const results: (RedeemResult | undefined)[] = new Array(requests.length);
  const checked = requests.map(validate);
  const valid: number[] = [];
  checked.forEach((c, i) => ('code' in c ? (results[i] = fail(c)) : valid.push(i)));
  if (valid.length === 0) return { results: results as RedeemResult[], cache: { customers: [], programs: [] } };

  const book = new Book();
  // Idempotency keys are read in the locking round trip; a concurrent retry with the same key
  // that commits meanwhile makes our insert of the key fail, and the retried batch replays it.
  const keyed = valid.filter((i) => requests[i]!.idempotencyKey);
  const priors = await book.lockCustomers<{ tenant_id: string; id: string; a: string; b: Redeemed }>(
    tx, valid.map((i) => ({ tenant: requests[i]!.tenant, customerId: requests[i]!.customerId })), {
      sql: `SELECT 'i', f.tn, f.key, k.request_hash, k.response::json, NULL::json FROM unnest($3::text[], $4::text[]) AS f(tn, key)
            CROSS JOIN LATERAL (SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = f.tn AND key = f.key OFFSET 0) k`,
      params: [textArray(keyed.map((i) => requests[i]!.tenant)), textArray(keyed.map((i) => requests[i]!.idempotencyKey!))],
      name: 'acc_lock_find_keys',
    });
  const stored = new Map<string, { hash: string; response: Redeemed }>();
  for (const p of priors) stored.set(p.tenant_id + '\u0000' + p.id, { hash: p.a, response: p.b });
  await book.load(tx);

  const customers = [...new Map(valid.map((i) => [customerKey(requests[i]!.tenant, requests[i]!.customerId), requests[i]!])).values()];
  const rows = await tx.query<{ lot_id: string | number; tenant_id: string; customer_id: string; asset: string; remaining: string; due: boolean; rule_id: string; program_version: string; transaction_id: string }>(
    `SELECT l.lot_id, u.t AS tenant_id, u.c AS customer_id, l.asset, l.remaining::text AS remaining, coalesce(l.expires_at <= $3, false) AS due,
            l.rule_id, l.program_version, l.transaction_id
     FROM unnest($1::text[], $2::text[]) AS u(t, c)
     CROSS JOIN LATERAL (SELECT lot_id, asset, remaining, expires_at, rule_id, program_version, transaction_id FROM lots
       WHERE tenant_id = u.t AND customer_id = u.c AND remaining > 0
       ORDER BY asset, expires_at NULLS LAST, lot_id FOR UPDATE) l`,
    [textArray(customers.map((c) => c.tenant)), textArray(customers.map((c) => c.customerId)), now], 'acc_lots_open');
  const lotsOf = new Map<string, OpenLot[]>(); // by customer and asset, first-expiring first
  for (const r of rows) {
    const lot: OpenLot = {
      tenant: r.tenant_id, customerId: r.customer_id, lotId: Number(r.lot_id), asset: r.asset, remaining: new Decimal(r.remaining), due: r.due, rule: r.rule_id,
      programVersion: r.program_version, transactionId: r.transaction_id, taken: new Decimal(0), expired: new Decimal(0),
    };
    const key = customerKey(r.tenant_id, r.customer_id) + '\u0000' + r.asset;
    let list = lotsOf.get(key);
    if (!list) lotsOf.set(key, (list = []));
    list.push(lot);
  }
  // Expired points are never spent: the due lots of these customers expire first.
  for (const [key, list] of lotsOf) {
    const [tenant, customerId] = key.split('\u0000') as [string, string];
    for (const lot of list) {
      if (!lot.due) continue;
      book.append(tenant, customerId, lot.asset, 'expire', lot.remaining.neg(), { ruleId: lot.rule, programVersion: lot.programVersion, transactionId: lot.transactionId, lotId: lot.lotId });
      lot.expired = lot.remaining;
      lot.remaining = new Decimal(0);
    }
  }

  const newKeys: { t: string; k: string; h: string; r: Redeemed }[] = [];
  const firstWithKey = new Map<string, number>();
  for (const i of valid) {
    const req = requests[i]!;
    const { asset, amount, hash } = checked[i] as { asset: Asset; amount: Decimal; hash: string };
    if (req.idempotencyKey) {
      const k = req.tenant + '\u0000' + req.idempotencyKey;
      const prior = stored.get(k) ?? (firstWithKey.has(k) ? batchPrior(results[firstWithKey.get(k)!], checked[firstWithKey.get(k)!]) : undefined);
      if (prior) {
        results[i] = prior.hash === hash
          ? ok({ ...prior.response, replayed: true })
          : fail({ code: 'idempotency_conflict', key: req.idempotencyKey, message: `Idempotency-Key ${req.idempotencyKey} was used for a different request` });
        continue;
      }
      if (firstWithKey.has(k)) {
        // The first request with this key was refused: a retry within the batch is served afresh.
      } else firstWithKey.set(k, i);
    }
    // After the key's replay: a retry of a redemption made before a publish raised the minimum
    // is that redemption, not a new one to refuse.
    const refused = belowMinimum(req, asset, amount);
    if (refused) {
      results[i] = fail(refused);
      continue;
    }
    const balance = book.balance(req.tenant, req.customerId, asset);
    if (balance.lt(amount)) {
      results[i] = fail({ code: 'insufficient_balance', asset, balance: text(balance), requested: text(amount), message: `balance ${amountText(asset, balance)} ${asset} is less than ${amountText(asset, amount)}` });
      continue;
    }
    const taken: { lotId: number; amount: string }[] = [];
    let left = amount;
    for (const lot of lotsOf.get(customerKey(req.tenant, req.customerId) + '\u0000' + asset) ?? []) {
      if (left.isZero()) break;
      if (lot.remaining.isZero()) continue;
      const take = Decimal.min(left, lot.remaining);
      lot.remaining = lot.remaining.minus(take);
      lot.taken = lot.taken.plus(take);
      taken.push({ lotId: lot.lotId, amount: text(take) });
      left = left.minus(take);
    }
    invariant(left.isZero(), `lots of ${req.tenant}/${req.customerId} hold less ${asset} than the balance ${text(balance)}`);
    const redemptionId = req.idempotencyKey ? `rdm_${bodyHash({ tenant: req.tenant, key: req.idempotencyKey }).slice(0, 22)}` : `rdm_${randomUUID()}`;
    const after = book.append(req.tenant, req.customerId, asset, 'redeem', amount.neg(), { transactionId: req.reference ?? redemptionId });
    const response: Redeemed = { redemptionId, asset, amount: text(amount), balance: text(after), taken, replayed: false };
    results[i] = ok(response);
    if (req.idempotencyKey) newKeys.push({ t: req.tenant, k: req.idempotencyKey, h: hash, r: response });
  }

  const changed: LotChange[] = [];
  for (const list of lotsOf.values()) {
    for (const lot of list) {
      if (lot.taken.isZero() && lot.expired.isZero()) continue;
      changed.push({ tenant: lot.tenant, customerId: lot.customerId, transactionId: lot.transactionId, lotId: lot.lotId, remaining: text(lot.remaining), expired: text(lot.expired) });
    }
  }
  const parts: Part[] = [];
  if (changed.length > 0) parts.push(lotUpdates(changed));
  if (newKeys.length > 0) {
    parts.push({
      tag: 'ri',
      sql: `INSERT INTO idempotency_keys (tenant_id, key, request_hash, response)
            SELECT t, k, h, r FROM json_to_recordset($1::json) AS j(t text, k text, h text, r json)`,
      params: [JSON.stringify(newKeys)],
    });
  }
  return { results: results as RedeemResult[], cache: await book.flush(tx, parts) };
}

/** The response of an earlier request with the same key in this batch, if it succeeded. */
function batchPrior(result: RedeemResult | undefined, check: ReturnType<typeof validate> | undefined): { hash: string; response: Redeemed } | undefined {
  if (!result?.ok || !check || 'code' in check) return undefined;
  return { hash: check.hash, response: result.value };
}

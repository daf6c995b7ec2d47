// Posting transactions (earn), a batch at a time in one Postgres transaction of two round trips:
// with BEGIN, one function call (acc_post_read_tids, migration 011) that
// 1. locks the customers in one global order (no deadlocks) and finds the ids already posted
//    (same body: replay the stored result; different body: conflict),
// 2. locks the program counters the evaluator names, in one global order,
// 3. reads the customers' balances, counters and the bucket rows the postings read and write
//    (each balance and bucket row with its ctid), and draws the write version;
// 4. evaluate each posting in arrival order against the counters as updated by the ones before;
// 5. with COMMIT, one function call (acc_post_write_tids, migration 011) writes transactions,
//    lots, entries, balances and buckets (as column arrays; rows step 3 found, by ctid) and
//    counter increments, and the customers step 1 created for refused postings only are
//    deleted again (a refused posting creates no customer). A bucket changed without having
//    been read (an evaluator that names no periods) is read first: one more round trip, only
//    then (Book.settle).
import type { CustomerInput, EvaluateOptions, Outcome, PeriodKeys, TransactionInput } from '../outcome.ts';
import type { Evaluator } from '../program.ts';
import { Decimal, ZERO, assetOfLot, text, type Asset } from './amount.ts';
import { Book, PROGRAM_OWNER, balanceIn, balancesIn, type BucketRef, type LotRow, type TransactionRow } from './book.ts';
import { bucketsOf, periodList } from './period-bucket.ts';
import { programSpace, storedKey, storedKeys } from './counter-space.ts';
import type { CustomerWrite, ProgramWrite } from './cache.ts';
import type { ScriptTx } from './db.ts';
import { fail, invariant, ok, type LedgerError, type Result } from './errors.ts';
import { bodyHash, textHash } from './hash.ts';
import { postBodyText } from './canonical-body.ts';
import { outOfRange } from '../outcome-range.ts';
import { outcomeJson } from '../outcome-json.ts';

export interface PostRequest {
  readonly tenant: string;
  readonly customerId: string;
  readonly txn: TransactionInput;
  /** The customer's attributes as the program's schema declares them (tier, …). */
  readonly customer: CustomerInput;
  readonly evaluator: Evaluator;
  readonly options?: EvaluateOptions;
  /**
   * The program's stable id within the tenant (the server's program name): caps and budgets
   * are counted per program, shared by all its versions. Default: the program's declared name.
   */
  readonly program?: string;
}

export interface Posted {
  readonly transactionId: string;
  readonly outcome: Outcome;
  /** The customer's balances right after this posting. */
  readonly balances: Readonly<Record<Asset, string>>;
  /** True when this id had been posted before: nothing was written, the first result is returned. */
  readonly replayed: boolean;
  /** The transaction's state now: `reversed` once refunded (a replay can be of a refunded transaction). */
  readonly status: 'posted' | 'reversed';
  /** The outcome as stored (JSON.stringify's text), for a new posting: an answer can reuse it instead of serializing it again. */
  readonly outcomeJson?: string;
}

export type PostResult = Result<Posted, LedgerError>;

export interface BatchOutput {
  readonly results: PostResult[];
  readonly cache: { customers: CustomerWrite[]; programs: ProgramWrite[] };
}


/** Checks what can be checked without the database. */
export function validatePost(req: PostRequest): LedgerError | undefined {
  if (typeof req.tenant !== 'string' || req.tenant === '') return { code: 'invalid_request', message: 'tenant is required' };
  if (typeof req.customerId !== 'string' || req.customerId === '') return { code: 'invalid_request', message: 'customerId is required' };
  if (typeof req.txn?.id !== 'string' || req.txn.id === '') return { code: 'invalid_request', message: 'transaction id is required' };
  return undefined;
}

/**
 * The body a transaction id is bound to: a retry must send the same customer and the same
 * transaction, as the program's schema reads it (canonical-body.ts).
 */
export function postHash(req: PostRequest): string {
  return textHash(postBodyText(req.evaluator.checked.schema, req.customerId, req.txn));
}

/** The hash of the transaction as sent: what postings stored before bodies were read canonically, so their retries still replay. */
function sentHash(req: PostRequest): string {
  return bodyHash({ customerId: req.customerId, txn: req.txn });
}

interface StoredTxn {
  body_hash: string;
  status: 'posted' | 'reversed';
  outcome: Outcome;
  balances: Record<Asset, string>;
}

export async function postBatch(tx: ScriptTx, requests: readonly PostRequest[]): Promise<BatchOutput> {
  const results: (PostResult | undefined)[] = new Array(requests.length);
  const hashes = requests.map(postHash);
  const book = new Book();

  // Within the batch, the first occurrence of an id is posted; later ones replay it.
  const firstIndex = new Map<string, number>();
  const firsts: number[] = [];
  requests.forEach((req, i) => {
    const key = req.tenant + '\u0000' + req.txn.id;
    if (!firstIndex.has(key)) {
      firstIndex.set(key, i);
      firsts.push(i);
    }
  });
  // The counters each posting names, as stored (caps and budgets per program), computed once.
  const spaces = firsts.map((i) => programSpace(requests[i]!.program, requests[i]!.evaluator));
  // (Before we know which ids were posted: a key the evaluator cannot name is an error only
  // for a posting that turns out to be fresh, as before.)
  const keyErrors = new Map<number, unknown>();
  const keys = firsts.map((i, n) => {
    try {
      return requests[i]!.evaluator.counterKeys(requests[i]!.txn);
    } catch (err) {
      keyErrors.set(n, err);
      return { customer: [], program: [], periods: undefined };
    }
  });
  const keysStored = keys.map((k, n) => ({ customer: storedKeys(spaces[n]!, k.customer), program: storedKeys(spaces[n]!, k.program) }));
  const programRefs: { tenant: string; key: string }[] = [];
  const customerRefs: { tenant: string; owner: string; key: string }[] = [];
  const bucketRefs: BucketRef[] = []; // the bucket rows each posting will write, when the evaluator says its periods
  firsts.forEach((i, n) => {
    const { tenant, customerId } = requests[i]!;
    for (const key of keysStored[n]!.program) programRefs.push({ tenant, key });
    for (const key of keysStored[n]!.customer) customerRefs.push({ tenant, owner: customerId, key });
    const periods = keys[n]!.periods;
    if (periods) for (const bucket of bucketsOf(periods)) bucketRefs.push({ tenant, owner: customerId, bucket });
  });

  // 1–3. One round trip with BEGIN: lock the customers, find the ids already posted, lock the
  // program counters, read balances, counters and buckets, draw the write version.
  const { found, loaded } = await book.readForPost(tx,
    requests.map((r) => ({ tenant: r.tenant, customerId: r.customerId })),
    firsts.map((i) => ({ tenant: requests[i]!.tenant, id: requests[i]!.txn.id })),
    programRefs, customerRefs, bucketRefs);
  const stored = new Map<string, StoredTxn>();
  for (const row of found) stored.set(row.tenant + '\u0000' + row.id, { body_hash: row.hash, status: row.status, outcome: row.outcome as Outcome, balances: row.balances as Record<Asset, string> });

  const fresh: number[] = [];
  const freshAt: number[] = []; // index into firsts (spaces, keys, keysStored)
  firsts.forEach((i, n) => {
    const prior = stored.get(requests[i]!.tenant + '\u0000' + requests[i]!.txn.id);
    if (prior) results[i] = replay(requests[i]!, hashes[i]!, prior);
    else {
      fresh.push(i);
      freshAt.push(n);
    }
  });
  invariant(loaded === fresh.length > 0, 'state read for a batch with nothing to post, or not read for one with something');

  let cache: BatchOutput['cache'] = { customers: [], programs: [] };
  if (fresh.length > 0) {
    // 4. Evaluate in order.
    const txnRows: TransactionRow[] = [];
    const lotRows: LotRow[] = [];
    fresh.forEach((i, f) => {
      const n = freshAt[f]!;
      if (keyErrors.has(n)) throw keyErrors.get(n);
      const req = requests[i]!;
      const { tenant, customerId } = req;
      const space = spaces[n]!;
      const state = book.stateOf(tenant, customerId);
      const counters: Record<string, number> = {};
      const { customer: customerKeys, program: programKeys } = keys[n]!;
      for (let j = 0; j < customerKeys.length; j++) counters[customerKeys[j]!] = book.customerCounter(state, keysStored[n]!.customer[j]!);
      for (let j = 0; j < programKeys.length; j++) counters[programKeys[j]!] = book.counter(tenant, 'program', PROGRAM_OWNER, keysStored[n]!.program[j]!);
      const outcome = req.evaluator.evaluate(req.txn, req.customer, { counters }, req.options);
      // Refused alone, before anything of it is booked: the rest of the batch posts.
      const range = outOfRange(outcome);
      if (range !== undefined) {
        results[i] = fail({ code: 'out_of_range', transactionId: req.txn.id, message: range });
        return;
      }

      // One entry per credited rule (the ledger explains every point); one lot per asset and
      // expiry (what redemption, expiry and refunds work on), naming the rules it came from.
      const merged = new Map<string, { asset: Asset; rules: string[]; earned: Decimal; expiresAt: string | null }>();
      const debt = new Map<Asset, Decimal>();
      for (const lot of outcome.lots) {
        const asset = assetOfLot(lot);
        const earned = new Decimal(lot.amount);
        if (earned.lte(0)) continue;
        if (!debt.has(asset)) {
          const balance = balanceIn(state, asset);
          debt.set(asset, balance.isNeg() ? balance.neg() : ZERO);
        }
        book.appendTo(state, asset, 'earn', earned, { ruleId: lot.rule, programVersion: outcome.programVersion, transactionId: req.txn.id });
        const key = `${asset}|${lot.expiresAt ?? ''}`;
        const m = merged.get(key);
        if (m) {
          m.earned = m.earned.plus(earned);
          if (!m.rules.includes(lot.rule)) m.rules.push(lot.rule);
        } else merged.set(key, { asset, rules: [lot.rule], earned, expiresAt: lot.expiresAt });
      }
      for (const m of merged.values()) {
        // A debt (negative balance left by a reversal) is paid off first: the lot keeps only the rest.
        const owed = debt.get(m.asset)!;
        const earned = text(m.earned);
        let remaining = earned;
        if (!owed.isZero()) {
          const paid = Decimal.min(owed, m.earned);
          debt.set(m.asset, owed.minus(paid));
          remaining = text(m.earned.minus(paid));
        }
        lotRows.push({ t: tenant, c: customerId, a: m.asset, x: req.txn.id, r: m.rules.join('+'), v: outcome.programVersion, e: earned, m: remaining, d: m.expiresAt });
      }
      for (const d of outcome.deltas) {
        if (d.scope === 'customer') book.incrementCustomer(state, storedKey(space, d.key), d.amount);
        else book.increment(tenant, 'program', PROGRAM_OWNER, storedKey(space, d.key), d.amount);
      }
      const a = outcome.aggregates;
      if (a.spend !== 0 || a.points !== 0 || a.cashback !== 0 || a.transactions !== 0) {
        // The outcome's periods (a refund subtracts from those), as the same strings the
        // evaluator's shared key set holds when they agree: cheaper to look up than fresh copies.
        const shared = keys[n]!.periods;
        const p = shared !== undefined && samePeriods(shared, outcome.periods) ? shared : outcome.periods;
        book.addAggregates(state, periodList(p), [a.spend, a.points, a.cashback, a.transactions]);
      }
      state.touched = true; // its cache entry is refreshed even with no balance change
      const balances = balancesIn(state);
      const json = outcomeJson(outcome);
      txnRows.push({ t: tenant, id: req.txn.id, c: customerId, h: hashes[i]!, v: outcome.programVersion, p: space, o: json, b: JSON.stringify(balances) });
      results[i] = ok({ transactionId: req.txn.id, outcome, balances, replayed: false, status: 'posted', outcomeJson: json });
    });

    // 5. One round trip with COMMIT writes the transactions, lots, entries, balances and
    // counters. The outcome is stored as the text JSON.stringify writes (outcomeJson), so a
    // replay parses to the same.
    // A customer this batch's lock created whose postings were all refused is deleted again
    // in the same round trip (Book.ghosts).
    await book.settle(tx); // (a round trip only for buckets not read above)
    await tx.commit(book.postWriteStatements(txnRows, lotRows));
    cache = book.cacheWrites();
  } else {
    // Nothing to post; but a refused posting (an id posted before with a different body) of a
    // customer never seen must not leave that customer behind: delete what the lock created,
    // with COMMIT (still two round trips).
    const ghosts = book.ghostStatement();
    if (ghosts !== undefined) await tx.commit([ghosts]);
  }

  // Later occurrences of an id posted in this same batch.
  requests.forEach((req, i) => {
    if (results[i]) return;
    const first = firstIndex.get(req.tenant + '\u0000' + req.txn.id)!;
    const firstResult = results[first]!;
    if (!firstResult.ok) results[i] = firstResult;
    else if (hashes[i] !== hashes[first]) results[i] = fail(conflict(req.txn.id));
    else results[i] = ok({ ...firstResult.value, replayed: true });
  });
  return { results: results as PostResult[], cache };
}

function samePeriods(a: PeriodKeys, b: PeriodKeys): boolean {
  return a === b || a.day === b.day && a.week === b.week && a.month === b.month && a.quarter === b.quarter && a.year === b.year && a.lifetime === b.lifetime;
}

function replay(req: PostRequest, hash: string, prior: StoredTxn): PostResult {
  if (prior.body_hash !== hash && prior.body_hash !== sentHash(req)) return fail(conflict(req.txn.id));
  return ok({ transactionId: req.txn.id, outcome: prior.outcome, balances: prior.balances, replayed: true, status: prior.status });
}

function conflict(transactionId: string): LedgerError {
  return {
    code: 'transaction_conflict',
    transactionId,
    message: `transaction ${transactionId} was already posted with a different body`,
  };
}


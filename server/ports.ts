// The narrow interfaces between the HTTP routes and everything stateful: the ledger, program
// versions, API keys, the async queue, the reload bus and the compiler. Routes see nothing else,
// so they are tested through `app.request()` with in-memory fakes (test/server/fakes.ts) and
// run in production on the Postgres/PGlite + Redis adapters (server/store, server/queue, server/bus).
import type { Diagnostic } from '../grammar/diagnostics.ts';
import type { CustomerInput, Outcome, StateSnapshot, TransactionInput } from '../runtime/outcome.ts';
import type { Evaluator } from '../runtime/program.ts';
import type { Principal, Role } from './env.ts';
import type { QueueStats } from './metrics.ts';

// ─── Ledger ──────────────────────────────────────────────────────────────────

export interface PostRequest {
  readonly tenant: string;
  readonly customerId: string;
  readonly transaction: TransactionInput;
  readonly customer: CustomerInput;
  readonly program: Evaluator;
}

export interface PostResult {
  readonly outcome: Outcome;
  /** True when this transaction id was posted before with the same body: nothing was written. */
  readonly replayed: boolean;
  /** The transaction's state now: a replay of a refunded transaction says `refunded`, as GET does. */
  readonly status: 'posted' | 'refunded';
  /** The outcome as JSON text, when the ledger has it serialized already (a new posting): answers reuse it. */
  readonly outcomeJson?: string;
}

export interface Balance {
  readonly customerId: string;
  readonly points: number;
  /** Per currency, decimal strings in major units. */
  readonly cashback: Readonly<Record<string, string>>;
}

export interface LedgerEntry {
  readonly id: string;
  readonly kind: 'earn' | 'redeem' | 'expire' | 'reverse' | 'adjust';
  readonly unit: 'points' | 'money';
  /** Signed: integer points, or a decimal string in major units. */
  readonly amount: number | string;
  readonly currency: string | null;
  readonly balanceAfter: number | string;
  readonly rule: string | null;
  readonly programVersion: string | null;
  readonly transactionId: string | null;
  readonly createdAt: string;
}

export interface Lot {
  readonly id: string;
  readonly rule: string | null;
  readonly unit: 'points' | 'money';
  readonly amount: number | string;
  readonly remaining: number | string;
  readonly currency: string | null;
  readonly expiresAt: string | null;
  readonly transactionId: string | null;
  readonly createdAt: string;
}

export interface TransactionRecord {
  readonly id: string;
  readonly customerId: string;
  readonly status: 'posted' | 'refunded';
  readonly programVersion: string;
  readonly outcome: Outcome;
  readonly postedAt: string;
}

export interface RedeemRequest {
  readonly tenant: string;
  readonly customerId: string;
  readonly unit: 'points' | 'money';
  /** Integer points, or a decimal string in major units. */
  readonly amount: number | string;
  readonly currency?: string;
  readonly idempotencyKey: string;
  /** The live program (its minimum redemption applies), when there is one. */
  readonly program?: Evaluator;
}

export interface RedeemResult {
  readonly redemptionId: string;
  readonly unit: 'points' | 'money';
  readonly amount: number | string;
  readonly currency: string | null;
  readonly balance: Balance;
  readonly replayed: boolean;
}

export interface RefundResult {
  readonly transactionId: string;
  /** What was clawed back: points, and money per currency. */
  readonly reversed: { readonly points: number; readonly cashback: Readonly<Record<string, string>> };
  readonly balance: Balance;
  readonly replayed: boolean;
}

export type LedgerErrorCode =
  | 'transaction-conflict' | 'insufficient-balance' | 'idempotency-conflict'
  | 'below-minimum-redemption' | 'not-found' | 'validation-error' | 'reward-out-of-range';

/** A refusal the ledger decided (never a crash): mapped 1:1 onto problem types. */
export class LedgerError extends Error {
  constructor(readonly code: LedgerErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

export interface LedgerPort {
  post(request: PostRequest): Promise<PostResult>;
  /** The counters `program` reads for this transaction, as the customer stands now (for quotes). */
  state(tenant: string, customerId: string | undefined, program: Evaluator, transaction: TransactionInput): Promise<StateSnapshot>;
  transaction(tenant: string, id: string): Promise<TransactionRecord | undefined>;
  refund(tenant: string, id: string, options: { idempotencyKey?: string }): Promise<RefundResult>;
  /** Undefined when the tenant has no such customer. */
  balance(tenant: string, customerId: string): Promise<Balance | undefined>;
  history(tenant: string, customerId: string, page: { cursor?: string; limit: number }): Promise<{ entries: readonly LedgerEntry[]; nextCursor: string | null } | undefined>;
  lots(tenant: string, customerId: string): Promise<readonly Lot[] | undefined>;
  redeem(request: RedeemRequest): Promise<RedeemResult>;
  /** Throws when Postgres (or the cache, when configured) is unreachable. */
  ping(): Promise<{ postgres: boolean; cache: boolean | null }>;
  cacheStats?(): { hits: number; misses: number };
}

// ─── Program versions ────────────────────────────────────────────────────────

export type VersionStatus = 'draft' | 'invalid' | 'live' | 'retired';

export interface ProgramVersion {
  readonly tenant: string;
  readonly program: string;
  readonly version: number;
  readonly status: VersionStatus;
  readonly source: string;
  /** SHA-256 of the source. */
  readonly hash: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly author: string | null;
  readonly createdAt: string;
  readonly publishedAt: string | null;
}

export interface NewVersion {
  readonly source: string;
  readonly hash: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly status: 'draft' | 'invalid';
  readonly author: string | null;
}

export interface VersionStore {
  create(tenant: string, program: string, version: NewVersion): Promise<ProgramVersion>;
  list(tenant: string, program: string): Promise<readonly ProgramVersion[]>;
  get(tenant: string, program: string, version: number): Promise<ProgramVersion | undefined>;
  /** Makes `version` live and the previously live one retired, in one transaction. */
  publish(tenant: string, program: string, version: number): Promise<ProgramVersion>;
  /** Makes the version published before the current one live again; undefined when there is none. */
  rollback(tenant: string, program: string): Promise<ProgramVersion | undefined>;
  /** Every live version of every tenant (loaded at start and on resync). */
  live(): Promise<readonly ProgramVersion[]>;
}

// ─── API keys ────────────────────────────────────────────────────────────────

export interface ApiKeyStore {
  /** The principal of the key with this SHA-256 hash, or undefined. */
  lookup(hash: string): Promise<Principal | undefined>;
  create(key: { readonly id: string; readonly hash: string; readonly tenant: string; readonly role: Role; readonly name: string }): Promise<void>;
}

// ─── Async ingestion ─────────────────────────────────────────────────────────

export interface QueuedTransaction {
  readonly tenant: string;
  readonly program: string | undefined;
  readonly customerId: string;
  readonly transaction: TransactionInput;
  readonly customer: CustomerInput;
  readonly enqueuedAt: string;
  /**
   * The version of `program` it was validated on when queued: the worker falls back to it when
   * the live version's schema refuses the body (a publish since added a required field).
   * Absent on items queued before it was recorded.
   */
  readonly acceptedVersion?: number;
}

export interface AsyncStatus {
  readonly status: 'queued' | 'failed';
  readonly error?: string;
  readonly enqueuedAt: string;
}

export interface AsyncQueue {
  enqueue(item: QueuedTransaction): Promise<void>;
  status(tenant: string, transactionId: string): Promise<AsyncStatus | undefined>;
  stats(): Promise<QueueStats>;
}

// ─── Hot reload ──────────────────────────────────────────────────────────────

export interface ReloadNotice {
  readonly tenant: string;
  readonly program: string;
  readonly version: number;
}

/** Tells every instance that a program's live version changed (Redis pub/sub, or in-process). */
export interface ReloadBus {
  publish(notice: ReloadNotice): Promise<void>;
  subscribe(handler: (notice: ReloadNotice) => void): Promise<void>;
  close(): Promise<void>;
}

// ─── Compiler ────────────────────────────────────────────────────────────────

export type CompileFn = (source: string, options: { version?: string }) => { program: Evaluator | undefined; diagnostics: readonly Diagnostic[] };

// In-memory fakes of the server's ports, for route tests through app.request(): a tiny
// "compiler" whose programs earn `rate` points per USD, and a ledger that keeps everything in maps.
import { createHash, randomUUID } from 'node:crypto';
import pino from 'pino';
import { expect } from 'vitest';
import type { CheckedProgram } from '../../compiler/ir.ts';
import type { Diagnostic } from '../../grammar/diagnostics.ts';
import type { Outcome, RuleResult, TransactionInput } from '../../runtime/outcome.ts';
import type { Evaluator } from '../../runtime/program.ts';
import { createApp } from '../../server/app.ts';
import { MemoryBus } from '../../server/bus/memory.ts';
import { DEFAULT_LIMITS, type AppDeps, type Limits } from '../../server/deps.ts';
import type { Role } from '../../server/env.ts';
import { hashApiKey } from '../../server/middleware/auth.ts';
import { InFlight } from '../../server/middleware/drain.ts';
import { Metrics } from '../../server/metrics.ts';
import {
  LedgerError, type AsyncQueue, type AsyncStatus, type Balance, type CompileFn, type LedgerEntry, type LedgerPort,
  type Lot, type PostRequest, type PostResult, type QueuedTransaction, type RedeemRequest, type RedeemResult,
  type RefundResult, type TransactionRecord,
} from '../../server/ports.ts';
import { LivePrograms } from '../../server/programs/live.ts';
import { MemoryKeyStore, MemoryVersionStore } from '../../server/store/memory.ts';

const span = { offset: 0, line: 1, column: 1, length: 1 };
const f = (name: string, type: CheckedProgram['schema']['transaction']['fields'][number]['type'], optional = false) => ({ name, type, optional, span });

/** The fake programs' schema, with the further required string fields `required`. */
const schemaWith = (required: readonly string[]): CheckedProgram['schema'] => ({
  transaction: {
    name: 'transaction',
    fields: [
      f('id', { kind: 'string' }), f('time', { kind: 'timestamp' }),
      f('amount', { kind: 'money', currency: 'USD' }),
      f('category', { kind: 'enum', name: 'category', members: ['dining', 'travel', 'other'] }),
      f('items', { kind: 'list', element: { kind: 'record', name: 'item' } }, true),
      ...required.map((name) => f(name, { kind: 'string' })),
    ],
  },
  customer: { name: 'customer', fields: [f('tier', { kind: 'enum', name: 'tier', members: ['classic', 'gold'] }, true)] },
  records: { item: { name: 'item', fields: [f('sku', { kind: 'string' }), f('price', { kind: 'money', currency: 'USD' })] } },
});

/**
 * `rate 3` earns 3 points per USD; `require store` adds a required string field `store` to the
 * transaction; `currencies EUR GBP` lists currencies beside USD; a line `error` is a compile error.
 */
export const fakeCompile: CompileFn = (source, options) => {
  if (/^\s*error\b/m.test(source)) {
    const diagnostics: Diagnostic[] = [{ severity: 'error', code: 'ACC001' as Diagnostic['code'], message: 'unexpected `error`', span }];
    return { program: undefined, diagnostics };
  }
  const rate = Number(/rate\s+(\d+)/.exec(source)?.[1] ?? '1');
  const required = [...source.matchAll(/^\s*require\s+(\w+)/gm)].map((m) => m[1]!);
  const currencies = ['USD', ...(/^\s*currencies\s+(.+)$/m.exec(source)?.[1]?.trim().split(/\s+/) ?? [])];
  return { program: fakeEvaluator(rate, options.version ?? 'fake', schemaWith(required), currencies), diagnostics: [] };
};

function fakeEvaluator(rate: number, version: string, schema: CheckedProgram['schema'], currencies: readonly string[]): Evaluator {
  const checked = { name: 'fake', currency: 'USD', currencies, timezone: 'UTC', schema, groups: [], rules: [{ id: 'base', caps: [] }, { id: 'dining', caps: [] }] } as unknown as CheckedProgram;
  return {
    version, checked,
    counterKeys: () => ({ customer: [], program: [] }),
    evaluate(txn, customer, state, options): Outcome {
      const points = Math.floor(Number(txn.amount) * rate) + (customer.tier === 'gold' ? 10 : 0) + (state.counters['bonus'] ?? 0);
      const rules: RuleResult[] = [];
      const excluded = options?.exclude?.includes('base');
      rules.push(excluded ? { rule: 'base', state: 'EXCLUDED', by: { kind: 'request' } } : { rule: 'base', state: 'APPLIED', reward: 'points', amount: { unit: 'points', points } });
      if (txn.category === 'dining') {
        rules.push({ rule: 'dining', state: 'BLOCKED', by: { kind: 'group', group: 'bonus', rule: 'base' }, wouldHaveGiven: { unit: 'points', points: 5 } });
      }
      const total = excluded ? 0 : points;
      return {
        programVersion: version, transactionId: txn.id,
        totals: { points: total, cashback: {}, discount: {}, prizes: { points: 0, money: {} }, freeProducts: [] },
        rules, lots: total > 0 ? [{ rule: 'base', unit: 'points', amount: total, currency: undefined, expiresAt: null }] : [],
        deltas: [], periods: { day: 'day:x', week: 'week:x', month: 'month:x', quarter: 'quarter:x', year: 'year:x', lifetime: 'lifetime' },
        aggregates: { spend: 0, points: total, cashback: 0, transactions: 1 },
      };
    },
  };
}

interface Customer { points: number; entries: LedgerEntry[]; lots: (Lot & { remaining: number })[] }

/** A ledger in maps: idempotent posts (409 on a different body), FIFO-free redemptions, refunds. */
export class MemoryLedger implements LedgerPort {
  readonly txns = new Map<string, TransactionRecord & { hash: string }>();
  readonly customers = new Map<string, Customer>();
  readonly redemptions = new Map<string, { hash: string; result: RedeemResult }>();
  failPing = false;

  private customer(tenant: string, id: string, create = false): Customer | undefined {
    const key = `${tenant}/${id}`;
    let c = this.customers.get(key);
    if (!c && create) this.customers.set(key, (c = { points: 0, entries: [], lots: [] }));
    return c;
  }

  private balanceOf(id: string, c: Customer): Balance { return { customerId: id, points: c.points, cashback: {} }; }

  async post(req: PostRequest): Promise<PostResult> {
    const key = `${req.tenant}/${req.transaction.id}`;
    const hash = createHash('sha256').update(JSON.stringify([req.customerId, req.transaction, req.customer])).digest('hex');
    const seen = this.txns.get(key);
    if (seen) {
      if (seen.hash !== hash) throw new LedgerError('transaction-conflict', `Transaction ${req.transaction.id} exists with a different body.`);
      return { outcome: seen.outcome, replayed: true, status: seen.status };
    }
    const outcome = req.program.evaluate(req.transaction, req.customer, { counters: {} });
    const c = this.customer(req.tenant, req.customerId, true)!;
    c.points += outcome.totals.points;
    const now = new Date().toISOString();
    if (outcome.totals.points > 0) {
      c.entries.push({ id: String(c.entries.length + 1), kind: 'earn', unit: 'points', amount: outcome.totals.points, currency: null, balanceAfter: c.points, rule: 'base', programVersion: outcome.programVersion, transactionId: req.transaction.id, createdAt: now });
      c.lots.push({ id: String(c.lots.length + 1), rule: 'base', unit: 'points', amount: outcome.totals.points, remaining: outcome.totals.points, currency: null, expiresAt: null, transactionId: req.transaction.id, createdAt: now });
    }
    this.txns.set(key, { id: req.transaction.id, customerId: req.customerId, status: 'posted', programVersion: outcome.programVersion, outcome, postedAt: now, hash });
    return { outcome, replayed: false, status: 'posted' };
  }

  async state() { return { counters: { bonus: 0 } }; }

  async transaction(tenant: string, id: string) {
    const t = this.txns.get(`${tenant}/${id}`);
    if (!t) return undefined;
    const { hash: _hash, ...record } = t;
    return record;
  }

  async refund(tenant: string, id: string): Promise<RefundResult> {
    const t = this.txns.get(`${tenant}/${id}`);
    if (!t) throw new LedgerError('not-found', `No transaction ${id}.`);
    const c = this.customer(tenant, t.customerId)!;
    if (t.status === 'refunded') return { transactionId: id, reversed: { points: t.outcome.totals.points, cashback: {} }, balance: this.balanceOf(t.customerId, c), replayed: true };
    c.points -= t.outcome.totals.points;
    this.txns.set(`${tenant}/${id}`, { ...t, status: 'refunded' });
    return { transactionId: id, reversed: { points: t.outcome.totals.points, cashback: {} }, balance: this.balanceOf(t.customerId, c), replayed: false };
  }

  async balance(tenant: string, id: string) {
    const c = this.customer(tenant, id);
    return c && this.balanceOf(id, c);
  }

  async history(tenant: string, id: string, page: { cursor?: string; limit: number }) {
    const c = this.customer(tenant, id);
    if (!c) return undefined;
    const all = [...c.entries].reverse();
    const start = page.cursor ? all.findIndex((e) => e.id === page.cursor) + 1 : 0;
    const entries = all.slice(start, start + page.limit);
    return { entries, nextCursor: start + page.limit < all.length ? entries.at(-1)!.id : null };
  }

  async lots(tenant: string, id: string) { return this.customer(tenant, id)?.lots; }

  async redeem(req: RedeemRequest): Promise<RedeemResult> {
    const key = `${req.tenant}/${req.customerId}/${req.idempotencyKey}`;
    const hash = JSON.stringify([req.unit, req.amount, req.currency]);
    const seen = this.redemptions.get(key);
    if (seen) {
      if (seen.hash !== hash) throw new LedgerError('idempotency-conflict', 'Idempotency-Key reused with a different body.');
      return { ...seen.result, replayed: true };
    }
    const c = this.customer(req.tenant, req.customerId);
    if (!c) throw new LedgerError('not-found', `No customer ${req.customerId}.`);
    const amount = Number(req.amount);
    if (c.points < amount) throw new LedgerError('insufficient-balance', `Balance ${c.points} is less than ${amount}.`, { balance: c.points });
    c.points -= amount;
    const result: RedeemResult = { redemptionId: randomUUID(), unit: req.unit, amount: req.amount, currency: null, balance: this.balanceOf(req.customerId, c), replayed: false };
    this.redemptions.set(key, { hash, result });
    return result;
  }

  async ping() {
    if (this.failPing) throw new Error('down');
    return { postgres: true, cache: null };
  }
}

export class MemoryQueue implements AsyncQueue {
  readonly items: QueuedTransaction[] = [];
  readonly statuses = new Map<string, AsyncStatus>();
  async enqueue(item: QueuedTransaction) {
    this.items.push(item);
    this.statuses.set(`${item.tenant}/${item.transaction.id}`, { status: 'queued', enqueuedAt: item.enqueuedAt });
  }
  async status(tenant: string, id: string) { return this.statuses.get(`${tenant}/${id}`); }
  async stats() { return { depth: this.items.length, lagSeconds: 0 }; }
}

export const KEYS = {
  aAdmin: 'key-a-admin', aAuthor: 'key-a-author', aClient: 'key-a-client',
  bAdmin: 'key-b-admin', bClient: 'key-b-client',
} as const;

export interface Harness {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  ledger: MemoryLedger;
  queue: MemoryQueue;
  versions: MemoryVersionStore;
  /** app.request with the given key and a JSON body. */
  call(method: string, path: string, options?: { key?: string | null; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
}

export const SOURCE_V1 = 'program fake\nrate 1\n';
export const SOURCE_V2 = 'program fake\nrate 2\n';

/** An app over fakes with tenants A and B, each with program `card` v1 live. */
export async function harness(options: { limits?: Partial<Limits>; live?: boolean } = {}): Promise<Harness> {
  const logger = pino({ level: 'silent' });
  const keys = new MemoryKeyStore();
  const roles: Record<string, [string, Role]> = {
    [KEYS.aAdmin]: ['A', 'admin'], [KEYS.aAuthor]: ['A', 'author'], [KEYS.aClient]: ['A', 'client'],
    [KEYS.bAdmin]: ['B', 'admin'], [KEYS.bClient]: ['B', 'client'],
  };
  for (const [key, [tenant, role]] of Object.entries(roles)) await keys.create({ id: key, hash: hashApiKey(key), tenant, role, name: key });
  const versions = new MemoryVersionStore();
  const bus = new MemoryBus();
  const metrics = new Metrics();
  const ledger = new MemoryLedger();
  const queue = new MemoryQueue();
  const programs = new LivePrograms({ versions, compile: fakeCompile, bus, logger, metrics, resyncMs: 0 });
  if (options.live !== false) {
    for (const tenant of ['A', 'B']) {
      await versions.create(tenant, 'card', { source: SOURCE_V1, hash: 'h1', diagnostics: [], status: 'draft', author: null });
      await versions.publish(tenant, 'card', 1);
    }
  }
  await programs.start();
  const deps: AppDeps = {
    ledger, versions, keys, queue, programs, compile: fakeCompile, bus, metrics, logger,
    inflight: new InFlight(), limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const app = createApp(deps);
  const call: Harness['call'] = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? KEYS.aClient : o.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }));
  };
  return { app, deps, ledger, queue, versions, call };
}

export const PROBLEM = 'https://accrue.dev/problems/';

/** Asserts `res` is the problem+json document of `status` and `slug`; returns its body. */
export async function problem(res: Response, status: number, slug: string): Promise<Record<string, any>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json() as Record<string, any>;
  expect(body.type).toBe(PROBLEM + slug);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  return body;
}

/** Holds every `h.ledger.post` until `release()`: a request that stays in flight. */
export function holdPosts(h: Harness): { release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const original = h.ledger.post.bind(h.ledger);
  h.ledger.post = async (req) => { await gate; return original(req); };
  return { release };
}

export const txn = (id: string, extra: Record<string, unknown> = {}) => ({
  customerId: 'c1',
  transaction: { id, time: '2026-03-01T12:00:00Z', amount: '12.50', category: 'travel', ...extra },
});

export type { TransactionInput };

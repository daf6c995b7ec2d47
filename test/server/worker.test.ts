// The async worker on a real Redis Stream and Postgres: SIGKILL it in the middle of 10,000
// queued transactions, start another: every transaction is credited exactly once and the
// pending list ends empty. A transaction that keeps failing is dead-lettered and shows failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine.ts';
import type { QueuedTransaction } from '../../server/ports.ts';
import { streamKeys } from '../../server/queue/keys.ts';
import { DATABASE_URL, REDIS_URL, postgresAvailable, redisAvailable } from '../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../support/hooks.ts';
import { bootEngine, CARD_V1, cardTxn, client, keyFor, publish } from './live.ts';

const available = (await postgresAvailable()) && (await redisAvailable());
const ROOT = new URL('../../', import.meta.url).pathname;
const TOTAL = 10_000;

function startWorker(schema: string, prefix: string, consumer: string): ChildProcess {
  return spawn(process.execPath, ['bin/accrue.mjs', 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL, REDIS_URL, ACCRUE_DB_SCHEMA: schema, ACCRUE_REDIS_PREFIX: prefix,
      ACCRUE_WORKER_CONSUMER: consumer, ACCRUE_CLAIM_IDLE_MS: '1000', ACCRUE_MAX_DELIVERIES: '3', LOG_LEVEL: 'warn', ACCRUE_RESYNC_MS: '1000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe.skipIf(!available)('accrue worker (Redis Stream + Postgres)', () => {
  const schema = useFreshSchema('server_worker');
  const prefix = useRedisPrefix();
  let engine: Engine;
  let redis: Redis;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    engine = await bootEngine(schema.name, prefix);
    redis = new Redis(REDIS_URL);
    await publish(client(engine.url, await keyFor(engine, 'acme')), 'card', CARD_V1);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await engine?.close();
    redis?.disconnect();
  });

  it('SIGKILL mid-run, restart: all 10,000 processed exactly once, pending empty; a poison entry is dead-lettered', async () => {
    const db = engine.core.adapter.ledger.db;
    const queue = engine.core.deps.queue!;
    const keys = streamKeys(prefix);
    const call = client(engine.url, await keyFor(engine, 'acme', 'client'));

    // One through HTTP ?mode=async (202, queued), the rest straight onto the stream.
    const viaHttp = await call('POST', '/v1/transactions?mode=async', cardTxn('w-0', 'wc-0', '10.00'));
    expect(viaHttp.status).toBe(202);
    expect((await call('GET', '/v1/transactions/w-0')).body.status).toBe('queued');
    const now = new Date().toISOString();
    for (let start = 1; start < TOTAL; start += 1000) {
      await Promise.all(Array.from({ length: Math.min(1000, TOTAL - start) }, (_, j) => {
        const i = start + j;
        const t = cardTxn(`w-${i}`, `wc-${i % 97}`, `${(i % 300) + 1}.00`);
        const item: QueuedTransaction = { tenant: 'acme', program: 'card', customerId: t.customerId, transaction: t.transaction as QueuedTransaction['transaction'], customer: t.customer, enqueuedAt: now };
        return queue.enqueue(item);
      }));
    }
    // A poison entry: its program does not exist, so every delivery fails.
    const poison = cardTxn('w-poison', 'wc-0');
    await queue.enqueue({ tenant: 'acme', program: 'ghost', customerId: poison.customerId, transaction: poison.transaction as QueuedTransaction['transaction'], customer: poison.customer, enqueuedAt: now });
    expect((await queue.stats()).depth).toBe(TOTAL + 1);

    const count = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM transactions'))[0]!.n);

    const first = startWorker(schema.name, prefix, 'worker-1');
    children.push(first);
    const t0 = Date.now();
    while ((await count()) < 1500) {
      if (Date.now() - t0 > 60_000) throw new Error('the first worker made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await count();
    expect(atKill).toBeLessThan(TOTAL);
    const pendingAtKill = (await redis.xpending(keys.stream, keys.group) as [number])[0];

    const second = startWorker(schema.name, prefix, 'worker-2');
    children.push(second);
    const t1 = Date.now();
    for (;;) {
      const [pending] = await redis.xpending(keys.stream, keys.group) as [number];
      const stats = await queue.stats();
      if ((await count()) === TOTAL && pending === 0 && stats.depth === 0) break;
      if (Date.now() - t1 > 120_000) throw new Error(`not drained: ${await count()} posted, ${pending} pending, depth ${stats.depth}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    second.kill('SIGTERM');
    await exited(second);

    // exactly once: one transaction row per id, one set of earn entries per transaction, balances = sum of outcomes
    expect(await count()).toBe(TOTAL);
    const dupes = await db.query(`SELECT transaction_id FROM ledger_entries WHERE kind = 'earn' GROUP BY transaction_id, rule_id, asset HAVING count(*) > 1`);
    expect(dupes).toEqual([]);
    const mismatches = await db.query(`
      WITH expected AS (SELECT customer_id, sum((outcome::json->'totals'->>'points')::numeric) AS points FROM transactions GROUP BY customer_id)
      SELECT e.customer_id FROM expected e LEFT JOIN balances b ON b.customer_id = e.customer_id AND b.asset = 'points'
      WHERE b.balance IS DISTINCT FROM e.points`);
    expect(mismatches).toEqual([]);
    expect((await redis.xpending(keys.stream, keys.group) as [number])[0]).toBe(0);
    expect(pendingAtKill).toBeGreaterThanOrEqual(0);

    // the poison entry went to the dead-letter stream and shows as failed with its error
    const dead = await redis.xrange(keys.dead, '-', '+');
    expect(dead).toHaveLength(1);
    const status = await call('GET', '/v1/transactions/w-poison');
    expect(status.body.status).toBe('failed');
    expect(status.body.error).toContain('no-live-program');
    expect((await call('GET', '/v1/transactions/w-0')).body.status).toBe('posted');
  }, 240_000);
});

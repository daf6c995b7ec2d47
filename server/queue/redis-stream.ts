// The async queue on a Redis Stream: POST /v1/transactions?mode=async XADDs the validated
// transaction and records it as queued; `accrue worker` consumes it (queue/worker.ts).
import type { Redis } from 'ioredis';
import type { QueueStats } from '../metrics.ts';
import type { AsyncQueue, AsyncStatus, QueuedTransaction } from '../ports.ts';
import { streamKeys, type StreamKeys } from './keys.ts';

export async function ensureGroup(redis: Redis, keys: StreamKeys): Promise<void> {
  try {
    await redis.xgroup('CREATE', keys.stream, keys.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

export class RedisStreamQueue implements AsyncQueue {
  readonly keys: StreamKeys;
  private ready: Promise<void> | undefined;

  constructor(private readonly redis: Redis, prefix: string) {
    this.keys = streamKeys(prefix);
  }

  async enqueue(item: QueuedTransaction): Promise<void> {
    await (this.ready ??= ensureGroup(this.redis, this.keys));
    const status: AsyncStatus = { status: 'queued', enqueuedAt: item.enqueuedAt };
    await this.redis.multi()
      .hset(this.keys.status(item.tenant), item.transaction.id, JSON.stringify(status))
      .xadd(this.keys.stream, '*', 'tenant', item.tenant, 'id', item.transaction.id, 'body', JSON.stringify(item))
      .exec();
  }

  async status(tenant: string, transactionId: string): Promise<AsyncStatus | undefined> {
    const raw = await this.redis.hget(this.keys.status(tenant), transactionId);
    return raw ? JSON.parse(raw) as AsyncStatus : undefined;
  }

  async stats(): Promise<QueueStats> {
    return queueStats(this.redis, this.keys);
  }
}

/** Depth = entries not yet delivered + delivered but not acknowledged; lag = age of the oldest of them. */
export async function queueStats(redis: Redis, keys: StreamKeys): Promise<QueueStats> {
  const groups = await redis.xinfo('GROUPS', keys.stream).catch(() => []) as unknown[][];
  const info = groups.map((g) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < g.length; i += 2) o[String(g[i])] = g[i + 1];
    return o;
  }).find((g) => g.name === keys.group);
  if (!info) return { depth: await redis.xlen(keys.stream).catch(() => 0), lagSeconds: 0 };
  const pending = Number(info.pending ?? 0);
  const undelivered = Number(info.lag ?? 0);
  let oldest: number | undefined;
  if (pending > 0) {
    const summary = await redis.xpending(keys.stream, keys.group) as [number, string | null, string | null, unknown];
    if (summary[1]) oldest = Number(summary[1].split('-')[0]);
  } else if (undelivered > 0) {
    const next = await redis.xrange(keys.stream, `(${String(info['last-delivered-id'])}`, '+', 'COUNT', 1);
    if (next[0]) oldest = Number(next[0][0].split('-')[0]);
  }
  return { depth: pending + undelivered, lagSeconds: oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000) };
}

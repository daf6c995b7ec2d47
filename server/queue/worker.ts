// `accrue worker`: a consumer in the Redis Stream consumer group. At-least-once delivery (an
// entry is acknowledged only after its posting committed) made effectively-once by the
// ledger's unique transaction id. Entries left pending by a dead consumer are reclaimed with
// XAUTOCLAIM once idle; an entry delivered `maxDeliveries` times, or refused outright, goes to
// the dead-letter stream and shows as failed with its error.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.ts';
import type { AsyncStatus, LedgerPort, QueuedTransaction } from '../ports.ts';
import type { LivePrograms } from '../programs/live.ts';
import { streamKeys, type StreamKeys } from './keys.ts';
import { processQueued } from './process.ts';
import { ensureGroup } from './redis-stream.ts';

export interface WorkerOptions {
  readonly redis: Redis;
  readonly prefix: string;
  readonly consumer: string;
  readonly programs: LivePrograms;
  readonly ledger: LedgerPort;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Deliveries before an entry is dead-lettered. Default 5. */
  readonly maxDeliveries?: number;
  /** Entries read at once. Default 200. */
  readonly batch?: number;
  /** How long a pending entry must be idle before another consumer takes it. Default 30 s. */
  readonly claimIdleMs?: number;
  readonly blockMs?: number;
}

type Entry = [id: string, fields: string[]];

export class StreamWorker {
  readonly keys: StreamKeys;
  private stopping = false;
  private running: Promise<void> | undefined;
  private reader: Redis;
  processed = 0;
  deadLettered = 0;

  constructor(private readonly o: WorkerOptions) {
    this.keys = streamKeys(o.prefix);
    // Blocking reads get their own connection so they never delay other commands.
    this.reader = o.redis.duplicate();
  }

  start(): Promise<void> {
    return (this.running ??= this.loop());
  }

  /** Finishes the entries in hand, acknowledges them, and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    this.reader.disconnect();
  }

  private async loop(): Promise<void> {
    await ensureGroup(this.o.redis, this.keys);
    const claimEvery = Math.max(1000, Math.floor((this.o.claimIdleMs ?? 30_000) / 2));
    let lastClaim = 0;
    while (!this.stopping) {
      try {
        if (Date.now() - lastClaim >= claimEvery) {
          lastClaim = Date.now();
          await this.reclaim();
        }
        const res = await this.reader.xreadgroup(
          'GROUP', this.keys.group, this.o.consumer, 'COUNT', this.o.batch ?? 200, 'BLOCK', this.o.blockMs ?? 1000,
          'STREAMS', this.keys.stream, '>') as [string, Entry[]][] | null;
        const entries = res?.[0]?.[1] ?? [];
        if (entries.length > 0) await this.handle(entries, new Map());
      } catch (error) {
        if (this.stopping) break;
        this.o.logger.error({ err: error }, 'worker loop error; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Takes over entries idle too long in any consumer's pending list (a dead consumer's). */
  private async reclaim(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = await this.o.redis.xautoclaim(
        this.keys.stream, this.keys.group, this.o.consumer, this.o.claimIdleMs ?? 30_000, cursor, 'COUNT', this.o.batch ?? 200,
      ) as [string, (Entry | null)[], string[]?];
      cursor = next;
      const live = entries.filter((e): e is Entry => e !== null && Array.isArray(e[1]));
      if (live.length === 0) continue;
      const deliveries = new Map<string, number>();
      const pipeline = this.o.redis.pipeline();
      for (const [id] of live) pipeline.xpending(this.keys.stream, this.keys.group, id, id, 1);
      const counts = await pipeline.exec();
      counts?.forEach(([, value], i) => {
        const row = (value as [string, string, number, number][])[0];
        if (row) deliveries.set(live[i]![0], Number(row[3]));
      });
      this.o.logger.info({ count: live.length }, 'reclaimed pending entries');
      await this.handle(live, deliveries);
    } while (cursor !== '0-0' && !this.stopping);
  }

  private async handle(entries: Entry[], deliveries: Map<string, number>): Promise<void> {
    const max = this.o.maxDeliveries ?? 5;
    const ack: string[] = [];
    await Promise.all(entries.map(async ([id, fields]) => {
      const body = fields[fields.indexOf('body') + 1];
      let item: QueuedTransaction;
      try { item = JSON.parse(body ?? '') as QueuedTransaction; } catch {
        await this.deadLetter(id, undefined, 'malformed entry', deliveries.get(id) ?? 1);
        ack.push(id);
        return;
      }
      const result = await processQueued(this.o, item);
      if (result.ok) {
        this.processed++;
        ack.push(id);
        return;
      }
      const delivered = deliveries.get(id) ?? 1;
      if (result.permanent || delivered >= max) {
        await this.deadLetter(id, item, result.error, delivered);
        ack.push(id);
      } else {
        this.o.logger.warn({ id, transaction: item.transaction.id, error: result.error, delivered }, 'posting failed; will be redelivered');
      }
    }));
    if (ack.length === 0) return;
    // Acknowledge, then forget the queued status (the ledger now answers for the transaction).
    const pipeline = this.o.redis.pipeline().xack(this.keys.stream, this.keys.group, ...ack);
    for (const [id, fields] of entries) {
      if (!ack.includes(id)) continue;
      const tenant = fields[fields.indexOf('tenant') + 1];
      const txnId = fields[fields.indexOf('id') + 1];
      if (tenant && txnId) pipeline.eval(DELETE_IF_QUEUED, 1, this.keys.status(tenant), txnId);
    }
    await pipeline.exec();
  }

  private async deadLetter(id: string, item: QueuedTransaction | undefined, error: string, deliveries: number): Promise<void> {
    this.deadLettered++;
    this.o.logger.error({ id, transaction: item?.transaction.id, error, deliveries }, 'dead-lettered');
    const pipeline = this.o.redis.pipeline()
      .xadd(this.keys.dead, '*', 'entry', id, 'error', error, 'deliveries', String(deliveries), 'body', JSON.stringify(item ?? null));
    if (item) {
      const status: AsyncStatus = { status: 'failed', error, enqueuedAt: item.enqueuedAt };
      pipeline.hset(this.keys.status(item.tenant), item.transaction.id, JSON.stringify(status));
    }
    await pipeline.exec();
  }
}

/** Drops a transaction's status unless it says failed (a dead letter keeps its error). */
const DELETE_IF_QUEUED = `
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.find(v, '"status":"queued"', 1, true) then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

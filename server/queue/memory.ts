// The embedded async queue (no REDIS_URL): an in-process FIFO drained by an in-process
// consumer with the worker's rules (retry, then failed after `maxDeliveries`). Entries do not
// survive a restart; production uses the Redis Stream and `accrue worker`.
import type { Logger } from 'pino';
import type { Metrics, QueueStats } from '../metrics.ts';
import type { AsyncQueue, AsyncStatus, LedgerPort, QueuedTransaction } from '../ports.ts';
import type { LivePrograms } from '../programs/live.ts';
import { processQueued } from './process.ts';

export class MemoryQueue implements AsyncQueue {
  private readonly items: { item: QueuedTransaction; deliveries: number }[] = [];
  private readonly statuses = new Map<string, AsyncStatus>();
  private draining: Promise<void> | undefined;

  constructor(private readonly deps: { programs: LivePrograms; ledger: LedgerPort; metrics: Metrics; logger: Logger; maxDeliveries?: number }) {}

  async enqueue(item: QueuedTransaction): Promise<void> {
    this.statuses.set(`${item.tenant}/${item.transaction.id}`, { status: 'queued', enqueuedAt: item.enqueuedAt });
    this.items.push({ item, deliveries: 0 });
    this.draining ??= this.drain().finally(() => { this.draining = undefined; });
  }

  async status(tenant: string, id: string): Promise<AsyncStatus | undefined> {
    return this.statuses.get(`${tenant}/${id}`);
  }

  async stats(): Promise<QueueStats> {
    const oldest = this.items[0]?.item.enqueuedAt;
    return { depth: this.items.length, lagSeconds: oldest ? (Date.now() - Date.parse(oldest)) / 1000 : 0 };
  }

  /** Resolves when everything queued so far has been processed (graceful shutdown). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.items.length > 0) {
      const batch = this.items.splice(0, 100);
      await Promise.all(batch.map(async (entry) => {
        entry.deliveries++;
        const key = `${entry.item.tenant}/${entry.item.transaction.id}`;
        const result = await processQueued(this.deps, entry.item);
        if (result.ok) this.statuses.delete(key);
        else if (result.permanent || entry.deliveries >= (this.deps.maxDeliveries ?? 5)) {
          this.deps.logger.error({ transaction: entry.item.transaction.id, error: result.error }, 'async posting failed');
          this.statuses.set(key, { status: 'failed', error: result.error, enqueuedAt: entry.item.enqueuedAt });
        } else this.items.push(entry);
      }));
    }
  }
}

// Reload notices over Redis pub/sub: every instance subscribed to `<prefix>programs` hears a
// publish or rollback made on any instance (within milliseconds; the periodic resync in
// programs/live.ts covers a notice lost while an instance was disconnected).
import { Redis } from 'ioredis';
import type { ReloadBus, ReloadNotice } from '../ports.ts';

export class RedisBus implements ReloadBus {
  private readonly subscriber: Redis;
  private readonly channel: string;

  constructor(private readonly redis: Redis, prefix: string) {
    this.channel = `${prefix}programs`;
    this.subscriber = redis.duplicate();
  }

  async publish(notice: ReloadNotice): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(notice));
  }

  async subscribe(handler: (notice: ReloadNotice) => void): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try { handler(JSON.parse(message) as ReloadNotice); } catch { /* a malformed notice is ignored; resync covers it */ }
    });
    await this.subscriber.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
  }
}

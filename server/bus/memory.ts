// The in-process reload bus: one process, every subscriber hears every notice (embedded mode, tests).
import type { ReloadBus, ReloadNotice } from '../ports.ts';

export class MemoryBus implements ReloadBus {
  private readonly handlers = new Set<(notice: ReloadNotice) => void>();

  async publish(notice: ReloadNotice): Promise<void> {
    for (const handler of this.handlers) queueMicrotask(() => handler(notice));
  }

  async subscribe(handler: (notice: ReloadNotice) => void): Promise<void> {
    this.handlers.add(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}

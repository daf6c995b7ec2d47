// Group commit: concurrent postings share Postgres transactions. Postings are spread over
// lanes by customer; a lane runs one batch at a time, so each customer's postings commit in
// the order they arrived. While a batch runs the next one fills up; an idle lane waits
// `windowMs` for company before it starts, and never takes more than `maxBatch` at once.

export interface GroupCommitOptions {
  /** How long an idle lane waits to gather a batch (ms; 0 = the next turn of the event loop). */
  readonly windowMs?: number;
  readonly maxBatch?: number;
  readonly lanes?: number;
}

interface Pending<Req, Res> {
  readonly request: Req;
  readonly resolve: (value: Res) => void;
  readonly reject: (err: unknown) => void;
}

/** Answers a batch, one settled result per request, in order (a rejection fails only its request). */
export type BatchRunner<Req, Res> = (requests: readonly Req[]) => Promise<PromiseSettledResult<Res>[]>;

export class GroupCommitter<Req, Res> {
  private readonly lanes: Lane<Req, Res>[];

  constructor(run: BatchRunner<Req, Res>, private readonly laneOf: (req: Req) => string, options: GroupCommitOptions = {}) {
    const count = Math.max(1, options.lanes ?? 4);
    this.lanes = Array.from({ length: count }, () => new Lane(run, options.windowMs ?? 1, options.maxBatch ?? 256));
  }

  submit(request: Req): Promise<Res> {
    const lane = this.lanes[hash(this.laneOf(request)) % this.lanes.length]!;
    return new Promise<Res>((resolve, reject) => lane.push({ request, resolve, reject }));
  }

  /** Resolves once every submitted request has been answered. */
  async drain(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.idle()));
  }
}

class Lane<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  private running = false;
  private scheduled = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly run: BatchRunner<Req, Res>, private readonly windowMs: number, private readonly maxBatch: number) {}

  push(p: Pending<Req, Res>): void {
    this.queue.push(p);
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    if (this.windowMs <= 0) setImmediate(() => void this.loop());
    else setTimeout(() => void this.loop(), this.windowMs);
  }

  idle(): Promise<void> {
    if (!this.running && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private async loop(): Promise<void> {
    this.scheduled = false;
    this.running = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.run(batch.map((p) => p.request));
        batch.forEach((p, i) => {
          const r = results[i]!;
          if (r.status === 'fulfilled') p.resolve(r.value);
          else p.reject(r.reason);
        });
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.running = false;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** FNV-1a: a stable spread of customers over lanes. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

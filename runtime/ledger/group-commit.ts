// Group commit: concurrent postings share Postgres transactions. Requests wait in one queue; a
// batch takes the waiting requests in arrival order, skipping customers that a running batch
// holds, so each customer's postings commit in the order they arrived. Batches grow with the
// load: an idle committer waits `windowMs` for company, and while a batch runs the next fills.
//
// A batch has a fixed cost (two round trips, a commit's flush, executor start-up for each
// statement: ~600 µs of Postgres and as much of Node for a batch of one), so at a moderate load
// one batch at a time is cheapest. Another starts beside it only when the queue is long
// (`overlapAt`) or its oldest request has waited `overlapAfterMs` (a slow flush, a long batch):
// at saturation `maxInFlight` batches overlap, one evaluating while another waits for Postgres.

export interface GroupCommitOptions {
  /** How long an idle committer waits to gather a batch (ms; 0 = the next turn of the event loop). */
  readonly windowMs?: number;
  readonly maxBatch?: number;
  /** Batches running at once, at most. */
  readonly maxInFlight?: number;
  /** Waiting requests that start another batch beside running ones. */
  readonly overlapAt?: number;
  /** How long (ms) the oldest waiting request waits for running batches before another starts beside them. */
  readonly overlapAfterMs?: number;
}

interface Pending<Req, Res> {
  readonly request: Req;
  readonly key: string;
  readonly at: number;
  readonly resolve: (value: Res) => void;
  readonly reject: (err: unknown) => void;
}

/** Answers a batch, one settled result per request, in order (a rejection fails only its request). */
export type BatchRunner<Req, Res> = (requests: readonly Req[]) => Promise<PromiseSettledResult<Res>[]>;

export class GroupCommitter<Req, Res> {
  private queue: Pending<Req, Res>[] = [];
  /** Customers (keys) a running batch holds. */
  private readonly held = new Set<string>();
  private running = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: (() => void)[] = [];
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly overlapAt: number;
  private readonly overlapAfterMs: number;

  constructor(private readonly run: BatchRunner<Req, Res>, private readonly keyOf: (req: Req) => string, options: GroupCommitOptions = {}) {
    this.windowMs = options.windowMs ?? 1;
    this.maxBatch = Math.max(1, options.maxBatch ?? 256);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.overlapAt = Math.max(1, options.overlapAt ?? 32);
    this.overlapAfterMs = options.overlapAfterMs ?? 2;
  }

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, key: this.keyOf(request), at: performance.now(), resolve, reject });
      if (this.running > 0) this.pump();
      else if (this.timer === undefined) this.wake(this.windowMs); // idle: gather company first
    });
  }

  /** Resolves once every submitted request has been answered. */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Pumps after `ms`. A timer is never cancelled: one that fires early finds nothing due and sets the next. */
  private wake(ms: number): void {
    const fire = () => {
      this.timer = undefined;
      this.pump();
    };
    this.timer = ms <= 0 ? (setImmediate(fire) as unknown as ReturnType<typeof setTimeout>) : setTimeout(fire, ms);
  }

  /** Starts the batches that may start now. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < this.maxInFlight) {
      if (this.running > 0) {
        const waited = performance.now() - this.queue[0]!.at;
        if (waited < this.overlapAfterMs && this.queue.length < this.overlapAt) {
          // Few waiting, not for long: the running batch's end takes them.
          if (this.timer === undefined) this.wake(this.overlapAfterMs - waited);
          return;
        }
      }
      // None of the waiting requests is free while all their customers are held: they go when released.
      if (!this.start()) return;
    }
  }

  /** Starts a batch of the waiting requests whose customers no running batch holds; false if there were none. */
  private start(): boolean {
    const batch: Pending<Req, Res>[] = [];
    const rest: Pending<Req, Res>[] = [];
    for (const p of this.queue) {
      if (batch.length < this.maxBatch && !this.held.has(p.key)) batch.push(p);
      else rest.push(p);
    }
    if (batch.length === 0) return false;
    // A customer taken now is held for the whole batch, so its later requests wait behind it
    // (marked after the pass: several requests of one customer may share this batch, in order).
    for (const p of batch) this.held.add(p.key);
    this.queue = rest;
    this.running++;
    void this.runBatch(batch);
    return true;
  }

  private async runBatch(batch: Pending<Req, Res>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.request));
      batch.forEach((p, i) => {
        const r = results[i]!;
        if (r.status === 'fulfilled') p.resolve(r.value);
        else p.reject(r.reason);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      for (const p of batch) this.held.delete(p.key);
      this.running--;
      // Whoever waited through this batch has waited long enough: with none running, they start now.
      this.pump();
      if (this.running === 0 && this.queue.length === 0) {
        const waiters = this.waiters;
        this.waiters = [];
        for (const w of waiters) w();
      }
    }
  }
}

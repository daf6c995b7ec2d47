// Group commit: concurrent postings share Postgres transactions. Requests wait in one queue and
// a batch takes them in arrival order. A customer a running batch holds is held until it ends:
// its later requests wait aside (parked) and rejoin the front of the queue then, so each
// customer's postings commit in the order they arrived and never in two batches at once.
// Batches grow with the load: an idle committer waits `windowMs` for company, and while a batch
// runs the next fills.
//
// A batch has a fixed cost (two round trips, a commit's flush, executor start-up for each
// statement: ~600 µs of Postgres and as much of Node for a batch of one), so at a moderate load
// one batch at a time is cheapest. Another starts beside it only when the queue is long
// (`overlapAt`) or its oldest request has waited `overlapAfterMs` (a slow flush, a long batch):
// at saturation `maxInFlight` batches overlap, one evaluating while another waits for Postgres.
// While a whole batch (`maxBatch`) waits, up to `fullInFlight` may run: only saturation fills a
// batch, so a caller can let more batches overlap there without adding contention at moderate
// loads, where more running batches only slow each other once a stall has let the queue grow.

export interface GroupCommitOptions {
  /** How long an idle committer waits to gather a batch (ms; 0 = the next turn of the event loop). */
  readonly windowMs?: number;
  /** Requests in one batch, at most. */
  readonly maxBatch?: number;
  /** Batches running at once, at most, while fewer than `maxBatch` requests wait. */
  readonly maxInFlight?: number;
  /** Batches running at once, at most, while a whole batch (`maxBatch` requests) waits; default and floor `maxInFlight`. */
  readonly fullInFlight?: number;
  /** Waiting requests (of customers no batch holds) that start another batch beside running ones. */
  readonly overlapAt?: number;
  /** How long (ms) the oldest such request waits for running batches before another starts beside them. */
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
  /** Requests whose customers no running batch holds, in arrival order. */
  private queue: Pending<Req, Res>[] = [];
  /** Requests of customers a running batch holds, by customer, in arrival order. */
  private readonly parked = new Map<string, Pending<Req, Res>[]>();
  /** Customers (keys) a running batch holds. */
  private readonly held = new Set<string>();
  private running = 0;
  private wakePending = false;
  private waiters: (() => void)[] = [];
  private readonly windowMs: number;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;
  private readonly fullInFlight: number;
  private readonly overlapAt: number;
  private readonly overlapAfterMs: number;

  constructor(private readonly run: BatchRunner<Req, Res>, private readonly keyOf: (req: Req) => string, options: GroupCommitOptions = {}) {
    this.windowMs = options.windowMs ?? 1;
    this.maxBatch = Math.max(1, options.maxBatch ?? 256);
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 3);
    this.fullInFlight = Math.max(this.maxInFlight, options.fullInFlight ?? this.maxInFlight);
    this.overlapAt = Math.max(1, options.overlapAt ?? 32);
    this.overlapAfterMs = options.overlapAfterMs ?? 2;
  }

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const p: Pending<Req, Res> = { request, key: this.keyOf(request), at: performance.now(), resolve, reject };
      if (this.held.has(p.key)) {
        this.parked.get(p.key)!.push(p);
        return;
      }
      this.queue.push(p);
      if (this.running > 0) this.pump();
      else if (!this.wakePending) this.wake(this.windowMs); // idle: gather company first
    });
  }

  /** Resolves once every submitted request has been answered. */
  drain(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Pumps after `ms`. A wake-up is never cancelled: one that comes early finds nothing due and sets the next. */
  private wake(ms: number): void {
    this.wakePending = true;
    const fire = () => {
      this.wakePending = false;
      this.pump();
    };
    if (ms <= 0) setImmediate(fire);
    else setTimeout(fire, ms);
  }

  /** Starts the batches that may start now. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < (this.queue.length >= this.maxBatch ? this.fullInFlight : this.maxInFlight)) {
      if (this.running > 0) {
        const waited = performance.now() - this.queue[0]!.at;
        if (waited < this.overlapAfterMs && this.queue.length < this.overlapAt) {
          // Few waiting, not for long: the running batch's end takes them.
          if (!this.wakePending) this.wake(this.overlapAfterMs - waited);
          return;
        }
      }
      this.start();
    }
  }

  /** Starts a batch of the first waiting requests; their customers are held until it ends. */
  private start(): void {
    const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
    this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
    for (const p of batch) {
      if (this.held.has(p.key)) continue;
      this.held.add(p.key);
      this.parked.set(p.key, []);
    }
    // A customer cut off by maxBatch waits aside too, behind its requests in this batch.
    if (this.queue.length > 0 && batch.length === this.maxBatch) {
      const rest: Pending<Req, Res>[] = [];
      for (const p of this.queue) {
        if (this.held.has(p.key)) this.parked.get(p.key)!.push(p);
        else rest.push(p);
      }
      this.queue = rest;
    }
    this.running++;
    void this.runBatch(batch);
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
      this.release(batch);
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

  /** Frees a finished batch's customers; their parked requests rejoin the front of the queue, oldest first. */
  private release(batch: readonly Pending<Req, Res>[]): void {
    const back: Pending<Req, Res>[] = [];
    for (const p of batch) {
      if (!this.held.delete(p.key)) continue;
      back.push(...this.parked.get(p.key)!);
      this.parked.delete(p.key);
    }
    if (back.length === 0) return;
    back.sort((a, b) => a.at - b.at);
    this.queue = back.concat(this.queue);
  }
}

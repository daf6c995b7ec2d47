// Tracks requests in flight so shutdown can wait for them; once draining, new requests get 503.
import { ApiError } from '../problem.ts';

/** The 503 a request gets once the server is draining. */
export function refused(): ApiError {
  return new ApiError('unavailable', 'The server is shutting down.', {}, { connection: 'close', 'retry-after': '1' });
}

export class InFlight {
  private count = 0;
  private draining = false;
  private waiters: (() => void)[] = [];

  get size(): number { return this.count; }
  get isDraining(): boolean { return this.draining; }

  /** Counts a request in; throws the 503 once draining. Pair with `leave()`. */
  enter(): void {
    if (this.draining) throw refused();
    this.count++;
  }

  leave(): void {
    this.count--;
    if (this.count === 0 && this.draining) this.release();
  }

  /** Refuses new requests and resolves when the ones in flight are done (or after `timeoutMs`). */
  drain(timeoutMs = 10_000): Promise<void> {
    this.draining = true;
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  private release(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

// Expires due lots on a timer inside the engine, so a balance read never shows points whose
// expiry has passed for longer than one interval (the ledger expires lots only when asked:
// `accrue expire`, or a redemption that meets them). Expiry is idempotent and takes row
// locks, so several instances running it at once expire each lot once.
import type { Logger } from 'pino';
import type { ExpireReport } from '../runtime/ledger/index.ts';

export interface Expirer {
  expire(options: { asOf?: Date }): Promise<ExpireReport>;
}

export interface ExpirySchedule {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs `ledger.expire()` now and then every `everyMs` (0 disables it); failures are logged, never thrown. */
export function scheduleExpiry(ledger: Expirer, everyMs: number, logger: Pick<Logger, 'info' | 'error'>): ExpirySchedule {
  if (everyMs <= 0) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = (): void => {
    if (stopped || running) return;
    running = (async () => {
      try {
        const report = await ledger.expire({ asOf: new Date() });
        if (Object.keys(report.expired).length > 0) logger.info({ expired: report.expired, customers: report.customers }, 'expired due lots');
      } catch (error) {
        logger.error({ err: error }, 'scheduled expiry failed; retrying at the next interval');
      } finally {
        running = undefined;
      }
    })();
  };
  const timer = setInterval(run, everyMs);
  timer.unref();
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

// Everything the routes need, injected: the real adapters in production (server/engine.ts),
// in-memory fakes in tests (test/server/fakes.ts).
import type { Logger } from 'pino';
import type { InFlight } from './middleware/drain.ts';
import type { Metrics } from './metrics.ts';
import type { AsyncQueue, ApiKeyStore, CompileFn, LedgerPort, ReloadBus, VersionStore } from './ports.ts';
import type { LivePrograms } from './programs/live.ts';

export interface Limits {
  /** Largest request body, in bytes (413 beyond). */
  readonly bodyBytes: number;
  /** Largest body of POST /v1/transactions/batch and program uploads. */
  readonly batchBodyBytes: number;
  /** Requests per second per API key (0: unlimited), and the burst allowed. */
  readonly ratePerSecond: number;
  readonly rateBurst: number;
}

export const DEFAULT_LIMITS: Limits = { bodyBytes: 256 * 1024, batchBodyBytes: 8 * 1024 * 1024, ratePerSecond: 0, rateBurst: 0 };

export interface AppDeps {
  readonly ledger: LedgerPort;
  readonly versions: VersionStore;
  readonly keys: ApiKeyStore;
  /** Absent: `?mode=async` answers 503. */
  readonly queue: AsyncQueue | undefined;
  readonly programs: LivePrograms;
  readonly compile: CompileFn;
  readonly bus: ReloadBus;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly inflight: InFlight;
  readonly limits: Limits;
}

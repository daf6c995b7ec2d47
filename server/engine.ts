// Assembles a running engine from a Config: the ledger (Postgres or PGlite, Redis or in-process
// cache), the server's stores, the reload bus, the async queue, live programs, the Hono app on a
// Node HTTP server, and an orderly shutdown that drains requests, then the worker, then closes.
import { serve, type ServerType } from '@hono/node-server';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import pino, { type Logger } from 'pino';
import { openLedger, type Ledger } from '../runtime/ledger/index.ts';
import { createApp } from './app.ts';
import { MemoryBus } from './bus/memory.ts';
import { RedisBus } from './bus/redis.ts';
import { loadCompiler } from './compiler.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { ensureDemo } from './demo.ts';
import { LedgerAdapter } from './ledger-adapter.ts';
import { InFlight } from './middleware/drain.ts';
import { Metrics } from './metrics.ts';
import type { AsyncQueue, ReloadBus } from './ports.ts';
import { LivePrograms } from './programs/live.ts';
import { MemoryQueue } from './queue/memory.ts';
import { RedisStreamQueue } from './queue/redis-stream.ts';
import { StreamWorker } from './queue/worker.ts';
import { scheduleExpiry } from './expiry-schedule.ts';
import { migrateServer } from './store/migrate.ts';
import { SqlKeyStore, SqlVersionStore } from './store/sql.ts';

export interface Core {
  readonly config: Config;
  readonly logger: Logger;
  readonly deps: AppDeps;
  readonly adapter: LedgerAdapter;
  readonly redis: Redis | undefined;
  readonly backend: 'compiled' | 'interpreter';
  /** The ledger itself, for jobs that are not requests (scheduled expiry). */
  readonly ledger: Ledger;
  close(): Promise<void>;
}

/**
 * `ACCRUE_DB_SCHEMA` names the schema every table lives in; on Postgres it is created when it
 * does not exist yet (the ledger only sets the search path, and its migrations would fail with
 * "no schema has been selected to create in"). PGlite creates its own.
 */
export async function ensureSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replaceAll('"', '""')}"`);
  } catch (error) {
    // Another process created it first (a unique violation on the catalogue): it exists.
    if ((error as { code?: string }).code !== '23505' && (error as { code?: string }).code !== '42P06') throw error;
  } finally {
    await client.end();
  }
}

/** Everything but the HTTP listener: shared by `accrue serve`, `accrue start` and `accrue worker`. */
export async function openCore(config: Config, options: { logger?: Logger } = {}): Promise<Core> {
  const logger = options.logger ?? pino({ level: config.LOG_LEVEL, base: { pid: process.pid } });
  if (config.DATABASE_URL && config.ACCRUE_DB_SCHEMA) await ensureSchema(config.DATABASE_URL, config.ACCRUE_DB_SCHEMA);
  const ledger = await openLedger({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.ACCRUE_DATA_DIR }),
    ...(config.ACCRUE_DB_SCHEMA ? { schema: config.ACCRUE_DB_SCHEMA } : {}),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL, redisPrefix: config.ACCRUE_REDIS_PREFIX } : {}),
    poolSize: config.ACCRUE_DB_POOL,
  });
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 3, enableAutoPipelining: true }) : undefined;
  let bus: ReloadBus | undefined;
  // A step that fails leaves nothing open: the caller exits with its error, not a process kept
  // alive by a pool or a Redis client.
  const orClose = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (err) {
      await bus?.close().catch(() => {});
      redis?.disconnect();
      await ledger.close().catch(() => {});
      throw err;
    }
  };
  await orClose(() => migrateServer(ledger.db));
  const adapter = new LedgerAdapter(ledger, redis ? async () => (await redis.ping()) === 'PONG' : undefined);
  const { compile, backend } = await orClose(() => loadCompiler());
  const versions = new SqlVersionStore(ledger.db);
  const keys = new SqlKeyStore(ledger.db);
  const reload: ReloadBus = redis ? new RedisBus(redis, config.ACCRUE_REDIS_PREFIX) : new MemoryBus();
  bus = reload;
  let queue: AsyncQueue | undefined;
  const metrics = new Metrics({ defaults: true, queueStats: async () => queue?.stats(), cacheStats: () => adapter.cacheStats() });
  const programs = new LivePrograms({ versions, compile, bus: reload, logger, metrics, resyncMs: config.ACCRUE_RESYNC_MS });
  queue = redis ? new RedisStreamQueue(redis, config.ACCRUE_REDIS_PREFIX) : new MemoryQueue({ programs, ledger: adapter, metrics, logger, maxDeliveries: config.ACCRUE_MAX_DELIVERIES });
  await orClose(() => programs.start().catch((err: unknown) => {
    programs.stop();
    throw err;
  }));
  logger.info({ backend, database: config.DATABASE_URL ? 'postgres' : 'pglite', cache: redis ? 'redis' : 'memory' }, 'engine core ready');
  const deps: AppDeps = {
    ledger: adapter, versions, keys, queue, programs, compile, bus: reload, metrics, logger, inflight: new InFlight(),
    limits: {
      bodyBytes: config.ACCRUE_BODY_LIMIT, batchBodyBytes: config.ACCRUE_BATCH_BODY_LIMIT,
      ratePerSecond: config.ACCRUE_RATE_LIMIT, rateBurst: config.ACCRUE_RATE_BURST || config.ACCRUE_RATE_LIMIT * 2,
    },
  };
  return {
    config, logger, deps, adapter, redis, backend, ledger,
    async close() {
      programs.stop();
      if (queue instanceof MemoryQueue) await queue.idle();
      await reload.close();
      await ledger.close();
      redis?.disconnect();
    },
  };
}

export interface Engine {
  readonly url: string;
  readonly port: number;
  readonly core: Core;
  readonly app: ReturnType<typeof createApp>;
  readonly demo: { readonly key: string; readonly tenant: string; readonly program: string } | undefined;
  readonly worker: StreamWorker | undefined;
  close(): Promise<void>;
}

/** Opens the core, optionally seeds the demo, starts an in-process worker if asked, and listens. */
export async function startEngine(config: Config, options: { logger?: Logger } = {}): Promise<Engine> {
  const core = await openCore(config, options);
  let demo: Engine['demo'];
  try {
    demo = config.ACCRUE_DEMO ? await ensureDemo(core.deps, config) : undefined;
  } catch (err) {
    await core.close().catch(() => {});
    throw err;
  }
  const worker = config.ACCRUE_WORKER && core.redis ? startWorker(core, config) : undefined;
  const expiry = scheduleExpiry(core.ledger, config.ACCRUE_EXPIRE_EVERY_MS, core.logger);
  const app = createApp(core.deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = `http://${shown}:${port}`;
  core.logger.info({ url }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    url, port, core, app, demo, worker,
    close: () => (closing ??= (async () => {
      core.logger.info('shutting down: draining requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await core.deps.inflight.drain(config.ACCRUE_SHUTDOWN_TIMEOUT_MS);
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
      await worker?.stop();
      await expiry.stop();
      await core.close();
      core.logger.info('stopped');
    })()),
  };
}

export function startWorker(core: Core, config: Config): StreamWorker {
  if (!core.redis) throw new Error('the worker needs REDIS_URL');
  const worker = new StreamWorker({
    redis: core.redis, prefix: config.ACCRUE_REDIS_PREFIX,
    consumer: config.ACCRUE_WORKER_CONSUMER ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    programs: core.deps.programs, ledger: core.adapter, metrics: core.deps.metrics, logger: core.logger,
    maxDeliveries: config.ACCRUE_MAX_DELIVERIES, claimIdleMs: config.ACCRUE_CLAIM_IDLE_MS,
  });
  void worker.start();
  return worker;
}

// Shared set-up of the ledger benchmarks: a scratch Postgres schema and Redis prefix (dropped
// afterwards), the compiled card program and its transaction mix spread over customers.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Redis } from 'ioredis';
import { compile } from '../../compiler/compile.ts';
import { openLedger, type Ledger } from '../../runtime/ledger/index.ts';
import type { PostRequest } from '../../runtime/ledger/post.ts';
import type { GroupCommitOptions } from '../../runtime/ledger/group-commit.ts';
import type { Evaluator } from '../../runtime/program.ts';
import { cardSamples, cardSource } from '../workloads/card.ts';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchLedger {
  readonly ledger: Ledger;
  readonly program: Evaluator;
  /** The i-th posting of the mix: card transaction i % 1000 under a fresh id, for customer `customerOf(i)`. */
  request(i: number, runTag: string): PostRequest;
  /** Spreads postings over the customers independently of the transaction mix. */
  customerOf(i: number): string;
  /** Starts counting CPU time: this process, the ledger's Postgres backends, background Postgres processes and Redis. */
  cpu(): Promise<CpuMeter>;
  /** A Postgres CHECKPOINT, so that runs compared in pairs start alike. */
  checkpoint(): Promise<void>;
  dispose(): Promise<void>;
}

/** Group-commit options to compare, from IN_FLIGHT, FULL_IN_FLIGHT, WINDOW_MS, MAX_BATCH, OVERLAP_AT, OVERLAP_MS (unset: the ledger's). */
export function groupCommitFromEnv(): GroupCommitOptions {
  const names = { IN_FLIGHT: 'maxInFlight', FULL_IN_FLIGHT: 'fullInFlight', WINDOW_MS: 'windowMs', MAX_BATCH: 'maxBatch', OVERLAP_AT: 'overlapAt', OVERLAP_MS: 'overlapAfterMs' } as const;
  return Object.fromEntries(Object.entries(names).filter(([env]) => process.env[env]).map(([env, option]) => [option, Number(process.env[env])]));
}

export async function benchLedger(customers = 20_000, groupCommit: GroupCommitOptions = {}): Promise<BenchLedger | undefined> {
  const schema = `bench_ledger_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch (err) {
    console.error(`ledger benches skipped: no Postgres at ${DATABASE_URL} (${(err as Error).message})`);
    return undefined;
  }
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const prefix = `${schema}:`;
  const { program, diagnostics } = compile(cardSource(), { version: 'bench' });
  if (!program) throw new Error(`card program does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema, redisUrl: REDIS_URL, redisPrefix: prefix, poolSize: 8, groupCommit, applicationName: schema });
  const samples = cardSamples(1000);
  const customerOf = (i: number) => `cust-${(Math.imul(i + 1, 2654435761) >>> 0) % customers}`;
  // Read once: process.env is a slow getter, and request() runs in the measured loop.
  const options = { explain: process.env.BENCH_EXPLAIN === '1' };
  return {
    ledger,
    program,
    customerOf,
    cpu: () => startCpu(admin, schema),
    checkpoint: async () => void (await admin.query('CHECKPOINT')),
    request(i, runTag) {
      const s = samples[i % samples.length]!;
      return { tenant: 'bench', customerId: customerOf(i), txn: { ...s.txn, id: `${runTag}-${i}` }, customer: s.customer, evaluator: program, options };
    },
    async dispose() {
      await ledger.close();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.unlink(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}

// performance.now's clock, so start times line up with GC entries and other perf_hooks timings (tail.ts).
const nowUs = () => performance.now() * 1000;

export interface LoadResult {
  readonly ops: number;
  readonly seconds: number;
  readonly latenciesUs: number[];
}

/** Closed loop: `concurrency` callers, each starting its next operation when the last one ends. */
export async function closedLoop(op: (i: number) => Promise<unknown>, seconds: number, concurrency: number): Promise<LoadResult> {
  let i = 0;
  const latenciesUs: number[] = [];
  const start = nowUs();
  const end = start + seconds * 1e6;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (nowUs() < end) {
      const t = nowUs();
      await op(i++);
      latenciesUs.push(nowUs() - t);
    }
  }));
  return { ops: latenciesUs.length, seconds: (nowUs() - start) / 1e6, latenciesUs };
}

/**
 * Open loop: operations started at a fixed rate whatever their latency (fixed offered load).
 * `startsUs`: when each measured operation started (performance.now, µs), in the order of latenciesUs.
 */
export async function openLoop(op: (i: number) => Promise<unknown>, seconds: number, perSecond: number): Promise<LoadResult & { readonly startsUs: number[] }> {
  const latenciesUs: number[] = [];
  const startsUs: number[] = [];
  const pending: Promise<unknown>[] = [];
  const start = nowUs();
  let i = 0;
  while (nowUs() - start < seconds * 1e6) {
    const due = Math.floor(((nowUs() - start) / 1e6) * perSecond);
    while (i < due) {
      const t = nowUs();
      pending.push(op(i++).then(() => {
        latenciesUs.push(nowUs() - t);
        startsUs.push(t);
      }));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  return { ops: latenciesUs.length, seconds: (nowUs() - start) / 1e6, latenciesUs, startsUs };
}

export function summarize(name: string, r: LoadResult, note?: string) {
  const sorted = [...r.latenciesUs].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0);
  return { name, opsPerSec: Math.round(r.ops / r.seconds), p50us: at(0.5), p99us: at(0.99), ...(note ? { note } : {}) };
}

/** CPU seconds used so far by each side of a posting. */
interface CpuSample { node: number; pg: number; pgBackground: number; redis: number }

export interface CpuMeter {
  /** CPU µs per operation since the start, per side. */
  stop(ops: number): Promise<{ node: number; pg: number; pgBackground: number; redis: number }>;
}

const TICK = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

function procCpu(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime
  } catch {
    return 0;
  }
}

async function sampleCpu(admin: pg.Client, appName: string): Promise<CpuSample> {
  const { rows } = await admin.query<{ pid: number; app: boolean }>(
    `SELECT pid, application_name = $1 AS app FROM pg_stat_activity
     WHERE application_name = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`, [appName]);
  let pgCpu = 0;
  let bg = 0;
  for (const r of rows) {
    if (r.app) pgCpu += procCpu(r.pid);
    else bg += procCpu(r.pid);
  }
  let redisCpu = 0;
  try {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
    const info = await redis.info('cpu');
    redis.disconnect();
    const user = /used_cpu_user:([\d.]+)/.exec(info)?.[1];
    const sys = /used_cpu_sys:([\d.]+)/.exec(info)?.[1];
    redisCpu = Number(user ?? 0) + Number(sys ?? 0);
  } catch {
    // no Redis figure
  }
  const u = process.cpuUsage();
  return { node: (u.user + u.system) / 1e6, pg: pgCpu, pgBackground: bg, redis: redisCpu };
}

async function startCpu(admin: pg.Client, appName: string): Promise<CpuMeter> {
  const before = await sampleCpu(admin, appName);
  return {
    async stop(ops: number) {
      const after = await sampleCpu(admin, appName);
      const per = (k: keyof CpuSample) => Math.round(((after[k] - before[k]) * 1e6) / Math.max(1, ops));
      return { node: per('node'), pg: per('pg'), pgBackground: per('pgBackground'), redis: per('redis') };
    },
  };
}

/** `CPU µs/posting: node 120, pg 140 (+ 10 background), redis 30` */
export function cpuNote(c: { node: number; pg: number; pgBackground: number; redis: number }): string {
  return `CPU µs/op: node ${c.node}, pg ${c.pg} (+${c.pgBackground} wal/bg), redis ${c.redis}`;
}

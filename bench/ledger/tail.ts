// What a posting's latency is made of at a fixed offered load (issue 4's p99 at 2,000/s):
//   [IN_FLIGHT=n] [FULL_IN_FLIGHT=n] [WINDOW_MS=n] [MAX_BATCH=n] [OVERLAP_AT=n] [OVERLAP_MS=n] [SPLIT_COMMIT=1] [PRELOAD_S=n] \
//   node --max-semi-space-size=128 --import tsx bench/ledger/tail.ts [seconds] [per second]
// Times every batch (pool wait, BEGIN round trip, evaluation, COMMIT round trip; with
// SPLIT_COMMIT=1 the write and the COMMIT as two round trips, to see the fsync alone), the
// event loop's stalls (> 5 ms) and GC pauses, how long this process and the ledger's backends
// waited for a CPU (/proc schedstat), WAL per posting, and what the slowest 1% overlapped.
// A diagnosis tool: it wraps the ledger's internals and is not part of `npm run bench`.
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import type { ScriptTx } from '../../runtime/ledger/db.ts';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import { DATABASE_URL, benchLedger, groupCommitFromEnv, closedLoop, cpuNote, openLoop, summarize } from './setup.ts';

const seconds = Number(process.argv[2] ?? 8);
const rate = Number(process.argv[3] ?? 2000);
const b = await benchLedger(20_000, groupCommitFromEnv());
if (!b) process.exit(1);
const now = () => performance.now();

interface BatchTiming { start: number; pool: number; begin: number; evalMs: number; write: number; commit: number; end: number }
const split = process.env.SPLIT_COMMIT === '1';
const batches: BatchTiming[] = [];
const db = b.ledger.db as { scripted: <T>(fn: (tx: ScriptTx) => Promise<T>) => Promise<T> };
const scripted = db.scripted.bind(db);
db.scripted = <T>(fn: (tx: ScriptTx) => Promise<T>) => {
  const t: BatchTiming = { start: now(), pool: 0, begin: 0, evalMs: 0, write: 0, commit: 0, end: 0 };
  return scripted(async (tx) => {
    t.pool = now() - t.start;
    let mark = now();
    const wrapped: ScriptTx = {
      query: tx.query.bind(tx),
      begin: async (statement) => {
        const s = now();
        const rows = await tx.begin(statement);
        t.begin = now() - s;
        mark = now();
        return rows as never;
      },
      commit: async (statements) => {
        t.evalMs = now() - mark;
        const s = now();
        if (split) {
          // (diagnosis only: the write and the COMMIT in two round trips, to time each)
          for (const st of statements) await tx.query(st.text, st.values, st.name);
          t.write = now() - s;
          const c = now();
          await tx.commit([]);
          t.commit = now() - c;
        } else {
          await tx.commit(statements);
          t.commit = now() - s;
        }
      },
    };
    try {
      return await fn(wrapped);
    } finally {
      t.end = now();
      batches.push(t);
    }
  });
};
// Batch sizes: what the committer hands the ledger's (private) batch runner.
const ledgerAny = b.ledger as unknown as { runBatch: (batch: readonly unknown[]) => Promise<unknown> };
const runBatch = ledgerAny.runBatch.bind(b.ledger);
const sizes: { at: number; size: number }[] = [];
ledgerAny.runBatch = (batch) => {
  sizes.push({ at: now(), size: batch.length });
  return runBatch(batch);
};

const post = async (tag: string, i: number) => {
  const r = await b.ledger.post(b.request(i, tag));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
};
await closedLoop((i) => post('warm', i), 1, 512);
// PRELOAD_S=n: n seconds at saturation first, as `npm run bench` runs its sustained phase before
// the fixed load (the checkpoint and vacuum that load leaves behind land in the fixed one).
if (process.env.PRELOAD_S) await closedLoop((i) => post('preload', i), Number(process.env.PRELOAD_S), 1024);
await b.ledger.settled();
await new Promise((r) => setTimeout(r, 500));

const gcs: { start: number; ms: number; kind: number }[] = [];
const obs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, kind: (e as unknown as { detail?: { kind: number } }).detail?.kind ?? 0 });
});
obs.observe({ entryTypes: ['gc'] });
const stalls: { at: number; ms: number }[] = [];
let last = now();
const ticker = setInterval(() => {
  const t = now();
  if (t - last > 5) stalls.push({ at: last, ms: t - last - 1 });
  last = t;
}, 1);
const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();
batches.length = 0;
sizes.length = 0;

const runDelay = async () => {
  // ns spent runnable but waiting for a CPU: this process's threads, the ledger's backends, Redis
  const read = (path: string) => { try { return Number(readFileSync(path, 'utf8').split(' ')[1]); } catch { return 0; } };
  let node = 0;
  for (const t of readdirSync('/proc/self/task')) node += read(`/proc/self/task/${t}/schedstat`);
  const pids = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name LIKE $1', ['bench_ledger_%']);
  let pgd = 0;
  for (const r of pids.rows) pgd += read(`/proc/${r.pid}/schedstat`);
  return { node, pg: pgd };
};
const admin = new pg.Client({ connectionString: DATABASE_URL });
await admin.connect();
const wal = async () => (await admin.query<{ r: string; f: string; b: string; w: string; s: string }>('SELECT wal_records::text AS r, wal_fpi::text AS f, wal_bytes::text AS b, wal_write::text AS w, wal_sync::text AS s FROM pg_stat_wal')).rows[0]!;
const wal0 = await wal();
const rd0 = await runDelay();
const meter = await b.cpu();
const t0 = now();
const run = await openLoop((i) => post('run', i), seconds, rate);
const ops = run.latenciesUs.map((us, k) => ({ start: run.startsUs[k]! / 1000, ms: us / 1000 }));
const elapsed = run.seconds;
clearInterval(ticker);
eld.disable();
obs.disconnect();
await b.ledger.settled();
const cpu = await meter.stop(ops.length);
const rd1 = await runDelay();
const wal1 = await wal();
const d = (k: 'r' | 'f' | 'b' | 'w' | 's') => (Number(wal1[k]) - Number(wal0[k])) / ops.length;
console.log(`WAL per posting (whole server): ${d('r').toFixed(1)} records, ${d('f').toFixed(2)} full pages, ${d('b').toFixed(0)} bytes; ${((Number(wal1.s) - Number(wal0.s)) / elapsed).toFixed(0)} syncs/s`);
await admin.end();
console.log(`waiting for a CPU (run queue), ms per second of run: node ${((rd1.node - rd0.node) / 1e6 / elapsed).toFixed(0)}, pg backends ${((rd1.pg - rd0.pg) / 1e6 / elapsed).toFixed(0)}; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
const s = summarize('post', run);
console.log(`${s.opsPerSec}/s p50 ${(s.p50us / 1000).toFixed(1)} ms p99 ${(s.p99us / 1000).toFixed(1)} ms; ${cpuNote(cpu)}`);

const pct = (xs: number[], p: number) => { const a = [...xs].sort((x, y) => x - y); return a.length ? a[Math.min(a.length - 1, Math.floor(p * a.length))]! : 0; };
const f = (x: number) => x.toFixed(1);
const stat = (name: string, xs: number[]) => console.log(`${name.padEnd(10)} p50 ${f(pct(xs, 0.5))} p90 ${f(pct(xs, 0.9))} p99 ${f(pct(xs, 0.99))} max ${f(Math.max(0, ...xs))}`);
console.log(`batches ${batches.length}, postings/batch p50 ${pct(sizes.map((x) => x.size), 0.5)} p99 ${pct(sizes.map((x) => x.size), 0.99)} max ${Math.max(...sizes.map((x) => x.size))}`);
stat('pool ms', batches.map((x) => x.pool));
stat('begin ms', batches.map((x) => x.begin));
stat('eval ms', batches.map((x) => x.evalMs));
if (split) stat('write ms', batches.map((x) => x.write));
stat('commit ms', batches.map((x) => x.commit));
stat('batch ms', batches.map((x) => x.end - x.start));
console.log(`event loop delay p50 ${f(eld.percentile(50) / 1e6)} p99 ${f(eld.percentile(99) / 1e6)} max ${f(eld.max / 1e6)} ms; stalls > 5 ms: ${stalls.length}, total ${f(stalls.reduce((a, x) => a + x.ms, 0))} ms`);
const gcByKind = new Map<number, number[]>();
for (const g of gcs) gcByKind.set(g.kind, [...(gcByKind.get(g.kind) ?? []), g.ms]);
for (const [k, xs] of gcByKind) console.log(`gc kind ${k}: ${xs.length}, total ${f(xs.reduce((a, x) => a + x, 0))} ms, max ${f(Math.max(...xs))} ms`);
// The slowest 1%: what was running while they waited?
const p99 = pct(ops.map((o) => o.ms), 0.99);
const slow = ops.filter((o) => o.ms >= p99);
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
let inStall = 0, inGc = 0, total = 0;
for (const o of slow) {
  const e = o.start + o.ms;
  total += o.ms;
  for (const st of stalls) inStall += overlap(o.start, e, st.at, st.at + st.ms);
  for (const g of gcs) inGc += overlap(o.start, e, g.start, g.start + g.ms);
}
console.log(`slowest 1% (${slow.length}, >= ${f(p99)} ms): of their time, ${f((100 * inStall) / total)}% overlapped event-loop stalls > 5 ms, ${f((100 * inGc) / total)}% GC`);
// Timeline of the slowest: the 10 longest batches
const longest = [...batches].sort((a, b) => (b.end - b.start) - (a.end - a.start)).slice(0, 10);
for (const x of longest) console.log(`  batch at ${f(x.start - t0)} ms: pool ${f(x.pool)} begin ${f(x.begin)} eval ${f(x.evalMs)} commit ${f(x.commit)} total ${f(x.end - x.start)}`);
const bigStalls = [...stalls].sort((a, b) => b.ms - a.ms).slice(0, 10);
for (const x of bigStalls) console.log(`  stall at ${f(x.at - t0)} ms: ${f(x.ms)} ms`);
// latency over time (per 500 ms)
const buckets = new Map<number, number[]>();
for (const o of ops) { const k = Math.floor((o.start - t0) / 500); buckets.set(k, [...(buckets.get(k) ?? []), o.ms]); }
console.log('p99 per 500 ms: ' + [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, xs]) => f(pct(xs, 0.99))).join(' '));
await b.dispose();

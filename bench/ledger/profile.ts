// A posting run to profile, outside the harness:
//   [BENCH_EXPLAIN=1] node --max-semi-space-size=128 --import tsx [--cpu-prof --cpu-prof-dir=/tmp/prof] bench/ledger/profile.ts [seconds] [in flight] [per second]
// BENCH_EXPLAIN=1 posts explained outcomes (what POST /v1/transactions stores by default).
// CHECKPOINT=1 checkpoints before measuring, so that runs compared in pairs start alike: a
// checkpoint that falls inside a short run or not moved it by ±10% (docs/ledger.md, round 10).
// Sustained (closed loop) by default; with a rate, a fixed offered load. Prints throughput,
// latency and CPU µs per posting (this process, the ledger's Postgres backends, Redis).
import { benchLedger, groupCommitFromEnv, closedLoop, cpuNote, openLoop, summarize } from './setup.ts';

const seconds = Number(process.argv[2] ?? 8);
const inFlight = Number(process.argv[3] ?? 1024);
const rate = process.argv[4] ? Number(process.argv[4]) : undefined;

const b = await benchLedger(20_000, groupCommitFromEnv());
if (!b) process.exit(1);
const post = async (tag: string, i: number) => {
  const r = await b.ledger.post(b.request(i, tag));
  if (!r.ok) throw new Error(JSON.stringify(r.error));
};
await closedLoop((i) => post('warm', i), 1, 512);
if (process.env.CHECKPOINT === '1') await b.checkpoint();
const meter = await b.cpu();
const run = rate ? await openLoop((i) => post('run', i), seconds, rate) : await closedLoop((i) => post('run', i), seconds, inFlight);
await b.ledger.settled();
const cpu = await meter.stop(run.ops);
const s = summarize('post', run);
console.log(`${s.opsPerSec}/s p50 ${(s.p50us / 1000).toFixed(1)} ms p99 ${(s.p99us / 1000).toFixed(1)} ms; ${cpuNote(cpu)}`);
await b.dispose();

// Timing helpers. Single calls are far below the timer's resolution, so throughput
// benchmarks time batches of calls and derive per-call percentiles from the batch means.
import type { Result } from './registry.ts';

const now = (): number => Number(process.hrtime.bigint()) / 1000; // µs

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Runs `op(i)` in batches of `batch` calls for about `seconds` (after a warm-up of the same
 * length / 4) and reports calls per second and per-call p50/p99 (µs) over the batches.
 */
export function throughput(name: string, op: (i: number) => unknown, opts: { seconds: number; batch: number }): Result {
  let sink = 0;
  let i = 0;
  const warmEnd = now() + (opts.seconds * 1e6) / 4;
  while (now() < warmEnd) for (let k = 0; k < opts.batch; k++) sink ^= op(i++) ? 1 : 0;
  const perCall: number[] = [];
  let calls = 0;
  const start = now();
  const end = start + opts.seconds * 1e6;
  let t = start;
  while (t < end) {
    for (let k = 0; k < opts.batch; k++) sink ^= op(i++) ? 1 : 0;
    const t2 = now();
    perCall.push((t2 - t) / opts.batch);
    calls += opts.batch;
    t = t2;
  }
  if (sink === 2) console.log(''); // keeps the results observable to the optimizer
  return summary(name, perCall, calls, t - start);
}

/** The same for an async operation (awaited one at a time, batches as above). */
export async function throughputAsync(name: string, op: (i: number) => Promise<unknown>, opts: { seconds: number; batch: number }): Promise<Result> {
  let i = 0;
  const warmEnd = now() + (opts.seconds * 1e6) / 4;
  while (now() < warmEnd) for (let k = 0; k < opts.batch; k++) await op(i++);
  const perCall: number[] = [];
  let calls = 0;
  const start = now();
  const end = start + opts.seconds * 1e6;
  let t = start;
  while (t < end) {
    for (let k = 0; k < opts.batch; k++) await op(i++);
    const t2 = now();
    perCall.push((t2 - t) / opts.batch);
    calls += opts.batch;
    t = t2;
  }
  return summary(name, perCall, calls, t - start);
}

/** Calls per second over `micros`, and the p50/p99 of the per-call batch means (sorts `perCall`). */
function summary(name: string, perCall: number[], calls: number, micros: number): Result {
  perCall.sort((a, b) => a - b);
  return { name, opsPerSec: Math.round((calls / micros) * 1e6), p50us: round(percentile(perCall, 0.5)), p99us: round(percentile(perCall, 0.99)) };
}

/** Median wall time of `runs` calls of `op`, in ms. */
export function wallMs(name: string, op: () => unknown, runs: number): Result {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = now();
    op();
    times.push((now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  return { name, ms: round(percentile(times, 0.5)) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

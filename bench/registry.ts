// The benchmark registry: every area (evaluate, check/compile, and later post, redeem,
// http, replay) is one module exporting `benches`; bench/run.ts runs them all in order.
// To add an area: write bench/<area>.ts exporting `benches: Bench[]` and list it in AREAS.

/** One measured figure: throughput (calls/s with per-call percentiles) or a duration. */
export type Result =
  | { readonly name: string; readonly opsPerSec: number; readonly p50us: number; readonly p99us: number; readonly note?: string }
  | { readonly name: string; readonly ms: number; readonly note?: string };

export interface RunOptions {
  /** The shortened run (`npm run bench -- --quick`): everything within 3 minutes. */
  readonly quick: boolean;
}

export interface Bench {
  /** `area/workload/variant`, or a prefix when the bench reports several results. */
  readonly name: string;
  run(opts: RunOptions): Promise<Result[]> | Result[];
}

/** Modules that export `benches`, in run order (paths relative to bench/). */
export const AREAS: readonly string[] = ['./evaluate.ts', './compile.ts', './ledger/index.ts', './http.ts'];

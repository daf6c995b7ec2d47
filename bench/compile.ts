// check/* and compile/*: wall time of the front end (parse + check: lex, parse, build the AST,
// type-check — checkSource, what `accrue check` runs), and of check + optimize + emit + load,
// for the generated 2,000-rule program: the median of several runs after a warm-up run, and
// for check also the first call in a fresh process (bench/check-first-call.ts).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../compiler/compile.ts';
import { checkSource } from '../compiler/front.ts';
import { wallMs } from './measure.ts';
import type { Bench } from './registry.ts';
import { generatedSource } from './workloads/generated.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Median of `runs` fresh processes' first parse + check of the generated program (after a small warm-up). */
function firstCallMs(runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'bench/check-first-call.ts', '2000'], { cwd: ROOT, encoding: 'utf8' });
    out.push((JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number }).ms);
  }
  return out.sort((a, b) => a - b);
}

export const benches: Bench[] = [
  {
    name: 'check/generated-2000',
    run(o) {
      const src = generatedSource(2000);
      checkSource(src);
      const runs = o.quick ? 3 : 7;
      const warm = wallMs('check/generated-2000', () => checkSource(src), runs);
      const first = firstCallMs(o.quick ? 3 : 5);
      const median = first[first.length >> 1]!;
      return [
        { ...warm, note: `parse + check (checkSource: lex, parse, AST, type-check) of ${src.length.toLocaleString('en-US')} characters; median of ${runs} calls after a warm-up call on the same program (target < 300 ms)` },
        {
          name: 'check/generated-2000/first-call',
          ms: Math.round(median * 1000) / 1000,
          note: `parse + check, first call in a fresh process after checking the card example; median of ${first.length} processes (${first.map((x) => x.toFixed(0)).join(', ')} ms)`,
        },
      ];
    },
  },
  {
    name: 'compile/generated-2000',
    run(o) {
      const src = generatedSource(2000);
      compile(src);
      return [wallMs('compile/generated-2000', () => compile(src), o.quick ? 3 : 7)];
    },
  },
];

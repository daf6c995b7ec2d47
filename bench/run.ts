// `npm run bench [-- --quick] [-- --only <prefix>]`: runs every registered benchmark and
// writes bench/results/latest.json and the table in BENCHMARKS.md (DESIGN.md "Benchmarks").
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AREAS, type Bench, type Result } from './registry.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model.trim() ?? 'unknown', node: process.version };
const results: Result[] = [];
const started = Date.now();
for (const area of AREAS) {
  const mod = (await import(area)) as { benches: Bench[] };
  for (const b of mod.benches) {
    if (only && !b.name.startsWith(only)) continue;
    const t = Date.now();
    const rs = await b.run({ quick });
    for (const r of rs) {
      results.push(r);
      console.log(line(r));
    }
    console.error(`  (${b.name}: ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

function line(r: Result): string {
  return 'ms' in r
    ? `${r.name.padEnd(42)} ${r.ms.toFixed(1).padStart(12)} ms${r.note ? `   ${r.note}` : ''}`
    : `${r.name.padEnd(42)} ${r.opsPerSec.toLocaleString('en-US').padStart(12)} /s  p50 ${r.p50us.toFixed(2)} µs  p99 ${r.p99us.toFixed(2)} µs${r.note ? `   ${r.note}` : ''}`;
}

mkdirSync(join(HERE, 'results'), { recursive: true });
const latest = join(HERE, 'results', 'latest.json');
if (only && existsSync(latest)) {
  // A partial run (--only) replaces its own figures and keeps the others.
  const previous = (JSON.parse(readFileSync(latest, 'utf8')) as { results: Result[] }).results;
  const fresh = new Set(results.map((r) => r.name));
  results.unshift(...previous.filter((r) => !fresh.has(r.name) && !r.name.startsWith(only)));
}
writeFileSync(latest, `${JSON.stringify({ machine, results }, null, 2)}\n`);

const rows = results.map((r) => 'ms' in r
  ? `| ${r.name} | | | | ${r.ms.toFixed(1)} | ${r.note ?? ''} |`
  : `| ${r.name} | ${r.opsPerSec.toLocaleString('en-US')} | ${r.p50us.toFixed(2)} | ${r.p99us.toFixed(2)} | | ${r.note ?? ''} |`);
const md = `# Benchmarks

Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}; raw figures in
\`bench/results/latest.json\`. One process, one core for the evaluator; per-call percentiles
come from timing batches of calls (a single call is below the timer's resolution).

Machine: ${machine.cpus} cores, ${machine.cpuModel}, Node ${machine.node}.

| benchmark | ops/s | p50 µs | p99 µs | ms | note |
|---|---:|---:|---:|---:|---|
${rows.join('\n')}

Workloads: \`card\` is rules-examples/credit-card (20 rules) over a mix of 1,000 transactions;
\`generated-N\` are N-rule card-linked-offer programs (bench/workloads/generated.ts);
\`json-rules-engine\` runs a hand-written json-rules-engine version of the card rules
(bench/workloads/card-jre.ts) on the same transactions.
`;
writeFileSync(join(HERE, '..', 'BENCHMARKS.md'), md);
console.error(`bench: ${results.length} results in ${((Date.now() - started) / 1000).toFixed(0)} s → bench/results/latest.json, BENCHMARKS.md`);

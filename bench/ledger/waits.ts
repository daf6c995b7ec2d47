// What the ledger's Postgres backends wait on, sampled from pg_stat_activity every ~5 ms while
// another process runs a load (docs/ledger.md, round 10):
//   node --import tsx bench/ledger/tail.ts 40 2000 &  sleep 5; node --import tsx bench/ledger/waits.ts 35
// Prints how many samples found a backend in each state or wait event, and the longest waits
// seen on one backend in a row. A diagnosis tool, not part of `npm run bench`.
import pg from 'pg';
import { DATABASE_URL } from './setup.ts';

const seconds = Number(process.argv[2] ?? 30);
const client = new pg.Client({ connectionString: DATABASE_URL });
await client.connect();
const counts = new Map<string, number>();
const current = new Map<number, { what: string; start: number; last: number }>();
const waits: { what: string; ms: number }[] = [];
const end = Date.now() + seconds * 1000;
while (Date.now() < end) {
  const now = performance.now();
  const { rows } = await client.query<{ pid: number; state: string; wait: string | null }>(
    `SELECT pid, state, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity
     WHERE application_name LIKE 'bench_ledger_%' AND pid <> pg_backend_pid()`);
  for (const r of rows) {
    const what = r.state !== 'active' ? r.state : r.wait ?? 'running';
    counts.set(what, (counts.get(what) ?? 0) + 1);
    const run = current.get(r.pid);
    if (run && run.what === what) run.last = now;
    else {
      if (run && run.what.includes(':')) waits.push({ what: run.what, ms: run.last - run.start });
      current.set(r.pid, { what, start: now, last: now });
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
await client.end();
for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(7)}  ${what}`);
waits.sort((a, b) => b.ms - a.ms);
console.log(`longest waits: ${waits.slice(0, 10).map((w) => `${w.what} ${w.ms.toFixed(0)} ms`).join(', ')}`);

// HTTP benchmarks (autocannon on loopback, the server in its own process):
//   http/hello/hono          Hono's hello world — the yardstick, measured in the same run
//   http/hello/hono-post     a Hono POST route that parses the quote bodies and answers {"ok":true}:
//                            the ceiling of any JSON POST route on this stack, machine and client
//   http/hello/hono-json-5k  the same answering 5.4 kB (the size of an explained outcome)
//   http/hello/node-json-5k  that on node:http without Hono: the ceiling outside the chosen stack
//   http/quote/card          POST /v1/quote on the credit-card program (target ≥ 60% of hello, p99 < 10 ms)
//   http/post/card-pg-redis  POST /v1/transactions on Postgres + Redis, fresh ids (target ≥ 5,000/s)
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Bench, Result, RunOptions } from './registry.ts';
import { cardSamples } from './workloads/card.ts';

const ROOT = new URL('../', import.meta.url).pathname;

interface Server { url: string; key: string; storage: string; child: ChildProcess }

/** Size of the fixed answer of http/hello/hono-json-5k: about an explained card outcome. */
const HELLO_JSON_BYTES = 5400;

async function startServer(mode: 'hello' | 'node' | 'engine'): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/http-server.ts', mode, ...(mode === 'engine' ? [] : [String(HELLO_JSON_BYTES)])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => { if (line.startsWith('READY ')) resolve(line); });
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)));
  });
  const [, url, key, storage] = ready.split(' ');
  return { url: url!, key: key!, storage: storage ?? '', child };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

function figures(name: string, r: autocannon.Result, note: string): Result {
  const failed = r.errors + r.non2xx + r.timeouts;
  return {
    name,
    opsPerSec: Math.round(r.requests.average),
    p50us: r.latency.p50 * 1000,
    p99us: r.latency.p99 * 1000,
    note: `${note}${failed > 0 ? `; ${failed} failed` : ''}`,
  };
}

/** The same autocannon settings for hello world and the quotes: 32 connections, no pipelining. */
const CONNECTIONS = 32;
const PIPELINING = 1;

/**
 * CPU time (user + system) the process has used, in µs, from /proc (Linux); undefined elsewhere.
 * Throughput on a shared machine moves with whatever else runs; the server's CPU time per
 * request does not, so it is the figure to compare between runs.
 */
function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

interface Load { result: autocannon.Result; cpuPerRequest: number | undefined }

async function load(opts: RunOptions, server: Server, o: Partial<autocannon.Options> & { url: string }, connections = CONNECTIONS): Promise<Load> {
  const duration = opts.quick ? 4 : 10;
  await autocannon({ ...o, connections, pipelining: PIPELINING, duration: opts.quick ? 1 : 2 }); // warm-up
  const before = cpuMicros(server.child.pid);
  const result = await autocannon({ ...o, connections, pipelining: PIPELINING, duration });
  const after = cpuMicros(server.child.pid);
  const cpuPerRequest = before === undefined || after === undefined || result.requests.total === 0 ? undefined : (after - before) / result.requests.total;
  return { result, cpuPerRequest };
}

const cpuNote = (l: Load): string => (l.cpuPerRequest === undefined ? '' : `, server CPU ${l.cpuPerRequest.toFixed(1)} µs/request`);

/** Postings are grouped into few Postgres transactions by the ledger: more in flight, bigger groups. */
const POST_CONNECTIONS = 128;

const samples = cardSamples(1000);

/**
 * The quote requests, built once: autocannon cycles through them on every connection. A
 * `setupRequest` per request (JSON.stringify and a rebuilt request buffer in the client, which
 * shares the 2 cores with the server) would charge the client's work to the quote and not to
 * hello world. Postings need fresh ids, so they keep `setupRequest`.
 */
function quoteRequests(headers: Record<string, string>, extra: Record<string, unknown>): autocannon.Request[] {
  return samples.map((s) => ({ method: 'POST', path: '/v1/quote', headers, body: JSON.stringify({ transaction: s.txn, customer: s.customer, ...extra }) }));
}

const ceilingRequests = (path: string): autocannon.Request[] => quoteRequests({ 'content-type': 'application/json' }, {}).map((r) => ({ ...r, path }));

const percentOf = (l: Load, helloRps: number): string => `${helloRps > 0 ? ((l.result.requests.average / helloRps) * 100).toFixed(0) : '?'}%`;

export const httpBench: Bench = {
  name: 'http/',
  async run(opts) {
    const results: Result[] = [];
    const hello = await startServer('hello');
    let helloRps = 0;
    try {
      const r = await load(opts, hello, { url: hello.url });
      helloRps = r.result.requests.average;
      results.push(figures('http/hello/hono', r.result, `${CONNECTIONS} connections, pipelining ${PIPELINING}, GET / → "Hello Hono!"${cpuNote(r)}`));
      // Ceilings for the quote on this machine and client: routes that parse the same request
      // bodies and answer a fixed body, tiny or the size of an explained outcome.
      const tiny = await load(opts, hello, { url: `${hello.url}/tiny`, method: 'POST', requests: ceilingRequests('/tiny') });
      results.push(figures('http/hello/hono-post', tiny.result, `${percentOf(tiny, helloRps)} of hello world: same settings, POST of the quote bodies → JSON.parse, answer {"ok":true} (no auth, validation or evaluation): the ceiling of any JSON POST route on Hono here${cpuNote(tiny)}`));
      const json = await load(opts, hello, { url: `${hello.url}/json`, method: 'POST', requests: ceilingRequests('/json') });
      results.push(figures('http/hello/hono-json-5k', json.result, `${percentOf(json, helloRps)} of hello world: the same answering a fixed ${HELLO_JSON_BYTES}-byte JSON text: the ceiling for http/quote/card here${cpuNote(json)}`));
    } finally {
      await stop(hello);
    }
    const node = await startServer('node');
    try {
      const json = await load(opts, node, { url: `${node.url}/json`, method: 'POST', requests: ceilingRequests('/json') });
      results.push(figures('http/hello/node-json-5k', json.result, `${percentOf(json, helloRps)} of hello world: http/hello/hono-json-5k on node:http without Hono: the ceiling for an explained quote outside the chosen stack${cpuNote(json)}`));
    } finally {
      await stop(node);
    }
    const engine = await startServer('engine');
    try {
      const headers = { authorization: `Bearer ${engine.key}`, 'content-type': 'application/json' };
      const quote = await load(opts, engine, { url: `${engine.url}/v1/quote`, method: 'POST', headers, requests: quoteRequests(headers, {}) });
      results.push(figures('http/quote/card', quote.result, `${percentOf(quote, helloRps)} of hello world (target ≥ 60%), p99 ${quote.result.latency.p99} ms (target < 10 ms), full explained outcome${cpuNote(quote)}`));
      const fast = await load(opts, engine, { url: `${engine.url}/v1/quote`, method: 'POST', headers, requests: quoteRequests(headers, { explain: false }) });
      results.push(figures('http/quote/card-fast', fast.result, `${percentOf(fast, helloRps)} of hello world, explain: false (APPLIED rules and totals only)${cpuNote(fast)}`));

      const run = Date.now().toString(36);
      let p = 0;
      const post = await load(opts, engine, {
        url: `${engine.url}/v1/transactions`, method: 'POST', headers,
        requests: [{ setupRequest: (req) => {
          const i = p++;
          const s = samples[i % samples.length]!;
          return { ...req, body: JSON.stringify({ customerId: `cust-${i % 20_000}`, transaction: { ...s.txn, id: `http-${run}-${i}` }, customer: s.customer }) };
        } }],
      }, POST_CONNECTIONS);
      results.push(figures(engine.storage === 'pg-redis' ? 'http/post/card-pg-redis' : 'http/post/card-embedded', post.result, `${POST_CONNECTIONS} connections, fresh ids over 20,000 customers, ${engine.storage} (target ≥ 5,000/s)${cpuNote(post)}`));
    } finally {
      await stop(engine);
    }
    return results;
  },
};

export const benches: Bench[] = [httpBench];

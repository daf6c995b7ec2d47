// A server process for the HTTP benchmarks (bench/http.ts), so the server and autocannon do
// not share one event loop. `hello`: Hono's hello world on @hono/node-server (and the
// ceiling routes: POST → fixed answers). `node`: the 5.4 kB ceiling on node:http alone. `engine`: the
// Accrue engine (Postgres + Redis when reachable, else embedded) with the card program live
// for tenant `bench`. Prints `READY <url> <api key>` once listening; SIGTERM stops it.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { configFromEnv } from '../server/config.ts';
import { startEngine } from '../server/engine.ts';
import { hashApiKey } from '../server/middleware/auth.ts';
import { cardSource } from './workloads/card.ts';

const mode = process.argv[2];
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

if (mode === 'hello') {
  // POST /json: the ceiling of a quote — parse the body, answer a fixed JSON text of the size given.
  const size = Number(process.argv[3] ?? 5400);
  const answer = JSON.stringify({ padding: 'x'.repeat(Math.max(0, size - 14)) }); // `size` bytes
  const app = new Hono()
    .get('/', (c) => c.text('Hello Hono!'))
    .post('/json', async (c) => {
      await c.req.json();
      return c.body(answer, 200, { 'content-type': 'application/json' });
    })
    .post('/tiny', async (c) => {
      await c.req.json();
      return c.body('{"ok":true}', 200, { 'content-type': 'application/json' });
    });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
    console.log(`READY http://127.0.0.1:${info.port} -`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else if (mode === 'node') {
  // POST /json without Hono: node:http reads and parses the body and answers the same fixed text.
  const size = Number(process.argv[3] ?? 5400);
  const answer = Buffer.from(JSON.stringify({ padding: 'x'.repeat(Math.max(0, size - 14)) }));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
      res.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(`READY http://127.0.0.1:${(server.address() as AddressInfo).port} -`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const real = process.argv[3] !== 'embedded' && (await new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 }).connect().then(() => true, () => false));
  const schema = `bench_http_${Date.now().toString(36)}`;
  // On Postgres the engine creates the schema itself (server/engine.ts ensureSchema).
  const dataDir = real ? undefined : mkdtempSync(join(tmpdir(), 'accrue-bench-'));
  const config = configFromEnv({}, {
    PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ACCRUE_RATE_LIMIT: '0', ACCRUE_RESYNC_MS: '0',
    ...(real ? { DATABASE_URL, REDIS_URL, ACCRUE_DB_SCHEMA: schema, ACCRUE_REDIS_PREFIX: `${schema}:`, ACCRUE_DB_POOL: '16' } : { ACCRUE_DATA_DIR: dataDir! }),
  });
  const engine = await startEngine(config, { logger: pino({ level: config.LOG_LEVEL }) });
  const key = `bench-${randomUUID()}`;
  const deps = engine.core.deps;
  await deps.keys.create({ id: randomUUID(), hash: hashApiKey(key), tenant: 'bench', role: 'admin', name: 'bench' });
  const source = cardSource();
  const { diagnostics } = deps.compile(source, { version: 'card@1' });
  const record = await deps.versions.create('bench', 'card', { source, hash: 'bench', diagnostics, status: 'draft', author: 'bench' });
  deps.programs.activate(await deps.versions.publish('bench', 'card', record.version));
  console.log(`READY ${engine.url} ${key} ${real ? 'pg-redis' : 'embedded'} ${engine.core.backend}`);
  process.once('SIGTERM', async () => {
    await engine.close();
    if (real) {
      const { deleteRedisKeysWithPrefix, dropSchema } = await import('../test/support/db.ts');
      await dropSchema(schema);
      await deleteRedisKeysWithPrefix(`${schema}:`);
    } else rmSync(dataDir!, { recursive: true, force: true });
    process.exit(0);
  });
}

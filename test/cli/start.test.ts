// `npm start` prints curls a newcomer pastes: each must work as printed, on the embedded default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { banner } from '../../cli/start.ts';
import { configFromEnv } from '../../server/config.ts';
import { startEngine, type Engine } from '../../server/engine.ts';

interface Curl { url: string; method: string; headers: Record<string, string>; body?: string }

/** The curls of a banner, as `curl -s URL -H '…' -d '…'` lines (single-quoted arguments, as printed). */
function curlsOf(text: string): Curl[] {
  return text.split('\n').filter((line) => line.startsWith('curl ')).map((line) => {
    const url = /curl -s (\S+)/.exec(line)![1]!;
    const headers: Record<string, string> = {};
    for (const m of line.matchAll(/-H '([^:]+): ([^']*)'/g)) headers[m[1]!] = m[2]!;
    const body = /-d '([^']*)'/.exec(line)?.[1];
    return { url, method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body }) };
  });
}

describe('accrue start', () => {
  let engine: Engine;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accrue-start-'));
    const config = configFromEnv({}, { PORT: '0', HOST: '127.0.0.1', ACCRUE_DATA_DIR: dir, ACCRUE_DEMO: 'true', LOG_LEVEL: 'silent' });
    engine = await startEngine(config, { logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints curls that quote, post, read the balance and redeem, each working as printed', async () => {
    const curls = curlsOf(banner(engine));
    expect(curls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /v1/quote', 'POST /v1/transactions', 'GET /v1/customers/c-1/balance', 'POST /v1/customers/c-1/redemptions',
    ]);
    const send = async (c: Curl) => {
      const res = await fetch(c.url, { method: c.method, headers: c.headers, ...(c.body === undefined ? {} : { body: c.body }) });
      return { status: res.status, body: await res.json() as any };
    };
    const [quote, post, balance, redeem] = curls as [Curl, Curl, Curl, Curl];
    const quoted = await send(quote);
    expect(quoted.status).toBe(200);
    const posted = await send(post);
    expect(posted.status).toBe(201);
    const totals = quoted.body.outcome.totals;
    expect(posted.body.outcome.totals).toEqual(totals);
    expect((await send(balance)).body).toMatchObject({ points: totals.points, cashback: { USD: totals.cashback.USD } });
    const redeemed = await send(redeem);
    expect(redeemed.status).toBe(201);
    // Pasted again: the same Idempotency-Key replays the redemption instead of taking twice.
    const again = await send(redeem);
    expect(again.status).toBe(200);
    expect(again.body.redemptionId).toBe(redeemed.body.redemptionId);
    const after = (await send(balance)).body;
    expect(Number(after.cashback.USD)).toBeCloseTo(Number(totals.cashback.USD) - 0.25, 10);
  });
});

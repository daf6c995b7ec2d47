// Helpers for tests against a listening engine on real Postgres and Redis (one schema and one
// key prefix per test file; with CI=true a missing server fails instead of skipping).
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { configFromEnv } from '../../server/config.ts';
import { startEngine, type Engine } from '../../server/engine.ts';
import { hashApiKey } from '../../server/middleware/auth.ts';
import { DATABASE_URL, REDIS_URL } from '../support/db.ts';

export const CARD_V1 = readFileSync(new URL('../../rules-examples/credit-card/credit-card.accrue', import.meta.url), 'utf8');
/** v2 earns 2 base points per dollar instead of 1. */
export const CARD_V2 = CARD_V1.replace('reward points 1 per 1 USD of amount', 'reward points 2 per 1 USD of amount');

export async function bootEngine(schema: string, prefix: string, extra: Record<string, string> = {}): Promise<Engine> {
  const config = configFromEnv({}, {
    PORT: '0', HOST: '127.0.0.1', DATABASE_URL, REDIS_URL, ACCRUE_DB_SCHEMA: schema, ACCRUE_REDIS_PREFIX: prefix,
    LOG_LEVEL: 'silent', ACCRUE_RATE_LIMIT: '0', ACCRUE_RESYNC_MS: '0', ACCRUE_DB_POOL: '8', ...extra,
  });
  return startEngine(config, { logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
}

/** Creates an API key of `role` for `tenant` straight in the store. */
export async function keyFor(engine: Engine, tenant: string, role: 'admin' | 'author' | 'client' = 'admin'): Promise<string> {
  const key = `test-${tenant}-${role}-${randomUUID()}`;
  await engine.core.deps.keys.create({ id: randomUUID(), hash: hashApiKey(key), tenant, role, name: 'test' });
  return key;
}

/** JSON calls with `key`: over HTTP to the `base` URL, or straight into an app through `app.request()`. */
export function client(target: string | { request(path: string, init: RequestInit): Response | Promise<Response> }, key: string) {
  const send = (path: string, init: RequestInit) => (typeof target === 'string' ? fetch(target + path, init) : target.request(path, init));
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await send(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) as any : undefined };
  };
}

export const CUSTOMER = { tier: 'preferred', opened_on: '2024-01-15', autopay: true, employee: false, activated_quarters: ['2026-Q1'] };

export function cardTxn(id: string, customerId: string, amount = '100.00', category = 'groceries') {
  return {
    customerId,
    transaction: { id, time: '2026-03-02T15:00:00Z', amount, mcc: '5411', merchant: 'Corner Market', category, kind: 'purchase', channel: 'in_store', country: 'US' },
    customer: CUSTOMER,
  };
}

/** Uploads and publishes `source` as the next version of `program`; returns its label. */
export async function publish(call: ReturnType<typeof client>, program: string, source: string): Promise<string> {
  const up = await call('POST', `/v1/programs/${program}/versions`, { source });
  if (up.status !== 201 || up.body.status !== 'draft') throw new Error(`upload failed: ${JSON.stringify(up.body).slice(0, 500)}`);
  const pub = await call('POST', `/v1/programs/${program}/versions/${up.body.version}/publish`);
  if (pub.status !== 200) throw new Error(`publish failed: ${JSON.stringify(pub.body)}`);
  return pub.body.label as string;
}

// `accrue start` (`npm start`): the engine with the demo — the credit-card example live for a
// demo tenant and an API key printed with a ready-to-paste curl. Embedded by default (PGlite in
// ACCRUE_DATA_DIR, in-process cache and queue); DATABASE_URL and REDIS_URL switch to the real
// servers (and an in-process stream worker).
import { configFromEnv } from '../server/config.ts';
import { startEngine, type Engine } from '../server/engine.ts';
import { parsePortArg, untilSignal } from './serve.ts';

type Out = (text: string) => void;

export const DEMO_QUOTE = {
  transaction: { amount: '120.00', mcc: '5812', merchant: 'Blue Door Bistro', category: 'dining', kind: 'purchase', channel: 'in_store', country: 'US' },
  customer: { tier: 'preferred', opened_on: '2024-01-15', autopay: true, employee: false, activated_quarters: ['2026-Q1'] },
};

export function banner(engine: Engine): string {
  const demo = engine.demo!;
  const c = engine.core.config;
  const body = JSON.stringify(DEMO_QUOTE);
  return [
    '',
    `Accrue engine listening on ${engine.url}`,
    `  storage: ${c.DATABASE_URL ? 'Postgres' : `PGlite in ${c.ACCRUE_DATA_DIR}`}; cache: ${c.REDIS_URL ? 'Redis' : 'in-process'}; evaluator: ${engine.core.backend}`,
    `  demo tenant "${demo.tenant}", program "${demo.program}" live`,
    `  demo API key (admin): ${demo.key}`,
    `  API reference: ${engine.url}/docs   OpenAPI: ${engine.url}/openapi.json`,
    '',
    'Quote a purchase:',
    `curl -s ${engine.url}/v1/quote -H 'Authorization: Bearer ${demo.key}' -H 'Content-Type: application/json' -d '${body}'`,
    '',
    'Post it for customer c-1, then read the balance:',
    `curl -s ${engine.url}/v1/transactions -H 'Authorization: Bearer ${demo.key}' -H 'Content-Type: application/json' -d '${JSON.stringify({ customerId: 'c-1', transaction: { id: 'txn-1', time: '2026-03-01T12:00:00Z', ...DEMO_QUOTE.transaction }, customer: DEMO_QUOTE.customer })}'`,
    `curl -s ${engine.url}/v1/customers/c-1/balance -H 'Authorization: Bearer ${demo.key}'`,
    '',
    // (Cashback, not points: the demo program's points redeem from 2,500, more than one posting earns.)
    'Redeem 0.25 USD of its cashback (a retry with the same Idempotency-Key replays it):',
    `curl -s ${engine.url}/v1/customers/c-1/redemptions -H 'Authorization: Bearer ${demo.key}' -H 'Content-Type: application/json' -H 'Idempotency-Key: r-1' -d '${JSON.stringify({ amount: '0.25', currency: 'USD' })}'`,
    '',
  ].join('\n');
}

export async function runStart(args: readonly string[], io: { out: Out; err: Out }): Promise<number> {
  const { out, err } = io;
  let engine: Engine;
  try {
    const overrides = { ...parsePortArg(args), ACCRUE_DEMO: 'true' } as const;
    const config = configFromEnv(process.env, { ...overrides, ...(process.env.ACCRUE_WORKER === undefined ? { ACCRUE_WORKER: 'true' } : {}) });
    engine = await startEngine(config);
  } catch (error) {
    err(`accrue start: ${(error as Error).message}\n`);
    return 1;
  }
  out(`${banner(engine)}\n`);
  return untilSignal(engine, err);
}

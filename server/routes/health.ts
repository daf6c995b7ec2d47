// Liveness, readiness (Postgres and Redis reachable), Prometheus metrics, the OpenAPI document and its docs page.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { docsPage } from '../openapi/docs-page.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const Ready = z.object({
  status: z.enum(['ready', 'unavailable']),
  postgres: z.boolean(),
  cache: z.boolean().nullable().describe('null: no Redis configured (in-process cache)'),
  draining: z.boolean(),
}).meta({ id: 'Readiness' });

export const healthDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', tag: 'Operations', role: null, summary: 'Liveness', responses: { 200: { description: 'The process is up', schema: Health } }, problems: [] },
  {
    method: 'get', path: '/readyz', tag: 'Operations', role: null, summary: 'Readiness: Postgres and Redis reachable',
    responses: { 200: { description: 'Ready', schema: Ready }, 503: { description: 'Not ready (a dependency is down, or draining)', schema: Ready } }, problems: [],
  },
  { method: 'get', path: '/metrics', tag: 'Operations', role: null, summary: 'Prometheus metrics', responses: { 200: { description: 'Exposition format', contentType: 'text/plain' } }, problems: [] },
  { method: 'get', path: '/openapi.json', tag: 'Operations', role: null, summary: 'This OpenAPI 3.1 document', responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } }, problems: [] },
  { method: 'get', path: '/docs', tag: 'Operations', role: null, summary: 'The API reference, rendered', responses: { 200: { description: 'HTML', contentType: 'text/html' } }, problems: [] },
];

export function healthRoutes(deps: AppDeps, openapi: () => object) {
  let html: string | undefined;
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/readyz', async (c) => {
      const ping = await deps.ledger.ping().catch(() => ({ postgres: false, cache: false as boolean | null }));
      const draining = deps.inflight.isDraining;
      const ready = ping.postgres && ping.cache !== false && !draining;
      return c.json({ status: ready ? 'ready' as const : 'unavailable' as const, ...ping, draining }, ready ? 200 : 503);
    })
    .get('/metrics', async (c) => {
      const { contentType, body } = await deps.metrics.render();
      return c.body(body, 200, { 'content-type': contentType });
    })
    .get('/openapi.json', (c) => c.json(openapi(), 200))
    .get('/docs', (c) => c.html((html ??= docsPage(openapi() as Parameters<typeof docsPage>[0])), 200));
}

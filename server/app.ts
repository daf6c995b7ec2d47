// The Hono app: cross-cutting middleware, then the route modules chained under /v1, errors as
// problem+json. `createApp(deps)` takes every stateful thing as a port, so tests build it over
// in-memory fakes and call `app.request()`; server/engine.ts builds it over Postgres and Redis.
import { Hono } from 'hono';
import type { AppDeps } from './deps.ts';
import type { AppEnv } from './env.ts';
import { toProblem } from './errors.ts';
import { accessLogger } from './middleware/access-log.ts';
import { apiKeyResolver } from './middleware/auth.ts';
import { bodyReader } from './middleware/body-size.ts';
import { refused } from './middleware/drain.ts';
import { tokenBuckets } from './middleware/rate-limit.ts';
import { echoRequestId, requestIdFor } from './middleware/request-id.ts';
import { requestTimer } from './middleware/request-metrics.ts';
import { openApiDocument } from './openapi/document.ts';
import type { RouteDoc } from './openapi/route-doc.ts';
import { ApiError, problemResponse } from './problem.ts';
import { REQUEST_ID_HEADER } from './respond.ts';
import { apiKeyDocs, apiKeyRoutes } from './routes/api-keys.ts';
import { customerDocs, customerRoutes } from './routes/customers.ts';
import { healthDocs, healthRoutes } from './routes/health.ts';
import { programDocs, programRoutes } from './routes/programs.ts';
import { quoteDocs, quoteRoutes } from './routes/quote.ts';
import { transactionDocs, transactionRoutes } from './routes/transactions.ts';

export const ROUTE_DOCS: readonly RouteDoc[] = [...quoteDocs, ...transactionDocs, ...customerDocs, ...programDocs, ...apiKeyDocs, ...healthDocs];

// Each documented path as a pattern, with the methods it answers: a known path asked with
// another method is a 405 naming them, not a 404 that reads as if the path were wrong.
const ROUTE_PATTERNS: readonly { pattern: RegExp; methods: readonly string[] }[] = (() => {
  const byPath = new Map<string, string[]>();
  for (const d of ROUTE_DOCS) byPath.set(d.path, [...(byPath.get(d.path) ?? []), d.method.toUpperCase()]);
  const pattern = (path: string) => new RegExp(`^${path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
  return [...byPath].map(([path, methods]) => ({ pattern: pattern(path), methods }));
})();

// The POST routes without parameters (quote, posting): known good without a pattern search.
const STATIC_POSTS = new Set(ROUTE_DOCS.filter((d) => d.method === 'post' && !d.path.includes('{')).map((d) => d.path));

/** The methods the routes at `path` answer, HEAD with every GET (Hono answers it); none for an unknown path. */
function methodsOf(path: string): string[] {
  const methods = new Set<string>();
  for (const r of ROUTE_PATTERNS) {
    if (!r.pattern.test(path)) continue;
    for (const m of r.methods) methods.add(m);
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

/** A 405 for a known path asked with a method none of its routes answers. */
function wrongMethod(method: string, path: string): ApiError | undefined {
  if (method === 'POST' && STATIC_POSTS.has(path)) return undefined;
  const allowed = methodsOf(path);
  if (allowed.length === 0 || allowed.includes(method)) return undefined;
  return new ApiError('method-not-allowed', `${method} ${path} is not a route; ${allowed.join(', ')} ${allowed.length > 1 ? 'are' : 'is'}.`, { allowed }, { Allow: allowed.join(', ') });
}

const LARGE_BODY = /^\/v1\/(transactions\/batch|programs\/[^/]+\/versions)$/;

export function createApp(deps: AppDeps) {
  let openapi: object | undefined;
  const document = () => (openapi ??= openApiDocument(ROUTE_DOCS, {
    title: 'Accrue engine API',
    version: '1',
    description: 'Quote, post, refund and redeem against the live rewards program; manage program versions. Every error is RFC 9457 application/problem+json with a stable `type`.',
  }));

  // Two middleware layers instead of seven (each costs a compose step and its promises):
  // every request: request id, access log, latency histogram, in-flight count (503 when draining);
  // under /v1: API key → principal, rate limit, body read within its size limit.
  const { logger, inflight } = deps;
  const log = accessLogger(logger);
  const observe = requestTimer(deps.metrics);
  const app = new Hono<AppEnv>();
  app.use('*', async function front(c, next) {
    const start = performance.now();
    const id = requestIdFor(c.req.header(REQUEST_ID_HEADER));
    c.set('requestId', id);
    c.set('log', logger);
    if (inflight.isDraining) c.res = problemResponse(c, refused());
    else {
      inflight.enter();
      try {
        await next();
      } finally {
        inflight.leave();
      }
    }
    echoRequestId(c.res, id);
    observe(c, start);
    log?.(c, start);
  });
  const authenticate = apiKeyResolver({ keys: deps.keys });
  const limit = tokenBuckets({ perSecond: deps.limits.ratePerSecond, burst: deps.limits.rateBurst || deps.limits.ratePerSecond });
  const readBody = bodyReader({ maxBytes: deps.limits.bodyBytes, largeBytes: deps.limits.batchBodyBytes, largeFor: (path) => LARGE_BODY.test(path) });
  app.use('/v1/*', async function gate(c, next) {
    const looking = authenticate(c);
    if (looking) await looking;
    limit?.(c.get('principal').keyId);
    // Before the body is read: a wrong method is the answer, not what its body lacks.
    if (c.req.method !== 'GET') {
      const refusal = wrongMethod(c.req.method, c.req.path);
      if (refusal) return problemResponse(c, refusal);
    }
    const reading = readBody(c);
    if (reading) await reading;
    await next();
  });

  const routes = app
    .route('/', healthRoutes(deps, document))
    .route('/v1', quoteRoutes(deps))
    .route('/v1', transactionRoutes(deps))
    .route('/v1', customerRoutes(deps))
    .route('/v1', programRoutes(deps))
    .route('/v1', apiKeyRoutes(deps));

  app.notFound((c) => problemResponse(c, wrongMethod(c.req.method, c.req.path) ?? new ApiError('not-found', `No route ${c.req.method} ${c.req.path}.`)));
  app.onError((error, c) => problemResponse(c, toProblem(error, deps.logger.child({ reqId: c.get('requestId') }))));
  return routes;
}

export type AppType = ReturnType<typeof createApp>;

// Structured access log (pino): one line per request with its id, route, status and duration.
// Handlers log through `c.get('log')`; lines carry the request id.
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import type { AppEnv } from '../env.ts';

/** Writes the line of a finished request (`start` from performance.now()), or nothing below info. */
export function accessLogger(logger: Logger): ((c: Context<AppEnv>, start: number) => void) | undefined {
  if (!logger.isLevelEnabled('info')) return undefined;
  return (c, start) => {
    const status = c.res.status;
    const line = {
      reqId: c.get('requestId'), method: c.req.method, route: routePath(c, -1), path: c.req.path, status,
      ms: Math.round((performance.now() - start) * 1000) / 1000, tenant: c.get('principal')?.tenant,
    };
    if (status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}

// Observes every request's latency in the route-labelled histogram (route template, not raw path).
// Label children are cached per (method, route, status): prom-client hashes label objects otherwise.
import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from '../env.ts';
import type { Metrics } from '../metrics.ts';

/** Records a finished request (`start` from performance.now()). */
export function requestTimer(metrics: Metrics): (c: Context<AppEnv>, start: number) => void {
  const histogram = metrics.requestDuration;
  const children = new Map<string, { observe(value: number): void }>();
  return (c, start) => {
    const method = c.req.method;
    const route = routePath(c, -1);
    const status = c.res.status;
    const key = `${method} ${status} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = histogram.labels({ method, route, status: String(status) });
      if (children.size < 10_000) children.set(key, child);
    }
    child.observe((performance.now() - start) / 1000);
  };
}

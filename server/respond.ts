// JSON responses of the hot routes, built with plain header objects: Hono's c.header()/c.json()
// with more than one header allocates a WHATWG Headers object that @hono/node-server then
// iterates back into a plain object for every response. The request id is written here, and
// the request-id middleware adds it only to responses that do not carry it yet.
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';

export const REQUEST_ID_HEADER = 'x-request-id';

const withId = new WeakSet<Response>();

/** Marks a response as already carrying the request id header. */
export function stamped(res: Response): Response {
  withId.add(res);
  return res;
}

export function hasRequestId(res: Response): boolean {
  return withId.has(res);
}

/** `c.json(body, status)` with the request id header, in one plain header object. */
export function json<T, S extends ContentfulStatusCode>(c: Context, body: T, status: S): Response & TypedResponse<T extends JSONValue ? T : never, S, 'json'> {
  return jsonText(c, JSON.stringify(body), status);
}

/**
 * `json(c, body, status)` where the value of `body[key]` is already JSON text (`raw`, e.g. the
 * outcome the ledger serialized to store it): spliced in as the last field instead of being
 * serialized a second time. Without `raw`, plain `json`.
 */
export function jsonSpliced<T extends Record<string, unknown>, S extends ContentfulStatusCode>(c: Context, body: T, key: keyof T & string, raw: string | undefined, status: S): Response & TypedResponse<T extends JSONValue ? T : never, S, 'json'> {
  if (raw === undefined) return json(c, body, status);
  const rest: Record<string, unknown> = {};
  for (const k in body) if (k !== key) rest[k] = body[k];
  const head = JSON.stringify(rest);
  return jsonText(c, `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(key)}:${raw}}`, status);
}

function jsonText<T, S extends ContentfulStatusCode>(c: Context, text: string, status: S): Response & TypedResponse<T extends JSONValue ? T : never, S, 'json'> {
  const id = c.get('requestId' as never) as string | undefined;
  const res = new Response(text, {
    status,
    headers: id === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', [REQUEST_ID_HEADER]: id },
  });
  if (id !== undefined) withId.add(res);
  return res as Response & TypedResponse<T extends JSONValue ? T : never, S, 'json'>;
}

// Reads a request body once, up front, within a size limit: 413 payload-too-large beyond it
// (by Content-Length before reading, or by counting while reading a chunked body), 415 when a
// non-empty body is not JSON. On Node it reads the IncomingMessage directly — building a web
// Request just to read its body costs more than the rest of a quote — and hands the text to
// Hono's body cache, so `c.req.json()`, `c.req.text()` and the validators all use it.
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../problem.ts';

export interface BodySizeOptions {
  readonly maxBytes: number;
  readonly largeBytes?: number;
  /** Paths (batch posting, program uploads) allowed the larger limit. */
  readonly largeFor?: (path: string) => boolean;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

function tooLarge(limit: number): ApiError {
  return new ApiError('payload-too-large', `Request bodies here are limited to ${limit} bytes.`, { limit });
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        incoming.removeAllListeners('data');
        incoming.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    incoming.once('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    incoming.once('error', reject);
  });
}

async function readRequest(raw: Request, limit: number): Promise<string> {
  if (!raw.body) return '';
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The body text read by `bodyReader` (undefined for methods without a body). */
export function bodyText(c: Context<AppEnv>): string | undefined {
  return c.get('bodyText');
}

/**
 * Reads the body of a POST, PUT or PATCH within its limit (413 beyond, 415 when not JSON) and
 * keeps it for `bodyText(c)` and Hono's body cache; undefined (nothing to wait for) otherwise.
 */
export function bodyReader(options: BodySizeOptions): (c: Context<AppEnv>) => Promise<void> | undefined {
  return (c) => {
    const method = c.req.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return undefined;
    const limit = options.largeFor?.(c.req.path) ? (options.largeBytes ?? options.maxBytes) : options.maxBytes;
    const declared = c.req.header('content-length');
    if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const reading = incoming && typeof incoming.on === 'function' ? readIncoming(incoming, limit) : readRequest(c.req.raw, limit);
    return reading.then((text) => {
      if (text.length > 0 && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
        throw new ApiError('unsupported-media-type', 'Send the body as JSON with Content-Type: application/json.');
      }
      c.set('bodyText', text);
      (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(text);
    });
  };
}

// Gives every request an id (the caller's X-Request-Id when it is sane, else a fresh one),
// echoed in the response and carried by every log line and problem document.
import { randomUUID } from 'node:crypto';
import { hasRequestId, REQUEST_ID_HEADER } from '../respond.ts';

const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is sane, else a fresh UUID. */
export function requestIdFor(given: string | undefined): string {
  return given !== undefined && SANE.test(given) ? given : randomUUID();
}

/**
 * Echoes the id on a response that does not carry it yet. The hot routes and problem documents
 * build their responses with it (server/respond.ts), so only the others pay for a header copy.
 */
export function echoRequestId(res: Response, id: string): void {
  if (!hasRequestId(res)) res.headers.set(REQUEST_ID_HEADER, id);
}

// RFC 9457 problem details: every error the API returns is one of these, with a stable `type`.
// Routes and middleware throw `ApiError`; the app's onError renders it as application/problem+json.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { REQUEST_ID_HEADER, stamped } from './respond.ts';

export const PROBLEM_BASE = 'https://accrue.dev/problems/';

/** The catalogue: slug → status and title. Slugs are stable; clients key on `type`. */
export const PROBLEMS = {
  'validation-error': { status: 400, title: 'The request is not valid' },
  'invalid-json': { status: 400, title: 'The request body is not valid JSON' },
  'idempotency-key-required': { status: 400, title: 'An Idempotency-Key header is required' },
  'currency-not-redeemable': { status: 400, title: 'The customer cannot redeem money in this currency' },
  'unauthorized': { status: 401, title: 'A valid API key is required' },
  'forbidden': { status: 403, title: 'The API key\'s role does not allow this' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'The route does not answer this method' },
  'transaction-conflict': { status: 409, title: 'A transaction with this id exists with a different body' },
  'idempotency-conflict': { status: 409, title: 'The Idempotency-Key was used with a different request' },
  'insufficient-balance': { status: 409, title: 'The balance does not cover the redemption' },
  'below-minimum-redemption': { status: 409, title: 'The redemption is below the program\'s minimum' },
  'no-live-program': { status: 409, title: 'No program version is live' },
  'program-not-publishable': { status: 409, title: 'Only a version without errors can be published' },
  'nothing-to-roll-back': { status: 409, title: 'There is no earlier published version to roll back to' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'reward-out-of-range': { status: 422, title: 'The transaction would earn more than the ledger counts exactly' },
  'unsupported-media-type': { status: 415, title: 'The request body must be application/json' },
  'rate-limited': { status: 429, title: 'Too many requests for this API key' },
  'internal': { status: 500, title: 'Internal error' },
  'unavailable': { status: 503, title: 'The service is not available' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemSlug = keyof typeof PROBLEMS;

export interface FieldError {
  /** Dotted path of the offending field: `transaction.category`, `items.0.price`. */
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly slug: ProblemSlug,
    detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[slug].title);
    this.status = PROBLEMS[slug].status;
  }
}

export function problemBody(slug: ProblemSlug, detail: string | undefined, extensions: Record<string, unknown> = {}, instance?: string): Problem {
  const entry = PROBLEMS[slug];
  return {
    type: PROBLEM_BASE + slug,
    title: entry.title,
    status: entry.status,
    ...(detail !== undefined ? { detail } : {}),
    ...(instance !== undefined ? { instance } : {}),
    ...extensions,
  };
}

export function problemResponse(c: Context, error: ApiError): Response {
  const requestId = c.get('requestId' as never) as string | undefined;
  // `instance` is a URI reference (RFC 9457): the path as sent, percent-encoded, not `c.req.path`,
  // which Hono decodes (`c%201` would read `c 1`).
  const body = problemBody(error.slug, error.message, { ...error.extensions, ...(requestId ? { requestId } : {}) }, new URL(c.req.url).pathname);
  const res = new Response(JSON.stringify(body), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json', ...error.headers, ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}) },
  });
  return requestId ? stamped(res) : res;
}

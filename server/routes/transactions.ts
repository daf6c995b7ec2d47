// Posting (earn), async posting, batches, status and refunds.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { ensureRole, requireRole } from '../middleware/auth.ts';
import { bodyText } from '../middleware/body-size.ts';
import { json, jsonSpliced } from '../respond.ts';
import { postRequestFast } from '../schemas/fast.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { post, preparePost, toQueued } from '../posting.ts';
import { ApiError, problemBody } from '../problem.ts';
import { ProgramName, TransactionParams } from '../schemas/common.ts';
import {
  BATCH_MAX, BatchRequest, BatchResponse, PostQuery, PostTransactionRequest, PostTransactionResponse,
  QueuedResponse, RefundRequest, RefundResponse, TransactionStatusResponse,
} from '../schemas/transactions.ts';
import { jsonBody, parseFastOr400, parseOr400, zv } from '../validate.ts';
import { toProblem } from '../errors.ts';

const BatchEnvelope = z.strictObject({ program: ProgramName.optional(), transactions: z.array(z.unknown()).min(1).max(BATCH_MAX) });
const OptionalIdempotency = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

export const transactionDocs: RouteDoc[] = [
  {
    method: 'post', path: '/v1/transactions', tag: 'Transactions', role: 'client',
    summary: 'Post a transaction (earn)',
    description: 'Idempotent on the transaction id: the same id and body again returns the first outcome (200, replayed) and writes nothing, with the status the transaction has now (`refunded` once refunded, as GET /v1/transactions/{id} says); the same id with a different body is a 409. A retry is judged against the program version its transaction was posted on, so it still replays after a publish that changed the schema. With `?mode=async` the transaction is validated, queued and answered 202.',
    query: PostQuery, body: PostTransactionRequest,
    responses: {
      201: { description: 'Posted', schema: PostTransactionResponse },
      200: { description: 'Already posted with this body: the first outcome', schema: PostTransactionResponse },
      202: { description: 'Queued (mode=async)', schema: QueuedResponse },
    },
    problems: ['validation-error', 'invalid-json', 'no-live-program', 'transaction-conflict', 'reward-out-of-range', 'unavailable'],
  },
  {
    method: 'post', path: '/v1/transactions/batch', tag: 'Transactions', role: 'client',
    summary: `Post up to ${BATCH_MAX} transactions`,
    description: 'Each item is validated and posted on its own (a top-level `program` applies to every item that names none); the response lists, per item, the status it would have had alone and its outcome or problem.',
    body: BatchRequest,
    responses: { 200: { description: 'Per-item results, in request order', schema: BatchResponse } },
    problems: ['validation-error', 'invalid-json'],
  },
  {
    method: 'get', path: '/v1/transactions/{id}', tag: 'Transactions', role: 'client',
    summary: 'Status and outcome of a transaction (posted, refunded, queued or failed)',
    params: TransactionParams,
    responses: { 200: { description: 'The transaction', schema: TransactionStatusResponse } },
    problems: ['not-found'],
  },
  {
    method: 'post', path: '/v1/transactions/{id}/refund', tag: 'Transactions', role: 'client',
    summary: 'Refund a posted transaction: claw back exactly what it earned',
    description: 'Idempotent on the transaction id: refunding it again returns the first reversal (`replayed: true`). The body (a `reason`) and an `Idempotency-Key` header are optional.',
    params: TransactionParams, headers: OptionalIdempotency, body: RefundRequest, bodyOptional: true,
    responses: { 200: { description: 'What was reversed and the balance after (a repeat: the first reversal)', schema: RefundResponse } },
    problems: ['not-found'],
  },
];

/** The query as `zv('query', …)` sees it: a repeated parameter as an array. */
function queryValues(queries: Record<string, string[]>): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(queries).map(([k, v]) => (v.length === 1 ? [k, v[0]!] : [k, v])));
}

export function transactionRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/transactions/batch', requireRole('client'), zv('json', BatchEnvelope), async (c) => {
      const { tenant } = c.get('principal');
      const { program, transactions: items } = c.req.valid('json');
      const results = await Promise.all(items.map(async (item, index) => {
        try {
          const parsed = parseOr400(PostTransactionRequest, item, `transactions.${index}`);
          // A top-level `program` applies to every item that does not name its own.
          const body = parsed.program === undefined && program !== undefined ? { ...parsed, program } : parsed;
          const result = await post(deps.ledger, deps.metrics, tenant, await preparePost(deps, tenant, body, `transactions.${index}`));
          return { index, transactionId: result.outcome.transactionId, status: result.replayed ? 200 : 201, transactionStatus: result.status, outcome: result.outcome, replayed: result.replayed };
        } catch (error) {
          const problem = toProblem(error, deps.logger);
          const id = (item as { transaction?: { id?: unknown } } | null)?.transaction?.id;
          return { index, ...(typeof id === 'string' ? { transactionId: id } : {}), status: problem.status, problem: problemBody(problem.slug, problem.message, problem.extensions) };
        }
      }));
      const posted = results.filter((r) => r.status < 300).length;
      return c.json({ posted, failed: results.length - posted, results }, 200);
    })
    .post('/transactions', async (c) => {
      // The hot route: as POST /v1/quote, checks inline rather than as middleware layers.
      const { tenant } = ensureRole(c, 'client');
      const query = c.req.url.indexOf('?') < 0 ? {} : parseOr400(PostQuery, queryValues(c.req.queries()));
      const body = parseFastOr400(postRequestFast, PostTransactionRequest, jsonBody(bodyText(c), c.req.header('content-type')));
      const prepared = await preparePost(deps, tenant, body);
      if (query.mode === 'async') {
        if (!deps.queue) throw new ApiError('unavailable', 'Async ingestion is not configured on this server.');
        await deps.queue.enqueue(toQueued(tenant, prepared));
        const id = prepared.transaction.id;
        return json(c, { status: 'queued' as const, transactionId: id, statusUrl: `/v1/transactions/${encodeURIComponent(id)}` }, 202);
      }
      const result = await post(deps.ledger, deps.metrics, tenant, prepared);
      // The outcome is the text the ledger stored, not serialized again.
      return jsonSpliced(c, { status: result.status, replayed: result.replayed, outcome: result.outcome }, 'outcome', result.outcomeJson, result.replayed ? 200 : 201);
    })
    .get('/transactions/:id', requireRole('client'), zv('param', TransactionParams), async (c) => {
      const { tenant } = c.get('principal');
      const { id } = c.req.valid('param');
      const [record, queued] = await Promise.all([deps.ledger.transaction(tenant, id), deps.queue?.status(tenant, id)]);
      if (record) {
        // The ledger answers for the id; an async submission of it that failed (another body:
        // a conflict) is shown beside it, else a client polling its statusUrl would read `posted`
        // and take its own refused body for posted.
        const failed = queued?.status === 'failed' ? { asyncSubmission: { status: 'failed' as const, error: queued.error ?? 'failed', enqueuedAt: queued.enqueuedAt } } : {};
        return c.json({
          id, status: record.status, customerId: record.customerId, programVersion: record.programVersion,
          postedAt: record.postedAt, outcome: record.outcome, ...failed,
        }, 200);
      }
      if (queued) return c.json({ id, status: queued.status, ...(queued.error ? { error: queued.error } : {}) }, 200);
      throw new ApiError('not-found', `No transaction ${id}.`);
    })
    .post('/transactions/:id/refund', requireRole('client'), zv('param', TransactionParams), zv('header', OptionalIdempotency), async (c) => {
      const { tenant } = c.get('principal');
      const { id } = c.req.valid('param');
      const text = await c.req.text();
      if (text.trim() !== '') {
        let json: unknown;
        try { json = JSON.parse(text); } catch { throw new ApiError('invalid-json', 'The request body is not valid JSON.'); }
        parseOr400(RefundRequest, json);
      }
      const key = c.req.valid('header')['idempotency-key'];
      const result = await deps.ledger.refund(tenant, id, key === undefined ? {} : { idempotencyKey: key });
      return c.json(result, 200);
    });
}

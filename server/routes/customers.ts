// A customer's balance, ledger history (cursor-paginated), lots, and redemptions.
import { Hono } from 'hono';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { requireRole } from '../middleware/auth.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { ApiError } from '../problem.ts';
import { resolveProgram } from '../programs/resolve.ts';
import { ensureRedeemable } from '../redeemable.ts';
import { BalanceSchema, CustomerParams } from '../schemas/common.ts';
import { HistoryQuery, HistoryResponse, IdempotencyHeaders, LotsResponse, RedemptionBody, RedemptionRequest, RedemptionResponse } from '../schemas/customers.ts';
import { zv } from '../validate.ts';

export const customerDocs: RouteDoc[] = [
  {
    method: 'get', path: '/v1/customers/{id}/balance', tag: 'Customers', role: 'client',
    summary: 'Points and cashback balance', params: CustomerParams,
    responses: { 200: { description: 'The balance', schema: BalanceSchema } }, problems: ['not-found'],
  },
  {
    method: 'get', path: '/v1/customers/{id}/ledger', tag: 'Customers', role: 'client',
    summary: 'Ledger history, newest first, cursor-paginated', params: CustomerParams, query: HistoryQuery,
    responses: { 200: { description: 'One page of entries', schema: HistoryResponse } }, problems: ['not-found', 'validation-error'],
  },
  {
    method: 'get', path: '/v1/customers/{id}/lots', tag: 'Customers', role: 'client',
    summary: 'Lots of earned value with what remains and when it expires', params: CustomerParams,
    responses: { 200: { description: 'The lots, first-expiring first', schema: LotsResponse } }, problems: ['not-found'],
  },
  {
    method: 'post', path: '/v1/customers/{id}/redemptions', tag: 'Customers', role: 'client',
    summary: 'Redeem points or cashback, first-expiring first',
    description: 'The Idempotency-Key header is required: a retry with the same key returns the first result; the same key with another body is a 409. Money can be redeemed in a currency a live program of the tenant uses or the customer holds a balance in; any other currency is a 400 `currency-not-redeemable` listing the ones that would do (`redeemableCurrencies`), while a redeemable currency the customer holds too little of is a 409 `insufficient-balance` with the balance.',
    params: CustomerParams, headers: IdempotencyHeaders, body: RedemptionRequest,
    responses: {
      201: { description: 'Redeemed', schema: RedemptionResponse },
      200: { description: 'A retry: the first result', schema: RedemptionResponse },
    },
    problems: ['idempotency-key-required', 'validation-error', 'currency-not-redeemable', 'invalid-json', 'not-found', 'insufficient-balance', 'below-minimum-redemption', 'idempotency-conflict', 'no-live-program'],
  },
];

export function customerRoutes(deps: AppDeps) {
  const notFound = (id: string) => new ApiError('not-found', `No customer ${id}.`);
  return new Hono<AppEnv>()
    .get('/customers/:id/balance', requireRole('client'), zv('param', CustomerParams), async (c) => {
      const { id } = c.req.valid('param');
      const balance = await deps.ledger.balance(c.get('principal').tenant, id);
      if (!balance) throw notFound(id);
      return c.json(balance, 200);
    })
    .get('/customers/:id/ledger', requireRole('client'), zv('param', CustomerParams), zv('query', HistoryQuery), async (c) => {
      const { id } = c.req.valid('param');
      const { cursor, limit } = c.req.valid('query');
      const page = await deps.ledger.history(c.get('principal').tenant, id, { limit: limit ?? 50, ...(cursor === undefined ? {} : { cursor }) });
      if (!page) throw notFound(id);
      return c.json(page, 200);
    })
    .get('/customers/:id/lots', requireRole('client'), zv('param', CustomerParams), async (c) => {
      const { id } = c.req.valid('param');
      const lots = await deps.ledger.lots(c.get('principal').tenant, id);
      if (!lots) throw notFound(id);
      return c.json({ lots }, 200);
    })
    .post('/customers/:id/redemptions', requireRole('client'), zv('param', CustomerParams), async (c, next) => {
      if (!c.req.header('idempotency-key')) throw new ApiError('idempotency-key-required', 'Send an Idempotency-Key header so a retry cannot redeem twice.');
      await next();
    }, zv('header', IdempotencyHeaders), zv('json', RedemptionBody), async (c) => {
      const { tenant } = c.get('principal');
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      // The live program's minimum redemption applies: named, or the tenant's only one (several
      // live and none named is a 400, as for postings; none live: no minimum).
      const live = body.program !== undefined || deps.programs.names(tenant).length > 1
        ? resolveProgram(deps.programs, tenant, body.program)
        : deps.programs.get(tenant);
      if ('currency' in body) await ensureRedeemable(deps, tenant, id, body.currency);
      const result = await deps.ledger.redeem({
        tenant, customerId: id, idempotencyKey: c.req.valid('header')['idempotency-key'],
        ...('points' in body ? { unit: 'points' as const, amount: body.points } : { unit: 'money' as const, amount: body.amount, currency: body.currency }),
        ...(live ? { program: live.evaluator } : {}),
      });
      return c.json(result, result.replayed ? 200 : 201);
    });
}

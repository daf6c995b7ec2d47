// POST /v1/quote — evaluate a transaction or cart on the live program, writing nothing.
import { Hono } from 'hono';
import type { StateSnapshot } from '../../runtime/outcome.ts';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { ensureRole } from '../middleware/auth.ts';
import { bodyText } from '../middleware/body-size.ts';
import type { RouteDoc } from '../openapi/route-doc.ts';
import { resolveProgram } from '../programs/resolve.ts';
import { QuoteRequest, QuoteResponse } from '../schemas/transactions.ts';
import { jsonSpliced } from '../respond.ts';
import { outcomeJson } from '../../runtime/outcome-json.ts';
import { outOfRange } from '../../runtime/outcome-range.ts';
import { readsProgramCounters } from '../../runtime/state-keys.ts';
import { ApiError } from '../problem.ts';
import { quoteRequestFast } from '../schemas/fast.ts';
import { inputParts, jsonBody, parseFastOr400, parsePartsOr400, validationError } from '../validate.ts';
import type { FieldError } from '../problem.ts';
import type { Evaluator } from '../../runtime/program.ts';

const hasOwn = Object.prototype.hasOwnProperty;

const NO_STATE: StateSnapshot = { counters: {} };

/** The transaction as quoted: id `quote` and time `asOf` (else now) unless it has its own; the clock is read only when needed. */
function quoted(body: { asOf?: string | number | undefined; transaction: Record<string, unknown> }): Record<string, unknown> {
  const given = body.transaction;
  if (hasOwn.call(given, 'time')) return { id: 'quote', ...given };
  return { id: 'quote', time: body.asOf === undefined ? new Date().toISOString() : body.asOf, ...given };
}

// Rule ids per evaluator, built once (an evaluator is immutable and lives as long as its version).
const ruleIds = new WeakMap<Evaluator, ReadonlySet<string>>();

function ruleIdsOf(evaluator: Evaluator): ReadonlySet<string> | undefined {
  let ids = ruleIds.get(evaluator);
  if (ids === undefined) {
    const rules = evaluator.checked.rules as readonly { id: string }[] | undefined;
    if (!rules) return undefined;
    ruleIds.set(evaluator, (ids = new Set(rules.map((r) => r.id))));
  }
  return ids;
}

/**
 * `include` and `exclude` name rules of the live program: a name it does not have is a 400
 * naming the entry, not a silent no-op (a misspelt `include` would otherwise exclude every rule
 * and quote zero).
 */
function checkRuleLists(evaluator: Evaluator, label: string, lists: { include?: readonly string[] | undefined; exclude?: readonly string[] | undefined }): void {
  const ids = ruleIdsOf(evaluator);
  if (!ids) return;
  const errors: FieldError[] = [];
  for (const list of ['include', 'exclude'] as const) {
    lists[list]?.forEach((id, i) => {
      if (!ids.has(id)) errors.push({ field: `${list}.${i}`, message: `${JSON.stringify(id)} is not a rule of ${label}` });
    });
  }
  if (errors.length > 0) throw validationError(errors);
}

export const quoteDocs: RouteDoc[] = [{
  method: 'post', path: '/v1/quote', tag: 'Transactions', role: 'client',
  summary: 'Quote a transaction or cart without writing anything',
  description: 'Returns the full outcome: every rule with its state, including rules BLOCKED by a group or cap with what they would have given.',
  body: QuoteRequest,
  responses: { 200: { description: 'The outcome, naming the program version it ran on', schema: QuoteResponse } },
  problems: ['validation-error', 'invalid-json', 'no-live-program', 'reward-out-of-range'],
}];

export function quoteRoutes(deps: AppDeps) {
  // The hot route: role check, body parse and validation inline (no middleware layers), the
  // envelope and the program's fields checked by plain functions, zod only for the 400s.
  return new Hono<AppEnv>().post('/quote', async (c) => {
    const { tenant } = ensureRole(c, 'client');
    const body = parseFastOr400(quoteRequestFast, QuoteRequest, jsonBody(bodyText(c), c.req.header('content-type')));
    const live = resolveProgram(deps.programs, tenant, body.program);
    const [transaction, customer] = parsePartsOr400(inputParts(live.validators, quoted(body), body.customer ?? {}));
    const evaluator = live.evaluator;
    if (body.include !== undefined || body.exclude !== undefined) checkRuleLists(evaluator, live.label, body);
    const txn = transaction as Parameters<typeof evaluator.evaluate>[0];
    // Without a customer the program's budgets still bind (they are every customer's).
    const state = body.customerId === undefined && !readsProgramCounters(evaluator.checked) ? NO_STATE : await deps.ledger.state(tenant, body.customerId, evaluator, txn);
    const explain = body.explain ?? true;
    const outcome = evaluator.evaluate(txn, customer as Parameters<typeof evaluator.evaluate>[1], state, {
      explain, include: body.include, exclude: body.exclude,
    });
    const range = outOfRange(outcome);
    if (range !== undefined) throw new ApiError('reward-out-of-range', range);
    deps.metrics.recordOutcome('quote', live.label, outcome.rules);
    const blocked = [];
    for (const r of outcome.rules) if (r.state === 'BLOCKED') blocked.push({ rule: r.rule, by: r.by, wouldHaveGiven: r.wouldHaveGiven });
    // The fast path does not look at rules that do not apply: no `blocked` rather than an empty one.
    return jsonSpliced(c, explain ? { programVersion: outcome.programVersion, blocked, outcome } : { programVersion: outcome.programVersion, outcome }, 'outcome', outcomeJson(outcome), 200);
  });
}

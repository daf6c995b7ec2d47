// Turning a posting request into a ledger post, shared by POST /v1/transactions, the batch
// route and the async worker: resolve the live program, validate against its schema, post.
import type { z } from 'zod';
import type { CustomerInput, TransactionInput } from '../runtime/outcome.ts';
import type { Metrics } from './metrics.ts';
import type { LedgerPort, PostResult, QueuedTransaction } from './ports.ts';
import type { LiveProgram, LivePrograms } from './programs/live.ts';
import { resolveProgram } from './programs/resolve.ts';
import type { PostTransactionRequest } from './schemas/transactions.ts';
import { parsePartsOr400 } from './validate.ts';

export interface PreparedPost {
  readonly live: LiveProgram;
  readonly customerId: string;
  readonly transaction: TransactionInput;
  readonly customer: CustomerInput;
}

/**
 * Validates against the live program's schema; throws the 400 (or 409 no-live-program). `at`
 * prefixes the fields a 400 names (`transactions.3` in a batch: `transactions.3.transaction.amount`).
 */
export function preparePost(programs: LivePrograms, tenant: string, body: z.output<typeof PostTransactionRequest>, at?: string): PreparedPost {
  const live = resolveProgram(programs, tenant, body.program, at);
  const { transaction: t, customer: c } = live.validators;
  // Transaction and customer together: a 400 lists every offending field of both.
  const [transaction, customer] = parsePartsOr400([
    { fast: t.fast, schema: t.schema, value: body.transaction, prefix: at === undefined ? 'transaction' : `${at}.transaction` },
    { fast: c.fast, schema: c.schema, value: body.customer ?? {}, prefix: at === undefined ? 'customer' : `${at}.customer` },
  ]) as [TransactionInput, CustomerInput];
  return { live, customerId: body.customerId, transaction, customer };
}

export async function post(ledger: LedgerPort, metrics: Metrics, tenant: string, prepared: PreparedPost): Promise<PostResult> {
  const result = await ledger.post({
    tenant, customerId: prepared.customerId, transaction: prepared.transaction,
    customer: prepared.customer, program: prepared.live.evaluator,
  });
  if (!result.replayed) metrics.recordOutcome('post', result.outcome.programVersion, result.outcome.rules);
  return result;
}

export function toQueued(tenant: string, prepared: PreparedPost): QueuedTransaction {
  return {
    tenant, program: prepared.live.name, customerId: prepared.customerId,
    transaction: prepared.transaction, customer: prepared.customer, enqueuedAt: new Date().toISOString(),
  };
}

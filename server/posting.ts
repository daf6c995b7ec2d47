// Turning a posting request into a ledger post, shared by POST /v1/transactions, the batch
// route and the async worker: resolve the live program, validate against its schema, post.
import type { z } from 'zod';
import type { CustomerInput, TransactionInput } from '../runtime/outcome.ts';
import type { Metrics } from './metrics.ts';
import type { LedgerPort, PostResult, QueuedTransaction } from './ports.ts';
import { parseVersionLabel, type LiveProgram, type LivePrograms } from './programs/live.ts';
import { resolveProgram } from './programs/resolve.ts';
import { isIdentifier } from './schemas/common.ts';
import type { PostTransactionRequest } from './schemas/transactions.ts';
import { checkParts, inputParts, validationError } from './validate.ts';

export interface PreparedPost {
  readonly live: LiveProgram;
  readonly customerId: string;
  readonly transaction: TransactionInput;
  readonly customer: CustomerInput;
}

export interface PostingDeps {
  readonly programs: LivePrograms;
  readonly ledger: LedgerPort;
}

type PostBody = z.output<typeof PostTransactionRequest>;

/** The body checked against one version's schema: the prepared post, or the 400 naming every offending field. */
function prepareOn(program: LiveProgram, body: PostBody, at: string | undefined) {
  // Transaction and customer together: a 400 lists every offending field of both.
  const checked = checkParts(inputParts(program.validators, body.transaction, body.customer ?? {}, at));
  if (!checked.ok) return checked;
  const [transaction, customer] = checked.values as [TransactionInput, CustomerInput];
  return { ok: true as const, prepared: { live: program, customerId: body.customerId, transaction, customer } };
}

/**
 * Validates against the live program's schema; rejects with the 400 or the 409 no-live-program.
 * `at` prefixes the fields a 400 names (`transactions.3` in a batch: `transactions.3.transaction.amount`).
 * A body the live schema refuses may be the retry of a transaction posted on an earlier version
 * (a publish since added a required field): it is judged on the version its id was posted on,
 * so it replays (or conflicts) as it would have before the publish; else (a queued posting,
 * `acceptedVersion`) on the one it was accepted on when queued, which answered 202 and so
 * promised to post it. Only a refused body pays for that look-up.
 */
export async function preparePost(deps: PostingDeps, tenant: string, body: PostBody, at?: string, acceptedVersion?: number): Promise<PreparedPost> {
  const live = resolveProgram(deps.programs, tenant, body.program, at);
  const checked = prepareOn(live, body, at);
  if (checked.ok) return checked.prepared;
  // An id that is not an identifier was never posted: Postgres is not asked about it.
  const id = body.transaction.id;
  const posted = isIdentifier(id) ? await deps.ledger.transaction(tenant, id) : undefined;
  const label = posted ? parseVersionLabel(posted.programVersion) : acceptedVersion === undefined ? undefined : { program: live.name, version: acceptedVersion };
  const program = label && await deps.programs.atVersion(tenant, label.program, label.version);
  const earlier = program && program !== live ? prepareOn(program, body, at) : undefined;
  // A new id, or a body its own version refuses too: the live version's 400.
  if (!earlier?.ok) throw validationError(checked.errors);
  return earlier.prepared;
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
    acceptedVersion: prepared.live.version,
  };
}

// Turning a posting request into a ledger post, shared by POST /v1/transactions, the batch
// route and the async worker: resolve the live program, validate against its schema, post.
import type { z } from 'zod';
import type { CustomerInput, TransactionInput } from '../runtime/outcome.ts';
import type { Metrics } from './metrics.ts';
import type { LedgerPort, PostResult, QueuedTransaction } from './ports.ts';
import { parseVersionLabel, type LiveProgram, type LivePrograms } from './programs/live.ts';
import type { FieldError } from './problem.ts';
import { resolveProgram } from './programs/resolve.ts';
import { Identifier } from './schemas/common.ts';
import type { PostTransactionRequest } from './schemas/transactions.ts';
import { checkParts, validationError } from './validate.ts';

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
  const { transaction: t, customer: c } = program.validators;
  // Transaction and customer together: a 400 lists every offending field of both.
  const checked = checkParts([
    { fast: t.fast, schema: t.schema, value: body.transaction, prefix: at === undefined ? 'transaction' : `${at}.transaction` },
    { fast: c.fast, schema: c.schema, value: body.customer ?? {}, prefix: at === undefined ? 'customer' : `${at}.customer` },
  ]);
  if (!checked.ok) return checked;
  const [transaction, customer] = checked.values as [TransactionInput, CustomerInput];
  return { ok: true as const, prepared: { live: program, customerId: body.customerId, transaction, customer } };
}

/**
 * Validates against the live program's schema; throws (after a look-up: rejects with) the 400,
 * or throws the 409 no-live-program. `at`
 * prefixes the fields a 400 names (`transactions.3` in a batch: `transactions.3.transaction.amount`).
 * A body the live schema refuses may be the retry of a transaction posted on an earlier version
 * (a publish since added a required field): that retry is judged against the version it was
 * posted on, so it replays (or conflicts) as it would have before the publish. Only a refused
 * body pays for that look-up, so the result is a promise only then.
 */
export function preparePost(deps: PostingDeps, tenant: string, body: PostBody, at?: string, acceptedVersion?: number): PreparedPost | Promise<PreparedPost> {
  const live = resolveProgram(deps.programs, tenant, body.program, at);
  const checked = prepareOn(live, body, at);
  if (checked.ok) return checked.prepared;
  return onEarlierVersion(deps, tenant, body, at, live, checked.errors, acceptedVersion);
}

/**
 * The version a body the live schema refuses is judged on: the one its id was posted on, else
 * (a queued posting, `acceptedVersion`) the one it was accepted on when queued, which answered
 * 202 and so promised to post it.
 */
async function onEarlierVersion(deps: PostingDeps, tenant: string, body: PostBody, at: string | undefined, live: LiveProgram, errors: FieldError[], acceptedVersion: number | undefined): Promise<PreparedPost> {
  // An id that is not an identifier was never posted: Postgres is not asked about it.
  const id = Identifier.safeParse(body.transaction.id);
  const posted = id.success ? await deps.ledger.transaction(tenant, id.data) : undefined;
  const label = posted ? parseVersionLabel(posted.programVersion) : acceptedVersion === undefined ? undefined : { program: live.name, version: acceptedVersion };
  const program = label && await deps.programs.atVersion(tenant, label.program, label.version);
  const checked = program && program !== live ? prepareOn(program, body, at) : undefined;
  // A new id, or a body its own version refuses too: the live version's 400.
  if (!checked?.ok) throw validationError(errors);
  return checked.prepared;
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

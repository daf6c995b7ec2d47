// What a worker does with one queued transaction: validate it against the program live now
// (one the live schema refuses since a publish, against the version its id was posted on if it
// was, else the one it was accepted on), post it (idempotent on its id, so a redelivery posts
// nothing twice). Refusals (a 4xx) are permanent; anything else is worth retrying.
import type { Metrics } from '../metrics.ts';
import { LedgerError, type LedgerPort, type QueuedTransaction } from '../ports.ts';
import { post, preparePost } from '../posting.ts';
import { ApiError } from '../problem.ts';
import type { LivePrograms } from '../programs/live.ts';

export type Processed = { readonly ok: true; readonly replayed: boolean } | { readonly ok: false; readonly permanent: boolean; readonly error: string };

export async function processQueued(deps: { programs: LivePrograms; ledger: LedgerPort; metrics: Metrics }, item: QueuedTransaction): Promise<Processed> {
  try {
    const prepared = await preparePost(deps, item.tenant, {
      ...(item.program === undefined ? {} : { program: item.program }),
      customerId: item.customerId, transaction: item.transaction, customer: item.customer,
    }, undefined, item.acceptedVersion);
    const result = await post(deps.ledger, deps.metrics, item.tenant, prepared);
    return { ok: true, replayed: result.replayed };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, permanent: error.status < 500 && error.slug !== 'no-live-program', error: `${error.slug}: ${error.message}` };
    if (error instanceof LedgerError) return { ok: false, permanent: true, error: `${error.code}: ${error.message}` };
    return { ok: false, permanent: false, error: (error as Error).message ?? String(error) };
  }
}

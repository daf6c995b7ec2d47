// A retry is judged against the program version its transaction was posted on: a publish in
// between (one that adds a required field, say) must not turn a retry into a 400.
import { describe, expect, it } from 'vitest';
import { processQueued } from '../../server/queue/process.ts';
import { MemoryQueue as EmbeddedQueue } from '../../server/queue/memory.ts';
import { harness, KEYS, problem, txn, type Harness } from './fakes.ts';

/** Publishes version 2 of `card`: version 1 plus a required transaction field `store`. */
async function publishRequiringStore(h: Harness): Promise<void> {
  expect((await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: 'program fake\nrate 1\nrequire store\n' } })).status).toBe(201);
  expect((await h.call('POST', '/v1/programs/card/versions/2/publish', { key: KEYS.aAuthor })).status).toBe(200);
}

describe('a retry after a publish', () => {
  it('a retry after a publish that adds a required field replays the first outcome, naming version 1', async () => {
    const h = await harness();
    const first = await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect(first.status).toBe(201);
    const posted = await first.json() as any;
    await publishRequiringStore(h);

    const retry = await h.call('POST', '/v1/transactions', { body: txn('t1') });
    expect(retry.status).toBe(200);
    const body = await retry.json() as any;
    expect(body).toMatchObject({ status: 'posted', replayed: true });
    expect(body.outcome).toEqual(posted.outcome);
    expect(body.outcome.programVersion).toBe('card@1');
  });

  it('the same id with another body is still a 409; a new id without the new field is a 400 naming it', async () => {
    const h = await harness();
    expect((await h.call('POST', '/v1/transactions', { body: txn('t1') })).status).toBe(201);
    await publishRequiringStore(h);

    await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { amount: '99.00' }) }), 409, 'transaction-conflict');
    const fresh = await problem(await h.call('POST', '/v1/transactions', { body: txn('t2') }), 400, 'validation-error');
    expect(fresh.errors).toEqual([{ field: 'transaction.store', message: 'is required' }]);
    // A body neither version accepts is the live version's 400, even for a posted id.
    const neither = await problem(await h.call('POST', '/v1/transactions', { body: txn('t1', { category: 'nope' }) }), 400, 'validation-error');
    expect(neither.errors.map((e: any) => e.field)).toEqual(['transaction.category', 'transaction.store']);
    // The new version's own postings need the field, and get it.
    const v2 = await h.call('POST', '/v1/transactions', { body: txn('t3', { store: 'downtown' }) });
    expect(v2.status).toBe(201);
    expect((await v2.json() as any).outcome.programVersion).toBe('card@2');
  });

  it('a first posting that validates pays no look-up of earlier postings', async () => {
    const h = await harness();
    let lookups = 0;
    const read = h.ledger.transaction.bind(h.ledger);
    h.ledger.transaction = (tenant, id) => { lookups++; return read(tenant, id); };
    expect((await h.call('POST', '/v1/transactions', { body: txn('t1') })).status).toBe(201);
    expect(lookups).toBe(0);
  });

  it('in a batch, a retried item replays on its version while a new item without the field is a 400', async () => {
    const h = await harness();
    expect((await h.call('POST', '/v1/transactions', { body: txn('t1') })).status).toBe(201);
    await publishRequiringStore(h);
    const res = await h.call('POST', '/v1/transactions/batch', { body: { transactions: [txn('t1'), txn('t2'), txn('t1', { amount: '1.00' }), txn('t4', { store: 'x' })] } });
    const body = await res.json() as any;
    expect(body.results.map((r: any) => r.status)).toEqual([200, 400, 409, 201]);
    expect(body.results[0]).toMatchObject({ replayed: true, outcome: { programVersion: 'card@1' } });
    expect(body.results[1].problem.errors).toEqual([{ field: 'transactions.1.transaction.store', message: 'is required' }]);
  });

  it('async: the retry is queued, and the worker replays it on the version it was posted on', async () => {
    const h = await harness();
    expect((await h.call('POST', '/v1/transactions', { body: txn('t1') })).status).toBe(201);
    await publishRequiringStore(h);
    expect((await h.call('POST', '/v1/transactions?mode=async', { body: txn('t1') })).status).toBe(202);
    await problem(await h.call('POST', '/v1/transactions?mode=async', { body: txn('t2') }), 400, 'validation-error');
    expect(await processQueued(h.deps, h.queue.items[0]!)).toEqual({ ok: true, replayed: true });
  });

  it('async: a posting queued on version 1 and processed after a publish that adds a required field posts on version 1', async () => {
    const h = await harness();
    expect((await h.call('POST', '/v1/transactions?mode=async', { body: txn('t1') })).status).toBe(202);
    await publishRequiringStore(h);
    expect(await processQueued(h.deps, h.queue.items[0]!)).toEqual({ ok: true, replayed: false });
    const read = await h.call('GET', '/v1/transactions/t1');
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ status: 'posted', outcome: { programVersion: 'card@1' } });
  });

  it('async: a queued posting the live version accepts posts on the live version, whatever it was queued on', async () => {
    const h = await harness();
    expect((await h.call('POST', '/v1/transactions?mode=async', { body: txn('t1') })).status).toBe(202);
    expect((await h.call('POST', '/v1/programs/card/versions', { key: KEYS.aAuthor, body: { source: 'program fake\nrate 2\n' } })).status).toBe(201);
    expect((await h.call('POST', '/v1/programs/card/versions/2/publish', { key: KEYS.aAuthor })).status).toBe(200);
    expect(await processQueued(h.deps, h.queue.items[0]!)).toEqual({ ok: true, replayed: false });
    expect(await (await h.call('GET', '/v1/transactions/t1')).json()).toMatchObject({ outcome: { programVersion: 'card@2' } });
  });

  it('async: a submission of a posted id with another body shows as failed beside the transaction as posted', async () => {
    const h = await harness();
    const queue = new EmbeddedQueue({ programs: h.deps.programs, ledger: h.deps.ledger, metrics: h.deps.metrics, logger: h.deps.logger });
    Object.assign(h.deps, { queue });
    expect((await h.call('POST', '/v1/transactions', { body: txn('t1') })).status).toBe(201);
    expect((await h.call('POST', '/v1/transactions?mode=async', { body: txn('t1', { amount: '99.00' }) })).status).toBe(202);
    await queue.idle();
    const body = await (await h.call('GET', '/v1/transactions/t1')).json() as any;
    expect(body).toMatchObject({ status: 'posted', outcome: { programVersion: 'card@1' } });
    expect(body.asyncSubmission).toMatchObject({ status: 'failed', error: expect.stringContaining('transaction-conflict') });
    // A transaction posted without a failed submission carries none.
    expect((await h.call('POST', '/v1/transactions', { body: txn('t2') })).status).toBe(201);
    expect(await (await h.call('GET', '/v1/transactions/t2')).json()).not.toHaveProperty('asyncSubmission');
  });
});

// Graceful shutdown: draining waits for requests in flight and refuses new ones.
import { describe, expect, it } from 'vitest';
import { harness, holdPosts, txn } from './fakes.ts';

describe('draining', () => {
  it('waits for in-flight requests, which complete normally; new ones get 503', async () => {
    const h = await harness();
    const { release } = holdPosts(h);
    const inFlight = h.call('POST', '/v1/transactions', { body: txn('slow') });
    await new Promise((r) => setTimeout(r, 10));
    expect(h.deps.inflight.size).toBe(1);
    let drained = false;
    const draining = h.deps.inflight.drain(5000).then(() => { drained = true; });
    expect((await h.call('GET', '/v1/customers/c1/balance')).status).toBe(503);
    await new Promise((r) => setTimeout(r, 20));
    expect(drained).toBe(false);
    release();
    expect((await inFlight).status).toBe(201);
    await draining;
    expect(drained).toBe(true);
  });
});

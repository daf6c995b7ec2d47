import { describe, expect, it } from 'vitest';
import { GroupCommitter, type GroupCommitOptions } from '../../../runtime/ledger/group-commit.ts';

interface Req { customer: string; n: number }

/** A committer whose batches finish when the test says so; records what ran and what overlapped. */
function harness(options: GroupCommitOptions) {
  const batches: Req[][] = [];
  const finishers: ((fail?: boolean) => void)[] = [];
  let running = 0;
  let maxRunning = 0;
  const overlaps: string[] = [];
  const runningCustomers = new Set<string>();
  const committer = new GroupCommitter<Req, string>(
    (requests) => {
      batches.push([...requests]);
      running++;
      maxRunning = Math.max(maxRunning, running);
      const mine = new Set(requests.map((r) => r.customer));
      for (const c of mine) {
        if (runningCustomers.has(c)) overlaps.push(c);
        runningCustomers.add(c);
      }
      return new Promise((resolve, reject) => {
        finishers.push((fail) => {
          running--;
          for (const c of mine) runningCustomers.delete(c);
          if (fail) reject(new Error('batch failed'));
          else resolve(requests.map((r) => ({ status: 'fulfilled', value: `${r.customer}#${r.n}` })));
        });
      });
    },
    (r) => r.customer,
    options,
  );
  const finish = async (index: number, fail = false) => {
    finishers[index]!(fail);
    await sleep(0);
  };
  return { committer, batches, finish, overlaps, get maxRunning() { return maxRunning; } };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (batch: Req[] | undefined) => (batch ?? []).map((r) => `${r.customer}#${r.n}`);

describe('group commit', () => {
  it('gathers requests that arrive while a batch runs into the next batch', async () => {
    const h = harness({ windowMs: 1, overlapAt: 100, overlapAfterMs: 1000 });
    const first = h.committer.submit({ customer: 'a', n: 1 });
    await sleep(10);
    expect(h.batches).toHaveLength(1);
    const later = [2, 3, 4, 5].map((n) => h.committer.submit({ customer: `c${n}`, n }));
    await sleep(10);
    // One batch at a time under light load: the four wait for the running one.
    expect(h.batches).toHaveLength(1);
    await h.finish(0);
    expect(await first).toBe('a#1');
    expect(names(h.batches[1])).toEqual(['c2#2', 'c3#3', 'c4#4', 'c5#5']);
    await h.finish(1);
    expect(await Promise.all(later)).toEqual(['c2#2', 'c3#3', 'c4#4', 'c5#5']);
  });

  it("keeps a customer's requests in arrival order and never in two running batches", async () => {
    const h = harness({ windowMs: 0, overlapAt: 1, maxInFlight: 4 });
    const results: Promise<string>[] = [];
    results.push(h.committer.submit({ customer: 'a', n: 1 }));
    await sleep(5);
    // With overlapAt 1 every request may start a batch beside the running one, unless its
    // customer is held: b goes at once, a's second request waits for a's first batch.
    results.push(h.committer.submit({ customer: 'a', n: 2 }));
    results.push(h.committer.submit({ customer: 'b', n: 3 }));
    results.push(h.committer.submit({ customer: 'a', n: 4 }));
    await sleep(5);
    expect(h.batches.map(names)).toEqual([['a#1'], ['b#3']]);
    await h.finish(0);
    expect(names(h.batches[2])).toEqual(['a#2', 'a#4']);
    await h.finish(1);
    await h.finish(2);
    expect(await Promise.all(results)).toEqual(['a#1', 'a#2', 'b#3', 'a#4']);
    expect(h.overlaps).toEqual([]);
  });

  it("does not let a busy customer's backlog start batches of one for everyone else", async () => {
    const h = harness({ windowMs: 0, overlapAt: 3, overlapAfterMs: 1000, maxInFlight: 3 });
    void h.committer.submit({ customer: 'a', n: 0 });
    await sleep(5);
    // Five more of a's wait aside for a's batch; they are not "waiting requests" that could
    // start a batch, so b and c (two, under overlapAt) wait for the running batch too.
    for (let n = 1; n <= 5; n++) void h.committer.submit({ customer: 'a', n });
    void h.committer.submit({ customer: 'b', n: 6 });
    void h.committer.submit({ customer: 'c', n: 7 });
    await sleep(5);
    expect(h.batches.map(names)).toEqual([['a#0']]);
    await h.finish(0);
    expect(names(h.batches[1])).toEqual(['a#1', 'a#2', 'a#3', 'a#4', 'a#5', 'b#6', 'c#7']);
    await h.finish(1);
  });

  it('keeps a customer cut off by maxBatch out of the batch running beside its first requests', async () => {
    const h = harness({ windowMs: 5, overlapAt: 1, maxInFlight: 2, maxBatch: 2 });
    const results = ['a', 'a', 'a', 'b'].map((customer, n) => h.committer.submit({ customer, n }));
    await sleep(20);
    // The first batch takes a#0 and a#1; a#2 must wait for it, b goes beside it.
    expect(h.batches.map(names)).toEqual([['a#0', 'a#1'], ['b#3']]);
    await h.finish(0);
    expect(names(h.batches[2])).toEqual(['a#2']);
    await h.finish(1);
    await h.finish(2);
    expect(await Promise.all(results)).toEqual(['a#0', 'a#1', 'a#2', 'b#3']);
    expect(h.overlaps).toEqual([]);
  });

  it('starts another batch beside a slow one once the oldest request has waited overlapAfterMs', async () => {
    const h = harness({ windowMs: 0, overlapAt: 100, overlapAfterMs: 20 });
    void h.committer.submit({ customer: 'a', n: 1 });
    await sleep(5);
    void h.committer.submit({ customer: 'b', n: 2 });
    await sleep(5);
    expect(h.batches).toHaveLength(1);
    await sleep(40);
    expect(h.batches.map(names)).toEqual([['a#1'], ['b#2']]);
    await h.finish(0);
    await h.finish(1);
  });

  it('starts another batch at once when overlapAt requests wait, up to maxInFlight', async () => {
    const h = harness({ windowMs: 0, overlapAt: 3, overlapAfterMs: 1000, maxInFlight: 2, fullInFlight: 2, maxBatch: 3 });
    void h.committer.submit({ customer: 'a', n: 0 });
    await sleep(5);
    for (let n = 1; n <= 9; n++) void h.committer.submit({ customer: `c${n}`, n });
    await sleep(5);
    // The third waiting request starts a second batch of three; nine waiting could fill more,
    // but only two batches may run.
    expect(h.batches.map(names)).toEqual([['a#0'], ['c1#1', 'c2#2', 'c3#3']]);
    expect(h.maxRunning).toBe(2);
    await h.finish(0);
    expect(names(h.batches[2])).toEqual(['c4#4', 'c5#5', 'c6#6']);
    await h.finish(1);
    await h.finish(2);
    await h.finish(3);
    expect(h.batches.flatMap(names)).toHaveLength(10);
  });

  it('runs one batch more than maxInFlight only while a whole batch waits', async () => {
    const h = harness({ windowMs: 0, overlapAt: 1, maxInFlight: 2, fullInFlight: 3, maxBatch: 3 });
    const results: Promise<string>[] = [];
    const submit = (customer: string, n: number) => results.push(h.committer.submit({ customer, n }));
    for (const n of [0, 1]) submit(`a${n}`, n);
    await sleep(5);
    submit('b2', 2);
    submit('b3', 3);
    submit('a0', 4); // held by the first batch: waits aside, whatever runs meanwhile
    submit('b5', 5);
    await sleep(5);
    // b2 starts a second batch; b3 and b5, fewer than a batch, wait for one of the two.
    expect(h.batches.map(names)).toEqual([['a0#0', 'a1#1'], ['b2#2']]);
    submit('c6', 6);
    await sleep(5);
    // Three waiting fill a batch: a third runs beside the two.
    expect(h.batches.map(names)).toEqual([['a0#0', 'a1#1'], ['b2#2'], ['b3#3', 'b5#5', 'c6#6']]);
    for (let n = 7; n < 13; n++) submit(`d${n}`, n);
    await sleep(5);
    // Never more than fullInFlight, however many wait.
    expect(h.batches).toHaveLength(3);
    for (let i = 0; i < 3; i++) await h.finish(i);
    // a0's second request went back to the front of the queue when its first batch ended; d12,
    // alone, is no whole batch: it waits while two run.
    expect(h.batches.slice(3).map(names)).toEqual([['a0#4', 'd7#7', 'd8#8'], ['d9#9', 'd10#10', 'd11#11']]);
    await h.finish(3);
    expect(names(h.batches[5])).toEqual(['d12#12']);
    expect(h.maxRunning).toBe(3);
    await h.finish(4);
    await h.finish(5);
    expect(await Promise.all(results)).toEqual(['a0#0', 'a1#1', 'b2#2', 'b3#3', 'a0#4', 'b5#5', 'c6#6', ...[7, 8, 9, 10, 11, 12].map((n) => `d${n}#${n}`)]);
    expect(h.overlaps).toEqual([]);
  });

  it('fails only the requests of a failed batch, and drains once all are answered', async () => {
    const h = harness({ windowMs: 0, overlapAt: 100, overlapAfterMs: 1000 });
    const first = h.committer.submit({ customer: 'a', n: 1 }).catch((err: Error) => err.message);
    await sleep(5);
    const second = h.committer.submit({ customer: 'b', n: 2 });
    let drained = false;
    const drain = h.committer.drain().then(() => { drained = true; });
    await h.finish(0, true);
    expect(await first).toBe('batch failed');
    expect(drained).toBe(false);
    await h.finish(1);
    expect(await second).toBe('b#2');
    await drain;
    expect(drained).toBe(true);
  });
});

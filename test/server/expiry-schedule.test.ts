import { describe, expect, it } from 'vitest';
import { scheduleExpiry, type Expirer } from '../../server/expiry-schedule.ts';

const quiet = { info: () => {}, error: () => {} };

function fakeLedger(fail = false): Expirer & { calls: Date[] } {
  const calls: Date[] = [];
  return {
    calls,
    async expire({ asOf }) {
      calls.push(asOf!);
      if (fail) throw new Error('database away');
      return { asOf: asOf!.toISOString(), customers: 0, expired: {} };
    },
  };
}

describe('scheduled expiry in the engine', () => {
  it('expires due lots at start and then on every interval, as of the current time', async () => {
    const ledger = fakeLedger();
    const schedule = scheduleExpiry(ledger, 20, quiet);
    await new Promise((r) => setTimeout(r, 110));
    await schedule.stop();
    expect(ledger.calls.length).toBeGreaterThanOrEqual(3);
    expect(Math.abs(ledger.calls[0]!.getTime() - Date.now())).toBeLessThan(5_000);
    const after = ledger.calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(ledger.calls.length).toBe(after);
  });

  it('keeps running after a failed run and logs it instead of crashing the engine', async () => {
    const errors: unknown[] = [];
    const ledger = fakeLedger(true);
    const schedule = scheduleExpiry(ledger, 20, { info: () => {}, error: (e: unknown) => errors.push(e) } as never);
    await new Promise((r) => setTimeout(r, 90));
    await schedule.stop();
    expect(ledger.calls.length).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(ledger.calls.length);
  });

  it('does nothing when the interval is 0', async () => {
    const ledger = fakeLedger();
    await scheduleExpiry(ledger, 0, quiet).stop();
    expect(ledger.calls).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { expiresAt } from '../../runtime/expiry.ts';
import { zone } from '../../runtime/local-time.ts';

const ny = zone('America/New_York');
const at = (iso: string) => ny.parts(Date.parse(iso));

describe('expiry', () => {
  it('expires after N days at the start of the following local day', () => {
    expect(expiresAt({ kind: 'after', count: 30, unit: 'days' }, at('2026-01-10T15:00:00Z'), ny)).toBe('2026-02-10T05:00:00.000Z');
    expect(expiresAt({ kind: 'after', count: 1, unit: 'weeks' }, at('2026-01-10T15:00:00Z'), ny)).toBe('2026-01-18T05:00:00.000Z');
  });

  it('uses the local date, not the UTC one', () => {
    // 23:30 in New York on Jan 31 is Feb 1 in UTC.
    expect(expiresAt({ kind: 'after', count: 0, unit: 'days' }, at('2026-02-01T04:30:00Z'), ny)).toBe('2026-02-01T05:00:00.000Z');
  });

  it('clamps month arithmetic to the last day of the month', () => {
    expect(expiresAt({ kind: 'after', count: 1, unit: 'months' }, at('2026-01-31T15:00:00Z'), ny)).toBe('2026-03-01T05:00:00.000Z');
    expect(expiresAt({ kind: 'after', count: 1, unit: 'years' }, at('2028-02-29T15:00:00Z'), ny)).toBe('2029-03-01T05:00:00.000Z');
    expect(expiresAt({ kind: 'after', count: 24, unit: 'months' }, at('2026-03-15T15:00:00Z'), ny)).toBe('2028-03-16T04:00:00.000Z');
  });

  it('expires at the start of the next period, across DST', () => {
    expect(expiresAt({ kind: 'endOf', period: 'month' }, at('2026-03-05T15:00:00Z'), ny)).toBe('2026-04-01T04:00:00.000Z');
    expect(expiresAt({ kind: 'endOf', period: 'quarter' }, at('2026-11-20T15:00:00Z'), ny)).toBe('2027-01-01T05:00:00.000Z');
    expect(expiresAt({ kind: 'endOf', period: 'year' }, at('2026-06-20T15:00:00Z'), ny)).toBe('2027-01-01T05:00:00.000Z');
    // Friday 2026-11-20 → Monday 2026-11-23.
    expect(expiresAt({ kind: 'endOf', period: 'week' }, at('2026-11-20T15:00:00Z'), ny)).toBe('2026-11-23T05:00:00.000Z');
    // A Monday → the next Monday.
    expect(expiresAt({ kind: 'endOf', period: 'week' }, at('2026-11-23T15:00:00Z'), ny)).toBe('2026-11-30T05:00:00.000Z');
  });

  it('a local day whose midnight the clocks skip starts at its first instant, 01:00 (Santiago, Havana)', () => {
    const santiago = zone('America/Santiago');
    // 2026-09-06 00:00 -04 does not happen: clocks go from 23:59:59 to 01:00 -03 (04:00Z).
    expect(expiresAt({ kind: 'after', count: 1, unit: 'days' }, santiago.parts(Date.parse('2026-09-04T16:00:00Z')), santiago)).toBe('2026-09-06T04:00:00.000Z');
    expect(expiresAt({ kind: 'endOf', period: 'week' }, santiago.parts(Date.parse('2026-09-04T16:00:00Z')), santiago)).toBe('2026-09-07T03:00:00.000Z');
    const havana = zone('America/Havana');
    expect(expiresAt({ kind: 'after', count: 1, unit: 'days' }, havana.parts(Date.parse('2026-03-06T17:00:00Z')), havana)).toBe('2026-03-08T05:00:00.000Z');
    // Turned back at 00:00 -03 to 23:00 -04: Apr 5 starts once, at 04:00Z.
    expect(expiresAt({ kind: 'after', count: 0, unit: 'days' }, santiago.parts(Date.parse('2026-04-04T16:00:00Z')), santiago)).toBe('2026-04-05T04:00:00.000Z');
    // Havana turns back at 01:00 to 00:00: Nov 1 00:00 happens twice; the day starts at the first.
    expect(expiresAt({ kind: 'after', count: 0, unit: 'days' }, havana.parts(Date.parse('2026-10-31T17:00:00Z')), havana)).toBe('2026-11-01T04:00:00.000Z');
  });

  it('years 0–99 stay themselves and an expiry past 9999 is the last instant of 9999', () => {
    const utc = zone('UTC');
    expect(expiresAt({ kind: 'after', count: 12, unit: 'months' }, utc.parts(Date.parse('0001-01-01T00:00:00Z')), utc)).toBe('0002-01-02T00:00:00.000Z');
    expect(expiresAt({ kind: 'after', count: 30, unit: 'days' }, utc.parts(Date.parse('0050-06-01T00:00:00Z')), utc)).toBe('0050-07-02T00:00:00.000Z');
    expect(expiresAt({ kind: 'endOf', period: 'week' }, utc.parts(Date.parse('0099-12-30T00:00:00Z')), utc)).toBe('0100-01-04T00:00:00.000Z');
    expect(expiresAt({ kind: 'after', count: 12, unit: 'months' }, utc.parts(Date.parse('9999-12-31T23:00:00Z')), utc)).toBe('9999-12-31T23:59:59.999Z');
    expect(expiresAt({ kind: 'endOf', period: 'year' }, utc.parts(Date.parse('9999-06-01T00:00:00Z')), utc)).toBe('9999-12-31T23:59:59.999Z');
  });

  it('never expires without a spec or with never', () => {
    expect(expiresAt(undefined, at('2026-01-10T15:00:00Z'), ny)).toBeNull();
    expect(expiresAt({ kind: 'never' }, at('2026-01-10T15:00:00Z'), ny)).toBeNull();
  });
});

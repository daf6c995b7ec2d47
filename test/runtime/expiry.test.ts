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

  it('never expires without a spec or with never', () => {
    expect(expiresAt(undefined, at('2026-01-10T15:00:00Z'), ny)).toBeNull();
    expect(expiresAt({ kind: 'never' }, at('2026-01-10T15:00:00Z'), ny)).toBeNull();
  });
});

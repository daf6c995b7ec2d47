import { describe, expect, it } from 'vitest';
import { isoWeek, toEpochMs, zone } from '../../runtime/local-time.ts';

describe('local time at the edges of the calendar', () => {
  it('keeps a year below 100 as itself in local dates (Date.UTC would have made it 19xx)', () => {
    const ms = toEpochMs('0050-06-01T12:00:00Z');
    expect(zone('America/New_York').parts(ms).date).toBe('0050-06-01');
    expect(zone('Asia/Kolkata').parts(ms).date).toBe('0050-06-01');
    expect(isoWeek(50, 6, 1)).toEqual({ year: 50, week: 22 });
  });

  it('reads epoch milliseconds beyond 9999-12-31 as an invalid time instead of throwing RangeError later', () => {
    expect(toEpochMs(8_639_999_999_999_999)).toBeNaN();
    expect(toEpochMs(253_402_300_800_000)).toBeNaN();
    expect(toEpochMs(253_402_300_799_999)).toBe(253_402_300_799_999);
    expect(toEpochMs(-62_167_219_200_001)).toBeNaN();
  });
});

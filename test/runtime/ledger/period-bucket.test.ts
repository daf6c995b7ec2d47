// Which bucket row keeps a period's aggregates and caps (migration 010), in TypeScript and in
// the migration's SQL, which must agree for rows moved by the migration to be found.
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../runtime/ledger/db.ts';
import { openPg } from '../../../runtime/ledger/db-pg.ts';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';
import { migrate } from '../../../runtime/ledger/migrate.ts';
import { bucketOf, bucketsOf } from '../../../runtime/ledger/period-bucket.ts';
import { isoWeek, periodKeysOf, zone } from '../../../runtime/local-time.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';

describe('bucketOf', () => {
  it('keeps days, weeks and the month in their month, quarters and the year in their year, lifetime apart', () => {
    expect(bucketOf('day:2026-11-20')).toBe('month:2026-11');
    expect(bucketOf('month:2026-11')).toBe('month:2026-11');
    expect(bucketOf('quarter:2026-Q4')).toBe('year:2026');
    expect(bucketOf('year:2026')).toBe('year:2026');
    expect(bucketOf('lifetime')).toBe('lifetime');
  });

  it('keeps a week in the month of its Thursday, across months and ISO years', () => {
    expect(bucketOf('week:2026-W05')).toBe('month:2026-01'); // Mon 26 Jan – Sun 1 Feb
    expect(bucketOf('week:2026-W01')).toBe('month:2026-01'); // Mon 29 Dec 2025 – Sun 4 Jan
    expect(bucketOf('week:2026-W53')).toBe('month:2026-12'); // Mon 28 Dec 2026 – Sun 3 Jan 2027
    expect(bucketOf('week:2021-W52')).toBe('month:2021-12');
    expect(bucketOf('week:0099-W10')).toBe('month:0099-03');
  });

  it('puts every day of a week in the same bucket for that week, on every day of 1999–2041', () => {
    for (let t = Date.UTC(1999, 0, 1); t < Date.UTC(2041, 0, 1); t += 86_400_000) {
      const d = new Date(t);
      const w = isoWeek(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
      const thursday = new Date(t + (4 - (d.getUTCDay() || 7)) * 86_400_000);
      const month = thursday.toISOString().slice(0, 7);
      expect(bucketOf(`week:${w.year}-W${String(w.week).padStart(2, '0')}`)).toBe(`month:${month}`);
    }
  });

  it('lists the buckets a posting writes once each: three, or four when its week lives in another month', () => {
    const utc = zone('UTC');
    expect(bucketsOf(periodKeysOf(utc.parts(Date.UTC(2026, 10, 20, 12))))).toEqual(['month:2026-11', 'year:2026', 'lifetime']);
    expect(bucketsOf(periodKeysOf(utc.parts(Date.UTC(2026, 1, 1, 12))))).toEqual(['month:2026-02', 'month:2026-01', 'year:2026', 'lifetime']);
  });
});

/** Checks acc_bucket_of against bucketOf for every period of every day of 2019–2031, on a migrated database. */
async function agreesWithBucketOf(db: Db): Promise<void> {
  await migrate(db);
  const utc = zone('UTC');
  const periods = new Set<string>(['lifetime', 'week:2026-W5x']);
  for (let t = Date.UTC(2019, 0, 1); t < Date.UTC(2032, 0, 1); t += 86_400_000) {
    for (const p of Object.values(periodKeysOf(utc.parts(t)))) periods.add(p);
  }
  const list = [...periods];
  const rows = await db.query<{ p: string; b: string }>('SELECT p, acc_bucket_of(p) AS b FROM unnest($1::text[]) AS p', [list]);
  expect(rows.length).toBe(list.length);
  for (const r of rows) expect([r.p, r.b]).toEqual([r.p, bucketOf(r.p)]);
}

describe('acc_bucket_of (migration 010) on PGlite', () => {
  it('agrees with bucketOf for every period of every day of 2019–2031', async () => {
    const db = await openPglite();
    try {
      await agreesWithBucketOf(db);
    } finally {
      await db.close();
    }
  });
});

const available = await postgresAvailable();
describe.skipIf(!available)('acc_bucket_of (migration 010) on Postgres', () => {
  const schema = useFreshSchema();

  it('agrees with bucketOf for every period of every day of 2019–2031', async () => {
    const db = openPg({ connectionString: DATABASE_URL, schema: schema.name, max: 1 });
    try {
      await agreesWithBucketOf(db);
    } finally {
      await db.close();
    }
  });
});

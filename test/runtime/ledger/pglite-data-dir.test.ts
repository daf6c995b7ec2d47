import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../../runtime/ledger/db-pglite.ts';

const root = mkdtempSync(join(tmpdir(), 'accrue-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded database folder', () => {
  it('creates a nested data folder that does not exist yet (a fresh clone has no .data/)', async () => {
    const dir = join(root, '.data', 'pglite');
    const db = await openPglite(dir);
    try {
      const rows = await db.query<{ one: number }>('select 1 as one');
      expect(rows[0]?.one).toBe(1);
      expect(existsSync(dir)).toBe(true);
    } finally {
      await db.close();
    }
  });
});

// `accrue start` (npm start) on the embedded default: serves, prints the URL, the demo key and
// a curl for a quote that works when pasted; SIGTERM drains and exits 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('accrue start (embedded: PGlite, in-process cache)', () => {
  it('serves the demo and the printed curl gets a quote', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'accrue-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', ACCRUE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ACCRUE_DEMO_KEY: 'demo-key-for-tests' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ['bin/accrue.mjs', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', () => {});
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const t0 = Date.now();
      while (!/curl -s \S+\/v1\/quote/.test(stdout)) {
        if (Date.now() - t0 > 90_000 || child.exitCode !== null) throw new Error(`accrue start did not come up:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(stdout).toMatch(/Accrue engine listening on http:\/\/127\.0\.0\.1:\d+/);
      expect(stdout).toContain('demo API key (admin): demo-key-for-tests');
      // "paste" the printed curl: URL, headers and body exactly as printed
      const curl = stdout.split('\n').find((l) => l.startsWith('curl -s') && l.includes('/v1/quote'))!;
      const url = /curl -s (\S+)/.exec(curl)![1]!;
      const auth = /-H 'Authorization: ([^']+)'/.exec(curl)![1]!;
      const body = /-d '([^']+)'/.exec(curl)![1]!;
      const res = await fetch(url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body });
      expect(res.status).toBe(200);
      const quote = await res.json() as { programVersion: string; outcome: { totals: { points: number } } };
      expect(quote.programVersion).toBe('credit-card@1');
      expect(quote.outcome.totals.points).toBeGreaterThan(0);
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

// The demo tenant of `accrue start`: the credit-card example live as program `credit-card`, and
// an admin API key (ACCRUE_DEMO_KEY, or a fresh random one) printed for the user.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hasErrors } from '../grammar/diagnostics.ts';
import type { Config } from './config.ts';
import type { AppDeps } from './deps.ts';
import { hashApiKey } from './middleware/auth.ts';
import { versionLabel } from './programs/live.ts';
import { newApiKey } from './routes/api-keys.ts';

export const DEMO_PROGRAM = 'credit-card';
export const DEMO_SOURCE = new URL('../rules-examples/credit-card/credit-card.accrue', import.meta.url);

export async function ensureDemo(deps: AppDeps, config: Config): Promise<{ key: string; tenant: string; program: string }> {
  const tenant = config.ACCRUE_DEMO_TENANT;
  const versions = await deps.versions.list(tenant, DEMO_PROGRAM);
  if (!versions.some((v) => v.status === 'live')) {
    const source = readFileSync(DEMO_SOURCE, 'utf8');
    const next = (versions[0]?.version ?? 0) + 1;
    const { program, diagnostics } = deps.compile(source, { version: versionLabel(DEMO_PROGRAM, next) });
    if (!program || hasErrors(diagnostics)) throw new Error(`the demo program does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
    const record = await deps.versions.create(tenant, DEMO_PROGRAM, {
      source, hash: createHash('sha256').update(source).digest('hex'), diagnostics, status: 'draft', author: 'accrue start',
    });
    const live = await deps.versions.publish(tenant, DEMO_PROGRAM, record.version);
    deps.programs.activate(live);
    await deps.bus.publish({ tenant, program: DEMO_PROGRAM, version: live.version });
  }
  const key = config.ACCRUE_DEMO_KEY ?? newApiKey();
  await deps.keys.create({ id: `demo-${randomUUID().slice(0, 8)}`, hash: hashApiKey(key), tenant, role: 'admin', name: 'demo' });
  return { key, tenant, program: DEMO_PROGRAM };
}

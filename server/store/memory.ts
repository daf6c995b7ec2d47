// In-memory version and API-key stores: the reference behaviour the SQL stores match
// (test/server/stores.test.ts runs one contract suite against both).
import type { Principal } from '../env.ts';
import type { ApiKeyStore, NewVersion, ProgramVersion, VersionStore } from '../ports.ts';

export class MemoryVersionStore implements VersionStore {
  private readonly rows = new Map<string, ProgramVersion[]>();
  /** Publication stack per program: publish pushes, rollback pops. */
  private readonly published = new Map<string, number[]>();

  private key(tenant: string, program: string): string { return `${tenant}\u0000${program}`; }

  async create(tenant: string, program: string, v: NewVersion): Promise<ProgramVersion> {
    const list = this.rows.get(this.key(tenant, program)) ?? [];
    const record: ProgramVersion = {
      tenant, program, version: list.length + 1, status: v.status, source: v.source, hash: v.hash,
      diagnostics: v.diagnostics, author: v.author, createdAt: new Date().toISOString(), publishedAt: null,
    };
    this.rows.set(this.key(tenant, program), [...list, record]);
    return record;
  }

  async list(tenant: string, program: string): Promise<readonly ProgramVersion[]> {
    return [...(this.rows.get(this.key(tenant, program)) ?? [])].reverse();
  }

  async get(tenant: string, program: string, version: number): Promise<ProgramVersion | undefined> {
    return this.rows.get(this.key(tenant, program))?.[version - 1];
  }

  private setLive(tenant: string, program: string, version: number): ProgramVersion {
    const list = this.rows.get(this.key(tenant, program))!;
    const now = new Date().toISOString();
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!;
      if (row.version === version) list[i] = { ...row, status: 'live', publishedAt: now };
      else if (row.status === 'live') list[i] = { ...row, status: 'retired' };
    }
    return list[version - 1]!;
  }

  async publish(tenant: string, program: string, version: number): Promise<ProgramVersion> {
    const stack = this.published.get(this.key(tenant, program)) ?? [];
    if (stack.at(-1) !== version) stack.push(version);
    this.published.set(this.key(tenant, program), stack);
    return this.setLive(tenant, program, version);
  }

  async rollback(tenant: string, program: string): Promise<ProgramVersion | undefined> {
    const stack = this.published.get(this.key(tenant, program)) ?? [];
    if (stack.length < 2) return undefined;
    stack.pop();
    return this.setLive(tenant, program, stack.at(-1)!);
  }

  async live(): Promise<readonly ProgramVersion[]> {
    return [...this.rows.values()].flat().filter((v) => v.status === 'live');
  }
}

export class MemoryKeyStore implements ApiKeyStore {
  private readonly keys = new Map<string, Principal>();

  async lookup(hash: string): Promise<Principal | undefined> {
    return this.keys.get(hash);
  }

  async create(key: { id: string; hash: string; tenant: string; role: Principal['role']; name: string }): Promise<void> {
    this.keys.set(key.hash, { tenant: key.tenant, role: key.role, keyId: key.id });
  }
}

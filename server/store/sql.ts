// Program versions and API keys in Postgres (or PGlite): the same contract as store/memory.ts.
import type { Db, Queryable } from '../../runtime/ledger/db.ts';
import type { Principal, Role } from '../env.ts';
import type { ApiKeyStore, NewVersion, ProgramVersion, VersionStore } from '../ports.ts';

interface VersionRow {
  tenant_id: string; program: string; version: number; status: ProgramVersion['status']; source: string; hash: string;
  diagnostics: ProgramVersion['diagnostics']; author: string | null; created_at: Date | string; published_at: Date | string | null;
}

const COLUMNS = 'tenant_id, program, version, status, source, hash, diagnostics, author, created_at, published_at';

function toVersion(r: VersionRow): ProgramVersion {
  return {
    tenant: r.tenant_id, program: r.program, version: Number(r.version), status: r.status, source: r.source, hash: r.hash,
    diagnostics: typeof r.diagnostics === 'string' ? JSON.parse(r.diagnostics) : r.diagnostics, author: r.author,
    createdAt: new Date(r.created_at).toISOString(), publishedAt: r.published_at === null ? null : new Date(r.published_at).toISOString(),
  };
}

async function lockProgram(tx: Queryable, tenant: string, program: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`accrue-program:${tenant}:${program}`]);
}

async function setLive(tx: Queryable, tenant: string, program: string, version: number): Promise<ProgramVersion> {
  await tx.query(`UPDATE server_program_versions SET status = 'retired' WHERE tenant_id = $1 AND program = $2 AND status = 'live' AND version <> $3`, [tenant, program, version]);
  const [row] = await tx.query<VersionRow & Record<string, unknown>>(
    `UPDATE server_program_versions SET status = 'live', published_at = now() WHERE tenant_id = $1 AND program = $2 AND version = $3 RETURNING ${COLUMNS}`,
    [tenant, program, version]);
  return toVersion(row!);
}

export class SqlVersionStore implements VersionStore {
  constructor(private readonly db: Db) {}

  create(tenant: string, program: string, v: NewVersion): Promise<ProgramVersion> {
    return this.db.transaction(async (tx) => {
      await lockProgram(tx, tenant, program);
      const [row] = await tx.query<VersionRow & Record<string, unknown>>(
        `INSERT INTO server_program_versions (tenant_id, program, version, status, source, hash, diagnostics, author)
         SELECT $1, $2, COALESCE(MAX(version), 0) + 1, $3, $4, $5, $6::jsonb, $7 FROM server_program_versions WHERE tenant_id = $1 AND program = $2
         RETURNING ${COLUMNS}`,
        [tenant, program, v.status, v.source, v.hash, JSON.stringify(v.diagnostics), v.author]);
      return toVersion(row!);
    });
  }

  async list(tenant: string, program: string): Promise<readonly ProgramVersion[]> {
    const rows = await this.db.query<VersionRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM server_program_versions WHERE tenant_id = $1 AND program = $2 ORDER BY version DESC`, [tenant, program], 'srv_versions_list');
    return rows.map(toVersion);
  }

  async get(tenant: string, program: string, version: number): Promise<ProgramVersion | undefined> {
    const [row] = await this.db.query<VersionRow & Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM server_program_versions WHERE tenant_id = $1 AND program = $2 AND version = $3`, [tenant, program, version], 'srv_version_get');
    return row && toVersion(row);
  }

  publish(tenant: string, program: string, version: number): Promise<ProgramVersion> {
    return this.db.transaction(async (tx) => {
      await lockProgram(tx, tenant, program);
      const [last] = await tx.query<{ version: number }>(
        'SELECT version FROM server_publications WHERE tenant_id = $1 AND program = $2 AND NOT rolled_back ORDER BY seq DESC LIMIT 1', [tenant, program]);
      if (!last || Number(last.version) !== version) {
        await tx.query('INSERT INTO server_publications (tenant_id, program, version) VALUES ($1, $2, $3)', [tenant, program, version]);
      }
      return setLive(tx, tenant, program, version);
    });
  }

  rollback(tenant: string, program: string): Promise<ProgramVersion | undefined> {
    return this.db.transaction(async (tx) => {
      await lockProgram(tx, tenant, program);
      const rows = await tx.query<{ seq: string | number; version: number }>(
        'SELECT seq, version FROM server_publications WHERE tenant_id = $1 AND program = $2 AND NOT rolled_back ORDER BY seq DESC LIMIT 2', [tenant, program]);
      if (rows.length < 2) return undefined;
      await tx.query('UPDATE server_publications SET rolled_back = true WHERE seq = $1', [rows[0]!.seq]);
      return setLive(tx, tenant, program, Number(rows[1]!.version));
    });
  }

  async live(): Promise<readonly ProgramVersion[]> {
    const rows = await this.db.query<VersionRow & Record<string, unknown>>(`SELECT ${COLUMNS} FROM server_program_versions WHERE status = 'live'`, [], 'srv_versions_live');
    return rows.map(toVersion);
  }
}

export class SqlKeyStore implements ApiKeyStore {
  constructor(private readonly db: Db) {}

  async lookup(hash: string): Promise<Principal | undefined> {
    const [row] = await this.db.query<{ key_id: string; tenant_id: string; role: Role }>(
      'SELECT key_id, tenant_id, role FROM server_api_keys WHERE hash = $1 AND revoked_at IS NULL', [hash], 'srv_key_lookup');
    return row && { tenant: row.tenant_id, role: row.role, keyId: row.key_id };
  }

  async create(key: { id: string; hash: string; tenant: string; role: Role; name: string }): Promise<void> {
    await this.db.query(
      'INSERT INTO server_api_keys (key_id, hash, tenant_id, role, name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING',
      [key.id, key.hash, key.tenant, key.role, key.name]);
  }
}

// The server's own tables, beside the ledger's (runtime/ledger/migrations): program versions
// per tenant and program name with their diagnostics and publication history, and API keys.
// (The ledger's program_versions table allows one live version per tenant and has no room for
// names or diagnostics, so the server keeps its own.) Idempotent; serialised by an advisory lock.
import type { Db } from '../../runtime/ledger/db.ts';

const LOCK_ID = 7_302_152; // "accrue server migrations"

const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS server_program_versions (
    tenant_id    text NOT NULL,
    program      text NOT NULL,
    version      integer NOT NULL,
    status       text NOT NULL CHECK (status IN ('draft', 'invalid', 'live', 'retired')),
    source       text NOT NULL,
    hash         text NOT NULL,
    diagnostics  jsonb NOT NULL,
    author       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    PRIMARY KEY (tenant_id, program, version))`,
  `CREATE UNIQUE INDEX IF NOT EXISTS server_program_versions_one_live
    ON server_program_versions (tenant_id, program) WHERE status = 'live'`,
  `CREATE TABLE IF NOT EXISTS server_publications (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   text NOT NULL,
    program     text NOT NULL,
    version     integer NOT NULL,
    rolled_back boolean NOT NULL DEFAULT false,
    at          timestamptz NOT NULL DEFAULT now())`,
  `CREATE INDEX IF NOT EXISTS server_publications_program ON server_publications (tenant_id, program, seq)`,
  `CREATE TABLE IF NOT EXISTS server_api_keys (
    key_id     text PRIMARY KEY,
    hash       text NOT NULL UNIQUE,
    tenant_id  text NOT NULL,
    role       text NOT NULL CHECK (role IN ('admin', 'author', 'client')),
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz)`,
];

export async function migrateServer(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}

// Real Postgres and Redis for tests: one schema and one Redis key prefix per test file, so
// runs never see each other. DATABASE_URL / REDIS_URL override the local defaults. Without a
// server the tests skip — except with CI=true, where a missing server fails loudly.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

async function reachable(check: () => Promise<unknown>, what: string): Promise<boolean> {
  try {
    await check();
    return true;
  } catch (err) {
    if (IN_CI) throw new Error(`${what} is required when CI=true but is unreachable: ${(err as Error).message}`);
    return false;
  }
}

export async function postgresAvailable(): Promise<boolean> {
  return reachable(async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
    await client.connect();
    await client.end();
  }, `Postgres at ${DATABASE_URL}`);
}

export async function redisAvailable(): Promise<boolean> {
  return reachable(async () => {
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
    } finally {
      redis.disconnect();
    }
  }, `Redis at ${REDIS_URL}`);
}

export const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/** A fresh, empty schema; `drop` removes it with everything in it. */
export async function freshSchema(prefix = 'ledger_test'): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName(prefix);
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  return { schema, drop: () => dropSchema(schema) };
}

/** Drops `schema` with everything in it, if it exists. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

/** A Redis key prefix of our own. */
export const freshRedisPrefix = () => `${uniqueName('test')}:`;

/**
 * Deletes every key under `prefix` (SCAN + UNLINK) — the prefix-scoped stand-in for FLUSHALL,
 * since other test files share the Redis server. Returns how many keys it deleted.
 */
export async function deleteRedisKeysWithPrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** A TCP port nothing listens on (Redis "stopped"). */
export const CLOSED_PORT_URL = 'redis://127.0.0.1:1';

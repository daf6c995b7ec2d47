// Configuration from environment variables (documented in docs/http.md), validated with zod.
import { z } from 'zod';
import { fieldErrors } from './validate.ts';

const int = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const bool = (fallback: boolean) => z.enum(['0', '1', 'true', 'false', 'yes', 'no']).default(fallback ? 'true' : 'false').transform((v) => ['1', 'true', 'yes'].includes(v));

export const ConfigSchema = z.object({
  PORT: int(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  ACCRUE_DATA_DIR: z.string().default('.data/pglite'),
  ACCRUE_DB_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional(),
  ACCRUE_DB_POOL: int(16),
  ACCRUE_REDIS_PREFIX: z.string().default('accrue:'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCRUE_RATE_LIMIT: int(1000),
  ACCRUE_RATE_BURST: int(0),
  ACCRUE_BODY_LIMIT: int(256 * 1024),
  ACCRUE_BATCH_BODY_LIMIT: int(8 * 1024 * 1024),
  ACCRUE_RESYNC_MS: int(5000),
  ACCRUE_SHUTDOWN_TIMEOUT_MS: int(10_000),
  ACCRUE_DEMO: bool(false),
  ACCRUE_DEMO_KEY: z.string().min(8).optional(),
  ACCRUE_DEMO_TENANT: z.string().default('demo'),
  ACCRUE_WORKER: bool(false),
  ACCRUE_WORKER_CONSUMER: z.string().optional(),
  ACCRUE_MAX_DELIVERIES: int(5),
  ACCRUE_EXPIRE_EVERY_MS: int(60_000),
  ACCRUE_CLAIM_IDLE_MS: int(30_000),
});

export type Config = z.output<typeof ConfigSchema>;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, string>> = {}): Config {
  const merged: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) merged[key] = overrides[key as keyof Config] ?? (env[key] === '' ? undefined : env[key]);
  const result = ConfigSchema.safeParse(merged);
  if (!result.success) {
    // In the words the API's 400s use ("ACCRUE_DEMO_KEY must be at least 8 characters long"), not zod's.
    throw new Error(`configuration: ${fieldErrors(result.error).map((e) => `${e.field} ${e.message}`).join('; ')}`);
  }
  return result.data;
}

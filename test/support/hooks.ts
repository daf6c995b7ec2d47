// Vitest hooks over test/support/db.ts: a describe's own schema and Redis key prefix, made
// before its tests and removed after them. (db.ts itself stays free of vitest: the benchmarks
// import it from a plain Node process.)
import { afterAll, beforeAll } from 'vitest';
import { deleteRedisKeysWithPrefix, freshRedisPrefix, freshSchema } from './db.ts';

/**
 * A fresh schema for the enclosing describe, created in its `beforeAll` and dropped in its
 * `afterAll`. Register it before hooks that use it: their `afterAll` then runs first (vitest
 * runs after-hooks as a stack), so a ledger is closed before its schema goes.
 */
export function useFreshSchema(prefix?: string): { readonly name: string } {
  let schema: Awaited<ReturnType<typeof freshSchema>> | undefined;
  beforeAll(async () => { schema = await freshSchema(prefix); });
  afterAll(async () => { await schema?.drop(); });
  return {
    get name() {
      if (!schema) throw new Error('useFreshSchema: the schema exists only inside hooks and tests');
      return schema.schema;
    },
  };
}

/** A Redis key prefix for the enclosing describe; its keys are deleted in its `afterAll`. */
export function useRedisPrefix(): string {
  const prefix = freshRedisPrefix();
  afterAll(async () => { await deleteRedisKeysWithPrefix(prefix); });
  return prefix;
}

// The ledger contract on Postgres with Redis as the write-through cache.
import { afterAll, beforeAll, describe } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, REDIS_URL, deleteRedisKeysWithPrefix, freshRedisPrefix, freshSchema, postgresAvailable, redisAvailable } from '../../support/db.ts';
import { ledgerContract } from './contract.case.ts';

const available = (await postgresAvailable()) && (await redisAvailable());
describe.skipIf(!available)('postgres + redis', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  const prefix = freshRedisPrefix();
  beforeAll(async () => { schema = await freshSchema(); });
  afterAll(async () => {
    await schema?.drop();
    await deleteRedisKeysWithPrefix(prefix);
  });
  ledgerContract('postgres + redis', async () => {
    let now = new Date();
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.schema, redisUrl: REDIS_URL, redisPrefix: prefix, now: () => now });
    return { ledger, setNow: (at) => { now = at; } };
  }, (h) => h.ledger.close());
});

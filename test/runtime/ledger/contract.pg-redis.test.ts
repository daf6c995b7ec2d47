// The ledger contract on Postgres with Redis as the write-through cache.
import { describe } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, REDIS_URL, postgresAvailable, redisAvailable } from '../../support/db.ts';
import { useFreshSchema, useRedisPrefix } from '../../support/hooks.ts';
import { ledgerContract } from './contract.case.ts';

const available = (await postgresAvailable()) && (await redisAvailable());
describe.skipIf(!available)('postgres + redis', () => {
  const schema = useFreshSchema();
  const prefix = useRedisPrefix();
  ledgerContract('postgres + redis', async () => {
    let now = new Date();
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, redisUrl: REDIS_URL, redisPrefix: prefix, now: () => now });
    return { ledger, setNow: (at) => { now = at; } };
  }, (h) => h.ledger.close());
});

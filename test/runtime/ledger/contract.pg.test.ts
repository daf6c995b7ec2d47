// The ledger contract on Postgres alone (no cache).
import { afterAll, beforeAll, describe } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, freshSchema, postgresAvailable } from '../../support/db.ts';
import { ledgerContract } from './contract.case.ts';

const available = await postgresAvailable();
describe.skipIf(!available)('postgres alone', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  beforeAll(async () => { schema = await freshSchema(); });
  afterAll(async () => { await schema?.drop(); });
  ledgerContract('postgres', async () => {
    let now = new Date();
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.schema, cache: 'none', now: () => now });
    return { ledger, setNow: (at) => { now = at; } };
  }, (h) => h.ledger.close());
});

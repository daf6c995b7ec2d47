// The ledger contract on Postgres alone (no cache).
import { describe } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { DATABASE_URL, postgresAvailable } from '../../support/db.ts';
import { useFreshSchema } from '../../support/hooks.ts';
import { ledgerContract } from './contract.case.ts';

const available = await postgresAvailable();
describe.skipIf(!available)('postgres alone', () => {
  const schema = useFreshSchema();
  ledgerContract('postgres', async () => {
    let now = new Date();
    const ledger = await openLedger({ databaseUrl: DATABASE_URL, schema: schema.name, cache: 'none', now: () => now });
    return { ledger, setNow: (at) => { now = at; } };
  }, (h) => h.ledger.close());
});

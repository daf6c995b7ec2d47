// The ledger contract on PGlite (in-process Postgres) with the in-process cache: the embedded default.
import { describe } from 'vitest';
import { openLedger } from '../../../runtime/ledger/index.ts';
import { ledgerContract } from './contract.case.ts';

describe('pglite', () => {
  ledgerContract('pglite + memory cache', async () => {
    let now = new Date();
    const ledger = await openLedger({ now: () => now });
    return { ledger, setNow: (at) => { now = at; } };
  }, (h) => h.ledger.close());
});

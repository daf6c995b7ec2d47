// Child process of crash.test.ts: posts transactions FROM..TO-1 (ids `k<i>`) with many in
// flight, printing the ids it has seen committed ("acked <i>"), until done or killed.
import { openLedger } from '../../../runtime/ledger/index.ts';
import { fakeEvaluator } from '../../support/fake-evaluator.ts';

const [schema, fromArg, toArg] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const ledger = await openLedger({ databaseUrl: process.env.DATABASE_URL!, schema: schema!, cache: 'none' });
const evaluator = fakeEvaluator();
const inFlight = 256;
let next = from;
let out = '';
const flush = () => {
  if (out) process.stdout.write(out);
  out = '';
};
const timer = setInterval(flush, 5);

async function worker(): Promise<void> {
  while (next < to) {
    const i = next++;
    const res = await ledger.post({ tenant: 'crash', customerId: `c${i % 100}`, txn: { id: `k${i}`, time: '2026-11-20T10:00:00Z', amount: 1 + (i % 10) }, customer: {}, evaluator });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    out += `acked ${i}\n`;
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
clearInterval(timer);
flush();
await ledger.close();
process.stdout.write('done\n');

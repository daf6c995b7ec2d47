// redeem/card/pg-redis: redemptions (first-expiring-first, row locks) against customers funded
// by posting card transactions, 64 in flight, with Postgres and Redis.
import type { Bench, Result, RunOptions } from '../registry.ts';
import { benchLedger, closedLoop, summarize } from './setup.ts';

export const redeemBench: Bench = {
  name: 'redeem/card/pg-redis',
  async run(o: RunOptions): Promise<Result[]> {
    const customers = 2_000;
    const b = await benchLedger(customers);
    if (!b) return [];
    try {
      // Fund every customer with enough points for the whole run.
      const fund = [];
      for (let i = 0; i < customers * 20; i++) fund.push(b.ledger.post(b.request(i, 'fund')));
      await Promise.all(fund);
      let refused = 0;
      const redeem = async (i: number) => {
        const r = await b.ledger.redeem({ tenant: 'bench', customerId: b.customerOf(i), amount: 1 });
        if (!r.ok) refused++;
      };
      const run = await closedLoop(redeem, o.quick ? 4 : 15, 64);
      return [summarize('redeem/card/pg-redis', run, `64 in flight over ${customers.toLocaleString('en-US')} customers${refused ? `, ${refused} refused` : ''}`)];
    } finally {
      await b.dispose();
    }
  },
};

// The ledger's benchmarks, registered in bench/registry.ts AREAS.
import type { Bench } from '../registry.ts';
import { postBench } from './post.ts';
import { redeemBench } from './redeem.ts';

export const benches: Bench[] = [postBench, redeemBench];

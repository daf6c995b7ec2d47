// The credit-card workload: rules-examples/credit-card and a deterministic mix of 1,000
// transactions (categories, channels, countries, amounts, times through 2026) with
// customers of every tier and counters part-way through their caps.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CustomerInput, StateSnapshot, TransactionInput } from '../../runtime/outcome.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The card program's source text. */
export function cardSource(): string {
  return readFileSync(join(ROOT, 'rules-examples', 'credit-card', 'credit-card.accrue'), 'utf8');
}

export interface Sample {
  readonly txn: TransactionInput;
  readonly customer: CustomerInput;
  readonly state: StateSnapshot;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['dining', 'groceries', 'gas', 'travel', 'streaming', 'drugstores', 'online_retail', 'home_improvement', 'entertainment', 'transit', 'other'];
const CHANNELS = ['in_store', 'online', 'contactless', 'recurring'];
const MERCHANTS = ['Blue Bottle Cafe', 'HARBOR MARINA SUPPLY', 'Costco Wholesale Club', 'Shell', 'Netflix', 'Delta Air Lines', 'Whole Foods', 'Home Depot', 'AMC Theatres', 'MTA'];
const MCCS = ['5812', '5411', '5541', '4511', '4899', '5912', '5999', '5200', '7832', '4111', '6011', '7995'];

/** `n` transactions with their customers and counter snapshots. */
export function cardSamples(n = 1000, seed = 2026): Sample[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const out: Sample[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const ms = start + Math.floor(r() * 364 * 86_400_000);
    const kind = r() < 0.92 ? 'purchase' : pick(['refund', 'cash_advance', 'fee', 'balance_transfer']);
    const txn = {
      id: `card-${i}`,
      time: new Date(ms).toISOString(),
      amount: Math.round(r() < 0.05 ? 100_000 + r() * 200_000 : 100 + r() * 15_000) / 100,
      mcc: pick(MCCS),
      merchant: pick(MERCHANTS),
      category: pick(CATEGORIES),
      kind,
      channel: pick(CHANNELS),
      country: r() < 0.85 ? 'US' : pick(['FR', 'GB', 'JP']),
    } as unknown as TransactionInput;
    const q = `2026-Q${Math.floor(new Date(ms).getUTCMonth() / 3) + 1}`;
    const customer: CustomerInput = {
      tier: pick(['classic', 'preferred', 'signature']),
      opened_on: r() < 0.2 ? '2025-12-15' : '2023-05-01',
      autopay: r() < 0.5,
      employee: r() < 0.05,
      activated_quarters: r() < 0.7 ? [q] : [],
    };
    const month = new Date(ms).toISOString().slice(0, 7);
    const year = month.slice(0, 4);
    const counters: Record<string, number> = {
      [`agg:spend:year:${year}`]: Math.floor(r() * 3_000_000),
      [`agg:spend:lifetime`]: Math.floor(r() * 500_000),
      [`cap:group:category_bonus:customer:month:points:month:${month}`]: Math.floor(r() * 20_000),
    };
    out.push({ txn, customer, state: { counters } });
  }
  return out;
}

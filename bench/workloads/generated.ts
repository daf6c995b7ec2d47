// Generated programs of N rules in Accrue source: card-linked offers, the shape that grows
// to thousands of rules in practice (one or two offers per merchant, a handful of generic
// rules), plus transactions across those merchants (and some that match no offer).
import type { CustomerInput, TransactionInput } from '../../runtime/outcome.ts';
import type { Sample } from './card.ts';

const CATEGORIES = ['dining', 'groceries', 'gas', 'travel', 'retail', 'other'];

/** Source text of an N-rule program. */
export function generatedSource(rules: number): string {
  const merchants = Math.max(1, Math.floor(rules / 2));
  const lines: string[] = [
    `program "Generated ${rules}" {`, '  currency USD', '  timezone "America/Chicago"', '  rounding half-even', '  expiry after 12 months', '}',
    'schema {',
    '  transaction {',
    '    amount: money', '    merchant_id: string', `    category: enum(${CATEGORIES.join(', ')})`, '    channel: enum(store, online)',
    '  }',
    '  customer {', '    tier: enum(basic, gold)', '  }',
    '}',
    'exclude tiny "Purchases under 1 USD" when amount < 1 USD',
    'group offers "One merchant offer per purchase" { cap 10000 points per customer per month }',
    'rule base "1 point per dollar" {', '  priority 1', '  reward points 1 per 1 USD of amount', '}',
    'rule gold "Gold: 1.5x" {', '  priority 900', '  when customer.tier = gold', '  reward multiplier 1.5x', '}',
  ];
  const generic = Math.min(8, Math.max(0, rules - 2 - merchants));
  for (let g = 0; g < generic; g++) {
    lines.push(`rule generic_${g} {`, `  priority ${10 + g}`, `  when category = ${CATEGORIES[g % CATEGORIES.length]}`, `  when amount >= ${5 + g} USD`,
      `  reward points ${g + 1} per 1 USD of amount`, '  cap 2000 points per customer per month', '}');
  }
  const offers = rules - 2 - generic;
  for (let o = 0; o < offers; o++) {
    const m = o % merchants;
    lines.push(`rule offer_${o} "Merchant M${m} offer" {`, `  priority ${20 + o}`, o % 2 === 0 ? '  group offers' : '',
      `  when merchant_id = "M${String(m).padStart(5, '0')}"`, `  when amount >= ${10 + (o % 40)} USD`,
      o % 3 === 0 ? `  when channel = online` : '',
      o % 2 === 0 ? `  reward points ${2 + (o % 5)} per 1 USD of amount` : `  reward cashback ${1 + (o % 5)}% of amount`,
      '  cap 3 times per customer per month', '}');
  }
  return lines.filter((l) => l !== '').join('\n') + '\n';
}

/** Transactions across the program's merchants (a quarter of them at merchants with no offer). */
export function generatedSamples(rules: number, n = 1000): Sample[] {
  const merchants = Math.max(1, Math.floor(rules / 2));
  let s = 12345;
  const r = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const m = r() < 0.75 ? Math.floor(r() * merchants) : merchants + Math.floor(r() * 1000);
    const txn = {
      id: `g-${i}`, time: new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 360 * 86_400_000)).toISOString(),
      amount: Math.round(50 + r() * 20_000) / 100, merchant_id: `M${String(m).padStart(5, '0')}`,
      category: CATEGORIES[Math.floor(r() * CATEGORIES.length)], channel: r() < 0.5 ? 'store' : 'online',
    } as unknown as TransactionInput;
    const customer: CustomerInput = { tier: r() < 0.3 ? 'gold' : 'basic' };
    out.push({ txn, customer, state: { counters: {} } });
  }
  return out;
}

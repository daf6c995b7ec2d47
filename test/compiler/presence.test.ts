// present(x) and coalesce(x, fallback): the two built-ins that see absence itself. Every
// other expression reading an absent optional field is absent (so `not (coupon = "X")` does
// not hold without a coupon); these let a rule say "no coupon given" or "tip, else 0 USD".
// Both back ends, explained and fast path, must agree.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../compiler/front.ts';
import type { CustomerInput, Outcome, RuleResult, TransactionInput } from '../../runtime/outcome.ts';
import { bothBackEnds } from '../support/programs.ts';

const SOURCE = `program "P" { currency USD timezone "UTC" rounding floor }
schema {
  transaction { amount: money  coupon: optional string  tip: optional money  channel: optional enum(store, online) }
  customer { referrer: optional string }
}
rule no_coupon "Full points when no coupon is used" { when not present(coupon) reward points 10 }
rule coupon_used "A bonus for any coupon" { when present(coupon) reward points 1 }
rule with_tip "A point per dollar, tip included" { reward points 1 per 1 USD of amount + coalesce(tip, 0 USD) }
rule store "In store, or channel not given" { when coalesce(channel, store) = store reward points 100 }
rule referred "Referred customers" { when present(customer.referrer) and customer.referrer != "" reward points 1000 }
`;

const { compiled, reference } = bothBackEnds(SOURCE, 'p');

function evaluate(txn: Partial<TransactionInput>, customer: CustomerInput = {}): Outcome {
  const t = { id: 't', time: '2026-05-01T10:00:00Z', amount: '20.00', ...txn } as TransactionInput;
  let explained: Outcome | undefined;
  for (const options of [{ explain: false }, {}]) {
    const want = reference.evaluate(t, customer, { counters: {} }, options);
    expect(compiled.evaluate(t, customer, { counters: {} }, options)).toEqual(want);
    explained = want;
  }
  return explained!;
}
const state = (o: Outcome, id: string): RuleResult['state'] => o.rules.find((r) => r.rule === id)!.state;

describe('present() and coalesce()', () => {
  it('applies a "no coupon" rule only when the optional coupon is absent', () => {
    expect(state(evaluate({}), 'no_coupon')).toBe('APPLIED');
    expect(state(evaluate({}), 'coupon_used')).toBe('NOT_APPLICABLE');
    expect(state(evaluate({ coupon: 'SPRING' }), 'no_coupon')).toBe('NOT_APPLICABLE');
    expect(state(evaluate({ coupon: 'SPRING' }), 'coupon_used')).toBe('APPLIED');
    expect(state(evaluate({ coupon: null } as never), 'no_coupon')).toBe('APPLIED');
  });

  it('falls back to 0 USD for a missing tip and adds a given one', () => {
    const points = (o: Outcome) => o.rules.find((r) => r.rule === 'with_tip')!;
    expect(points(evaluate({})).state).toBe('APPLIED');
    expect(evaluate({}).totals.points).toBe(10 + 20 + 100);
    expect(evaluate({ tip: '5.00' }).totals.points).toBe(10 + 25 + 100);
  });

  it('reads an absent enum through its fallback member', () => {
    expect(state(evaluate({}), 'store')).toBe('APPLIED');
    expect(state(evaluate({ channel: 'store' }), 'store')).toBe('APPLIED');
    expect(state(evaluate({ channel: 'online' }), 'store')).toBe('NOT_APPLICABLE');
  });

  it('guards a customer field with present() and names the failing condition', () => {
    expect(state(evaluate({}, { referrer: 'C-9' }), 'referred')).toBe('APPLIED');
    const missing = evaluate({}, {}).rules.find((r) => r.rule === 'referred')!;
    expect(missing.state).toBe('NOT_APPLICABLE');
    expect(JSON.stringify(missing)).toContain('present(customer.referrer)');
  });

  it('rejects a fallback of another type, and an enum fallback that is not a member', () => {
    const bad = (cond: string) => checkSource(SOURCE + `rule bad "b" { when ${cond} reward points 1 }`).diagnostics.filter((d) => d.severity === 'error');
    expect(bad('coalesce(tip, 5) > 1 USD').map((d) => d.code)).toContain('ACC200');
    expect(bad('coalesce(tip, "none") > 1 USD').map((d) => d.code)).toContain('ACC200');
    expect(bad('coalesce(channel, kiosk) = store').length).toBeGreaterThan(0);
    expect(bad('present(coupn)').map((d) => `${d.message} ${d.hint ?? ''}`).join(' ')).toContain('`coupon`');
  });
});

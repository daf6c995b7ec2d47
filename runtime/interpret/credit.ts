// What APPLIED rules add up to: totals per kind and currency, lots with their expiry, and
// the points each `points` rule credited (the base of the multipliers).
import type { RuleIR } from '../../compiler/ir.ts';
import type { EarnedLot, RewardAmount, RewardKind, Totals } from '../outcome.ts';
import type { LocalParts, Zone } from '../local-time.ts';
import { Dec } from '../decimal.ts';
import { formatMoney } from '../currency.ts';
import { expiresAt } from '../expiry.ts';
import type { Amount } from './rewards.ts';

/** The outcome's form of an amount. */
export function rewardAmount(a: Amount): RewardAmount {
  switch (a.unit) {
    case 'points': return { unit: 'points', points: a.points };
    case 'money': return { unit: 'money', money: { amount: formatMoney(a.amount, a.currency), currency: a.currency } };
    case 'product': return { unit: 'product', sku: a.sku, quantity: a.quantity };
  }
}

function add(map: Map<string, Dec>, currency: string, amount: Dec): void {
  map.set(currency, (map.get(currency) ?? new Dec(0)).plus(amount));
}

function format(map: Map<string, Dec>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [c, v] of map) out[c] = formatMoney(v, c);
  return out;
}

/** Accumulates what the applied rules of one evaluation credit, in the order they apply. */
export class Credits {
  points = 0;
  prizePoints = 0;
  readonly cashback = new Map<string, Dec>();
  readonly discount = new Map<string, Dec>();
  readonly prizeMoney = new Map<string, Dec>();
  readonly freeProducts: { sku: string; quantity: number; rule: string }[] = [];
  readonly lots: EarnedLot[] = [];
  /** Points credited by each APPLIED `points` rule (after caps): what multipliers multiply. */
  readonly basePoints = new Map<string, number>();

  constructor(private readonly local: LocalParts, private readonly zone: Zone) {}

  /** Records an APPLIED rule's granted amount. */
  credit(rule: RuleIR, a: Amount): void {
    const kind = rule.reward.kind;
    const prize = kind === 'prize';
    if (a.unit === 'product') {
      this.freeProducts.push({ sku: a.sku, quantity: a.quantity, rule: rule.id });
      return;
    }
    if (a.unit === 'points') {
      this.points += a.points;
      if (prize) this.prizePoints += a.points;
      if (kind === 'points') this.basePoints.set(rule.id, a.points);
    } else if (kind === 'discount') {
      add(this.discount, a.currency, a.amount);
      return; // a discount is not earned value: no lot
    } else {
      add(this.cashback, a.currency, a.amount);
      if (prize) add(this.prizeMoney, a.currency, a.amount);
    }
    this.lots.push({
      rule: rule.id,
      unit: a.unit,
      amount: a.unit === 'points' ? a.points : formatMoney(a.amount, a.currency),
      currency: a.unit === 'points' ? undefined : a.currency,
      expiresAt: this.expiry(rule),
    });
  }

  // Rules usually share the program's expiry: compute each distinct one once.
  private readonly expiries = new Map<RuleIR['expiry'], string | null>();
  private expiry(rule: RuleIR): string | null {
    let at = this.expiries.get(rule.expiry);
    if (at === undefined) {
      at = expiresAt(rule.expiry, this.local, this.zone);
      this.expiries.set(rule.expiry, at);
    }
    return at;
  }

  /** Sum of the points credited by the target rules (every `points` rule when none are named). */
  baseOf(targets: readonly string[]): number {
    if (targets.length === 0) return [...this.basePoints.values()].reduce((s, p) => s + p, 0);
    return targets.reduce((s, id) => s + (this.basePoints.get(id) ?? 0), 0);
  }

  /** Cashback credited in one currency (money prizes included). */
  cashbackIn(currency: string): Dec {
    return this.cashback.get(currency) ?? new Dec(0);
  }

  totals(): Totals {
    return {
      points: this.points,
      cashback: format(this.cashback),
      discount: format(this.discount),
      prizes: { points: this.prizePoints, money: format(this.prizeMoney) },
      freeProducts: this.freeProducts,
    };
  }
}

/** The program's rule reward kinds as the outcome names them. */
export function rewardKind(rule: RuleIR): RewardKind {
  const k = rule.reward.kind;
  return k === 'tieredCashback' ? 'cashback' : k;
}

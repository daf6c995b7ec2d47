// Caps and budgets (docs/semantics.md "Caps"): room left per cap, the granted amount,
// the binding cap, and the counter increments to persist.
import type { CapIR } from '../../compiler/ir.ts';
import type { CapRef, CounterDelta, PeriodKeys } from '../outcome.ts';
import { Dec } from '../decimal.ts';
import { fromMinor, toMinor } from '../currency.ts';
import { capKey } from '../state-keys.ts';
import type { Amount } from './rewards.ts';

/** Cap usage within one transaction, on top of the snapshot's counters. */
export class CapLedger {
  private readonly used = new Map<string, Dec>();
  readonly deltas: CounterDelta[] = [];

  constructor(private readonly counters: Readonly<Record<string, number>>, private readonly periods: PeriodKeys) {}

  /** The counter key of a customer/program cap for this transaction's period. */
  key(cap: CapIR): string | undefined {
    return cap.scope === 'transaction' || !cap.period ? undefined : capKey(cap.id, this.periods, cap.period);
  }

  /** What the cap has already counted: the snapshot (not for per-transaction caps) plus this transaction. */
  usedOf(cap: CapIR): Dec {
    const key = this.key(cap);
    const before = key ? (this.counters[key] ?? 0) : 0;
    return (this.used.get(cap.id) ?? new Dec(0)).plus(before);
  }

  /** Counts an increment against a cap (and records the delta for customer/program scope). */
  count(cap: CapIR, amount: number): void {
    this.used.set(cap.id, (this.used.get(cap.id) ?? new Dec(0)).plus(amount));
    const key = this.key(cap);
    if (key) this.deltas.push({ key, scope: cap.scope as 'customer' | 'program', amount });
  }

  /** The outcome's reference to a cap. */
  ref(cap: CapIR): CapRef {
    return { id: cap.id, owner: cap.owner, scope: cap.scope, period: cap.period ? this.periods[cap.period] : undefined, span: cap.span };
  }
}

/** Whether a cap's unit fits a reward amount (others are ignored; the checker reports them). */
export function fits(cap: CapIR, amount: Amount): boolean {
  switch (cap.unit.kind) {
    case 'times': return true;
    case 'points': return amount.unit === 'points';
    case 'money': return amount.unit === 'money' && amount.currency === cap.unit.currency;
  }
}

/** An amount in counter units: points, minor units of money, or 1 application. */
function counterUnits(cap: CapIR, amount: Amount): number {
  if (cap.unit.kind === 'times') return 1;
  return amount.unit === 'points' ? amount.points : amount.unit === 'money' ? toMinor(amount.amount, amount.currency) : 1;
}

/** A cap's limit in counter units (money caps count minor units). */
function limitUnits(cap: CapIR): Dec {
  let units = limits.get(cap);
  if (!units) {
    const limit = new Dec(cap.limit);
    units = cap.unit.kind === 'money' ? new Dec(toMinor(limit, cap.unit.currency)) : limit;
    limits.set(cap, units);
  }
  return units;
}
const limits = new WeakMap<CapIR, Dec>();

export type CapDecision =
  | { readonly kind: 'granted'; readonly amount: Amount; readonly binding?: { readonly cap: CapIR; readonly cut: Amount } }
  | { readonly kind: 'blocked'; readonly cap: CapIR };

/**
 * Applies caps (in declared order: the rule's, then its group's) to a reward, and counts
 * the granted amount against every one of them. The reward is blocked by the first cap
 * with no room (for `times`, room below 1); otherwise cut to the least room, the first
 * declared cap winning ties.
 */
export function applyCaps(caps: readonly CapIR[], amount: Amount, ledger: CapLedger): CapDecision {
  const applicable = caps.filter((c) => fits(c, amount));
  const want = applicable.length ? counterUnits(applicable.find((c) => c.unit.kind !== 'times') ?? applicable[0]!, amount) : 0;
  let granted = want;
  let binding: CapIR | undefined;
  let least: Dec | undefined;
  for (const cap of applicable) {
    const room = Dec.max(limitUnits(cap).minus(ledger.usedOf(cap)), 0).floor();
    if (cap.unit.kind === 'times') {
      if (room.lt(1)) return { kind: 'blocked', cap };
      continue;
    }
    if (room.isZero()) return { kind: 'blocked', cap };
    if (least === undefined || room.lt(least)) {
      least = room;
      binding = cap;
    }
  }
  if (least !== undefined && least.lt(want)) granted = least.toNumber();
  for (const cap of applicable) ledger.count(cap, cap.unit.kind === 'times' ? 1 : granted);
  if (granted === want || !binding) return { kind: 'granted', amount };
  return { kind: 'granted', amount: scaled(amount, granted), binding: { cap: binding, cut: scaled(amount, want - granted) } };
}

/** The same kind of amount with a new size in counter units. */
function scaled(amount: Amount, units: number): Amount {
  if (amount.unit === 'points') return { unit: 'points', points: units };
  if (amount.unit === 'money') return { unit: 'money', currency: amount.currency, amount: fromMinor(units, amount.currency) };
  return amount;
}

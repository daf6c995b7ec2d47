// Caps: lowered with stable, unique ids (`rule:dining:customer:month:points`), and matched
// against the reward they bound: points caps on points, multipliers and points prizes; money
// caps of the reward's currency on cashback, discounts and money prizes; `times` on anything.
import type { Cap } from '../../grammar/ast.ts';
import type { CapIR, CapUnit } from '../ir.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { useCurrency } from './currency.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';
import type { CheckedReward } from './rewards.ts';

/** Hands out cap ids, suffixing `:2`, `:3` … when an owner has two caps of one shape. */
export class CapIds {
  private readonly used = new Set<string>();

  /** A fresh id for this shape of cap. */
  next(base: string): string {
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}:${i}`;
    this.used.add(id);
    return id;
  }
}

/** Lowers one cap; undefined when its limit or currency is invalid (already reported). */
export function lowerCap(r: Reporter, cap: Cap, owner: CapIR['owner'], currencies: readonly string[], ids: CapIds): CapIR | undefined {
  const q = cap.limit;
  if (q === undefined) return undefined;
  let unit: CapUnit;
  if (q.unit.kind === 'money') {
    const c = useCurrency(r, currencies, q.unit.currency);
    if (c === undefined) return undefined;
    unit = { kind: 'money', currency: c };
  } else unit = { kind: q.unit.kind };
  const text = q.value?.text ?? '0';
  if (!isPositiveAmount(text)) {
    r.report('ACC307', M.capLimit(text), q.value?.span ?? cap.span);
    return undefined;
  }
  if (unit.kind === 'times' && !/^\d+$/.test(text)) {
    r.report('ACC307', M.capTimesInteger(text), q.value.span);
    return undefined;
  }
  // Rooms are counted in whole points and minor units: `cap 2.5 points` would silently be 2,
  // `cap 2.555 USD` 2.55 (docs/semantics.md "Caps").
  const inexact = inexactAmount(text, unit);
  if (inexact === 'fraction') {
    r.report('ACC307', M.capPointsInteger(text), q.value.span);
    return undefined;
  }
  if (unit.kind === 'money' && inexact === 'digits') {
    r.report('ACC307', M.capMoneyDigits(text, unit.currency, minorDigits(unit.currency)), q.value.span);
    return undefined;
  }
  const tag = unit.kind === 'money' ? unit.currency : unit.kind;
  const id = ids.next(`${owner.kind}:${owner.id}:${cap.scope}:${cap.period ?? 'txn'}:${tag}`);
  return { id, owner, unit, limit: text, scope: cap.scope, period: cap.scope === 'transaction' ? undefined : cap.period, span: cap.span };
}

// The amount rules caps and the minimum redemption (check/header.ts) share; each reports its
// own diagnostic. Two steps, since the minimum looks its currency up only once it is positive.

/** Whether an amount's text is more than zero (an unreadable one is not). */
export function isPositiveAmount(text: string): boolean {
  return Number(text) > 0;
}

/**
 * Why a positive amount cannot be counted exactly in its unit: `fraction` for points with a
 * fraction (points are whole), `digits` for money with more decimals than its currency's minor
 * unit; undefined when it can (trailing zeros do not count; `times` is the caller's to check).
 */
export function inexactAmount(text: string, unit: CapUnit): 'fraction' | 'digits' | undefined {
  const decimals = /\.(\d*?)0*$/.exec(text)?.[1]?.length ?? 0;
  if (unit.kind === 'points' && decimals > 0) return 'fraction';
  if (unit.kind === 'money' && decimals > minorDigits(unit.currency)) return 'digits';
  return undefined;
}

/** ACC317 for a cap that repeats an earlier one of the same owner exactly (unit, limit, scope, period). */
export function reportDuplicateCaps(r: Reporter, caps: readonly CapIR[]): void {
  const seen = new Map<string, CapIR>();
  for (const cap of caps) {
    const key = `${unitLabel(cap.unit)}|${Number(cap.limit)}|${cap.scope}|${cap.period ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) r.report('ACC317', M.duplicateCap(), cap.span, M.duplicateCapHint(first.span.line));
    else seen.set(key, cap);
  }
}

/** How a cap's unit reads in messages. */
export function unitLabel(u: CapUnit): string {
  return u.kind === 'money' ? u.currency : u.kind;
}

/** What caps on this reward may count, for the hint. */
export function fittingUnits(reward: CheckedReward): string {
  const u = reward.unit;
  return u.kind === 'points' ? 'points or times' : u.kind === 'money' ? `${u.currency} or times` : 'times';
}

/** True when a cap in `unit` can bound `reward` (unknown rewards fit anything, to avoid cascades). */
export function capFits(unit: CapUnit, reward: CheckedReward): boolean {
  if (unit.kind === 'times' || reward.unit.kind === 'unknown') return true;
  if (unit.kind === 'points') return reward.unit.kind === 'points';
  return reward.unit.kind === 'money' && reward.unit.currency === unit.currency;
}

// What a rule's reward amounts to (docs/semantics.md "Rewards"), before groups and caps.
// Points are rounded once with the program's mode; money half-even to minor units. A
// reward that reads an absent value, or comes to zero or less, gives nothing (null).
import type { RuleIR, RewardIR, TExpr, ValueIR } from '../../compiler/ir.ts';
import { Dec } from '../decimal.ts';
import { roundMoney, roundPoints } from '../rounding.ts';
import type { EvalContext } from './context.ts';
import { evaluate } from './expr.ts';

/** A reward amount inside the interpreter: exact, already rounded, positive. */
export type Amount =
  | { readonly unit: 'points'; readonly points: number }
  | { readonly unit: 'money'; readonly amount: Dec; readonly currency: string }
  | { readonly unit: 'product'; readonly sku: string; readonly quantity: number };

/** A prize rule's chance, evaluated (the draw itself happens only if the rule gets that far). */
export type Chance = { readonly kind: 'oneIn'; readonly n: Dec } | { readonly kind: 'probability'; readonly p: Dec };

export interface Computed {
  readonly amount: Amount;
  readonly chance?: Chance;
}

function num(e: TExpr, ctx: EvalContext): Dec | null {
  return evaluate(e, ctx) as Dec | null;
}

function points(exact: Dec | null, ctx: EvalContext): Amount | null {
  if (exact === null) return null;
  const p = roundPoints(exact, ctx.program.rounding);
  return p > 0 ? { unit: 'points', points: p } : null;
}

function money(exact: Dec | null, currency: string): Amount | null {
  if (exact === null) return null;
  const m = roundMoney(exact, currency);
  return m.gt(0) ? { unit: 'money', amount: m, currency } : null;
}

function value(v: ValueIR, ctx: EvalContext): Dec | null {
  if (v.kind === 'fixed') return num(v.amount, ctx);
  const p = num(v.percent, ctx);
  const b = p === null ? null : num(v.base, ctx);
  return p === null || b === null ? null : p.times(b);
}

/** Tiered cashback: the purchase occupies [over, over + base) and each part earns its band's rate. */
export function tieredAmount(base: Dec, over: Dec, bands: readonly { from: Dec; rate: Dec }[]): Dec {
  const sorted = [...bands].sort((a, b) => a.from.cmp(b.from));
  const end = over.plus(base);
  let total = new Dec(0);
  for (let i = 0; i < sorted.length; i++) {
    const lo = Dec.max(sorted[i]!.from, over);
    const next = sorted[i + 1];
    const hi = next ? Dec.min(next.from, end) : end;
    if (hi.gt(lo)) total = total.plus(hi.minus(lo).times(sorted[i]!.rate));
  }
  return total;
}

function tiered(r: Extract<RewardIR, { kind: 'tieredCashback' }>, ctx: EvalContext): Dec | null {
  const base = num(r.base, ctx);
  if (base === null) return null;
  const over = r.over ? num(r.over, ctx) : new Dec(0);
  if (over === null) return null;
  const bands: { from: Dec; rate: Dec }[] = [];
  for (const b of r.bands) {
    const from = num(b.from, ctx);
    const rate = num(b.rate, ctx);
    if (from === null || rate === null) return null;
    bands.push({ from, rate });
  }
  return tieredAmount(base, over, bands);
}

/** The reward of a non-multiplier rule, or null when it gives nothing. */
export function computeReward(rule: RuleIR, ctx: EvalContext): Computed | null {
  const r = rule.reward;
  switch (r.kind) {
    case 'points': {
      const a = num(r.amount, ctx);
      if (a === null || !r.per) return wrap(points(a, ctx));
      const unit = num(r.per.unit, ctx);
      const base = unit === null ? null : num(r.per.base, ctx);
      if (unit === null || base === null || unit.isZero()) return null;
      return wrap(points(a.times(base).dividedBy(unit), ctx)); // A × B ÷ U, in that order
    }
    case 'multiplier':
      return null; // computed in the multiplier phase (multiplierExtra)
    case 'cashback':
      return wrap(money(value(r.value, ctx), r.currency));
    case 'tieredCashback':
      return wrap(money(tiered(r, ctx), r.currency));
    case 'discount': {
      let v = value(r.value, ctx);
      if (v !== null && r.max) {
        const max = num(r.max, ctx);
        v = max === null ? null : Dec.min(v, max);
      }
      return wrap(money(v, r.currency));
    }
    case 'freeProduct': {
      const sku = evaluate(r.sku, ctx) as string | null;
      const q = num(r.quantity, ctx);
      if (sku === null || q === null || q.lte(0)) return null;
      return wrap({ unit: 'product', sku, quantity: q.toNumber() });
    }
    case 'prize': {
      const a = num(r.prize, ctx);
      const amount = r.unit.kind === 'points' ? points(a, ctx) : money(a, r.unit.currency);
      if (amount === null) return null;
      const c = r.chance;
      const x = num(c.kind === 'oneIn' ? c.n : c.p, ctx);
      if (x === null) return null;
      return { amount, chance: c.kind === 'oneIn' ? { kind: 'oneIn', n: x } : { kind: 'probability', p: x } };
    }
  }
}

function wrap(amount: Amount | null): Computed | null {
  return amount === null ? null : { amount };
}

/** A multiplier's extra points: (F − 1) × the credited base points, rounded once; null when nothing. */
export function multiplierExtra(rule: RuleIR, basePoints: number, ctx: EvalContext): Computed | null {
  if (rule.reward.kind !== 'multiplier') return null;
  const f = num(rule.reward.factor, ctx);
  if (f === null) return null;
  return wrap(points(f.minus(1).times(basePoints), ctx));
}

// Rewards: types each kind's expressions and lowers it to RewardIR, and says what unit the
// reward is counted in, so caps can be matched against it (docs/semantics.md "Caps").
import type { Expr, Reward, RewardValue } from '../../grammar/ast.ts';
import type { Span } from '../../grammar/span.ts';
import type { RewardIR, TExpr, ValueIR } from '../ir.ts';
import { T, isNumeric, type Type } from '../types.ts';
import { checkRoot, errorTExpr, type ExprCtx } from './expr.ts';
import { foldDecimal } from './fold.ts';
import { M } from './messages.ts';

/** What a reward is counted in: caps must match it. */
export type RewardUnit =
  | { readonly kind: 'points' }
  | { readonly kind: 'money'; readonly currency: string }
  | { readonly kind: 'product' }
  /** The reward did not type; caps are not checked against it. */
  | { readonly kind: 'unknown' };

export interface CheckedReward {
  readonly ir: RewardIR;
  readonly unit: RewardUnit;
  /** How the reward reads in messages: "points", "cashback", "multiplier", … */
  readonly label: string;
}

// Module-level helpers (no closures per reward: a 2,000-rule program checks 2,000 rewards).
function isCount(t: Type): boolean {
  return isNumeric(t) || t.kind === 'points';
}
function isMoney(t: Type): boolean {
  return t.kind === 'money';
}
function isString(t: Type): boolean {
  return t.kind === 'string';
}
function isInteger(t: Type): boolean {
  return t.kind === 'integer';
}
function isPrize(t: Type): boolean {
  return isCount(t) || t.kind === 'money';
}
function currencyOf(t: TExpr): string | undefined {
  return t.type.kind === 'money' ? t.type.currency : undefined;
}

/** Types `e` (root, falling back to the reward's span) and reports ACC209 unless `ok` accepts its type. */
function expectType(cx: ExprCtx, span: Span, e: Expr | undefined, what: string, want: string, ok: (t: Type) => boolean): TExpr {
  const t = checkRoot(cx, e, span);
  if (t.type.kind !== 'error' && !ok(t.type)) cx.r.report('ACC209', M.rewardType(what, want, t.type), t.span);
  return t;
}

/** A money expression, of `currency` when given (ACC202 otherwise). */
function money(cx: ExprCtx, span: Span, e: Expr | undefined, what: string, currency?: string): TExpr {
  const t = expectType(cx, span, e, what, currency === undefined ? 'money' : `money ${currency}`, isMoney);
  if (currency !== undefined && t.type.kind === 'money' && t.type.currency !== currency) {
    cx.r.report('ACC202', M.currencyMismatch(T.money(currency), t.type), t.span);
  }
  return t;
}

/** A count: a number or points. */
function count(cx: ExprCtx, span: Span, e: Expr | undefined, what: string): TExpr {
  return expectType(cx, span, e, what, 'a number', isCount);
}

/** The unit of a money reward: its currency when it typed, else unknown (caps then fit anything). */
function moneyUnit(currency: string | undefined): RewardUnit {
  return currency === undefined ? { kind: 'unknown' } : { kind: 'money', currency };
}

/** Types a reward and lowers it. */
export function checkReward(cx: ExprCtx, reward: Reward): CheckedReward {
  const span = reward.span;
  switch (reward.kind) {
    case 'PointsReward': {
      const amount = count(cx, span, reward.amount, 'points');
      let per: { unit: TExpr; base: TExpr } | undefined;
      if (reward.per !== undefined) {
        const unit = checkRoot(cx, reward.per.unit, reward.per.span);
        const base = checkRoot(cx, reward.per.base, reward.per.span);
        per = { unit, base };
        checkPer(cx, unit, base);
      }
      if (per === undefined) neverPays(cx, amount, 'reward points');
      else {
        // `R per U of B` with R = 0 never pays; a negative R pays on a negative B, so it is left alone.
        const d = foldDecimal(amount);
        if (d !== undefined && d.isZero()) cx.r.report('ACC316', M.neverPays('reward points', d.toString()), amount.span, M.neverPaysHint());
      }
      return { ir: { kind: 'points', amount, per, span }, unit: { kind: 'points' }, label: 'points' };
    }
    case 'MultiplierReward': {
      const factor = count(cx, span, reward.factor, 'multiplier factor');
      const f = foldDecimal(factor);
      if (f !== undefined && f.lte(1)) cx.r.report('ACC316', M.neverPaysMultiplier(f.toString()), factor.span, M.neverPaysMultiplierHint());
      // A rule named twice is multiplied once (program.ts warns, ACC321).
      return { ir: { kind: 'multiplier', factor, targets: [...new Set((reward.targets ?? []).map((t) => t.name))], span }, unit: { kind: 'points' }, label: 'multiplier' };
    }
    case 'CashbackReward': {
      const { value, currency } = checkValue(cx, span, reward.value, 'cashback');
      const c = currency ?? cx.env.currency ?? '';
      return { ir: { kind: 'cashback', currency: c, value, span }, unit: moneyUnit(currency), label: 'cashback' };
    }
    case 'DiscountReward': {
      const { value, currency } = checkValue(cx, span, reward.value, 'discount');
      const max = reward.max === undefined ? undefined : money(cx, span, reward.max, 'discount maximum', currency);
      const c = currency ?? cx.env.currency ?? '';
      return { ir: { kind: 'discount', currency: c, target: reward.target ?? 'invoice', value, max, span }, unit: moneyUnit(currency), label: 'discount' };
    }
    case 'TieredCashbackReward': {
      const base = money(cx, span, reward.base, 'tiered cashback base');
      const currency = currencyOf(base);
      const over = reward.over === undefined ? undefined : money(cx, span, reward.over, '`over` amount', currency);
      const bands = (reward.bands ?? []).map((b) => ({ from: money(cx, span, b.from, 'band start', currency), rate: checkRate(cx, count(cx, span, b.rate, 'band rate'), 'cashback band rate'), span: b.span }));
      checkBands(cx, bands, span);
      const c = currency ?? cx.env.currency ?? '';
      return { ir: { kind: 'tieredCashback', currency: c, base, over, bands, span }, unit: moneyUnit(currency), label: 'cashback' };
    }
    case 'FreeProductReward': {
      const unquoted = unquotedSku(cx, reward.sku);
      const sku = unquoted ?? expectType(cx, span, reward.sku, 'product sku', 'a string', isString);
      const quantity = reward.quantity === undefined
        ? ({ kind: 'literal', type: T.integer, span, value: { kind: 'number', value: '1' } } as TExpr)
        : expectType(cx, span, reward.quantity, 'quantity', 'an integer', isInteger);
      return { ir: { kind: 'freeProduct', sku, quantity, span }, unit: { kind: 'product' }, label: 'free product' };
    }
    case 'PrizeReward': {
      const prize = expectType(cx, span, reward.prize, 'prize', 'points or money', isPrize);
      neverPays(cx, prize, 'reward prize');
      const unit: RewardUnit = prize.type.kind === 'money' ? { kind: 'money', currency: prize.type.currency } : prize.type.kind === 'error' ? { kind: 'unknown' } : { kind: 'points' };
      const chance = checkChance(cx, span, reward);
      const irUnit = unit.kind === 'money' ? unit : ({ kind: 'points' } as const);
      return { ir: { kind: 'prize', prize, unit: irUnit, chance, span }, unit, label: unit.kind === 'money' ? 'money prize' : 'points prize' };
    }
  }
}

/** `5% of amount` (number × money) or a fixed money amount; the currency is the money's. */
function checkValue(cx: ExprCtx, span: Span, v: RewardValue | undefined, what: string): { value: ValueIR; currency: string | undefined } {
  if (v === undefined) return { value: { kind: 'fixed', amount: errorTExpr({ offset: 0, line: 1, column: 1, length: 0 }) }, currency: undefined };
  if (v.kind === 'PercentOf') {
    const percent = checkRate(cx, count(cx, span, v.percent, `${what} rate`), `${what} rate`);
    const base = money(cx, span, v.base, `${what} base`);
    return { value: { kind: 'percentOf', percent, base }, currency: currencyOf(base) };
  }
  const amount = money(cx, span, v.amount, what);
  neverPays(cx, amount, `reward ${what}`);
  return { value: { kind: 'fixed', amount }, currency: currencyOf(amount) };
}

/**
 * A constant rate of cashback or discount lies in 0%–100% (ACC319): a negative rate would take
 * money back, and one above 100% pays more than the amount — most often a forgotten `%`
 * (`cashback 5 of amount` is 500%).
 */
function checkRate(cx: ExprCtx, rate: TExpr, what: string): TExpr {
  const d = foldDecimal(rate);
  if (d === undefined) return rate;
  const percent = `${d.times(100).toString()}%`;
  if (d.lt(0)) cx.r.report('ACC319', M.rateNegative(what, percent), rate.span);
  else if (d.gt(1)) cx.r.report('ACC319', M.rateAboveWhole(what, percent), rate.span, d.isInteger() ? M.rateAboveWholeHint(d.toString()) : undefined);
  return rate;
}

/** ACC316 when a constant reward amount is 0 or less: the rule could never pay. */
function neverPays(cx: ExprCtx, amount: TExpr, what: string): void {
  const d = foldDecimal(amount);
  if (d === undefined || d.gt(0)) return;
  const text = amount.type.kind === 'money' ? `${d.toString()} ${amount.type.currency}` : d.toString();
  cx.r.report('ACC316', M.neverPays(what, text), amount.span, M.neverPaysHint());
}

/**
 * `free product DRINK-FREE`: a SKU written without quotes reads as fields minus fields. When the
 * names are not fields, report the first as unknown once, with the quoted SKU as the hint.
 */
function unquotedSku(cx: ExprCtx, e: Expr | undefined): TExpr | undefined {
  if (e === undefined) return undefined;
  const parts: Expr[] = [];
  const collect = (x: Expr): boolean => {
    if (x.kind === 'Binary' && x.op === '-') return collect(x.left) && collect(x.right);
    if (x.kind === 'NameRef' || x.kind === 'NumberLit') { parts.push(x); return true; }
    return false;
  };
  if (!collect(e)) return undefined;
  const unknown = parts.find((x): x is Extract<Expr, { kind: 'NameRef' }> => x.kind === 'NameRef' && !cx.env.transaction.fields.has(x.name));
  if (unknown === undefined) return undefined;
  // The SKU as written: the parts joined by `-` when nothing stands between them.
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const x = parts[i]!;
    if (i > 0 && parts[i - 1]!.span.offset + parts[i - 1]!.span.length + 1 !== x.span.offset) return undefined;
    text += (i > 0 ? '-' : '') + (x.kind === 'NameRef' ? x.name : (x as Extract<Expr, { kind: 'NumberLit' }>).text);
  }
  cx.r.report('ACC100', M.unknownField(unknown.name), unknown.span, M.skuHint(text));
  return errorTExpr(e.span);
}

/** `per U of B`: both money of one currency, or both numbers; U must not be zero. */
function checkPer(cx: ExprCtx, unit: TExpr, base: TExpr): void {
  const a = unit.type;
  const b = base.type;
  if (a.kind === 'error' || b.kind === 'error') return;
  if (a.kind === 'money' && b.kind === 'money') {
    if (a.currency !== b.currency) cx.r.report('ACC202', M.currencyMismatch(a, b), base.span);
  } else if (!(isCount(a) && isCount(b))) {
    cx.r.report('ACC209', M.rewardType('`per … of …`', 'money of one currency on both sides, or numbers on both', b.kind === 'money' ? a : b), (b.kind === 'money' ? unit : base).span);
    return;
  }
  const d = foldDecimal(unit);
  if (d !== undefined && d.isZero()) cx.r.report('ACC211', M.divisionByZero(), unit.span);
}

/** Band starts must be constant and strictly ascending (ACC305). */
function checkBands(cx: ExprCtx, bands: readonly { from: TExpr; span: Span }[], span: Span): void {
  if (bands.length === 0) {
    cx.r.report('ACC305', M.noBands(), span);
    return;
  }
  let prev: ReturnType<typeof foldDecimal>;
  for (const b of bands) {
    if (b.from.type.kind === 'error') return;
    const d = foldDecimal(b.from);
    if (d === undefined) {
      cx.r.report('ACC305', M.bandNotConstant(), b.from.span);
      return;
    }
    if (prev !== undefined && !d.gt(prev)) {
      cx.r.report('ACC305', M.bandsOrder(), b.from.span);
      return;
    }
    prev = d;
  }
}

/** `chance 1 in N` needs N ≥ 1; `chance P` needs 0 < P ≤ 1 (ACC306). */
function checkChance(cx: ExprCtx, span: Span, reward: Extract<Reward, { kind: 'PrizeReward' }>): Extract<RewardIR, { kind: 'prize' }>['chance'] {
  const c = reward.chance;
  if (c?.kind === 'OneIn') {
    const n = count(cx, span, c.n, 'chance');
    const d = foldDecimal(n);
    if (d !== undefined && d.lt(1)) cx.r.report('ACC306', M.chanceOneIn(d.toFixed()), n.span);
    return { kind: 'oneIn', n };
  }
  const p = count(cx, span, c?.p, 'chance');
  const d = foldDecimal(p);
  if (d !== undefined && (d.lte(0) || d.gt(1))) cx.r.report('ACC306', M.chanceRange(d.toFixed()), p.span);
  return { kind: 'probability', p };
}

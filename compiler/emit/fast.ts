// Small helpers for the settlement code the emitter writes per rule (emit/grant.ts):
// integer rounding specialised per mode, the room left under a cap, money totals per
// currency in first-credit order, and money text. Every function takes the fast path
// when its operands are safe integers and falls back to the exact Num code (emit/num.ts)
// otherwise, so results never differ from the generic helpers.
import { Dec } from '../../runtime/decimal.ts';
import { lt, mul, norm, roundDiv, sub, add, type Num } from './num.ts';
import { minorText } from './money-text.ts';
import type { CapIR, ExpirySpec } from '../ir.ts';
import type { CapRef, ObservedValue, RuleResult } from '../../runtime/outcome.ts';
import type { Span } from '../../grammar/span.ts';
import { expiresAt } from '../../runtime/expiry.ts';
import type { Zone } from '../../runtime/local-time.ts';
import type { LocalDay } from './clock.ts';

const MAX = Number.MAX_SAFE_INTEGER;

// n ÷ d rounded, for a safe integer n and a positive safe integer d (exact: the remainder decides).
function divFloor(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d - (r < 0 ? 1 : 0);
  return q === 0 ? 0 : q;
}
function divCeil(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d + (r > 0 ? 1 : 0);
  return q === 0 ? 0 : q;
}
function divDown(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d;
  return q === 0 ? 0 : q;
}
function divUp(n: number, d: number): number {
  const r = n % d;
  const q = (n - r) / d + (r > 0 ? 1 : r < 0 ? -1 : 0);
  return q === 0 ? 0 : q;
}
function divHalfUp(n: number, d: number): number {
  const r = n % d;
  let q = (n - r) / d;
  if (r !== 0 && Math.abs(r) * 2 >= d) q += r > 0 ? 1 : -1;
  return q === 0 ? 0 : q;
}
function divHalfDown(n: number, d: number): number {
  const r = n % d;
  let q = (n - r) / d;
  if (r !== 0 && Math.abs(r) * 2 > d) q += r > 0 ? 1 : -1;
  return q === 0 ? 0 : q;
}
function divHalfEven(n: number, d: number): number {
  const r = n % d;
  let q = (n - r) / d;
  if (r !== 0) {
    const twice = Math.abs(r) * 2;
    if (twice > d || (twice === d && q % 2 !== 0)) q += r > 0 ? 1 : -1;
  }
  return q === 0 ? 0 : q;
}

/**
 * p × b ÷ d rounded, for integer constants p and d > 0 and a Num b (null stays null). When
 * p/d came from a fractional rate, `rate` and `unit` (rate × b ÷ unit = p × b ÷ d) give the
 * interpreter's order for a Decimal b: with an inexact b (a division's 40 digits) the
 * order decides the last digit, and so sometimes the rounded result.
 */
function md(div: (n: number, d: number) => number, mode: Parameters<typeof roundDiv>[2]) {
  return (p: number, b: Num | null, d: number, rate?: Num, unit?: number): Num | null => {
    if (b === null) return null;
    if (typeof b === 'number') {
      const n = p * b;
      if (n <= MAX && n >= -MAX) return div(n, d);
    }
    return rate === undefined ? roundDiv(mul(p, b), d, mode) : roundDiv(mul(rate, b), unit!, mode);
  };
}

export const mdFloor = md(divFloor, 'floor');
export const mdCeil = md(divCeil, 'ceil');
export const mdDown = md(divDown, 'down');
export const mdUp = md(divUp, 'up');
export const mdHalfUp = md(divHalfUp, 'half-up');
export const mdHalfDown = md(divHalfDown, 'half-down');
export const mdHalfEven = md(divHalfEven, 'half-even');

/** The helper name of a rounding mode. */
export const MD_OF: Readonly<Record<string, string>> = {
  floor: 'mdFloor', ceil: 'mdCeil', down: 'mdDown', up: 'mdUp', 'half-up': 'mdHalfUp', 'half-down': 'mdHalfDown', 'half-even': 'mdHalfEven',
};

/** A positive amount (null, zero or less: nothing). */
export function positive(v: Num | null): boolean {
  return v !== null && (typeof v === 'number' ? v > 0 : v.gt(0));
}

/** Room left under a cap: limit − used, never below zero, floored to whole units. */
export function room(limit: Num, used: number | undefined): Num {
  const u = used ?? 0;
  if (typeof limit === 'number') {
    const r = limit - u;
    if (Number.isSafeInteger(r)) return r > 0 ? r : 0;
  }
  let r: Num = sub(limit, u);
  if (lt(r, 0)) r = 0;
  if (typeof r !== 'number') r = norm(r.floor());
  return r;
}

/** Money credited per currency, in the order currencies were first credited. */
export class MoneyAcc {
  readonly order: number[] = [];
  readonly values: Num[] = [];
  // The text of a currency's only credit so far ('' after a second one): most totals are
  // one credit, whose text the settlement code already made, so the total is not formatted twice.
  readonly known: string[] = [];
  n = 0;
  reset(): void {
    this.n = 0;
  }
  /** Credits v (in currency k) whose decimal text is `text`. */
  add(k: number, v: Num, text: string): void {
    for (let i = 0; i < this.n; i++) {
      if (this.order[i] === k) {
        this.values[k] = add(this.values[k]!, v);
        this.known[k] = '';
        return;
      }
    }
    this.order[this.n++] = k;
    this.values[k] = v;
    this.known[k] = text;
  }
  /** The amount credited in currency k, or 0. */
  get(k: number): Num {
    for (let i = 0; i < this.n; i++) if (this.order[i] === k) return this.values[k]!;
    return 0;
  }
  /** The decimal text of the amount credited in currency k (which has been credited). */
  text(k: number, digits: number, currency: string): string {
    const t = this.known[k]!;
    return t !== '' ? t : minorText(this.values[k]!, digits, currency);
  }
  /** `{ USD: "1.25", … }` in first-credit order. */
  texts(currencies: readonly string[], digits: readonly number[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.n; i++) {
      const k = this.order[i]!;
      out[currencies[k]!] = this.text(k, digits[k]!, currencies[k]!);
    }
    return out;
  }
}

/** Minor units of money as a number for counters and aggregates. */
export function toNumber(v: Num): number {
  return typeof v === 'number' ? v : Number(v);
}

/** A cap's counter key for a local day's periods (cached in the day). */
export function capKeyOf(day: LocalDay, caps: readonly CapIR[], s: number): string {
  const c = caps[s]!;
  return (day.capKeys[s] = `cap:${c.id}:${day.periods[c.period!]}`);
}

/** The outcome's reference to a cap for a local day (cached in the day; frozen, shared). */
export function capRefOf(day: LocalDay, caps: readonly CapIR[], s: number): CapRef {
  const r = day.refs[s];
  if (r !== undefined) return r;
  const c = caps[s]!;
  return (day.refs[s] = Object.freeze({ id: c.id, owner: c.owner, scope: c.scope, period: c.period ? day.periods[c.period] : undefined, span: c.span }));
}

/** A lot's expiry instant for a local day (cached in the day). */
export function expiryOf(day: LocalDay, specs: readonly ExpirySpec[], k: number, zone: Zone): string | null {
  const v = expiresAt(specs[k], day.parts, zone);
  if (v !== null) day.exp[k] = v;
  return v;
}

/**
 * The winner of group g among the candidates from..n (runtime/interpret/rules.ts
 * groupWinner): lowest priority; among equals the larger amount when all are comparable
 * (unit keys equal and not null), else / then the smaller rule id.
 */
export function chooseWinner(
  g: number, from: number, n: number, ci: readonly number[], cv: readonly Num[],
  groupOf: readonly number[], priority: readonly number[], ids: readonly string[], unitKey: readonly (string | null)[],
): number {
  let best = -1;
  for (let k = from; k < n; k++) {
    const i = ci[k]!;
    if (groupOf[i] !== g) continue;
    if (best < 0 || priority[i]! < priority[best]! || (priority[i] === priority[best] && ids[i]! < ids[best]!)) best = i;
  }
  const key = unitKey[best]!;
  const top: number[] = [];
  let comparable = key !== null;
  for (let k = from; k < n; k++) {
    const i = ci[k]!;
    if (groupOf[i] !== g || priority[i] !== priority[best]) continue;
    top.push(k);
    if (unitKey[i] !== key) comparable = false;
  }
  if (!comparable) return best;
  top.sort((a, b) => (ids[ci[a]!]! < ids[ci[b]!]! ? -1 : 1));
  let bestK = top[0]!;
  for (const k of top) if (lt(cv[bestK]!, cv[k]!)) bestK = k;
  return ci[bestK]!;
}

/** Sorts applied results by rule index (multipliers are decided last but listed in their place). */
export function sortApplied(list: unknown[], idx: number[], n: number): void {
  for (let a = 1; a < n; a++) {
    const i = idx[a]!, r = list[a];
    let b = a;
    while (b > 0 && idx[b - 1]! > i) { idx[b] = idx[b - 1]!; list[b] = list[b - 1]; b--; }
    idx[b] = i; list[b] = r;
  }
}

/** A NOT_APPLICABLE result, deeply frozen (memoized results are shared by outcomes). */
export function notApplicable(rule: string, kind: 'condition' | 'window', span: Span, values: ObservedValue[]): RuleResult {
  for (const v of values) Object.freeze(v);
  return Object.freeze({ rule, state: 'NOT_APPLICABLE', reason: Object.freeze({ kind, span, values: Object.freeze(values) }) }) as RuleResult;
}

/** Stores a memoized value (bounded) and returns it. */
export function memoSet<K, V>(m: Map<K, V>, k: K, v: V): V {
  if (m.size >= 1000) m.clear();
  m.set(k, v);
  return v;
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `new Date(ms).toISOString()` for years 1000–9999 without a Date (and exactly it otherwise). */
export function isoText(ms: number): string {
  if (!(ms >= -30610224000000 && ms < 253402300800000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  // Civil date of a day number (H. Hinnant's days_from_civil, inverted).
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(rest / 3_600_000); rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000); rest -= mi * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${y}-${PAD2[m]}-${PAD2[d]}T${PAD2[h]}:${PAD2[mi]}:${PAD2[sec]}.${PAD3[rest - sec * 1000]}Z`;
}

/** Frozen empty parts of outcomes: `{}`, `[]`, prizes `{ points: 0, money: {} }`, or zero aggregates. */
export function frozenEmpty(kind: 'record' | 'list' | 'prizes' | 'aggregates'): object {
  if (kind === 'list') return Object.freeze([]);
  if (kind === 'aggregates') return Object.freeze({ spend: 0, points: 0, cashback: 0, transactions: 0 });
  if (kind === 'prizes') return Object.freeze({ points: 0, money: Object.freeze({}) });
  return Object.freeze({});
}

export { minorText, Dec };

// Exact numbers for compiled code. A numeric value (number, integer, points, or money in
// integer minor units) is a JS number when it is a safe integer, else a Decimal. The fast
// path is plain integer arithmetic; anything that would leave the safe range, or divide
// unevenly, falls back to decimal.js, so results are always exact.
import { Dec } from '../../runtime/decimal.ts';

/** A compiled numeric value: a safe integer, or a Decimal for everything else. */
export type Num = number | Dec;

/** Normalises a Decimal: a safe integer becomes a JS number. */
export function norm(d: Dec): Num {
  if (d.isInteger()) {
    const n = d.toNumber();
    if (Number.isSafeInteger(n)) return n;
  }
  return d;
}

/** The Decimal form of a value. */
export function dec(a: Num): Dec {
  return typeof a === 'number' ? new Dec(a) : a;
}

/** a + b, exact. */
export function add(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(dec(a).plus(dec(b)));
}

/** a − b, exact. */
export function sub(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(dec(a).minus(dec(b)));
}

/** a × b, exact. */
export function mul(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // no -0
  }
  return norm(dec(a).times(dec(b)));
}

/** a ÷ b with the shared Decimal precision; integer when it divides evenly. */
export function div(a: Num, b: Num): Num {
  if (typeof a === 'number' && typeof b === 'number' && b !== 0 && a % b === 0) {
    const r = a / b;
    return r === 0 ? 0 : r;
  }
  return norm(dec(a).dividedBy(dec(b)));
}

/** −a. */
export function neg(a: Num): Num {
  return typeof a === 'number' ? (a === 0 ? 0 : -a) : norm(a.neg());
}

/** Sign of a − b: −1, 0 or 1. */
export function cmp(a: Num, b: Num): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return dec(a).comparedTo(dec(b));
}

/** a = b. */
export function eq(a: Num, b: Num): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return dec(a).eq(dec(b));
}

/** a < b. */
export function lt(a: Num, b: Num): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a < b : dec(a).lt(dec(b));
}

/** a ≤ b. */
export function le(a: Num, b: Num): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a <= b : dec(a).lte(dec(b));
}

/** a > b. */
export function gt(a: Num, b: Num): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a > b : dec(a).gt(dec(b));
}

/** a ≥ b. */
export function ge(a: Num, b: Num): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a >= b : dec(a).gte(dec(b));
}

/** The smaller of two values. */
export function min(a: Num, b: Num): Num {
  return lt(b, a) ? b : a;
}

/** The larger of two values. */
export function max(a: Num, b: Num): Num {
  return gt(b, a) ? b : a;
}

/** |a|. */
export function abs(a: Num): Num {
  return typeof a === 'number' ? Math.abs(a) : norm(a.abs());
}

/** Rounding modes by name, as decimal.js constants (the integer path mirrors them). */
export type Mode = 'floor' | 'ceil' | 'half-up' | 'half-even' | 'half-down' | 'down' | 'up';

const DEC_MODES: Readonly<Record<Mode, number>> = {
  floor: Dec.ROUND_FLOOR, ceil: Dec.ROUND_CEIL, 'half-up': Dec.ROUND_HALF_UP, 'half-even': Dec.ROUND_HALF_EVEN,
  'half-down': Dec.ROUND_HALF_DOWN, down: Dec.ROUND_DOWN, up: Dec.ROUND_UP,
};

/**
 * n ÷ d rounded to an integer with `mode`, exactly. With safe integers it is pure integer
 * arithmetic (the remainder decides); otherwise Decimal.
 */
export function roundDiv(n: Num, d: Num, mode: Mode): Num {
  if (typeof n === 'number' && typeof d === 'number' && d > 0) {
    const r = n % d; // exact for integers; sign of n
    let q = (n - r) / d; // truncated toward zero, exact
    if (r !== 0) {
      const twice = Math.abs(r) * 2; // |r| < d ≤ 2^53, so 2|r| stays exact below 2^54
      const pos = r > 0;
      switch (mode) {
        case 'floor': if (!pos) q -= 1; break;
        case 'ceil': if (pos) q += 1; break;
        case 'down': break;
        case 'up': q += pos ? 1 : -1; break;
        case 'half-up': if (twice >= d) q += pos ? 1 : -1; break;
        case 'half-down': if (twice > d) q += pos ? 1 : -1; break;
        case 'half-even': if (twice > d || (twice === d && q % 2 !== 0)) q += pos ? 1 : -1; break;
      }
    }
    return q === 0 ? 0 : q;
  }
  const exact = typeof d === 'number' && d === 1 ? dec(n) : dec(n).dividedBy(dec(d));
  return norm(exact.toDecimalPlaces(0, DEC_MODES[mode] as Parameters<Dec['toDecimalPlaces']>[1]));
}

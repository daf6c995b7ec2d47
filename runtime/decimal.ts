// The one Decimal configuration both back ends compute with, so that an inexact
// division (1 ÷ 3) rounds at the same digit in the interpreter and in compiled code.
// 40 significant digits is far beyond any money or points figure; exact sums and
// products of inputs stay exact.
import { Decimal } from 'decimal.js';

/** Decimal with 40 significant digits, half-even, never printed in exponent form. */
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

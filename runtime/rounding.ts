// Rounding, done once: points per rule with the program's mode, money rewards half-even
// to the currency's minor unit, and the number built-ins round/floor/ceil.
import type { RoundingMode } from '../grammar/ast.ts';
import type { Decimal } from 'decimal.js';
import { Dec } from './decimal.ts';
import { minorDigits } from './currency.ts';

const MODES: Readonly<Record<RoundingMode, Decimal.Rounding>> = {
  floor: Dec.ROUND_FLOOR, // toward −∞
  ceil: Dec.ROUND_CEIL, // toward +∞
  'half-up': Dec.ROUND_HALF_UP, // ties away from zero
  'half-even': Dec.ROUND_HALF_EVEN,
  'half-down': Dec.ROUND_HALF_DOWN, // ties toward zero
  down: Dec.ROUND_DOWN, // toward zero
  up: Dec.ROUND_UP, // away from zero
};

/** The decimal.js rounding constant of a program rounding mode. */
export function decimalRounding(mode: RoundingMode): Decimal.Rounding {
  return MODES[mode];
}

/** Rounds exact points to an integer with the program's mode. */
export function roundPoints(points: Dec, mode: RoundingMode): number {
  return points.toDecimalPlaces(0, MODES[mode]).toNumber();
}

/** Rounds a money amount half-even to the currency's minor unit. */
export function roundMoney(amount: Dec, currency: string): Dec {
  return amount.toDecimalPlaces(minorDigits(currency), Dec.ROUND_HALF_EVEN);
}

/** The `round(x)` built-in: to an integer, ties away from zero (as spreadsheets do). */
export function roundBuiltin(x: Dec): Dec {
  return x.toDecimalPlaces(0, Dec.ROUND_HALF_UP);
}

/** The `floor(x)` built-in. */
export function floorBuiltin(x: Dec): Dec {
  return x.toDecimalPlaces(0, Dec.ROUND_FLOOR);
}

/** The `ceil(x)` built-in. */
export function ceilBuiltin(x: Dec): Dec {
  return x.toDecimalPlaces(0, Dec.ROUND_CEIL);
}

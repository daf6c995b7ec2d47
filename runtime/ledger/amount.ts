// Exact amounts. Points are integers and money decimal strings at the edges; inside the
// ledger everything is a Decimal and goes to Postgres `numeric` as text.
import { Decimal } from 'decimal.js';
import type { EarnedLot } from '../outcome.ts';
import { minorDigits } from '../currency.ts';

export { Decimal };
export const ZERO = new Decimal(0);

/** An asset a balance is kept in: 'points', or an ISO currency code for cashback money. */
export type Asset = string;
export const POINTS: Asset = 'points';

export function assetOfLot(lot: EarnedLot): Asset {
  if (lot.unit === 'points') return POINTS;
  if (!lot.currency) throw new Error(`money lot of rule ${lot.rule} has no currency`);
  return lot.currency;
}

/** Parses a caller's amount: a positive finite number or decimal string, integral for points. */
export function parseAmount(value: unknown, asset: Asset): Decimal | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    return undefined;
  }
  if (!d.isFinite() || d.lte(0)) return undefined;
  if (asset === POINTS && !d.isInteger()) return undefined;
  return d;
}

export const text = (d: Decimal): string => d.toFixed();

/**
 * An amount as the API and the ledger's messages write it: points as they are, money with its
 * currency's decimals (`"1.50"`, not `text`'s `"1.5"`), or more when the value has more
 * (nothing is ever rounded away).
 */
export function amountText(asset: Asset, value: Decimal | string | number): string {
  const d = new Decimal(value);
  return asset === POINTS ? d.toFixed() : d.toFixed(Math.max(minorDigits(asset), d.decimalPlaces()));
}
export const dec = (v: unknown): Decimal => new Decimal(v as string);

// Exact amounts. Points are integers and money decimal strings at the edges; inside the
// ledger everything is a Decimal and goes to Postgres `numeric` as text.
import { Decimal } from 'decimal.js';
import type { EarnedLot } from '../outcome.ts';

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
export const dec = (v: unknown): Decimal => new Decimal(v as string);

// Formatting integer minor units as the outcome's decimal strings without Decimal on
// the fast path ("6.00" for 600 USD cents, "1500" for JPY).
import { formatMoney } from '../../runtime/currency.ts';
import { Dec } from '../../runtime/decimal.ts';
import type { Num } from './num.ts';

/** Decimal text of minor units with exactly `digits` decimals. */
const FRAC2 = Array.from({ length: 100 }, (_, i) => `.${String(i).padStart(2, '0')}`);

export function minorText(m: Num, digits: number, currency: string): string {
  if (typeof m !== 'number') return formatMoney(m.dividedBy(10 ** digits), currency);
  if (!Number.isSafeInteger(m)) return formatMoney(new Dec(m).dividedBy(10 ** digits), currency); // 3.268e+24 is not money text
  if (digits === 0) return String(m);
  if (digits === 2 && m >= 0 && m <= Number.MAX_SAFE_INTEGER) {
    const r = m % 100;
    return `${(m - r) / 100}${FRAC2[r]}`;
  }
  const neg = m < 0;
  const a = neg ? -m : m;
  const scale = 10 ** digits;
  const frac = String(a % scale).padStart(digits, '0');
  return `${neg ? '-' : ''}${Math.floor(a / scale)}.${frac}`;
}

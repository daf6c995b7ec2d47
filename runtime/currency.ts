// Money at the edges: minor-unit digits per currency, exact parsing of inputs given in
// major units (number or decimal string), conversion to and from integer minor units
// (counters), and formatting with exactly the currency's digits (outcomes).
import { Dec } from './decimal.ts';

// ISO 4217 exponents that differ from the default of 2.
const DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Number of minor-unit digits of a currency (USD 2, JPY 0, KWD 3); 2 when unknown. */
export function minorDigits(currency: string): number {
  return DIGITS[currency] ?? 2;
}

const PLAIN = /^-?\d+(?:\.(\d+))?$/;
// A decimal with an exponent (JS prints 1e21 so). decimal.js also reads `0x10`, `0b11` and
// `0o17`, which are not decimals: without this test "0x10" would be 16 USD.
const EXPONENT = /^-?\d+(?:\.\d+)?e[+-]?\d+$/i;

/**
 * Parses a money input in major units (`12.34` or `"12.34"`) exactly.
 * Returns undefined when it is not a finite decimal or has more decimals than the currency.
 */
export function parseMoney(value: unknown, currency: string): Dec | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value); // shortest round-trip text: 0.1 stays "0.1"
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = PLAIN.exec(text);
  if (m) {
    if ((m[1]?.length ?? 0) > minorDigits(currency)) return undefined;
    return new Dec(text);
  }
  // Exponent forms (1e21, "1.5e2"): accept only exact decimals. Dec reads every text EXPONENT
  // matches without throwing: an exponent above its range gives ±Infinity, and one below it 0 —
  // for a non-zero mantissa ("5e-99999999999999999999") not that amount: both are refused.
  if (!EXPONENT.test(text)) return undefined;
  const d = new Dec(text);
  if (!d.isFinite() || d.decimalPlaces() > minorDigits(currency)) return undefined;
  if (d.isZero() && /[1-9]/.test(text.slice(0, text.search(/e/i)))) return undefined;
  return d;
}

/** Integer minor units of a money amount (12.34 USD → 1234); rounds half-even if it has more digits. */
export function toMinor(amount: Dec, currency: string): number {
  return amount.times(pow10(minorDigits(currency))).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).toNumber();
}

/** Money amount of an integer number of minor units (1234 → 12.34 USD). */
export function fromMinor(minor: number, currency: string): Dec {
  return new Dec(minor).dividedBy(pow10(minorDigits(currency)));
}

/** Decimal string with exactly the currency's digits ("6.00", "1500" for JPY), rounding half-even. */
export function formatMoney(amount: Dec, currency: string): string {
  const s = amount.toFixed(minorDigits(currency), Dec.ROUND_HALF_EVEN);
  return s === '-0' || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/** Decimal string of an integer number of minor units (600 → "6.00" USD). */
export function formatMinor(minor: number, currency: string): string {
  return formatMoney(fromMinor(minor, currency), currency);
}

const POWERS = [1, 10, 100, 1000, 10000].map((n) => new Dec(n));
function pow10(n: number): Dec {
  return POWERS[n] ?? new Dec(10).pow(n);
}

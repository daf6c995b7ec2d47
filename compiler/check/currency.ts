// Currency codes: a code must be a real ISO-4217 code (as far as the host's Intl knows) and,
// where money is used, one the program declares in its header.
import type { Ident } from '../../grammar/ast.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';
import { closest, didYouMean } from './suggest.ts';

let iso: ReadonlySet<string> | undefined;

// Suggested first when a typo is as close to them as to a rarer code (`USX` → `USD`, not `UGX`).
const COMMON = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'CNY', 'INR', 'MXN', 'BRL', 'SEK', 'NOK', 'DKK', 'PLN', 'SGD', 'HKD', 'NZD', 'KRW', 'ZAR'];

/** The ISO currency codes the host knows (empty when Intl cannot list them: then any AAA code passes). */
function isoCodes(): ReadonlySet<string> {
  if (iso === undefined) {
    const intl = Intl as { supportedValuesOf?: (k: string) => string[] };
    iso = new Set(typeof intl.supportedValuesOf === 'function' ? intl.supportedValuesOf('currency') : []);
  }
  return iso;
}

/** True when `code` is a plausible ISO-4217 currency code. */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  const codes = isoCodes();
  return codes.size === 0 || codes.has(code);
}

/** Reports a code that is not a currency at all; returns whether it is one. */
export function checkIsoCurrency(r: Reporter, id: Ident): boolean {
  if (isCurrencyCode(id.name)) return true;
  r.report('ACC109', M.notIsoCurrency(id.name), id.span, didYouMean(closest(id.name, [...COMMON, ...isoCodes()])));
  return false;
}

/** The code if the program declares it; otherwise reports ACC109 and returns undefined. */
export function useCurrency(r: Reporter, declared: readonly string[], id: Ident): string | undefined {
  if (declared.includes(id.name)) return id.name;
  if (!isCurrencyCode(id.name)) {
    const near = closest(id.name, declared) ?? closest(id.name, [...COMMON, ...isoCodes()]);
    r.report('ACC109', M.notIsoCurrency(id.name), id.span, didYouMean(near));
  } else {
    r.report('ACC109', M.undeclaredCurrency(id.name), id.span, M.declareCurrencyHint(id.name));
  }
  return undefined;
}

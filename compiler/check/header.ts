// The program header: name, currencies, timezone, rounding, seed, spend, expiry, minimum
// redemption, with the defaults of docs/syntax.md. `spend` is resolved later, against the schema.
import type { Header, Ident, RoundingMode } from '../../grammar/ast.ts';
import type { Span } from '../../grammar/span.ts';
import type { CheckedProgram, ExpirySpec } from '../ir.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { inexactAmount, isPositiveAmount } from './caps.ts';
import { checkIsoCurrency, useCurrency } from './currency.ts';
import { lowerExpiry } from './expiry.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';
import { closest, didYouMean } from './suggest.ts';

export interface HeaderInfo {
  readonly name: string;
  readonly currency: string | undefined;
  readonly currencies: readonly string[];
  readonly timezone: string;
  readonly rounding: RoundingMode;
  readonly seed: string;
  /** The `spend <field>` setting, resolved against the schema later. */
  readonly spend: Ident | undefined;
  readonly defaultExpiry: ExpirySpec | undefined;
  readonly minimumRedemption: CheckedProgram['minimumRedemption'];
}

/** True when the host's Intl accepts `zone` as an IANA timezone. */
export function isTimezone(zone: string): boolean {
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    // Building a DateTimeFormat costs milliseconds: remember the answer.
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      ok = zone.length > 0;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  return ok;
}
const zoneCache = new Map<string, boolean>();

function timezoneNames(): string[] {
  const intl = Intl as { supportedValuesOf?: (k: string) => string[] };
  return typeof intl.supportedValuesOf === 'function' ? [...intl.supportedValuesOf('timeZone'), 'UTC'] : ['UTC'];
}

/** Checks the header and applies defaults. A missing header was reported by the parser. */
export function checkHeader(r: Reporter, header: Header | undefined): HeaderInfo {
  const name = header?.name?.value ?? '';
  let currency: string | undefined;
  const currencies: string[] = [];
  let timezone = 'UTC';
  let rounding: RoundingMode = 'floor';
  let seed: string | undefined;
  let spend: Ident | undefined;
  let defaultExpiry: ExpirySpec | undefined;
  let minimum: { amount: NonNullable<Header['settings'][number] & { kind: 'MinimumRedemption' }>['amount'] } | undefined;

  const addCurrency = (id: Ident | undefined): void => {
    if (id === undefined || !checkIsoCurrency(r, id)) return;
    if (!currencies.includes(id.name)) currencies.push(id.name);
  };

  for (const s of header?.settings ?? []) {
    switch (s.kind) {
      case 'Currency':
        if (s.code !== undefined && checkIsoCurrency(r, s.code)) {
          currency = s.code.name;
          // The default currency goes first, even when `currencies` came earlier.
          const i = currencies.indexOf(currency);
          if (i >= 0) currencies.splice(i, 1);
          currencies.unshift(currency);
        }
        break;
      case 'Currencies':
        for (const c of s.codes ?? []) addCurrency(c);
        break;
      case 'Timezone': {
        const zone = s.zone?.value;
        if (zone === undefined) break;
        if (isTimezone(zone)) timezone = zone;
        else r.report('ACC110', M.unknownTimezone(zone), s.zone.span, didYouMean(closest(zone, timezoneNames())) ?? M.timezoneHint());
        break;
      }
      case 'Rounding': rounding = s.mode; break;
      case 'Seed': seed = s.seed?.value; break;
      case 'Spend': spend = s.field; break;
      case 'DefaultExpiry': if (s.expiry !== undefined) defaultExpiry = lowerExpiry(r, s.expiry); break;
      case 'MinimumRedemption': minimum = { amount: s.amount }; break;
    }
  }
  if (header !== undefined && currency === undefined && !header.settings.some((s) => s.kind === 'Currency')) {
    r.report('ACC314', M.missingCurrency(), keywordSpan(header.span, 'program'), M.missingCurrencyHint());
  }

  let minimumRedemption: CheckedProgram['minimumRedemption'];
  const q = minimum?.amount;
  if (q !== undefined) {
    // A redemption is whole points or whole minor units: a finer minimum could never be met
    // exactly, and the refusal would quote it ("the minimum is 1.5 points").
    const text = q.value.text;
    if (q.unit.kind === 'times') r.report('ACC314', M.minimumTimes(), q.span);
    else if (!isPositiveAmount(text)) r.report('ACC314', M.minimumPositive(text), q.value.span);
    else if (q.unit.kind === 'points') {
      if (inexactAmount(text, { kind: 'points' }) !== undefined) r.report('ACC314', M.minimumPointsInteger(text), q.value.span);
      else minimumRedemption = { unit: 'points', value: text };
    } else {
      const c = useCurrency(r, currencies, q.unit.currency);
      if (c !== undefined && inexactAmount(text, { kind: 'money', currency: c }) !== undefined) r.report('ACC314', M.minimumMoneyDigits(text, c, minorDigits(c)), q.value.span);
      else if (c !== undefined) minimumRedemption = { unit: 'money', currency: c, value: text };
    }
  }
  return { name, currency, currencies, timezone, rounding, seed: seed ?? name, spend, defaultExpiry, minimumRedemption };
}

/** The span of a leading keyword, so a caret marks `program` rather than the whole block. */
function keywordSpan(span: Span, keyword: string): Span {
  return { ...span, length: Math.min(span.length, keyword.length) };
}

// How a value read while explaining a failed condition is shown (`ObservedValue.value`),
// one JSON form for both back ends:
//   absent → null; number/integer/points → a JSON number when it converts exactly, else a
//   decimal string; money → { amount: decimal string with at least the currency's digits,
//   currency }; timestamp → ISO-8601 UTC; time → "HH:MM"; date, string, enum, boolean as
//   they are; list → array; record → the input object as given.
import type { Type } from '../compiler/types.ts';
import type { JsonValue } from './outcome.ts';
import { Dec } from './decimal.ts';
import { minorDigits } from './currency.ts';
import { timeText } from './expr-text.ts';

/** A record value: the input object and the name of its record schema. */
export interface RecordValue {
  readonly record: string;
  readonly raw: { readonly [k: string]: JsonValue };
}

/** A runtime value of the reference interpreter (null is absent). */
export type Value = null | Dec | string | boolean | number | readonly Value[] | RecordValue;

/** A decimal as JSON: a number when exact, else its decimal text. */
export function decimalJson(d: Dec): JsonValue {
  const n = d.toNumber();
  return Number.isFinite(n) && new Dec(n).eq(d) ? n : d.toFixed();
}

/** The JSON form of a value of a type, as shown in explanations. */
export function observedJson(value: Value, type: Type): JsonValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'number': case 'integer': case 'points':
      return decimalJson(value as Dec);
    case 'money': {
      const d = value as Dec;
      return { amount: d.toFixed(Math.max(d.decimalPlaces(), minorDigits(type.currency))), currency: type.currency };
    }
    case 'timestamp': return new Date(value as number).toISOString();
    case 'time': return timeText(value as number);
    case 'list': return (value as readonly Value[]).map((v) => observedJson(v, type.element));
    case 'record': return (value as RecordValue).raw;
    default: return value as JsonValue;
  }
}

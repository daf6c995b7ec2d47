// Explanations for compiled code: the JSON form of observed values (runtime/observed.ts,
// over the compiled representation), the recording helper the observing variant of a
// condition calls, and the values a closed window shows.
import type { Type } from '../types.ts';
import type { JsonValue, ObservedValue } from '../../runtime/outcome.ts';
import type { Span } from '../../grammar/span.ts';
import { decimalJson } from '../../runtime/observed.ts';
import { timeText } from '../../runtime/expr-text.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { dec, type Num } from './num.ts';
import { minorText } from './money-text.ts';
import { isoText } from './fast.ts';

/** How one recordable subexpression is shown: its source text, span and value formatter. */
export interface ObserveMeta {
  readonly text: string;
  readonly span: Span;
  readonly json: (v: unknown) => JsonValue;
}

/** The formatter of values of a type (compiled representation → explanation JSON). */
export function jsonOf(type: Type): (v: unknown) => JsonValue {
  switch (type.kind) {
    case 'number': case 'integer': case 'points':
      return (v) => (v === null ? null : typeof v === 'number' ? v : decimalJson(dec(v as Num)));
    case 'money': {
      const digits = minorDigits(type.currency);
      const currency = type.currency;
      return (v) => {
        if (v === null) return null;
        // Whole minor units have at most `digits` decimals: the text has exactly `digits`.
        if (typeof v === 'number') return { amount: minorText(v, digits, currency), currency };
        const d = dec(v as Num).dividedBy(10 ** digits);
        return { amount: d.toFixed(Math.max(d.decimalPlaces(), digits)), currency };
      };
    }
    case 'timestamp': {
      // Conditions of one evaluation mostly observe the same instant (the transaction's time).
      let lastMs = NaN, lastText = '';
      return (v) => {
        if (v === null) return null;
        if (v !== lastMs) { lastText = isoText(v as number); lastMs = v as number; }
        return lastText;
      };
    }
    case 'time': return (v) => (v === null ? null : timeText(v as number));
    case 'list': {
      const k = type.element.kind;
      // Elements shown as they are (strings, enums, booleans, dates): a copy of the list.
      if (k === 'string' || k === 'enum' || k === 'boolean' || k === 'date') return (v) => (v === null ? null : (v as readonly JsonValue[]).slice());
      const el = jsonOf(type.element);
      return (v) => (v === null ? null : (v as readonly unknown[]).map(el));
    }
    default: return (v) => v as JsonValue;
  }
}

/** Records a value once per span (the first reading wins), and passes it through. */
export function rec<V>(out: ObservedValue[], meta: ObserveMeta, v: V): V {
  for (let i = 0; i < out.length; i++) {
    const s = out[i]!.span;
    if (s.offset === meta.span.offset && s.length === meta.span.length) return v;
  }
  out.push({ text: meta.text, span: meta.span, value: meta.json(v) });
  return v;
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** What a closed window observed: the local date, weekday name or time of day. */
export function windowValues(kind: 'dates' | 'days' | 'hours', span: Span, date: string, weekday: number, minute: number): ObservedValue[] {
  switch (kind) {
    case 'dates': return [{ text: 'date', span, value: date }];
    case 'days': return [{ text: 'weekday', span, value: WEEKDAYS[weekday - 1]! }];
    case 'hours': return [{ text: 'time', span, value: timeText(minute) }];
  }
}

// Signatures of the built-in functions (docs/syntax.md "Built-in functions"). The checker
// sees functions only through this table; the editor reads `signature` and `doc` for hovers
// and completion.
import type { BuiltinName } from './ir.ts';
import { T, type Type } from './types.ts';

/** What a parameter accepts. */
export type ParamKind = 'string' | 'date' | 'timestamp' | 'dateOrTimestamp' | 'integer' | 'number' | 'numberOrMoney' | 'any';

/** What a call returns: a fixed type, or derived from the arguments. */
export type ReturnKind =
  | { readonly kind: 'fixed'; readonly type: Type }
  /** abs: the argument's own type (money stays money of its currency). */
  | { readonly kind: 'sameAsFirst' }
  /** least/greatest/coalesce: one type for both (integer widens to number; money of one currency). */
  | { readonly kind: 'unify' };

export interface Builtin {
  readonly name: BuiltinName;
  readonly params: readonly ParamKind[];
  readonly returns: ReturnKind;
  readonly signature: string;
  readonly doc: string;
}

const fixed = (type: Type): ReturnKind => ({ kind: 'fixed', type });

const LIST: readonly Builtin[] = [
  { name: 'lower', params: ['string'], returns: fixed(T.string), signature: 'lower(s: string): string', doc: 'The string in lower case.' },
  { name: 'upper', params: ['string'], returns: fixed(T.string), signature: 'upper(s: string): string', doc: 'The string in upper case.' },
  { name: 'length', params: ['string'], returns: fixed(T.integer), signature: 'length(s: string): integer', doc: 'Number of characters.' },
  { name: 'starts_with', params: ['string', 'string'], returns: fixed(T.boolean), signature: 'starts_with(s: string, prefix: string): boolean', doc: 'True when `s` begins with `prefix`.' },
  { name: 'ends_with', params: ['string', 'string'], returns: fixed(T.boolean), signature: 'ends_with(s: string, suffix: string): boolean', doc: 'True when `s` ends with `suffix`.' },
  { name: 'contains', params: ['string', 'string'], returns: fixed(T.boolean), signature: 'contains(s: string, part: string): boolean', doc: 'True when `part` occurs in `s`.' },
  { name: 'date', params: ['timestamp'], returns: fixed(T.date), signature: 'date(t: timestamp): date', doc: "The local date of `t` in the program's timezone." },
  { name: 'time_of_day', params: ['timestamp'], returns: fixed(T.time), signature: 'time_of_day(t: timestamp): time', doc: "The local time of day of `t`." },
  { name: 'weekday', params: ['dateOrTimestamp'], returns: fixed(T.integer), signature: 'weekday(d: date | timestamp): integer', doc: '1 = Monday … 7 = Sunday, local.' },
  { name: 'hour', params: ['timestamp'], returns: fixed(T.integer), signature: 'hour(t: timestamp): integer', doc: 'The local hour, 0–23.' },
  { name: 'day', params: ['dateOrTimestamp'], returns: fixed(T.integer), signature: 'day(d: date | timestamp): integer', doc: 'Day of the month, 1–31, local.' },
  { name: 'month', params: ['dateOrTimestamp'], returns: fixed(T.integer), signature: 'month(d: date | timestamp): integer', doc: 'Month, 1–12, local.' },
  { name: 'quarter', params: ['dateOrTimestamp'], returns: fixed(T.integer), signature: 'quarter(d: date | timestamp): integer', doc: 'Quarter, 1–4, local.' },
  { name: 'year', params: ['dateOrTimestamp'], returns: fixed(T.integer), signature: 'year(d: date | timestamp): integer', doc: 'Year, local.' },
  { name: 'days_between', params: ['date', 'date'], returns: fixed(T.integer), signature: 'days_between(a: date, b: date): integer', doc: 'Days from `a` to `b` (b − a).' },
  { name: 'add_days', params: ['date', 'integer'], returns: fixed(T.date), signature: 'add_days(d: date, n: integer): date', doc: 'The date `n` days after `d`.' },
  { name: 'abs', params: ['numberOrMoney'], returns: { kind: 'sameAsFirst' }, signature: 'abs(x: number | money): number | money', doc: 'Absolute value; money stays money.' },
  // round/floor/ceil return integer (a subtype of number) so `floor(amount / 10 USD)` can count things.
  { name: 'round', params: ['number'], returns: fixed(T.integer), signature: 'round(x: number): integer', doc: 'Nearest integer, halves away from zero.' },
  { name: 'floor', params: ['number'], returns: fixed(T.integer), signature: 'floor(x: number): integer', doc: 'Largest integer not above `x`.' },
  { name: 'ceil', params: ['number'], returns: fixed(T.integer), signature: 'ceil(x: number): integer', doc: 'Smallest integer not below `x`.' },
  { name: 'least', params: ['numberOrMoney', 'numberOrMoney'], returns: { kind: 'unify' }, signature: 'least(a, b): number | money', doc: 'The smaller of two numbers, or of two amounts of one currency.' },
  { name: 'greatest', params: ['numberOrMoney', 'numberOrMoney'], returns: { kind: 'unify' }, signature: 'greatest(a, b): number | money', doc: 'The larger of two numbers, or of two amounts of one currency.' },
  // The two functions that see absence itself: every other call with an absent argument is absent.
  { name: 'present', params: ['any'], returns: fixed(T.boolean), signature: 'present(x): boolean', doc: 'True when `x` has a value (an optional field that was given, a division by non-zero); never absent.' },
  { name: 'coalesce', params: ['any', 'any'], returns: { kind: 'unify' }, signature: 'coalesce(x, fallback): the type of x', doc: '`x`, or `fallback` when `x` is absent.' },
];

/** Built-ins by name. */
export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(LIST.map((b) => [b.name, b]));

/** Whether a value of type `t` may be passed where `p` is expected (integer widens to number). */
export function acceptsParam(p: ParamKind, t: Type): boolean {
  switch (p) {
    case 'string': return t.kind === 'string';
    case 'date': return t.kind === 'date';
    case 'timestamp': return t.kind === 'timestamp';
    case 'dateOrTimestamp': return t.kind === 'date' || t.kind === 'timestamp';
    case 'integer': return t.kind === 'integer';
    case 'number': return t.kind === 'integer' || t.kind === 'number';
    case 'numberOrMoney': return t.kind === 'integer' || t.kind === 'number' || t.kind === 'money';
    case 'any': return true;
  }
}

/** How a parameter kind reads in a message. */
export function paramName(p: ParamKind): string {
  switch (p) {
    case 'dateOrTimestamp': return 'a date or timestamp';
    case 'numberOrMoney': return 'a number or money';
    case 'integer': return 'an integer';
    case 'any': return 'a value';
    default: return `a ${p}`;
  }
}

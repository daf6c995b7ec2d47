// The checked program: what the checker hands to the back ends (the reference interpreter
// in runtime/interpret and the JS emitter in compiler/emit). Every name is resolved, every
// expression typed, every literal kept as exact text. Nothing here refers back to the AST
// except through spans, so the back ends need no name resolution of their own.
import type { Span } from '../grammar/span.ts';
import type { AggregateMetric, BinaryOp, Period, RoundingMode, Weekday } from '../grammar/ast.ts';
import type { Type } from './types.ts';

export interface CheckedProgram {
  readonly name: string;
  /** Default currency: `money` without a code means this one; points-per-money rates use it. */
  readonly currency: string;
  /** Every currency the program uses (the default first). */
  readonly currencies: readonly string[];
  /** IANA zone; periods, windows and date functions are computed in it. */
  readonly timezone: string;
  /** How each rule's points are rounded (once, per rule). Money rewards round half-even to minor units. */
  readonly rounding: RoundingMode;
  /** Keys the deterministic prize draw. */
  readonly seed: string;
  /** The transaction's money field counted as spend by `customer spend …` (undefined: none). */
  readonly spendField: string | undefined;
  readonly defaultExpiry: ExpirySpec | undefined;
  readonly minimumRedemption: { readonly unit: 'points' | 'money'; readonly currency?: string; readonly value: string } | undefined;
  readonly schema: ProgramSchema;
  readonly groups: readonly GroupIR[];
  readonly exclusions: readonly ExclusionIR[];
  /** In evaluation order: priority ascending, then id. */
  readonly rules: readonly RuleIR[];
}

export interface ProgramSchema {
  /** Declared transaction fields, plus the implicit `id: string` and `time: timestamp`. */
  readonly transaction: RecordSchema;
  readonly customer: RecordSchema;
  /** Named records (`record item { … }`), by name. */
  readonly records: Readonly<Record<string, RecordSchema>>;
}

export interface RecordSchema {
  readonly name: string;
  readonly fields: readonly FieldSchema[];
}

export interface FieldSchema {
  readonly name: string;
  readonly type: Type;
  readonly optional: boolean;
  readonly span: Span;
}

export interface GroupIR {
  readonly id: string;
  readonly title: string | undefined;
  /**
   * False: an exclusion group, at most one rule applies. True: a stacking group, every
   * applicable rule applies and the caps bound their total, consumed in evaluation order.
   */
  readonly stacking: boolean;
  readonly caps: readonly CapIR[];
  readonly span: Span;
}

export interface ExclusionIR {
  readonly id: string;
  readonly title: string | undefined;
  readonly condition: TExpr;
  readonly span: Span;
}

export interface RuleIR {
  readonly id: string;
  readonly title: string | undefined;
  readonly priority: number;
  readonly group: string | undefined;
  readonly windows: readonly WindowIR[];
  /** Conjuncts in source order (top-level `and`s split); the first false one explains NOT_APPLICABLE. */
  readonly conditions: readonly TExpr[];
  readonly exclusions: readonly TExpr[];
  readonly reward: RewardIR;
  readonly caps: readonly CapIR[];
  /** The rule's own expiry, else the program default, else undefined (never expires). */
  readonly expiry: ExpirySpec | undefined;
  readonly span: Span;
  readonly idSpan: Span;
}

export type WindowIR =
  | { readonly kind: 'dates'; readonly from: string | undefined; readonly to: string | undefined; readonly span: Span }
  | { readonly kind: 'days'; readonly days: readonly Weekday[]; readonly span: Span }
  /** Minutes after local midnight; `to` exclusive; wraps midnight when to < from. */
  | { readonly kind: 'hours'; readonly fromMinute: number; readonly toMinute: number; readonly span: Span };

export type CapUnit =
  | { readonly kind: 'points' }
  | { readonly kind: 'money'; readonly currency: string }
  | { readonly kind: 'times' };

export interface CapIR {
  /** Stable, unique in the program, e.g. `rule:dining:customer:month:points`. Used in outcomes and counter keys. */
  readonly id: string;
  readonly owner: { readonly kind: 'rule' | 'group'; readonly id: string };
  readonly unit: CapUnit;
  /** Exact decimal text. */
  readonly limit: string;
  readonly scope: 'transaction' | 'customer' | 'program';
  /** Undefined only for per-transaction caps. */
  readonly period: Period | undefined;
  readonly span: Span;
}

export type ExpirySpec =
  | { readonly kind: 'after'; readonly count: number; readonly unit: 'days' | 'weeks' | 'months' | 'years' }
  | { readonly kind: 'endOf'; readonly period: 'week' | 'month' | 'quarter' | 'year' }
  | { readonly kind: 'never' };

export type RewardIR =
  /** points = amount × base ÷ unit when `per` is given, else amount. */
  | { readonly kind: 'points'; readonly amount: TExpr; readonly per: { readonly unit: TExpr; readonly base: TExpr } | undefined; readonly span: Span }
  /** Extra points = (factor − 1) × the base points credited by `targets` (all points rules when empty). */
  | { readonly kind: 'multiplier'; readonly factor: TExpr; readonly targets: readonly string[]; readonly span: Span }
  | { readonly kind: 'cashback'; readonly currency: string; readonly value: ValueIR; readonly span: Span }
  | { readonly kind: 'tieredCashback'; readonly currency: string; readonly base: TExpr; readonly over: TExpr | undefined; readonly bands: readonly { readonly from: TExpr; readonly rate: TExpr; readonly span: Span }[]; readonly span: Span }
  | { readonly kind: 'discount'; readonly currency: string; readonly target: 'invoice' | 'items'; readonly value: ValueIR; readonly max: TExpr | undefined; readonly span: Span }
  | { readonly kind: 'freeProduct'; readonly sku: TExpr; readonly quantity: TExpr; readonly span: Span }
  | { readonly kind: 'prize'; readonly prize: TExpr; readonly unit: { readonly kind: 'points' } | { readonly kind: 'money'; readonly currency: string }; readonly chance: { readonly kind: 'oneIn'; readonly n: TExpr } | { readonly kind: 'probability'; readonly p: TExpr }; readonly span: Span };

export type ValueIR =
  | { readonly kind: 'percentOf'; readonly percent: TExpr; readonly base: TExpr }
  | { readonly kind: 'fixed'; readonly amount: TExpr };

// ─── Typed expressions ───────────────────────────────────────────────────────

/** A literal value, exact: numbers and money amounts as decimal text (5% is "0.05"). */
export type LiteralValue =
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'money'; readonly amount: string; readonly currency: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  /** `YYYY-MM-DD` */
  | { readonly kind: 'date'; readonly value: string }
  /** Minutes after midnight. */
  | { readonly kind: 'time'; readonly minutes: number }
  | { readonly kind: 'enum'; readonly member: string };

export type BuiltinName =
  | 'lower' | 'upper' | 'length' | 'starts_with' | 'ends_with' | 'contains'
  | 'date' | 'time_of_day' | 'weekday' | 'hour' | 'day' | 'month' | 'quarter' | 'year'
  | 'days_between' | 'add_days'
  | 'abs' | 'round' | 'floor' | 'ceil' | 'least' | 'greatest'
  | 'present' | 'coalesce';

interface TBase {
  readonly type: Type;
  readonly span: Span;
}

export type TExpr =
  | (TBase & { readonly kind: 'literal'; readonly value: LiteralValue })
  /** A field of the transaction (`amount`, `time`, `id`) or of the customer (`customer.tier`). */
  | (TBase & { readonly kind: 'field'; readonly scope: 'transaction' | 'customer'; readonly name: string })
  /** The variable bound by an aggregate (`line` in `sum(line.price for line in items)`). */
  | (TBase & { readonly kind: 'local'; readonly name: string })
  /** A field of a record value (`line.price`). */
  | (TBase & { readonly kind: 'member'; readonly object: TExpr; readonly name: string })
  | (TBase & { readonly kind: 'list'; readonly elements: readonly TExpr[] })
  | (TBase & { readonly kind: 'unary'; readonly op: 'not' | '-'; readonly operand: TExpr })
  | (TBase & { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: TExpr; readonly right: TExpr })
  | (TBase & { readonly kind: 'in'; readonly negated: boolean; readonly value: TExpr; readonly list: TExpr })
  | (TBase & { readonly kind: 'call'; readonly fn: BuiltinName; readonly args: readonly TExpr[] })
  | (TBase & {
      readonly kind: 'aggregate';
      readonly fn: 'sum' | 'count' | 'any' | 'all' | 'min' | 'max';
      readonly variable: string;
      readonly source: TExpr;
      readonly value: TExpr | undefined;
      readonly filter: TExpr | undefined;
    })
  /** The customer's period-to-date figure before this transaction. */
  | (TBase & { readonly kind: 'periodAggregate'; readonly metric: AggregateMetric; readonly period: Period });

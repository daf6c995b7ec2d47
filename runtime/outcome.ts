// What one evaluation of a program produces, and the state it reads and writes.
// Both back ends (reference interpreter and compiled evaluator) produce exactly this shape;
// the differential tests compare them field by field. Amounts are exact: points are integers,
// money is a decimal string in major units ("12.34").
import type { Span } from '../grammar/span.ts';

/** Input values as they arrive (JSON): money as number or decimal string in major units, timestamps as ISO-8601 or epoch ms. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** A transaction: the schema's fields plus the implicit `id` (string) and `time` (timestamp). */
export type TransactionInput = { readonly id: string; readonly time: string | number } & { readonly [field: string]: JsonValue };
export type CustomerInput = { readonly [field: string]: JsonValue };

/**
 * The counters an evaluation reads, keyed by counter key (see runtime/state-keys.ts).
 * Points and counts are integers; money is an integer number of minor units (cents).
 * A missing key reads as 0.
 */
export interface StateSnapshot {
  readonly counters: Readonly<Record<string, number>>;
}

export type CounterScope = 'customer' | 'program';

/** An increment to persist after the evaluation is committed. */
export interface CounterDelta {
  readonly key: string;
  readonly scope: CounterScope;
  /** Points / counts as integers; money as integer minor units. */
  readonly amount: number;
}

export interface EvaluateOptions {
  /** When false, only totals and APPLIED rules are reported (the fast path). Default true. */
  readonly explain?: boolean;
  /** Evaluate only these rules (others are EXCLUDED by the request). */
  readonly include?: readonly string[];
  /** Never apply these rules (EXCLUDED by the request). */
  readonly exclude?: readonly string[];
}

export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export interface CapRef {
  readonly id: string;
  readonly owner: { readonly kind: 'rule' | 'group'; readonly id: string };
  readonly scope: 'transaction' | 'customer' | 'program';
  readonly period: string | undefined;
  readonly span: Span;
}

export type RewardKind = 'points' | 'multiplier' | 'cashback' | 'discount' | 'freeProduct' | 'prize';

/** What a rule gives (or would have given): points, money, or a free product. */
export type RewardAmount =
  | { readonly unit: 'points'; readonly points: number }
  | { readonly unit: 'money'; readonly money: Money }
  | { readonly unit: 'product'; readonly sku: string; readonly quantity: number }
  /** A prize draw that was lost: the rule applied its draw, but won nothing. */
  | { readonly unit: 'none' };

/** A value seen while explaining a failed condition: the source text it came from and what it held. */
export interface ObservedValue {
  readonly text: string;
  readonly span: Span;
  readonly value: JsonValue;
}

export type RuleResult =
  | {
      readonly rule: string;
      readonly state: 'APPLIED';
      readonly reward: RewardKind;
      readonly amount: RewardAmount;
      /** Set when a cap (or budget) cut the reward: which one, and by how much. */
      readonly cappedBy?: { readonly cap: CapRef; readonly cut: RewardAmount };
      /** For prize draws: whether the draw won. */
      readonly won?: boolean;
    }
  | {
      readonly rule: string;
      readonly state: 'NOT_APPLICABLE';
      readonly reason:
        | { readonly kind: 'condition'; readonly span: Span; readonly values: readonly ObservedValue[] }
        | { readonly kind: 'window'; readonly span: Span; readonly values: readonly ObservedValue[] }
        /** The reward computed to nothing (e.g. no items matched the discount). */
        | { readonly kind: 'zero'; readonly span: Span };
    }
  | {
      readonly rule: string;
      readonly state: 'BLOCKED';
      readonly by:
        | { readonly kind: 'group'; readonly group: string; readonly rule: string }
        | { readonly kind: 'cap'; readonly cap: CapRef };
      readonly wouldHaveGiven: RewardAmount;
    }
  | {
      readonly rule: string;
      readonly state: 'EXCLUDED';
      readonly by:
        | { readonly kind: 'program'; readonly exclusion: string; readonly span: Span }
        | { readonly kind: 'rule'; readonly span: Span }
        | { readonly kind: 'request' };
    };

export type RuleState = RuleResult['state'];

/** A lot of earned value: what the ledger records and later redeems first-expiring-first. */
export interface EarnedLot {
  readonly rule: string;
  readonly unit: 'points' | 'money';
  /** Integer points, or a decimal string in major units. */
  readonly amount: number | string;
  readonly currency: string | undefined;
  /** ISO date-time (UTC) at which it expires, or null for never. */
  readonly expiresAt: string | null;
}

export interface Totals {
  readonly points: number;
  /** Per currency, decimal strings. */
  readonly cashback: Readonly<Record<string, string>>;
  readonly discount: Readonly<Record<string, string>>;
  readonly prizes: { readonly points: number; readonly money: Readonly<Record<string, string>> };
  readonly freeProducts: readonly { readonly sku: string; readonly quantity: number; readonly rule: string }[];
}

export interface Outcome {
  readonly programVersion: string;
  readonly transactionId: string;
  readonly totals: Totals;
  /** Every rule, in evaluation order, with exactly one state (only APPLIED ones when explain is false). */
  readonly rules: readonly RuleResult[];
  readonly lots: readonly EarnedLot[];
  /** Cap and budget counter increments (aggregate increments are in `aggregates`). */
  readonly deltas: readonly CounterDelta[];
  /** The period keys this transaction falls in, in the program's timezone. */
  readonly periods: PeriodKeys;
  /** What this transaction adds to the customer's period-to-date aggregates, in every period. */
  readonly aggregates: AggregateIncrements;
}

/** `day:2026-11-20`, `week:2026-W47`, `month:2026-11`, `quarter:2026-Q4`, `year:2026`, `lifetime`. */
export interface PeriodKeys {
  readonly day: string;
  readonly week: string;
  readonly month: string;
  readonly quarter: string;
  readonly year: string;
  readonly lifetime: string;
}

/** Spend and cashback in minor units of the program's currency; points and transactions as counts. */
export interface AggregateIncrements {
  readonly spend: number;
  readonly points: number;
  readonly cashback: number;
  readonly transactions: number;
}

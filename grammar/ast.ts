// The Accrue abstract syntax tree. Every node carries the span of the source it came
// from; rewrites keep spans so diagnostics and runtime explanations point at the rule text.
// Syntax for each node is in docs/language.md; the grammar is in grammar/parser.ts.
// A parse that recovered from errors may leave optional parts missing: consumers must not
// assume more than the types promise.
import type { Span } from './span.ts';

export interface Node {
  readonly span: Span;
}

/** An identifier as written, with its own span (for did-you-mean hints and hovers). */
export interface Ident extends Node {
  readonly name: string;
}

// ─── Program ──────────────────────────────────────────────────────────────────

export interface Program extends Node {
  readonly kind: 'Program';
  readonly header: Header | undefined;
  readonly schema: Schema | undefined;
  /** Top-level declarations in source order. */
  readonly groups: readonly GroupDecl[];
  readonly exclusions: readonly ExclusionDecl[];
  readonly rules: readonly Rule[];
}

export type RoundingMode = 'floor' | 'ceil' | 'half-up' | 'half-even' | 'half-down' | 'down' | 'up';

/** `program "Name" { currency USD  timezone "Europe/Paris"  rounding floor ... }` */
export interface Header extends Node {
  readonly kind: 'Header';
  readonly name: StringLit | undefined;
  readonly settings: readonly HeaderSetting[];
}

export type HeaderSetting =
  /** `currency USD` — the default currency of `money` fields and of points-per-money rates. */
  | { readonly kind: 'Currency'; readonly span: Span; readonly code: Ident }
  /** `currencies USD, EUR` — further currencies the program may use in money literals and fields. */
  | { readonly kind: 'Currencies'; readonly span: Span; readonly codes: readonly Ident[] }
  /** `timezone "America/New_York"` — periods, windows and date functions are local to it. */
  | { readonly kind: 'Timezone'; readonly span: Span; readonly zone: StringLit }
  /** `rounding half-even` — how each rule's points are rounded, once. */
  | { readonly kind: 'Rounding'; readonly span: Span; readonly mode: RoundingMode; readonly modeSpan: Span }
  /** `spend amount` — the money field that counts as spend for period aggregates (default `amount`). */
  | { readonly kind: 'Spend'; readonly span: Span; readonly field: Ident }
  /** `seed "…"` — keys the deterministic prize draw (default: the program name). */
  | { readonly kind: 'Seed'; readonly span: Span; readonly seed: StringLit }
  /** `expiry 24 months` — default expiry of earned points and cashback. */
  | { readonly kind: 'DefaultExpiry'; readonly span: Span; readonly expiry: Expiry }
  /** `minimum redemption 500 points` / `minimum redemption 10 USD`. */
  | { readonly kind: 'MinimumRedemption'; readonly span: Span; readonly amount: Quantity };

// ─── Schema ───────────────────────────────────────────────────────────────────

/** `schema { transaction { … }  customer { … }  record item { … } }` */
export interface Schema extends Node {
  readonly kind: 'Schema';
  readonly blocks: readonly SchemaBlock[];
}

export interface SchemaBlock extends Node {
  readonly kind: 'SchemaBlock';
  /** `transaction`, `customer`, or a named record declared with `record <name>`. */
  readonly role: 'transaction' | 'customer' | 'record';
  readonly name: Ident;
  readonly fields: readonly FieldDecl[];
}

/** `amount: money`, `tier: enum(standard, gold)`, `items: list of item`, `note: optional string` */
export interface FieldDecl extends Node {
  readonly kind: 'FieldDecl';
  readonly name: Ident;
  readonly type: TypeRef | undefined;
  readonly optional: boolean;
}

export type TypeRef =
  | { readonly kind: 'PrimitiveType'; readonly span: Span; readonly name: 'number' | 'integer' | 'string' | 'boolean' | 'date' | 'timestamp' }
  /** `money` (program currency) or `money EUR`. */
  | { readonly kind: 'MoneyType'; readonly span: Span; readonly currency: Ident | undefined }
  | { readonly kind: 'EnumType'; readonly span: Span; readonly members: readonly Ident[] }
  /** `list of item` — item names a `record` block; `list of string` is a list of scalars. */
  | { readonly kind: 'ListType'; readonly span: Span; readonly element: TypeRef }
  /** A reference to a `record` block by name. */
  | { readonly kind: 'NamedType'; readonly span: Span; readonly name: Ident };

// ─── Groups and exclusions ───────────────────────────────────────────────────

/**
 * `group category_bonus "One category bonus per purchase" { cap 5000 points per customer per month }`
 * At most one rule of a group applies per transaction. Group caps bound the group's total.
 * `group promos "Promotions" stacking { cap 5000 points per customer per month }`: every
 * applicable rule applies, and the caps bound what they earn together.
 */
export interface GroupDecl extends Node {
  readonly kind: 'GroupDecl';
  readonly id: Ident;
  readonly title: StringLit | undefined;
  /** The `stacking` keyword, when given: the group shares caps instead of excluding. */
  readonly stacking: Span | undefined;
  readonly caps: readonly Cap[];
}

/** Program-wide: `exclude cash_advance "Cash advances earn nothing" when mcc in ["6010", "6011"]` */
export interface ExclusionDecl extends Node {
  readonly kind: 'ExclusionDecl';
  readonly id: Ident;
  readonly title: StringLit | undefined;
  readonly condition: Expr | undefined;
}

// ─── Rules ────────────────────────────────────────────────────────────────────

/**
 * rule dining "3 points per dollar at restaurants" {
 *   priority 10
 *   group category_bonus
 *   valid from 2026-01-01 to 2026-12-31 on mon..fri between 11:00 and 15:00
 *   when category = dining
 *   when amount >= 5 USD
 *   exclude when mcc = "5814"
 *   reward points 3 per 1 USD of amount
 *   cap 5000 points per customer per month
 *   expires after 24 months
 * }
 */
export interface Rule extends Node {
  readonly kind: 'Rule';
  readonly id: Ident;
  readonly title: StringLit | undefined;
  /** Lower runs first. Default 100. */
  readonly priority: NumberLit | undefined;
  readonly group: Ident | undefined;
  readonly windows: readonly Window[];
  /** Each `when` clause; all must hold. Top-level `and`s are split into further conditions by the checker. */
  readonly conditions: readonly Expr[];
  /** Each `exclude when` clause; any that holds makes the rule EXCLUDED. */
  readonly exclusions: readonly RuleExclusion[];
  readonly reward: Reward | undefined;
  readonly caps: readonly Cap[];
  readonly expiry: Expiry | undefined;
}

export interface RuleExclusion extends Node {
  readonly kind: 'RuleExclusion';
  readonly condition: Expr | undefined;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** One clause of a validity window; a rule is open when every clause holds (in the program's timezone). */
export type Window =
  /** `valid from 2026-01-01 to 2026-03-31` (inclusive dates; either end may be omitted). */
  | { readonly kind: 'DateWindow'; readonly span: Span; readonly from: DateLit | undefined; readonly to: DateLit | undefined }
  /** `on sat, sun` / `on mon..fri` */
  | { readonly kind: 'DaysWindow'; readonly span: Span; readonly days: readonly { readonly day: Weekday; readonly span: Span }[] }
  /** `between 16:00 and 19:00` — start inclusive, end exclusive; wraps midnight when end < start. */
  | { readonly kind: 'HoursWindow'; readonly span: Span; readonly from: TimeLit; readonly to: TimeLit };

// ─── Rewards ──────────────────────────────────────────────────────────────────

export type Reward =
  /** `reward points 3 per 1 USD of amount` (rate × base ÷ unit) or `reward points 500` (flat). */
  | { readonly kind: 'PointsReward'; readonly span: Span; readonly amount: Expr; readonly per: PerClause | undefined }
  /** `reward multiplier 1.5x` / `reward multiplier 2x on dining, groceries` — extra points on base points of other rules. */
  | { readonly kind: 'MultiplierReward'; readonly span: Span; readonly factor: Expr; readonly targets: readonly Ident[] }
  /** `reward cashback 5% of amount` / `reward cashback 10 USD` */
  | { readonly kind: 'CashbackReward'; readonly span: Span; readonly value: RewardValue }
  /**
   * reward cashback tiered on amount over customer spend this year {
   *   from 0 USD: 1%
   *   from 1000 USD: 1.5%
   *   from 5000 USD: 2%
   * }
   */
  | { readonly kind: 'TieredCashbackReward'; readonly span: Span; readonly base: Expr; readonly over: Expr | undefined; readonly bands: readonly Band[] }
  /** `reward discount 10% of amount on invoice max 50 USD` / `reward discount 5 USD on items` */
  | { readonly kind: 'DiscountReward'; readonly span: Span; readonly value: RewardValue; readonly target: 'invoice' | 'items'; readonly max: Expr | undefined }
  /** `reward free product "SKU-1" quantity 2` */
  | { readonly kind: 'FreeProductReward'; readonly span: Span; readonly sku: Expr; readonly quantity: Expr | undefined }
  /** `reward prize 50 USD chance 1 in 1000` / `reward prize 1000 points chance 0.5%` */
  | { readonly kind: 'PrizeReward'; readonly span: Span; readonly prize: Expr; readonly chance: Chance };

/** `per 1 USD of amount` — the reward is amount × (base ÷ unit). Unit may be money or a number. */
export interface PerClause extends Node {
  readonly kind: 'PerClause';
  readonly unit: Expr;
  readonly base: Expr;
}

/** `5% of amount` (percent of a money expression) or a fixed money expression. */
export type RewardValue =
  | { readonly kind: 'PercentOf'; readonly span: Span; readonly percent: Expr; readonly base: Expr }
  | { readonly kind: 'Fixed'; readonly span: Span; readonly amount: Expr };

/** `from 1000 USD: 1.5%` — the band starts at `from` and runs to the next band's `from`. */
export interface Band extends Node {
  readonly kind: 'Band';
  readonly from: Expr;
  readonly rate: Expr;
}

export type Chance =
  | { readonly kind: 'OneIn'; readonly span: Span; readonly n: Expr }
  | { readonly kind: 'Probability'; readonly span: Span; readonly p: Expr };

// ─── Caps and expiry ─────────────────────────────────────────────────────────

export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year' | 'lifetime';

/** An amount with its unit: `5000 points`, `75 USD`, `1 times` (count of applications). */
export interface Quantity extends Node {
  readonly kind: 'Quantity';
  readonly value: NumberLit;
  readonly unit: { readonly kind: 'points' } | { readonly kind: 'times' } | { readonly kind: 'money'; readonly currency: Ident };
}

/**
 * `cap 5000 points per transaction`
 * `cap 75 USD per customer per quarter`
 * `cap 1 times per customer per day`
 * `cap 10000 USD per program per month` (a budget shared by all customers)
 */
export interface Cap extends Node {
  readonly kind: 'Cap';
  readonly limit: Quantity;
  readonly scope: 'transaction' | 'customer' | 'program';
  /** Undefined for per-transaction caps. */
  readonly period: Period | undefined;
  readonly periodSpan: Span | undefined;
}

/** `expires after 24 months` / `expires after 90 days` / `expires at end of quarter` / `expires never` */
export type Expiry =
  | { readonly kind: 'ExpiresAfter'; readonly span: Span; readonly count: NumberLit; readonly unit: 'days' | 'weeks' | 'months' | 'years' }
  | { readonly kind: 'ExpiresAtEndOf'; readonly span: Span; readonly period: Exclude<Period, 'lifetime' | 'day'> }
  | { readonly kind: 'ExpiresNever'; readonly span: Span };

// ─── Expressions ─────────────────────────────────────────────────────────────

export type Expr =
  | NumberLit
  | PercentLit
  | MoneyLit
  | StringLit
  | BoolLit
  | DateLit
  | TimeLit
  | NameRef
  | MemberAccess
  | ListLit
  | Unary
  | Binary
  | InExpr
  | Call
  | Aggregate
  | PeriodAggregate
  | ErrorExpr;

/** `42`, `1.5`. The text is kept exact; the checker decides integer or number. */
export interface NumberLit extends Node { readonly kind: 'NumberLit'; readonly text: string }
/** `5%`, `1.5%` — a number (0.05, 0.015). */
export interface PercentLit extends Node { readonly kind: 'PercentLit'; readonly text: string }
/** `10 USD`, `12.50 EUR` — exact decimal text and an ISO-4217-style code. */
export interface MoneyLit extends Node { readonly kind: 'MoneyLit'; readonly text: string; readonly currency: Ident }
export interface StringLit extends Node { readonly kind: 'StringLit'; readonly value: string }
export interface BoolLit extends Node { readonly kind: 'BoolLit'; readonly value: boolean }
/** `2026-03-31` */
export interface DateLit extends Node { readonly kind: 'DateLit'; readonly text: string }
/** `16:00` / `09:30` (hours:minutes, local to the program's timezone). */
export interface TimeLit extends Node { readonly kind: 'TimeLit'; readonly text: string }
/** A bare name: a transaction field, a loop variable, `customer`, or an enum member (resolved by the checker). */
export interface NameRef extends Node { readonly kind: 'NameRef'; readonly name: string }
/** `customer.tier`, `line.price` */
export interface MemberAccess extends Node { readonly kind: 'MemberAccess'; readonly object: Expr; readonly member: Ident }
/** `["6010", "6011"]`, `[dining, travel]` */
export interface ListLit extends Node { readonly kind: 'ListLit'; readonly elements: readonly Expr[] }
export interface Unary extends Node { readonly kind: 'Unary'; readonly op: 'not' | '-'; readonly operand: Expr }

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
export interface Binary extends Node { readonly kind: 'Binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly opSpan: Span }
/** `mcc in ["6010", "6011"]` / `category not in [gas, travel]` */
export interface InExpr extends Node { readonly kind: 'InExpr'; readonly negated: boolean; readonly value: Expr; readonly list: Expr }
/** `starts_with(sku, "TIL-")`, `weekday(time)` — built-ins only; see compiler/builtins.ts. */
export interface Call extends Node { readonly kind: 'Call'; readonly callee: Ident; readonly args: readonly Expr[] }

/**
 * Aggregation over a list of records:
 *   sum(line.price * line.quantity for line in items where line.division = "tiles")
 *   count(line in items where line.sku in ["A", "B"])
 *   any(line in items where line.sku = "A")
 *   all(line in items where line.price > 2 USD)
 *   min(line.price for line in items) / max(…)
 */
export interface Aggregate extends Node {
  readonly kind: 'Aggregate';
  readonly fn: 'sum' | 'count' | 'any' | 'all' | 'min' | 'max';
  /** The summed/compared value; undefined for count/any/all. */
  readonly value: Expr | undefined;
  readonly variable: Ident;
  readonly source: Expr;
  readonly filter: Expr | undefined;
}

export type AggregateMetric = 'spend' | 'points' | 'cashback' | 'transactions';

/**
 * The customer's period-to-date aggregates, before this transaction:
 *   customer spend this month, customer points this year, customer transactions this week,
 *   customer lifetime spend
 */
export interface PeriodAggregate extends Node {
  readonly kind: 'PeriodAggregate';
  readonly metric: AggregateMetric;
  readonly period: Period;
}

/** A placeholder the parser leaves where it recovered from an error. Never type-checks clean. */
export interface ErrorExpr extends Node { readonly kind: 'ErrorExpr' }

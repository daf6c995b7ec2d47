// Random valid checked programs (compiler/ir.ts) with matching transactions, customers,
// state snapshots and request options, for the differential test
// `compiled evaluator == reference interpreter` and other property tests.
//
// API
//   generateProgram(seed, opts?)            → CheckedProgram           (deterministic in seed)
//   generateScenario(program, seed)         → Scenario                 (txn, customer, state, options)
//   generateCase(seed, { transactions })    → { program, scenarios }   (one program, N scenarios)
//   arbitraryProgram(opts?)                 → fc.Arbitrary<CheckedProgram>
//   arbitraryCase({ transactions, ...opts })→ fc.Arbitrary<GeneratedCase>
//
// Everything is built from one integer seed with a small PRNG, so a failing case is
// reproduced by its seed (fast-check reports it; shrinking a seed is meaningless, so the
// arbitraries do not shrink). Programs use one fixed schema family (below) with random
// optionality, currencies (USD/EUR/JPY/KWD, sometimes a second one), timezones (including
// half-hour offsets and DST zones), rounding modes, seeds and default expiry, and random
// rules covering every reward kind (points, points-per, multipliers with and without
// targets, cashback percent/flat, tiered cashback with an `over`, discounts with max,
// free products, prizes in points and money with both chance forms), caps of every
// scope/period/unit (limits small enough to bind, snapshots near them), exclusion groups
// with group caps and priority ties, stacking groups whose caps their rules (multipliers
// among them) share, windows (dates, days, hours wrapping midnight),
// program and rule exclusions, aggregates over line items, period aggregates, absent
// optional fields, division by zero, and request include/exclude lists.
//
// Input edges (from a second PRNG stream, so the rest of a seed's program and data stay as
// they were): dates that do not exist (`2026-02-30`) or have years below 100, fractions
// for integer fields (top level, record members), `add_days` with offsets past year 9999
// or before year 0, and timestamps in every form the strict parser (runtime/local-time.ts
// toEpochMs) accepts or rejects — `+0530`, `24:00`, `t`/space separators, long fractions,
// no offset, impossible dates. Invalid transaction times (both back ends throw) only with
// `invalidTimes: true`.
//
// Schema (item is a record):
//   transaction: amount money, fee optional money, mcc string, category enum(dining,
//     travel, groceries, other), channel optional enum(online, store, phone), qty integer,
//     rate optional number, promo optional string, items list of item, day optional date,
//     foreign optional money <second currency> (when there is one), seen optional timestamp
//   item: sku string, price money, qty integer, promo optional boolean
//   customer: tier enum(basic, silver, gold), opened date, vip optional boolean,
//     tags list of string, score optional integer
import fc from 'fast-check';
import type { CapIR, CheckedProgram, ExpirySpec, RewardIR, RuleIR, TExpr, WindowIR } from '../../compiler/ir.ts';
import type { Period, RoundingMode, Weekday } from '../../grammar/ast.ts';
import { T, type Type } from '../../compiler/types.ts';
import type { CustomerInput, EvaluateOptions, JsonValue, StateSnapshot, TransactionInput } from '../../runtime/outcome.ts';
import { periodKeysOf, zone } from '../../runtime/local-time.ts';
import { aggregateKeys, capKey } from '../../runtime/state-keys.ts';
import {
  aggregate, bin, call, custField, enumLit, group as groupIR, inList, list, local, member, money as moneyLit, not, num, periodAgg,
  program as programIR, str, date as dateLit, txnField,
} from './ir.ts';

export interface Scenario {
  readonly txn: TransactionInput;
  readonly customer: CustomerInput;
  readonly state: StateSnapshot;
  readonly options: EvaluateOptions;
}

export interface GeneratedCase {
  readonly seed: number;
  readonly program: CheckedProgram;
  readonly scenarios: readonly Scenario[];
}

export interface ProgramOptions {
  /** Number of rules: at least, at most (default 1..12). */
  readonly minRules?: number;
  readonly maxRules?: number;
}

export interface ScenarioOptions {
  /** Sometimes give a transaction `time` that is not a valid instant (evaluation then throws). */
  readonly invalidTimes?: boolean;
}

/** A small deterministic PRNG (mulberry32). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  subset<T>(xs: readonly T[], p = 0.5): T[] {
    return xs.filter(() => this.chance(p));
  }
}

const CATEGORY_M = ['dining', 'travel', 'groceries', 'other'];
const CHANNEL_M = ['online', 'store', 'phone'];
const TIER_M = ['basic', 'silver', 'gold'];
const CATEGORY: Type = { kind: 'enum', name: 'transaction.category', members: CATEGORY_M };
const CHANNEL: Type = { kind: 'enum', name: 'transaction.channel', members: CHANNEL_M };
const TIER: Type = { kind: 'enum', name: 'customer.tier', members: TIER_M };
const ITEM: Type = { kind: 'record', name: 'item' };
const ITEMS: Type = T.list(ITEM);
const MCCS = ['5411', '5812', '4511', '6011', '5999'];
const SKUS = ['TIL-1', 'TIL-2', 'GRT-1', 'PNT-9'];
const TAGS = ['vip', 'staff', 'beta'];
const PROMOS = ['SPRING', 'spring-sale', 'X'];
const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Tokyo', 'UTC', 'Australia/Lord_Howe', 'Asia/Kolkata'];
const ROUNDINGS: RoundingMode[] = ['floor', 'ceil', 'half-up', 'half-even', 'half-down', 'down', 'up'];
const PERIODS: Period[] = ['day', 'week', 'month', 'quarter', 'year', 'lifetime'];
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DIGITS: Record<string, number> = { USD: 2, EUR: 2, JPY: 0, KWD: 3 };

/** Decimal text of an integer number of minor units. */
function minorText(minor: number, currency: string): string {
  const d = DIGITS[currency] ?? 2;
  if (d === 0) return String(minor);
  const neg = minor < 0;
  const s = String(Math.abs(minor)).padStart(d + 1, '0');
  return `${neg ? '-' : ''}${s.slice(0, -d)}.${s.slice(-d)}`;
}

/** Scale of "typical" amounts in minor units (JPY amounts are bigger numbers). */
function scale(currency: string): number {
  return currency === 'JPY' ? 100 : currency === 'KWD' ? 300 : 100;
}

interface Ctx {
  readonly r: Rng;
  readonly cur: string;
  readonly cur2: string | undefined;
}

// ─── Expressions ─────────────────────────────────────────────────────────────

function moneyLiteral(c: Ctx, currency: string, maxMajor = 200): TExpr {
  return moneyLit(minorText(c.r.int(0, maxMajor * scale(currency)), currency), currency);
}

const item = () => local('x', ITEM);

function itemFilter(c: Ctx): TExpr | undefined {
  switch (c.r.int(0, 4)) {
    case 0: return undefined;
    case 1: return bin('>', member(item(), 'price', T.money(c.cur)), moneyLiteral(c, c.cur, 30));
    case 2: return call('starts_with', [member(item(), 'sku', T.string), str(c.r.pick(['TIL', 'GRT', 'P']))], T.boolean);
    case 3: return bin('=', member(item(), 'promo', T.boolean), { kind: 'literal', type: T.boolean, span: num('0').span, value: { kind: 'boolean', value: true } });
    default: return inList(member(item(), 'sku', T.string), list(c.r.subset(SKUS).map(str), T.string));
  }
}

function moneyExpr(c: Ctx, currency: string, depth: number): TExpr {
  const M = T.money(currency);
  const main = currency === c.cur;
  const k = c.r.int(0, depth > 0 ? 11 : 4);
  switch (k) {
    case 0: return main ? txnField('amount', M) : txnField('foreign', M);
    case 1: {
      const optional = main ? txnField('fee', M) : txnField('foreign', M);
      return c.r.chance(0.25) ? call('coalesce', [optional, moneyExpr(c, currency, depth - 1)], M) : optional;
    }
    case 2: return moneyLiteral(c, currency);
    case 3: return main ? aggregate('sum', 'x', txnField('items', ITEMS), bin('*', member(item(), 'price', M), member(item(), 'qty', T.integer)), itemFilter(c)) : moneyLiteral(c, currency);
    case 4: return main ? periodAgg(c.r.pick(['spend', 'cashback'] as const), c.r.pick(PERIODS), c.cur) : txnField('foreign', M);
    case 5: return bin(c.r.pick(['+', '-'] as const), moneyExpr(c, currency, depth - 1), moneyExpr(c, currency, depth - 1));
    case 6: return bin('*', moneyExpr(c, currency, depth - 1), numExpr(c, depth - 1));
    case 7: return bin('/', moneyExpr(c, currency, depth - 1), num(c.r.pick(['2', '3', '0', '1.5'])));
    case 8: return call(c.r.pick(['least', 'greatest'] as const), [moneyExpr(c, currency, depth - 1), moneyExpr(c, currency, depth - 1)], M);
    case 9: return call('abs', [moneyExpr(c, currency, depth - 1)], M);
    case 10: return main ? aggregate(c.r.pick(['min', 'max'] as const), 'x', txnField('items', ITEMS), member(item(), 'price', M), itemFilter(c)) : moneyLiteral(c, currency);
    default: return bin('*', num(c.r.pick(['0.5', '2', '1.25'])), moneyExpr(c, currency, depth - 1));
  }
}

function numExpr(c: Ctx, depth: number): TExpr {
  const k = c.r.int(0, depth > 0 ? 11 : 4);
  switch (k) {
    case 0: return txnField('qty', T.integer);
    case 1: return c.r.chance(0.25) ? call('coalesce', [txnField('rate', T.number), numExpr(c, depth - 1)], T.number) : txnField('rate', T.number);
    case 2: return num(c.r.pick(['0', '1', '2', '3', '0.5', '1.5', '10', '0.333']));
    case 3: return aggregate('count', 'x', txnField('items', ITEMS), undefined, itemFilter(c));
    case 4: return custField('score', T.integer);
    case 5: return bin('/', moneyExpr(c, c.cur, depth - 1), moneyExpr(c, c.cur, depth - 1)); // may divide by zero: absent
    case 6: return call(c.r.pick(['round', 'floor', 'ceil'] as const), [numExpr(c, depth - 1)], T.integer);
    case 7: return periodAgg(c.r.pick(['transactions', 'points'] as const), c.r.pick(PERIODS), c.cur);
    case 8: return bin(c.r.pick(['+', '-', '*'] as const), numExpr(c, depth - 1), numExpr(c, depth - 1));
    case 9: return call('length', [txnField('mcc', T.string)], T.integer);
    case 10: return call(c.r.pick(['hour', 'day', 'month', 'quarter', 'weekday'] as const), [txnField('time', T.timestamp)], T.integer);
    default: return call(c.r.pick(['least', 'greatest'] as const), [numExpr(c, depth - 1), numExpr(c, depth - 1)], T.number);
  }
}

const CMP = ['=', '!=', '<', '<=', '>', '>='] as const;

function boolExpr(c: Ctx, depth: number): TExpr {
  const r = c.r;
  const k = r.int(0, depth > 0 ? 13 : 9);
  switch (k) {
    case 0: {
      const currency = c.cur2 && r.chance(0.2) ? c.cur2 : c.cur;
      return bin(r.pick(CMP), moneyExpr(c, currency, depth - 1), moneyExpr(c, currency, depth - 1));
    }
    case 1: return bin(r.pick(CMP), numExpr(c, depth - 1), numExpr(c, depth - 1));
    case 2: return r.chance(0.5)
      ? bin(r.pick(['=', '!='] as const), txnField('category', CATEGORY), enumLit(r.pick(CATEGORY_M), CATEGORY))
      : inList(txnField('category', CATEGORY), list(r.subset(CATEGORY_M).map((m) => enumLit(m, CATEGORY)), CATEGORY), r.chance(0.3));
    case 3: return inList(txnField('channel', CHANNEL), list(r.subset(CHANNEL_M).map((m) => enumLit(m, CHANNEL)), CHANNEL), r.chance(0.3));
    case 4: return bin('=', custField('tier', TIER), enumLit(r.pick(TIER_M), TIER));
    case 5: return r.chance(0.5)
      ? inList(txnField('mcc', T.string), list(r.subset(MCCS).map(str), T.string), r.chance(0.3))
      : call(r.pick(['starts_with', 'ends_with', 'contains'] as const), [r.chance(0.5) ? txnField('mcc', T.string) : call('lower', [txnField('promo', T.string)], T.string), str(r.pick(['5', '1', 'spring', 'x']))], T.boolean);
    case 6: return inList(str(r.pick(TAGS)), custField('tags', T.list(T.string)));
    case 7: {
      if (r.chance(0.6)) return custField('vip', T.boolean);
      const optional = r.pick([txnField('fee', T.money(c.cur)), txnField('channel', CHANNEL), txnField('promo', T.string), txnField('rate', T.number), custField('vip', T.boolean), custField('score', T.integer)]);
      return call('present', [optional], T.boolean);
    }
    case 8: {
      const d = `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      switch (r.int(0, 3)) {
        case 0: return bin(r.pick(CMP), call('date', [txnField('time', T.timestamp)], T.date), dateLit(d));
        case 1: return bin('<=', call('days_between', [custField('opened', T.date), call('date', [txnField('time', T.timestamp)], T.date)], T.integer), num(String(r.int(0, 400))));
        case 2: return bin(r.pick(CMP), txnField('day', T.date), call('add_days', [dateLit(d), num(String(r.int(-5, 5)))], T.date));
        default: return inList(call('weekday', [r.chance(0.5) ? txnField('time', T.timestamp) : custField('opened', T.date)], T.integer), list(r.subset(['1', '2', '3', '4', '5', '6', '7']).map(num), T.integer));
      }
    }
    case 9: return r.chance(0.5)
      ? aggregate(r.pick(['any', 'all'] as const), 'x', txnField('items', ITEMS), undefined, itemFilter(c) ?? bin('>', member(item(), 'qty', T.integer), num('1')))
      : bin(r.pick(CMP), call('time_of_day', [txnField('time', T.timestamp)], T.time), { kind: 'literal', type: T.time, span: num('0').span, value: { kind: 'time', minutes: r.int(0, 1439) } });
    case 10: case 11: return bin(r.pick(['and', 'or'] as const), boolExpr(c, depth - 1), boolExpr(c, depth - 1));
    case 12: return not(boolExpr(c, depth - 1));
    default: return bin(r.pick(CMP), periodAgg('points', r.pick(PERIODS)), num(String(r.int(0, 3000))));
  }
}

// ─── Rules ───────────────────────────────────────────────────────────────────

type RewardUnit = { kind: 'points' } | { kind: 'money'; currency: string } | { kind: 'product' };

function reward(c: Ctx, kind: RewardIR['kind'], pointsRuleIds: string[]): { reward: RewardIR; unit: RewardUnit } {
  const r = c.r;
  const sp = num('0').span;
  const currency = c.cur2 && r.chance(0.25) ? c.cur2 : c.cur;
  switch (kind) {
    case 'points': {
      if (r.chance(0.4)) return { reward: { kind: 'points', amount: r.chance(0.8) ? num(r.pick(['1', '2', '5', '100', '0.5', '1.25', '0'])) : numExpr(c, 1), per: undefined, span: sp }, unit: { kind: 'points' } };
      const moneyPer = r.chance(0.8);
      return {
        reward: {
          kind: 'points', amount: num(r.pick(['1', '2', '3', '1.5', '0.1'])), span: sp,
          per: moneyPer ? { unit: moneyLit(r.pick(['1', '2', '10', '3']), c.cur), base: moneyExpr(c, c.cur, 1) } : { unit: num(r.pick(['1', '2', '0', '3'])), base: numExpr(c, 1) },
        },
        unit: { kind: 'points' },
      };
    }
    case 'multiplier':
      return { reward: { kind: 'multiplier', factor: num(r.pick(['1.25', '1.5', '2', '3', '1', '0.5'])), targets: r.chance(0.5) ? [] : r.subset(pointsRuleIds), span: sp }, unit: { kind: 'points' } };
    case 'cashback':
      return {
        reward: { kind: 'cashback', currency, span: sp, value: r.chance(0.6) ? { kind: 'percentOf', percent: num(r.pick(['0.01', '0.015', '0.05', '0.333'])), base: moneyExpr(c, currency, 1) } : { kind: 'fixed', amount: moneyExpr(c, currency, 1) } },
        unit: { kind: 'money', currency },
      };
    case 'tieredCashback': {
      const n = r.int(1, 4);
      const froms = [...new Set(Array.from({ length: n }, () => r.int(0, 20) * 50 * scale(c.cur)))].sort((a, b) => a - b);
      if (r.chance(0.7)) froms[0] = 0;
      return {
        reward: {
          kind: 'tieredCashback', currency: c.cur, span: sp, base: moneyExpr(c, c.cur, 1),
          over: r.chance(0.6) ? periodAgg('spend', r.pick(PERIODS), c.cur) : r.chance(0.5) ? undefined : moneyLiteral(c, c.cur, 2000),
          bands: froms.map((f) => ({ from: moneyLit(minorText(f, c.cur), c.cur), rate: num(r.pick(['0.01', '0.02', '0.005', '0.0125', '0.1'])), span: sp })),
        },
        unit: { kind: 'money', currency: c.cur },
      };
    }
    case 'discount':
      return {
        reward: {
          kind: 'discount', currency, span: sp, target: r.pick(['invoice', 'items'] as const),
          value: r.chance(0.6) ? { kind: 'percentOf', percent: num(r.pick(['0.1', '0.2', '0.05', '0.125'])), base: moneyExpr(c, currency, 1) } : { kind: 'fixed', amount: moneyLiteral(c, currency, 20) },
          max: r.chance(0.5) ? moneyLiteral(c, currency, 30) : undefined,
        },
        unit: { kind: 'money', currency },
      };
    case 'freeProduct':
      return { reward: { kind: 'freeProduct', sku: str(r.pick(SKUS)), quantity: r.chance(0.7) ? num(String(r.int(0, 3))) : txnField('qty', T.integer), span: sp }, unit: { kind: 'product' } };
    case 'prize': {
      const pts = r.chance(0.5);
      return {
        reward: {
          kind: 'prize', span: sp,
          prize: pts ? num(r.pick(['100', '1000', '2.5'])) : moneyLiteral(c, currency, 50),
          unit: pts ? { kind: 'points' } : { kind: 'money', currency },
          chance: r.chance(0.5) ? { kind: 'oneIn', n: num(r.pick(['1', '2', '3', '10', '0.5', '0'])) } : { kind: 'probability', p: num(r.pick(['0.5', '0.1', '1', '0', '0.999'])) },
        },
        unit: pts ? { kind: 'points' } : { kind: 'money', currency },
      };
    }
  }
}

function caps(c: Ctx, owner: CapIR['owner'], unit: RewardUnit | 'times-only', max: number): CapIR[] {
  const r = c.r;
  const out: CapIR[] = [];
  const n = r.int(0, max);
  for (let i = 0; i < n; i++) {
    const scope = r.pick(['transaction', 'customer', 'customer', 'program'] as const);
    const period = scope === 'transaction' ? undefined : r.pick(PERIODS);
    let u: CapIR['unit'];
    let limit: string;
    if (unit === 'times-only' || unit.kind === 'product' || r.chance(0.3)) {
      u = { kind: 'times' };
      limit = String(r.int(0, 3));
    } else if (unit.kind === 'points') {
      u = { kind: 'points' };
      limit = String(r.pick([50, 100, 500, 1000, 5000]));
    } else {
      u = { kind: 'money', currency: unit.currency };
      limit = minorText(r.pick([1, 5, 20, 75]) * scale(unit.currency), unit.currency);
    }
    const unitName = u.kind === 'money' ? u.currency : u.kind;
    out.push({ id: `${owner.kind}:${owner.id}:${scope}${period ? `:${period}` : ''}:${unitName}:${i}`, owner, unit: u, limit, scope, period, span: num('0').span });
  }
  return out;
}

function windows(c: Ctx): WindowIR[] {
  const r = c.r;
  const out: WindowIR[] = [];
  const sp = () => num('0').span;
  if (r.chance(0.15)) {
    const a = `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const b = `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const [from, to] = a <= b ? [a, b] : [b, a];
    out.push({ kind: 'dates', from: r.chance(0.8) ? from : undefined, to: r.chance(0.8) ? to : undefined, span: sp() });
  }
  if (r.chance(0.15)) out.push({ kind: 'days', days: r.subset(WEEKDAYS, 0.6), span: sp() });
  if (r.chance(0.15)) out.push({ kind: 'hours', fromMinute: r.int(0, 47) * 30, toMinute: r.int(0, 47) * 30, span: sp() });
  return out;
}

function expiry(r: Rng): ExpirySpec | undefined {
  switch (r.int(0, 4)) {
    case 0: return { kind: 'after', count: r.int(0, 36), unit: r.pick(['days', 'weeks', 'months', 'years'] as const) };
    case 1: return { kind: 'endOf', period: r.pick(['week', 'month', 'quarter', 'year'] as const) };
    case 2: return { kind: 'never' };
    default: return undefined;
  }
}

// ─── Input edges (a second PRNG stream) ──────────────────────────────────────

const SEEN = T.timestamp;

/** A condition reading the fields whose inputs reach the edges of their types. */
function edgeCondition(e: Rng): TExpr {
  const d = `2026-${String(e.int(1, 12)).padStart(2, '0')}-${String(e.int(1, 28)).padStart(2, '0')}`;
  switch (e.int(0, 8)) {
    // add_days past 9999-12-31 / before 0000-01-01 (customer.score is sometimes that large).
    case 0: return bin(e.pick(CMP), call('add_days', [custField('opened', T.date), custField('score', T.integer)], T.date), dateLit(d));
    case 1: return bin(e.pick(CMP), call('add_days', [txnField('day', T.date), num(String(e.pick([e.int(2_911_700, 2_912_500), -e.int(739_000, 740_500), 3_000_000, 5])))], T.date), dateLit(d));
    case 2: return bin(e.pick(CMP), call('date', [txnField('seen', SEEN)], T.date), e.chance(0.5) ? call('date', [txnField('time', T.timestamp)], T.date) : dateLit(d));
    case 3: return bin(e.pick(CMP), call(e.pick(['hour', 'day', 'weekday', 'month', 'year'] as const), [txnField('seen', SEEN)], T.integer), num(String(e.int(1, 12))));
    case 4: return bin(e.pick(CMP), call('days_between', [custField('opened', T.date), e.chance(0.5) ? txnField('day', T.date) : call('date', [txnField('time', T.timestamp)], T.date)], T.integer), num(String(e.int(-400, 400))));
    case 5: return bin(e.pick(CMP), e.chance(0.5) ? txnField('qty', T.integer) : custField('score', T.integer), num(String(e.int(0, 4))));
    case 6: return aggregate(e.pick(['any', 'all'] as const), 'x', txnField('items', ITEMS), undefined, bin('>=', member(item(), 'qty', T.integer), num(String(e.int(1, 3)))));
    case 7: return bin(e.pick(CMP), call(e.pick(['weekday', 'day', 'month', 'quarter', 'year'] as const), [e.chance(0.5) ? txnField('day', T.date) : custField('opened', T.date)], T.integer), num(String(e.int(1, 12))));
    default: return bin(e.pick(CMP), txnField('day', T.date), e.chance(0.5) ? custField('opened', T.date) : call('add_days', [custField('opened', T.date), txnField('qty', T.integer)], T.date));
  }
}

const EDGE_DATES = ['2026-02-30', '2026-02-29', '2024-02-29', '2100-02-29', '2000-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-06-00',
  '0050-03-01', '0001-01-01', '0000-01-01', '9999-12-31', '2026-6-1', '2026-06-01T00:00:00Z', ' 2026-06-01'];
const EDGE_INTEGERS: JsonValue[] = [2.5, '1.5', -0.5, '2.0', 3.0000001, 1e-7, '007', '2.50', 1e21, -3];

/** Text of `ms` (UTC fields shifted by `offMin` minutes) with seconds (if `sec`) and a zone suffix. */
function isoText(ms: number, offMin: number, sep: string, sec: boolean, zone: string): string {
  const t = new Date(ms + offMin * 60_000).toISOString();
  return `${t.slice(0, 10)}${sep}${t.slice(11, sec ? 19 : 16)}${zone}`;
}

/** A valid text form of instant `ms` the strict parser accepts (and what instant it names: fractions shift it). */
function oddInstant(e: Rng, ms: number): { text: string; ms: number } {
  const off = e.pick([330, -300, 345, 0, -570, 840, -60]);
  const sign = off < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0'), mm = String(Math.abs(off) % 60).padStart(2, '0');
  switch (e.int(0, 5)) {
    case 0: return { text: isoText(ms, off, 'T', true, `${sign}${hh}${mm}`), ms }; // +0530
    case 1: return { text: isoText(ms, off, e.pick(['t', ' ']), true, `${sign}${hh}:${mm}`), ms };
    case 2: { // a fraction of 1, 2, 6 or 9 digits (sub-millisecond digits truncated)
      const frac = e.pick(['5', '25', '123456', '987654321', '0']);
      return { text: isoText(ms, 0, 'T', true, `.${frac}${e.pick(['Z', 'z', '+00:00'])}`), ms: ms + Number(frac.slice(0, 3).padEnd(3, '0')) };
    }
    case 3: { // 24:00 of the previous day
      const mid = Math.floor(ms / 86_400_000) * 86_400_000;
      return { text: `${new Date(mid - 86_400_000).toISOString().slice(0, 10)}T24:00${e.pick([':00', ''])}Z`, ms: mid };
    }
    case 4: { // no seconds
      const m = Math.floor(ms / 60_000) * 60_000;
      return { text: isoText(m, off, 'T', false, `${sign}${hh}:${mm}`), ms: m };
    }
    default: return { text: new Date(ms).toISOString(), ms };
  }
}

/** A timestamp text the strict parser rejects. */
function invalidInstant(e: Rng, ms: number): string {
  switch (e.int(0, 6)) {
    case 0: return isoText(ms, 0, 'T', true, ''); // no offset: host timezone
    case 1: return isoText(ms, 0, 'T', true, '.123'); // no offset, with a fraction
    case 2: return `2026-02-${e.pick(['29', '30', '31'])}T10:00:00Z`;
    case 3: return `${isoText(ms, 0, 'T', false, '').slice(0, 11)}24:30:00Z`;
    case 4: return isoText(ms, 0, 'T', true, e.pick(['+24:00', '+05:60', '+5:30', 'UTC']));
    case 5: return e.pick(['March 3, 2026', '2026-03-01', 'Sun, 01 Mar 2026 12:00:00 GMT', '2026-03-01T12:00:60Z']);
    default: return `${isoText(ms, 0, 'T', true, 'Z').slice(0, 5)}13-01T00:00:00Z`;
  }
}

const KINDS: RewardIR['kind'][] = ['points', 'points', 'points', 'multiplier', 'cashback', 'tieredCashback', 'discount', 'freeProduct', 'prize'];

/** A random valid checked program, deterministic in `seed`. */
export function generateProgram(seed: number, opts: ProgramOptions = {}): CheckedProgram {
  const r = new Rng(seed);
  const cur = r.pick(['USD', 'USD', 'EUR', 'JPY', 'KWD']);
  const cur2 = r.chance(0.3) ? r.pick(['USD', 'EUR', 'JPY', 'KWD'].filter((x) => x !== cur)) : undefined;
  const c: Ctx = { r, cur, cur2 };
  const M = T.money(cur);
  const defaultExpiry = expiry(r);
  const groupIds = Array.from({ length: r.int(0, 3) }, (_, i) => `g${i}`);
  const n = r.int(opts.minRules ?? 1, opts.maxRules ?? 12);
  const rules: RuleIR[] = [];
  const members = new Map<string, RewardUnit[]>();
  const pointsIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `r${String(i).padStart(2, '0')}_${r.pick(['a', 'b', 'c'])}`;
    const kind = r.pick(KINDS);
    const { reward: rw, unit } = reward(c, kind, pointsIds);
    if (kind === 'points') pointsIds.push(id);
    const grp = groupIds.length && r.chance(0.4) ? r.pick(groupIds) : undefined;
    if (grp) members.set(grp, [...(members.get(grp) ?? []), unit]);
    const owner = { kind: 'rule' as const, id };
    rules.push({
      id, title: undefined, priority: r.pick([10, 20, 20, 30, 100]), group: grp,
      windows: windows(c),
      conditions: Array.from({ length: r.int(0, 3) }, () => boolExpr(c, 2)),
      exclusions: r.chance(0.2) ? [boolExpr(c, 1)] : [],
      reward: rw, caps: caps(c, owner, unit, 3), expiry: r.chance(0.5) ? expiry(r) ?? defaultExpiry : defaultExpiry,
      span: num('0').span, idSpan: num('0').span,
    });
  }
  // Input edges: some rules also read the fields whose inputs are at the edges of their types.
  const e = new Rng((seed ^ 0x5eed_ed9e) >>> 0);
  for (const rule of rules) {
    if (e.chance(0.15)) (rule.conditions as TExpr[]).push(edgeCondition(e));
    if (e.chance(0.03)) (rule.exclusions as TExpr[]).push(edgeCondition(e));
  }
  // Group caps must fit every member: points or money only when all members share the unit.
  // About half the groups stack (from a third PRNG stream, so the rest of a seed's program
  // stays as it was), and a stacking group always has a cap for its rules to share.
  const st = new Rng((seed ^ 0x57ac_4ed0) >>> 0);
  const groups = groupIds.map((g) => {
    const units = members.get(g) ?? [];
    const first = units[0];
    const same = first && units.every((u) => JSON.stringify(u) === JSON.stringify(first));
    const unit = same ? first : 'times-only';
    const stacking = st.chance(0.5);
    return groupIR(g, (owner) => {
      let list = caps(c, owner, unit, 2);
      while (stacking && list.length === 0) list = caps({ ...c, r: st }, owner, unit, 2);
      return list;
    }, stacking);
  });
  const txnFields = [
    { name: 'amount', type: M }, { name: 'fee', type: M, optional: true }, { name: 'mcc', type: T.string },
    { name: 'category', type: CATEGORY }, { name: 'channel', type: CHANNEL, optional: true }, { name: 'qty', type: T.integer },
    { name: 'rate', type: T.number, optional: true }, { name: 'promo', type: T.string, optional: true },
    { name: 'items', type: ITEMS }, { name: 'day', type: T.date, optional: true },
    ...(cur2 ? [{ name: 'foreign', type: T.money(cur2), optional: true }] : []),
    { name: 'seen', type: SEEN, optional: true },
  ];
  return {
    ...programIR({
      currency: cur, currencies: cur2 ? [cur, cur2] : [cur], timezone: r.pick(ZONES), rounding: r.pick(ROUNDINGS),
      seed: `seed-${r.int(0, 5)}`, spendField: r.chance(0.9) ? 'amount' : null, defaultExpiry,
      transaction: txnFields,
      customer: [
        { name: 'tier', type: TIER }, { name: 'opened', type: T.date }, { name: 'vip', type: T.boolean, optional: true },
        { name: 'tags', type: T.list(T.string) }, { name: 'score', type: T.integer, optional: true },
      ],
      records: { item: [{ name: 'sku', type: T.string }, { name: 'price', type: M }, { name: 'qty', type: T.integer }, { name: 'promo', type: T.boolean, optional: true }] },
      groups,
      exclusions: Array.from({ length: r.int(0, 2) }, (_, i) => ({ id: `x${i}`, condition: r.chance(0.5) ? inList(txnField('mcc', T.string), list(r.subset(MCCS, 0.3).map(str), T.string)) : r.chance(0.5) ? bin('<', txnField('amount', M), moneyLit('0', cur)) : boolExpr(c, 1) })),
      rules,
    }),
    name: `generated-${seed}`,
  };
}

// ─── Data ────────────────────────────────────────────────────────────────────

function moneyInput(r: Rng, currency: string, maxMajor: number, allowNegative = false): JsonValue {
  const minor = r.int(allowNegative && r.chance(0.1) ? -maxMajor * scale(currency) : 0, maxMajor * scale(currency));
  const text = minorText(minor, currency);
  return r.chance(0.5) ? text : Number(text);
}

/** A random transaction, customer, state snapshot and request options for a program. */
export function generateScenario(program: CheckedProgram, seed: number, opts: ScenarioOptions = {}): Scenario {
  const r = new Rng(seed);
  const e = new Rng((seed ^ 0x0dd_ed9e) >>> 0); // input edges
  const cur = program.currency;
  const cur2 = program.currencies[1];
  const t0 = Date.UTC(2026, 0, 1) - 86_400_000 * 2;
  let ms = t0 + r.int(0, 370 * 24 * 4) * 15 * 60_000 + r.int(0, 899) * 1000;
  let time: JsonValue = r.chance(0.3) ? ms : new Date(ms).toISOString();
  if (e.chance(0.15)) ({ text: time, ms } = oddInstant(e, ms));
  if (opts.invalidTimes && e.chance(0.02)) time = invalidInstant(e, ms);
  const opt = <V extends JsonValue>(v: () => V): V | undefined => (r.chance(0.35) ? undefined : v());
  const items = Array.from({ length: r.int(0, 4) }, () => {
    const it: Record<string, JsonValue> = { sku: r.pick(SKUS), price: moneyInput(r, cur, 40), qty: r.int(0, 3) };
    const promo = opt(() => r.chance(0.5));
    if (promo !== undefined) it.promo = promo;
    return it;
  });
  const txn: Record<string, JsonValue> = {
    id: `T-${r.int(0, 1_000_000)}`, time,
    amount: moneyInput(r, cur, 1500, true), mcc: r.pick(MCCS), category: r.pick(CATEGORY_M),
    qty: r.int(0, 5), items,
  };
  const optional: [string, () => JsonValue][] = [
    ['fee', () => moneyInput(r, cur, 10)], ['channel', () => r.pick(CHANNEL_M)],
    ['rate', () => r.pick([0, 1.5, '2.25', 3])], ['promo', () => r.pick(PROMOS)],
    ['day', () => `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`],
    ...(cur2 ? [['foreign', () => moneyInput(r, cur2, 500)] as [string, () => JsonValue]] : []),
  ];
  for (const [k, v] of optional) {
    const x = opt(v);
    if (x !== undefined) txn[k] = x;
    else if (r.chance(0.2)) txn[k] = null; // null reads as absent too
  }
  const customer: Record<string, JsonValue> = {
    tier: r.pick(TIER_M),
    opened: `202${r.int(4, 6)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
    tags: r.subset(TAGS, 0.3),
  };
  const vip = opt(() => r.chance(0.5));
  if (vip !== undefined) customer.vip = vip;
  const score = opt(() => r.int(0, 100));
  if (score !== undefined) customer.score = score;

  // Input edges: impossible dates, fractions for integers, add_days offsets past the
  // four-digit years, timestamps in odd (valid or invalid) forms.
  if (e.chance(0.12)) txn.day = e.pick(EDGE_DATES);
  if (e.chance(0.08)) customer.opened = e.pick(EDGE_DATES);
  if (e.chance(0.1)) txn.qty = e.pick(EDGE_INTEGERS);
  for (const it of items) if (e.chance(0.06)) it.qty = e.pick(EDGE_INTEGERS);
  if (e.chance(0.15)) customer.score = e.pick<JsonValue>([e.int(2_911_000, 2_914_000), -e.int(739_000, 741_000), 7.5, '2.25', 1e300, e.pick(EDGE_INTEGERS)]);
  if (e.chance(0.6)) {
    const near = ms + e.int(-40, 40) * 3_600_000;
    txn.seen = e.chance(0.25) ? invalidInstant(e, near) : e.chance(0.2) ? near : oddInstant(e, near).text;
  }

  // Counters near the caps' limits and random aggregates.
  const periods = periodKeysOf(zone(program.timezone).parts(ms));
  const counters: Record<string, number> = {};
  const allCaps = [...program.rules.flatMap((x) => x.caps), ...program.groups.flatMap((g) => g.caps)];
  for (const cp of allCaps) {
    if (cp.scope === 'transaction' || !cp.period || r.chance(0.3)) continue;
    const limit = Number(cp.limit) * (cp.unit.kind === 'money' ? 10 ** (DIGITS[cp.unit.currency] ?? 2) : 1);
    counters[capKey(cp.id, periods, cp.period)] = Math.max(0, Math.round(limit * r.pick([0, 0.5, 0.9, 0.99, 1, 1.2])) - r.int(0, 2));
  }
  for (const { metric, key } of aggregateKeys(periods)) {
    if (r.chance(0.5)) continue;
    counters[key] = metric === 'transactions' ? r.int(0, 50) : metric === 'points' ? r.int(0, 5000) : r.int(0, 3000) * scale(cur);
  }

  const ids = program.rules.map((x) => x.id);
  const options: EvaluateOptions = {
    explain: r.chance(0.8),
    ...(r.chance(0.1) ? { include: r.subset(ids, 0.7) } : {}),
    ...(r.chance(0.1) ? { exclude: r.subset(ids, 0.2) } : {}),
  };
  return { txn: txn as TransactionInput, customer, state: { counters }, options };
}

/** One program and `transactions` scenarios for it, deterministic in `seed`. */
export function generateCase(seed: number, opts: ProgramOptions & ScenarioOptions & { transactions?: number } = {}): GeneratedCase {
  const program = generateProgram(seed, opts);
  const scenarios = Array.from({ length: opts.transactions ?? 50 }, (_, i) => generateScenario(program, (seed * 7919 + i * 104729 + 1) >>> 0, opts));
  return { seed, program, scenarios };
}

/** fast-check arbitrary of generated programs (no shrinking: reproduce by the seed in the program name). */
export function arbitraryProgram(opts: ProgramOptions = {}): fc.Arbitrary<CheckedProgram> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })).map((seed) => generateProgram(seed, opts));
}

/** fast-check arbitrary of a program with `transactions` scenarios (default 50). */
export function arbitraryCase(opts: ProgramOptions & ScenarioOptions & { transactions?: number } = {}): fc.Arbitrary<GeneratedCase> {
  return fc.noShrink(fc.integer({ min: 0, max: 0x7fffffff })).map((seed) => generateCase(seed, opts));
}

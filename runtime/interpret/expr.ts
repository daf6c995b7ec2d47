// Evaluates typed expressions (docs/semantics.md "Values"). Numbers and money are exact
// decimals; an absent optional field is null, and null propagates: arithmetic, comparisons,
// `in` and calls with an absent operand are absent, `and`/`or`/`not` follow three-valued
// (Kleene) logic, and a condition, exclusion or filter that ends absent does not hold.
import type { TExpr } from '../../compiler/ir.ts';
import type { Type } from '../../compiler/types.ts';
import { Dec } from '../decimal.ts';
import { fromMinor } from '../currency.ts';
import { aggregateKey } from '../state-keys.ts';
import { exprText } from '../expr-text.ts';
import { observedJson, type RecordValue, type Value } from '../observed.ts';
import { ceilBuiltin, floorBuiltin, roundBuiltin } from '../rounding.ts';
import { utcParts } from '../local-time.ts';
import type { EvalContext } from './context.ts';
import { fromInput, recordField } from './values.ts';

/** Local variables bound by aggregates (innermost last). */
type Env = ReadonlyMap<string, Value>;
const EMPTY_ENV: Env = new Map();

/** Evaluates an expression; null means absent. */
export function evaluate(e: TExpr, ctx: EvalContext, env: Env = EMPTY_ENV): Value {
  return ev(e, ctx, env, ctx.observed === undefined ? 1 : 0);
}

/** True only when the expression evaluates to true (absent and false do not hold). */
export function holds(e: TExpr, ctx: EvalContext): boolean {
  return evaluate(e, ctx) === true;
}

// `quiet` > 0 suppresses recording: inside aggregates (the aggregate's own value is
// recorded) and for the object of a member access (the member is recorded instead).
function ev(e: TExpr, ctx: EvalContext, env: Env, quiet: number): Value {
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      switch (v.kind) {
        case 'number': case 'money': return literalDecimal(e, v.kind === 'number' ? v.value : v.amount);
        case 'string': case 'date': return v.value;
        case 'boolean': return v.value;
        case 'time': return v.minutes;
        case 'enum': return v.member;
      }
    }
    // falls through (unreachable)
    case 'field': return record(e, field(ctx, e.scope, e.name, e.type), ctx, quiet);
    case 'local': return env.get(e.name) ?? null;
    case 'member': {
      const obj = ev(e.object, ctx, env, quiet + 1);
      const v = obj === null ? null : recordField(ctx.program.schema, obj as RecordValue, e.name);
      return rootedInLocal(e) ? v : record(e, v, ctx, quiet);
    }
    case 'list': return e.elements.map((x) => ev(x, ctx, env, quiet));
    case 'unary': {
      const v = ev(e.operand, ctx, env, quiet);
      if (v === null) return null;
      return e.op === 'not' ? !v : (v as Dec).neg();
    }
    case 'binary': return binary(e, ctx, env, quiet);
    case 'in': {
      const v = ev(e.value, ctx, env, quiet);
      const list = ev(e.list, ctx, env, quiet);
      if (v === null || list === null) return null;
      // Absent list elements never match.
      const found = (list as readonly Value[]).some((x) => x !== null && equal(v, x));
      return e.negated ? !found : found;
    }
    case 'call': {
      if (e.fn === 'present') return record(e, ev(e.args[0]!, ctx, env, quiet) !== null, ctx, quiet);
      if (e.fn === 'coalesce') return record(e, ev(e.args[0]!, ctx, env, quiet) ?? ev(e.args[1]!, ctx, env, quiet), ctx, quiet);
      const args = e.args.map((a) => ev(a, ctx, env, quiet));
      const v = args.includes(null) ? null : call(e.fn, args, e.args.map((a) => a.type), ctx);
      return record(e, v, ctx, quiet);
    }
    case 'aggregate': return record(e, aggregate(e, ctx, env, quiet + 1), ctx, quiet);
    case 'periodAggregate': {
      const n = ctx.counters[aggregateKey(e.metric, ctx.periods, e.period)] ?? 0;
      const v = e.type.kind === 'money' ? fromMinor(n, e.type.currency) : new Dec(n);
      return record(e, v, ctx, quiet);
    }
  }
}

// Decimals are immutable: parse each numeric literal once.
const literals = new WeakMap<TExpr, Dec>();
function literalDecimal(e: TExpr, text: string): Dec {
  let d = literals.get(e);
  if (!d) {
    d = new Dec(text);
    literals.set(e, d);
  }
  return d;
}

function rootedInLocal(e: TExpr): boolean {
  let x = e;
  while (x.kind === 'member') x = x.object;
  return x.kind === 'local';
}

function record(e: TExpr, v: Value, ctx: EvalContext, quiet: number): Value {
  const obs = ctx.observed;
  if (quiet === 0 && obs && !obs.some((o) => o.span.offset === e.span.offset && o.span.length === e.span.length)) {
    obs.push({ text: exprText(e), span: e.span, value: observedJson(v, e.type) });
  }
  return v;
}

/** A transaction or customer field, converted once per evaluation. */
export function field(ctx: EvalContext, scope: 'transaction' | 'customer', name: string, type: Type): Value {
  const key = (scope === 'transaction' ? 't:' : 'c:') + name;
  const cached = ctx.fields.get(key);
  if (cached !== undefined) return cached;
  const src = scope === 'transaction' ? ctx.txn : ctx.customer;
  const v = fromInput(Object.hasOwn(src, name) ? src[name] : undefined, type);
  ctx.fields.set(key, v);
  return v;
}

function binary(e: Extract<TExpr, { kind: 'binary' }>, ctx: EvalContext, env: Env, quiet: number): Value {
  if (e.op === 'and' || e.op === 'or') {
    const decisive = e.op === 'or';
    const l = ev(e.left, ctx, env, quiet);
    if (l === decisive) return decisive;
    const r = ev(e.right, ctx, env, quiet);
    if (r === decisive) return decisive;
    return l === null || r === null ? null : !decisive;
  }
  const l = ev(e.left, ctx, env, quiet);
  const r = ev(e.right, ctx, env, quiet);
  if (l === null || r === null) return null;
  switch (e.op) {
    case '=': return equal(l, r);
    case '!=': return !equal(l, r);
    case '<': return compare(l, r) < 0;
    case '<=': return compare(l, r) <= 0;
    case '>': return compare(l, r) > 0;
    case '>=': return compare(l, r) >= 0;
    case '+': return (l as Dec).plus(r as Dec);
    case '-': return (l as Dec).minus(r as Dec);
    case '*': return (l as Dec).times(r as Dec);
    case '/': return (r as Dec).isZero() ? null : (l as Dec).dividedBy(r as Dec); // ÷ 0 is absent
  }
}

/** Equality of two present values of one type. */
export function equal(a: Value, b: Value): boolean {
  if (a instanceof Dec && b instanceof Dec) return a.eq(b);
  return a === b;
}

/** Ordering of two present values of one ordered type (numbers, money, dates, timestamps, times). */
export function compare(a: Value, b: Value): number {
  if (a instanceof Dec && b instanceof Dec) return a.cmp(b);
  return (a as string | number) < (b as string | number) ? -1 : (a as string | number) > (b as string | number) ? 1 : 0;
}

function aggregate(e: Extract<TExpr, { kind: 'aggregate' }>, ctx: EvalContext, env: Env, quiet: number): Value {
  const src = ev(e.source, ctx, env, quiet);
  if (src === null) return null;
  let count = 0;
  let acc: Dec | null = null;
  let all = true;
  for (const item of src as readonly Value[]) {
    const inner = new Map(env);
    inner.set(e.variable, item);
    const pass = e.filter ? ev(e.filter, ctx, inner, quiet) === true : true;
    if (!pass) {
      all = false;
      continue;
    }
    count++;
    if (!e.value) continue;
    const v = ev(e.value, ctx, inner, quiet) as Dec | null;
    if (v === null) continue; // absent values are skipped
    if (acc === null) acc = v;
    else if (e.fn === 'sum') acc = acc.plus(v);
    else if (e.fn === 'min' ? v.lt(acc) : v.gt(acc)) acc = v;
  }
  switch (e.fn) {
    case 'count': return new Dec(count);
    case 'any': return count > 0;
    case 'all': return all;
    case 'sum': return acc ?? new Dec(0);
    case 'min': case 'max': return acc; // none: absent
  }
}

const DAY_MS = 86_400_000;

function dateMs(d: string): number {
  const t = new Date(0);
  t.setUTCFullYear(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))); // 0050 is not 1950
  return t.getTime();
}

// Dates are `YYYY-MM-DD`: years 0000–9999.
const MIN_DATE_MS = -62_167_219_200_000; // 0000-01-01
const MAX_DATE_MS = Date.UTC(9999, 11, 31);

/** The date `ms` falls on, or absent when it is not a four-digit-year date (`add_days(d, 10^9)`). */
function dateText(ms: number): string | null {
  if (!(ms >= MIN_DATE_MS && ms <= MAX_DATE_MS)) return null;
  return utcParts(ms).date;
}

/** Local {year, month, day, weekday} of a date or timestamp value. */
function calendar(v: Value, t: Type, ctx: EvalContext): { year: number; month: number; day: number; weekday: number } {
  if (t.kind === 'timestamp') return ctx.zone.parts(v as number);
  const d = new Date(dateMs(v as string));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() || 7 };
}

function call(fn: Extract<TExpr, { kind: 'call' }>['fn'], a: Value[], types: Type[], ctx: EvalContext): Value {
  const s = (i: number) => a[i] as string;
  const d = (i: number) => a[i] as Dec;
  switch (fn) {
    case 'lower': return s(0).toLowerCase();
    case 'upper': return s(0).toUpperCase();
    case 'length': return new Dec([...s(0)].length); // characters = code points
    case 'starts_with': return s(0).startsWith(s(1));
    case 'ends_with': return s(0).endsWith(s(1));
    case 'contains': return s(0).includes(s(1));
    case 'date': return ctx.zone.parts(a[0] as number).date;
    case 'time_of_day': {
      const p = ctx.zone.parts(a[0] as number);
      return p.hour * 60 + p.minute;
    }
    case 'hour': return new Dec(ctx.zone.parts(a[0] as number).hour);
    case 'weekday': return new Dec(calendar(a[0]!, types[0]!, ctx).weekday);
    case 'day': return new Dec(calendar(a[0]!, types[0]!, ctx).day);
    case 'month': return new Dec(calendar(a[0]!, types[0]!, ctx).month);
    case 'quarter': return new Dec(Math.floor((calendar(a[0]!, types[0]!, ctx).month - 1) / 3) + 1);
    case 'year': return new Dec(calendar(a[0]!, types[0]!, ctx).year);
    case 'days_between': return new Dec(Math.round((dateMs(s(1)) - dateMs(s(0))) / DAY_MS));
    case 'add_days': return dateText(dateMs(s(0)) + d(1).toNumber() * DAY_MS); // absent past 9999-12-31
    case 'abs': return d(0).abs();
    case 'round': return roundBuiltin(d(0));
    case 'floor': return floorBuiltin(d(0));
    case 'ceil': return ceilBuiltin(d(0));
    case 'least': return d(0).lte(d(1)) ? d(0) : d(1);
    case 'greatest': return d(0).gte(d(1)) ? d(0) : d(1);
    case 'present': case 'coalesce': throw new Error(`${fn} sees absence and is evaluated before call()`);
  }
}

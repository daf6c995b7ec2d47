// Built-in calls and aggregates over lists of records.
import type { Aggregate, Call } from '../../grammar/ast.ts';
import { acceptsParam, paramName } from '../builtins.ts';
import { lookupLocal, type Scope } from '../environment.ts';
import type { TExpr } from '../ir.ts';
import { T, isNumeric, typeName, type Type } from '../types.ts';
import { check, errorTExpr, type ExprCtx } from './expr.ts';
import { M } from './messages.ts';
import { unify } from './operators.ts';
import { closest, didYouMean } from './suggest.ts';

// Names other languages and spreadsheets use for a built-in, too far from it by spelling
// for a did-you-mean (`lowercase` is four edits from `lower`).
const FUNCTION_ALIASES: Readonly<Record<string, string>> = {
  lowercase: 'did you mean `lower`?', tolowercase: 'did you mean `lower`?',
  uppercase: 'did you mean `upper`?', touppercase: 'did you mean `upper`?',
  len: 'did you mean `length`?', strlen: 'did you mean `length`?', size: 'did you mean `length`?',
  startswith: 'did you mean `starts_with`?', endswith: 'did you mean `ends_with`?', includes: 'did you mean `contains`?',
  now: 'the transaction\'s own time is `time`', today: 'the transaction\'s local date is `date(time)`',
  dayofweek: 'did you mean `weekday`?', day_of_week: 'did you mean `weekday`?', weekday_of: 'did you mean `weekday`?',
  datediff: 'did you mean `days_between`?', date_diff: 'did you mean `days_between`?',
  dateadd: 'did you mean `add_days`?', date_add: 'did you mean `add_days`?',
};

/** A built-in call, typed against its signature in compiler/builtins.ts. */
export function call(cx: ExprCtx, e: Call, scope: Scope | undefined, depth: number): TExpr {
  const fnName = e.callee?.name ?? '';
  // coalesce's fallback reads in the first argument's type, so `coalesce(tier, "basic")` checks the enum member.
  const args: TExpr[] = [];
  for (const a of e.args ?? []) args.push(check(cx, a, scope, depth + 1, fnName === 'coalesce' && args.length === 1 ? args[0]!.type : undefined));
  const b = cx.env.builtins.get(fnName);
  if (b === undefined) {
    const alias = FUNCTION_ALIASES[fnName.toLowerCase()];
    const near = alias === undefined ? closest(fnName, cx.env.builtins.keys()) : undefined;
    const hint = alias !== undefined ? alias : near !== undefined ? didYouMean(near) : M.unknownFunctionHint();
    cx.r.report('ACC101', M.unknownFunction(fnName), e.callee?.span ?? e.span, hint);
    return errorTExpr(e.span);
  }
  const node = (type: Type): TExpr => ({ kind: 'call', fn: b.name, args, type, span: e.span });
  if (args.length !== b.params.length) {
    cx.r.report('ACC204', M.arity(b.name, b.params.length, args.length), e.span, b.signature);
    return node(T.error);
  }
  let bad = false;
  args.forEach((a, i) => {
    if (a.type.kind === 'error') { bad = true; return; }
    const p = b.params[i]!;
    if (!acceptsParam(p, a.type)) {
      cx.r.report('ACC200', M.argType(b.name, i, paramName(p), a.type), a.span, b.signature);
      bad = true;
    }
  });
  if (bad) return node(T.error);
  switch (b.returns.kind) {
    case 'fixed': return node(b.returns.type);
    case 'sameAsFirst': return node(args[0]!.type);
    case 'unify': {
      const [x, y] = [args[0]!, args[1]!];
      if (x.type.kind === 'money' && y.type.kind === 'money' && x.type.currency !== y.type.currency) {
        cx.r.report('ACC202', M.currencyMismatch(x.type, y.type), y.span);
        return node(T.error);
      }
      const u = unify(x.type, y.type);
      if (u === undefined) {
        cx.r.report('ACC200', M.argType(b.name, 1, typeName(x.type), y.type), y.span, b.signature);
        return node(T.error);
      }
      return node(u);
    }
  }
}

/** `sum/min/max(v for x in list where …)`, `count/any/all(x in list where …)`: binds the loop variable. */
export function aggregate(cx: ExprCtx, e: Aggregate, scope: Scope | undefined, depth: number): TExpr {
  const source = check(cx, e.source, scope, depth + 1, undefined);
  let elem: Type = T.error;
  if (source.type.kind === 'list') elem = source.type.element;
  else if (source.type.kind !== 'error') cx.r.report('ACC207', M.notList(source.type), source.span);
  const v = e.variable?.name ?? '';
  // `count(items)` parses (with a syntax error) as the variable `items` over nothing: the
  // syntax error says what is wrong; "shadows the field" would only add noise.
  const recovered = e.source === undefined || e.source.kind === 'ErrorExpr';
  if (e.variable !== undefined && !recovered) {
    if (lookupLocal(scope, v) !== undefined) cx.r.report('ACC111', M.shadows(v, 'an outer loop variable'), e.variable.span);
    else if (cx.env.transaction.fields.has(v)) cx.r.report('ACC111', M.shadows(v, 'the transaction field of that name'), e.variable.span);
  }
  const inner: Scope = { name: v, type: elem, parent: scope };
  const value = e.value === undefined ? undefined : check(cx, e.value, inner, depth + 1, undefined);
  const filter = e.filter === undefined ? undefined : check(cx, e.filter, inner, depth + 1, undefined);
  if (filter !== undefined && filter.type.kind !== 'boolean' && filter.type.kind !== 'error') {
    cx.r.report('ACC203', M.notBoolean('`where` filter', filter.type), filter.span);
  }
  let type: Type;
  switch (e.fn) {
    case 'count': type = T.integer; break;
    case 'any': case 'all': type = T.boolean; break;
    case 'sum': case 'min': case 'max': {
      const t = value?.type ?? T.error;
      const summable = isNumeric(t) || t.kind === 'money' || t.kind === 'points';
      const ordered = t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'time';
      if (t.kind === 'error') type = T.error;
      else if (summable || (e.fn !== 'sum' && ordered)) type = t;
      else {
        cx.r.report('ACC212', M.notSummable(e.fn, t), value!.span);
        type = T.error;
      }
    }
  }
  return { kind: 'aggregate', fn: e.fn, variable: v, source, value, filter, type, span: e.span };
}

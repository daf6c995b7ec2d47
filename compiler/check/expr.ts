// Types one expression against the environment and lowers it to a TExpr. Errors are
// reported once and typed `error`, which every rule below accepts silently, so one mistake
// never cascades. Enum members are resolved contextually: a bare name or a string compared
// with (or listed against) an enum-typed value must be a member of that enum.
import { Decimal } from 'decimal.js';
import type { Expr, InExpr } from '../../grammar/ast.ts';
import { LIMITS } from '../../grammar/diagnostics.ts';
import type { Span } from '../../grammar/span.ts';
import { lookupLocal, type Environment, type Scope } from '../environment.ts';
import type { LiteralValue, TExpr } from '../ir.ts';
import { T, isNumeric, type Type } from '../types.ts';
import { aggregate, call } from './calls.ts';
import { useCurrency } from './currency.ts';
import { foldDecimal } from './fold.ts';
import { M } from './messages.ts';
import { enumMember, member, name } from './names.ts';
import { arithmeticType, checkComparison, unify } from './operators.ts';
import type { Reporter } from './reporter.ts';

export interface ExprCtx {
  readonly env: Environment;
  readonly r: Reporter;
  /** Set once ACC401 was reported for the current root, to report deep nesting once. */
  tooDeep: boolean;
}

export const lit = (span: Span, type: Type, value: LiteralValue): TExpr => ({ kind: 'literal', type, span, value });

/** A placeholder for an expression that did not type; `error` suppresses follow-on reports. */
export function errorTExpr(span: Span): TExpr {
  return lit(span, T.error, { kind: 'boolean', value: false });
}

/** Types `e` at the top level (a condition, reward amount, …). */
export function checkRoot(cx: ExprCtx, e: Expr | undefined, fallbackSpan: Span, scope?: Scope): TExpr {
  cx.tooDeep = false;
  return e === undefined ? errorTExpr(fallbackSpan) : check(cx, e, scope, 0, undefined);
}

/** Types a boolean expression; a non-boolean one is ACC203, naming `what` ("condition"). */
export function checkCondition(cx: ExprCtx, e: Expr | undefined, fallbackSpan: Span, what: string): TExpr {
  const t = checkRoot(cx, e, fallbackSpan);
  if (t.type.kind !== 'boolean' && t.type.kind !== 'error') cx.r.report('ACC203', M.notBoolean(what, t.type), t.span);
  return t;
}

/** Types one expression node (recursive); `expected` carries an enum context. */
export function check(cx: ExprCtx, e: Expr, scope: Scope | undefined, depth: number, expected: Type | undefined): TExpr {
  if (depth > LIMITS.nestingDepth) {
    if (!cx.tooDeep) cx.r.report('ACC401', M.tooDeep(LIMITS.nestingDepth), e.span);
    cx.tooDeep = true;
    return errorTExpr(e.span);
  }
  const { r, env } = cx;
  switch (e.kind) {
    case 'NumberLit':
      return lit(e.span, /^\d+$/.test(e.text) ? T.integer : T.number, { kind: 'number', value: e.text });
    case 'PercentLit':
      return lit(e.span, T.number, { kind: 'number', value: percent(e.text) });
    case 'MoneyLit': {
      const c = e.currency === undefined ? undefined : useCurrency(r, env.currencies, e.currency);
      return c === undefined ? errorTExpr(e.span) : lit(e.span, T.money(c), { kind: 'money', amount: e.text, currency: c });
    }
    case 'StringLit':
      if (expected?.kind === 'enum') return enumMember(cx, e.value, e.span, expected);
      return lit(e.span, T.string, { kind: 'string', value: e.value });
    case 'BoolLit':
      return lit(e.span, T.boolean, { kind: 'boolean', value: e.value });
    case 'DateLit':
      return lit(e.span, T.date, { kind: 'date', value: e.text });
    case 'TimeLit':
      return lit(e.span, T.time, { kind: 'time', minutes: minutesOf(e.text) });
    case 'NameRef':
      return name(cx, e, scope, expected);
    case 'MemberAccess':
      return member(cx, e, scope, depth);
    case 'ListLit': {
      if (e.elements.length > LIMITS.listElements) {
        r.report('ACC404', M.listTooLong(e.elements.length, LIMITS.listElements), e.span);
        return errorTExpr(e.span);
      }
      const want = expected?.kind === 'list' ? expected.element : undefined;
      const elements = e.elements.map((x) => check(cx, x, scope, depth + 1, want));
      let elem: Type = want ?? T.error;
      let first: Type | undefined;
      for (const el of elements) {
        if (el.type.kind === 'error') continue;
        if (first === undefined) { first = el.type; elem = el.type; continue; }
        const u = unify(elem, el.type);
        if (u === undefined) {
          r.report('ACC210', M.listMixed(first, el.type), el.span);
          return { kind: 'list', type: T.error, span: e.span, elements };
        }
        elem = u;
      }
      return { kind: 'list', type: T.list(elem), span: e.span, elements };
    }
    case 'Unary': {
      const operand = check(cx, e.operand, scope, depth + 1, undefined);
      const t = operand.type;
      let type: Type = T.error;
      if (t.kind === 'error') type = T.error;
      else if (e.op === 'not') {
        if (t.kind === 'boolean') type = T.boolean;
        else r.report('ACC205', M.operatorType('not', t), e.span);
      } else if (isNumeric(t) || t.kind === 'money' || t.kind === 'points') type = t;
      else r.report('ACC205', M.operatorType('-', t), e.span);
      return { kind: 'unary', op: e.op, operand, type, span: e.span };
    }
    case 'Binary': {
      // A left-associative chain (`a and b and c …`, `x + y + z …`) is long, not deep.
      const leftDepth = e.left.kind === 'Binary' && e.left.op === e.op ? depth : depth + 1;
      if (e.op === 'and' || e.op === 'or') {
        const left = check(cx, e.left, scope, leftDepth, undefined);
        const right = check(cx, e.right, scope, depth + 1, undefined);
        let ok = true;
        for (const side of [left, right]) {
          if (side.type.kind !== 'boolean' && side.type.kind !== 'error') {
            r.report('ACC205', M.notBoolean(`each side of \`${e.op}\``, side.type), side.span);
            ok = false;
          }
        }
        const err = left.type.kind === 'error' || right.type.kind === 'error' || !ok;
        return { kind: 'binary', op: e.op, left, right, type: err ? T.error : T.boolean, span: e.span };
      }
      const [left, right] = pair(cx, e.left, e.right, scope, leftDepth - 1);
      if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/') {
        const type = arithmeticType(r, e.op, left, right, e.opSpan ?? e.span, env.currency);
        if (e.op === '/' && type.kind !== 'error') {
          const d = foldDecimal(right);
          if (d !== undefined && d.isZero()) r.report('ACC211', M.divisionByZero(), right.span);
        }
        return { kind: 'binary', op: e.op, left, right, type, span: e.span };
      }
      const before = r.diagnostics.length;
      checkComparison(r, e.op, left, right, e.span, e.opSpan ?? e.span);
      const err = left.type.kind === 'error' || right.type.kind === 'error' || r.diagnostics.length > before;
      return { kind: 'binary', op: e.op, left, right, type: err ? T.error : T.boolean, span: e.span };
    }
    case 'InExpr':
      return inExpr(cx, e, scope, depth);
    case 'Call':
      return call(cx, e, scope, depth);
    case 'Aggregate':
      return aggregate(cx, e, scope, depth);
    case 'PeriodAggregate': {
      let type: Type;
      switch (e.metric) {
        case 'spend':
          if (env.spend === undefined) {
            r.report('ACC312', M.noSpendField(), e.span);
            type = T.error;
          } else type = env.spend.type;
          break;
        case 'points': type = T.points; break;
        case 'cashback': type = env.currency === undefined ? T.error : T.money(env.currency); break;
        case 'transactions': type = T.integer; break;
      }
      return { kind: 'periodAggregate', metric: e.metric, period: e.period, type, span: e.span };
    }
    case 'ErrorExpr':
      return errorTExpr(e.span);
  }
  return errorTExpr((e as Expr).span);
}

/** True when `e` can only be typed by context: a string literal or a name that is no variable or field. */
export function needsContext(cx: ExprCtx, e: Expr, scope: Scope | undefined): boolean {
  if (e.kind === 'StringLit') return true;
  return e.kind === 'NameRef' && lookupLocal(scope, e.name) === undefined && !cx.env.transaction.fields.has(e.name) && e.name !== 'customer';
}

/** Types both operands of a comparison or arithmetic, typing the contextual side last. */
function pair(cx: ExprCtx, a: Expr, b: Expr, scope: Scope | undefined, depth: number): [TExpr, TExpr] {
  if (needsContext(cx, a, scope) && !needsContext(cx, b, scope)) {
    const tb = check(cx, b, scope, depth + 1, undefined);
    return [contextual(cx, a, tb, scope, depth), tb];
  }
  const ta = check(cx, a, scope, depth + 1, undefined);
  return [ta, contextual(cx, b, ta, scope, depth)];
}

/** Types the contextual side `x` of a pair against `other`'s enum; skipped when `other` is already an error. */
function contextual(cx: ExprCtx, x: Expr, other: TExpr, scope: Scope | undefined, depth: number): TExpr {
  if (other.type.kind === 'error' && needsContext(cx, x, scope)) return errorTExpr(x.span);
  return check(cx, x, scope, depth + 1, other.type.kind === 'enum' ? other.type : undefined);
}

function inExpr(cx: ExprCtx, e: InExpr, scope: Scope | undefined, depth: number): TExpr {
  let value: TExpr;
  let list: TExpr;
  if (e.list.kind === 'ListLit') {
    // `category in [dining, travel]`: the value's enum types the bare names in the list.
    value = check(cx, e.value, scope, depth + 1, undefined);
    if (value.type.kind === 'error') {
      // Bare names in the list can only be judged against the value's type: skip them.
      const elements = e.list.elements.map((x) => (needsContext(cx, x, scope) ? errorTExpr(x.span) : check(cx, x, scope, depth + 2, undefined)));
      return { kind: 'in', negated: e.negated, value, list: { kind: 'list', elements, type: T.error, span: e.list.span }, type: T.error, span: e.span };
    }
    list = check(cx, e.list, scope, depth + 1, value.type.kind === 'enum' ? T.list(value.type) : undefined);
  } else {
    list = check(cx, e.list, scope, depth + 1, undefined);
    const el = list.type.kind === 'list' && list.type.element.kind === 'enum' ? list.type.element : undefined;
    value = check(cx, e.value, scope, depth + 1, el);
  }
  let type: Type = T.boolean;
  if (list.type.kind === 'error' || value.type.kind === 'error') type = T.error;
  else if (list.type.kind !== 'list') {
    cx.r.report('ACC207', M.notList(list.type), list.span);
    type = T.error;
  } else if (list.type.element.kind !== 'error') {
    const before = cx.r.diagnostics.length;
    const probe: TExpr = { ...list, type: list.type.element };
    checkComparison(cx.r, 'in', value, probe, e.span, e.span);
    if (cx.r.diagnostics.length > before) type = T.error;
  }
  return { kind: 'in', negated: e.negated, value, list, type, span: e.span };
}

// Programs repeat their percentages (`5%` on hundreds of offers): each is worked out once.
const percents = new Map<string, string>();

/** `5%` → "0.05", exactly, without exponent notation. */
function percent(text: string): string {
  let out = percents.get(text);
  if (out !== undefined) return out;
  try {
    out = new Decimal(text).div(100).toFixed();
  } catch {
    out = '0';
  }
  if (percents.size >= 4096) percents.clear();
  percents.set(text, out);
  return out;
}

/** `16:30` → 990 minutes after midnight. */
export function minutesOf(text: string): number {
  const [h, m] = text.split(':');
  return Number(h ?? 0) * 60 + Number(m ?? 0);
}

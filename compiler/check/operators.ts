// Typing rules of the operators. Money is typed strictly: money ± money of one currency,
// money × number, money ÷ number, money ÷ money = number; never money ± a plain number
// (ACC201) or currencies mixed (ACC202). `points` (customer points aggregates) behave as a
// count: they mix with numbers.
import type { BinaryOp } from '../../grammar/ast.ts';
import type { Span } from '../../grammar/span.ts';
import type { TExpr } from '../ir.ts';
import { T, sameType, type Type } from '../types.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';

const isNum = (t: Type): boolean => t.kind === 'integer' || t.kind === 'number';
const isCount = (t: Type): boolean => isNum(t) || t.kind === 'points';

/** The type of `l op r` for + - * /; reports and returns error when it has none. */
export function arithmeticType(rep: Reporter, op: BinaryOp, l: TExpr, r: TExpr, opSpan: Span, defaultCurrency: string | undefined): Type {
  const a = l.type;
  const b = r.type;
  if (a.kind === 'error' || b.kind === 'error') return T.error;
  if (isNum(a) && isNum(b)) return op !== '/' && a.kind === 'integer' && b.kind === 'integer' ? T.integer : T.number;
  if (a.kind === 'points' || b.kind === 'points') {
    if (a.kind === 'points' && b.kind === 'points') return op === '/' ? T.number : op === '*' ? bad() : T.points;
    if (isCount(a) && isCount(b) && !(op === '/' && b.kind === 'points')) return T.points;
    return bad();
  }
  if (a.kind === 'money' && b.kind === 'money') {
    if (a.currency !== b.currency) {
      rep.report('ACC202', M.currencyMismatch(a, b), r.span);
      return T.error;
    }
    if (op === '/') return T.number;
    if (op === '*') return bad();
    return a;
  }
  if ((a.kind === 'money' && isNum(b)) || (isNum(a) && b.kind === 'money')) {
    const money = a.kind === 'money' ? a : b;
    if (op === '*') return money;
    if (op === '/') return a.kind === 'money' ? a : bad();
    // Point at the plain number: that is the operand to fix.
    const plain = a.kind === 'money' ? r : l;
    rep.report('ACC201', M.moneyWithNumber(op, money), plain.span, M.moneyLiteralHint(money.kind === 'money' ? money.currency : defaultCurrency ?? 'USD'));
    return T.error;
  }
  return bad();

  function bad(): Type {
    rep.report('ACC205', M.operatorTypes(op, a, b), opSpan);
    return T.error;
  }
}

/** Checks that `l` and `r` may be compared with `op` (= != < <= > >=); reports when not. */
export function checkComparison(rep: Reporter, op: BinaryOp | 'in', l: TExpr, r: TExpr, span: Span, opSpan: Span): void {
  const a = l.type;
  const b = r.type;
  if (a.kind === 'error' || b.kind === 'error') return;
  const ordered = op === '<' || op === '<=' || op === '>' || op === '>=';
  if (isCount(a) && isCount(b)) return;
  if (a.kind === 'money' && b.kind === 'money') {
    if (a.currency !== b.currency) rep.report('ACC202', M.currencyMismatch(a, b), r.span);
    return;
  }
  if ((a.kind === 'money' && isCount(b)) || (isCount(a) && b.kind === 'money')) {
    const money = (a.kind === 'money' ? a : b) as Extract<Type, { kind: 'money' }>;
    // A bare number literal wants its currency; a number-typed field or expression is no amount at all.
    const plain = a.kind === 'money' ? r : l;
    rep.report('ACC206', M.incomparable(a, b), span, plain.kind === 'literal' ? M.moneyLiteralHint(money.currency) : M.countVsMoneyHint(money.currency));
    return;
  }
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date')) {
    rep.report('ACC206', M.incomparable(a, b), span, M.dateVsTimestampHint());
    return;
  }
  if (!sameType(a, b)) {
    rep.report('ACC206', M.incomparable(a, b), span);
    return;
  }
  if (a.kind === 'list' || a.kind === 'record' || (ordered && (a.kind === 'string' || a.kind === 'boolean' || a.kind === 'enum'))) {
    rep.report('ACC205', M.operatorType(op, a), opSpan);
  }
}

/** The common type of two list elements, or undefined when they have none. */
export function unify(a: Type, b: Type): Type | undefined {
  if (a.kind === 'error') return b;
  if (b.kind === 'error') return a;
  if (isNum(a) && isNum(b)) return a.kind === 'integer' && b.kind === 'integer' ? T.integer : T.number;
  return sameType(a, b) ? a : undefined;
}

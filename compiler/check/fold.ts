// Constant folding over typed expressions. The checker uses it to warn about conditions that
// are always false/true, to order cashback bands, to range-check chances and to catch
// division by zero. It never changes the IR: back ends do their own optimisation.
import { Decimal } from 'decimal.js';
import type { TExpr } from '../ir.ts';

export type Const =
  | { readonly kind: 'number'; readonly d: Decimal }
  | { readonly kind: 'money'; readonly d: Decimal; readonly currency: string }
  | { readonly kind: 'string'; readonly v: string }
  | { readonly kind: 'boolean'; readonly v: boolean }
  | { readonly kind: 'date'; readonly v: string }
  | { readonly kind: 'time'; readonly v: number }
  | { readonly kind: 'enum'; readonly v: string }
  | { readonly kind: 'list'; readonly items: readonly Const[] };

const bool = (v: boolean): Const => ({ kind: 'boolean', v });

/** The value of `e` when it depends on no input, else undefined. */
export function fold(e: TExpr): Const | undefined {
  if (e.type.kind === 'error') return undefined;
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      switch (v.kind) {
        case 'number': return { kind: 'number', d: new Decimal(v.value) };
        case 'money': return { kind: 'money', d: new Decimal(v.amount), currency: v.currency };
        case 'string': return { kind: 'string', v: v.value };
        case 'boolean': return bool(v.value);
        case 'date': return { kind: 'date', v: v.value };
        case 'time': return { kind: 'time', v: v.minutes };
        case 'enum': return { kind: 'enum', v: v.member };
      }
      return undefined;
    }
    case 'list': {
      const items: Const[] = [];
      for (const el of e.elements) {
        const c = fold(el);
        if (c === undefined) return undefined;
        items.push(c);
      }
      return { kind: 'list', items };
    }
    case 'unary': {
      const c = fold(e.operand);
      if (c === undefined) return undefined;
      if (e.op === 'not') return c.kind === 'boolean' ? bool(!c.v) : undefined;
      if (c.kind === 'number' || c.kind === 'money') return { ...c, d: c.d.neg() };
      return undefined;
    }
    case 'binary': return foldBinary(e.op, e.left, e.right);
    case 'in': {
      const v = fold(e.value);
      const l = fold(e.list);
      if (v === undefined || l === undefined || l.kind !== 'list') return undefined;
      const found = l.items.some((it) => equal(v, it));
      return bool(found !== e.negated);
    }
    default: return undefined;
  }
}

function foldBinary(op: string, left: TExpr, right: TExpr): Const | undefined {
  if (op === 'and' || op === 'or') {
    // Short-circuit on either side: `x and false` is false whatever x is.
    const a = fold(left);
    const b = fold(right);
    const absorbing = op === 'or';
    if ((a?.kind === 'boolean' && a.v === absorbing) || (b?.kind === 'boolean' && b.v === absorbing)) return bool(absorbing);
    if (a?.kind === 'boolean' && b?.kind === 'boolean') return bool(op === 'and' ? a.v && b.v : a.v || b.v);
    return undefined;
  }
  const a = fold(left);
  if (a === undefined) return undefined; // (`amount >= 10 USD`: no need to fold the right side)
  const b = fold(right);
  if (b === undefined) return undefined;
  switch (op) {
    case '=': return bool(equal(a, b));
    case '!=': return bool(!equal(a, b));
    case '<': case '<=': case '>': case '>=': {
      const c = compare(a, b);
      if (c === undefined) return undefined;
      return bool(op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0);
    }
    case '+': case '-': case '*': case '/': {
      if ((a.kind !== 'number' && a.kind !== 'money') || (b.kind !== 'number' && b.kind !== 'money')) return undefined;
      if (op === '/' && b.d.isZero()) return undefined;
      const d = op === '+' ? a.d.plus(b.d) : op === '-' ? a.d.minus(b.d) : op === '*' ? a.d.times(b.d) : a.d.div(b.d);
      // money ÷ money is a plain ratio; any other mix keeps the money side's currency.
      if (a.kind === 'money' && b.kind === 'money' && op === '/') return { kind: 'number', d };
      const money = a.kind === 'money' ? a : b.kind === 'money' ? b : undefined;
      return money === undefined ? { kind: 'number', d } : { kind: 'money', d, currency: money.currency };
    }
  }
  return undefined;
}

function equal(a: Const, b: Const): boolean {
  if ((a.kind === 'number' || a.kind === 'money') && (b.kind === 'number' || b.kind === 'money')) return a.d.eq(b.d);
  if (a.kind === 'list' || b.kind === 'list') return false;
  return a.kind === b.kind && (a as { v: unknown }).v === (b as { v: unknown }).v;
}

function compare(a: Const, b: Const): number | undefined {
  if ((a.kind === 'number' || a.kind === 'money') && (b.kind === 'number' || b.kind === 'money')) return a.d.cmp(b.d);
  if (a.kind === 'date' && b.kind === 'date') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.kind === 'time' && b.kind === 'time') return a.v - b.v;
  return undefined;
}

/** The numeric value of a constant number or money expression. */
export function foldDecimal(e: TExpr): Decimal | undefined {
  const c = fold(e);
  return c !== undefined && (c.kind === 'number' || c.kind === 'money') ? c.d : undefined;
}

/** The constant truth value of a boolean expression, if it has one. */
export function foldBoolean(e: TExpr): boolean | undefined {
  const c = fold(e);
  return c?.kind === 'boolean' ? c.v : undefined;
}

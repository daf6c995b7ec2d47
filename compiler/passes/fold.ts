// Pass 1 — constant folding. Literal arithmetic, comparisons, `not`, `in` over literal
// lists and and/or with a decided side become literals. Kleene logic holds throughout
// (`x and false` is false even when x is absent; `x and true` is x), so folding never
// changes a result. Explanations are built from the unfolded IR, so they are unaffected.
import { Decimal } from 'decimal.js';
import type { LiteralValue, TExpr } from '../ir.ts';
import type { Lowered } from './lowered.ts';

type Lit = Extract<TExpr, { kind: 'literal' }>;

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });

function lit(e: TExpr, value: LiteralValue): Lit {
  return { kind: 'literal', type: e.type, span: e.span, value };
}

function bool(e: TExpr, v: boolean): Lit {
  return lit(e, { kind: 'boolean', value: v });
}

/** Decimal of a numeric literal (number or money), else undefined. */
function num(e: TExpr): Decimal | undefined {
  if (e.kind !== 'literal') return undefined;
  if (e.value.kind === 'number') return new D(e.value.value);
  if (e.value.kind === 'money') return new D(e.value.amount);
  return undefined;
}

function numLit(e: TExpr, d: Decimal): Lit {
  const text = d.toFixed();
  return e.type.kind === 'money'
    ? lit(e, { kind: 'money', amount: text, currency: e.type.currency })
    : lit(e, { kind: 'number', value: text });
}

/** A comparable primitive of a non-numeric literal. */
function prim(e: TExpr): string | number | boolean | undefined {
  if (e.kind !== 'literal') return undefined;
  const v = e.value;
  switch (v.kind) {
    case 'string': case 'date': return v.value;
    case 'enum': return v.member;
    case 'boolean': return v.value;
    case 'time': return v.minutes;
    default: return undefined;
  }
}

function isBool(e: TExpr, v: boolean): boolean {
  return e.kind === 'literal' && e.value.kind === 'boolean' && e.value.value === v;
}

/** Folds one expression bottom-up. */
export function foldExpr(e: TExpr): TExpr {
  switch (e.kind) {
    case 'unary': {
      const o = foldExpr(e.operand);
      if (e.op === 'not' && o.kind === 'literal' && o.value.kind === 'boolean') return bool(e, !o.value.value);
      const d = num(o);
      if (e.op === '-' && d) return numLit(e, d.neg());
      return { ...e, operand: o };
    }
    case 'binary': {
      const l = foldExpr(e.left);
      const r = foldExpr(e.right);
      if (e.op === 'and' || e.op === 'or') {
        const decisive = e.op === 'or';
        if (isBool(l, decisive) || isBool(r, decisive)) return bool(e, decisive);
        if (isBool(l, !decisive)) return r;
        if (isBool(r, !decisive)) return l;
        return { ...e, left: l, right: r };
      }
      const a = num(l), b = num(r);
      if (a && b) {
        switch (e.op) {
          case '+': return numLit(e, a.plus(b));
          case '-': return numLit(e, a.minus(b));
          case '*': return numLit(e, a.times(b));
          case '/': if (!b.isZero()) return numLit(e, a.dividedBy(b)); break;
          case '=': return bool(e, a.eq(b));
          case '!=': return bool(e, !a.eq(b));
          case '<': return bool(e, a.lt(b));
          case '<=': return bool(e, a.lte(b));
          case '>': return bool(e, a.gt(b));
          case '>=': return bool(e, a.gte(b));
        }
      }
      const pa = prim(l), pb = prim(r);
      if (pa !== undefined && pb !== undefined) {
        switch (e.op) {
          case '=': return bool(e, pa === pb);
          case '!=': return bool(e, pa !== pb);
          case '<': return bool(e, pa < pb);
          case '<=': return bool(e, pa <= pb);
          case '>': return bool(e, pa > pb);
          case '>=': return bool(e, pa >= pb);
        }
      }
      return { ...e, left: l, right: r };
    }
    case 'in': {
      const v = foldExpr(e.value);
      const list = foldExpr(e.list);
      const pv = prim(v);
      if (pv !== undefined && list.kind === 'list' && list.elements.every((x) => prim(x) !== undefined)) {
        const found = list.elements.some((x) => prim(x) === pv);
        return bool(e, e.negated ? !found : found);
      }
      return { ...e, value: v, list };
    }
    case 'list': return { ...e, elements: e.elements.map(foldExpr) };
    case 'member': return { ...e, object: foldExpr(e.object) };
    case 'call': return { ...e, args: e.args.map(foldExpr) };
    case 'aggregate':
      return { ...e, source: foldExpr(e.source), value: e.value && foldExpr(e.value), filter: e.filter && foldExpr(e.filter) };
    default: return e;
  }
}

/** Folds every condition and exclusion; a condition folded to false means the rule never matches. */
export function foldConstants(p: Lowered): void {
  p.exclusions = p.exclusions.map(foldExpr);
  for (const r of p.rules) {
    r.exclusions = r.exclusions.map(foldExpr);
    r.conditions = r.conditions.map(foldExpr);
    if (r.conditions.some((c) => isBool(c, false))) r.canMatch = false;
  }
}

// Small helpers over typed expressions shared by the passes and the emitter.
import type { TExpr } from '../ir.ts';

/** The direct subexpressions of an expression. */
export function children(e: TExpr): TExpr[] {
  switch (e.kind) {
    case 'member': return [e.object];
    case 'list': return [...e.elements];
    case 'unary': return [e.operand];
    case 'binary': return [e.left, e.right];
    case 'in': return [e.value, e.list];
    case 'call': return [...e.args];
    case 'aggregate': return [e.source, ...(e.value ? [e.value] : []), ...(e.filter ? [e.filter] : [])];
    default: return [];
  }
}

const keys = new WeakMap<TExpr, string>();

/** A structural key of an expression (spans ignored): equal keys compute equal values. */
export function exprKey(e: TExpr): string {
  let k = keys.get(e);
  if (k === undefined) {
    k = computeKey(e);
    keys.set(e, k);
  }
  return k;
}

function computeKey(e: TExpr): string {
  switch (e.kind) {
    case 'literal': return `L${JSON.stringify(e.value)}`;
    case 'field': return `F${e.scope[0]}${JSON.stringify(e.name)}`;
    case 'local': return `V${JSON.stringify(e.name)}`;
    case 'member': return `M(${exprKey(e.object)})${JSON.stringify(e.name)}`;
    case 'list': return `[${e.elements.map(exprKey).join(',')}]`;
    case 'unary': return `U${e.op}(${exprKey(e.operand)})`;
    case 'binary': return `B${e.op}(${exprKey(e.left)},${exprKey(e.right)})`;
    case 'in': return `I${e.negated ? '!' : ''}(${exprKey(e.value)},${exprKey(e.list)})`;
    case 'call': return `C${e.fn}(${e.args.map(exprKey).join(',')})`;
    case 'aggregate':
      return `A${e.fn}${JSON.stringify(e.variable)}(${exprKey(e.source)},${e.value ? exprKey(e.value) : ''},${e.filter ? exprKey(e.filter) : ''})`;
    case 'periodAggregate': return `P${e.metric}:${e.period}`;
  }
}

/** Whether an expression reads a loop variable (then it cannot be computed once per evaluation). */
export function usesLocal(e: TExpr, bound: ReadonlySet<string> = new Set()): boolean {
  if (e.kind === 'local') return !bound.has(e.name);
  if (e.kind === 'aggregate') {
    if (usesLocal(e.source, bound)) return true;
    const inner = new Set(bound).add(e.variable);
    return (e.value !== undefined && usesLocal(e.value, inner)) || (e.filter !== undefined && usesLocal(e.filter, inner));
  }
  return children(e).some((c) => usesLocal(c, bound));
}

/** Every expression a rule evaluates (exclusions, conditions, reward), for whole-program scans. */
export function rewardExprs(r: import('../ir.ts').RewardIR): TExpr[] {
  switch (r.kind) {
    case 'points': return [r.amount, ...(r.per ? [r.per.unit, r.per.base] : [])];
    case 'multiplier': return [r.factor];
    case 'cashback': return r.value.kind === 'fixed' ? [r.value.amount] : [r.value.percent, r.value.base];
    case 'discount': return [...(r.value.kind === 'fixed' ? [r.value.amount] : [r.value.percent, r.value.base]), ...(r.max ? [r.max] : [])];
    case 'tieredCashback': return [r.base, ...(r.over ? [r.over] : []), ...r.bands.flatMap((b) => [b.from, b.rate])];
    case 'freeProduct': return [r.sku, r.quantity];
    case 'prize': return [r.prize, r.chance.kind === 'oneIn' ? r.chance.n : r.chance.p];
  }
}

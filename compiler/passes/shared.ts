// Pass 4 — shared subexpressions. A call, aggregate, period aggregate or arithmetic that
// several rules (or exclusions) evaluate — `sum(line.price for line in items)`,
// `lower(merchant)`, `customer lifetime spend + amount` — is computed once per evaluation
// and cached. Field reads are always cached (emit/program.ts), so they are not counted here.
import type { TExpr } from '../ir.ts';
import type { Lowered } from './lowered.ts';
import { children, exprKey, rewardExprs, usesLocal } from './walk.ts';
import { foldExpr } from './fold.ts';

const WORTH: ReadonlySet<TExpr['kind']> = new Set(['call', 'aggregate', 'periodAggregate', 'binary', 'in']);

/** A comparison of a field with literals: as cheap inline as a cached slot, so not worth sharing. */
function cheap(e: TExpr): boolean {
  const leaf = (x: TExpr): boolean => x.kind === 'field' || x.kind === 'literal' || (x.kind === 'list' && x.elements.every((y) => y.kind === 'literal'));
  return (e.kind === 'binary' && leaf(e.left) && leaf(e.right)) || (e.kind === 'in' && leaf(e.value) && leaf(e.list));
}

/** Records every subexpression (without loop variables) evaluated more than once. */
export function shareSubexpressions(p: Lowered): void {
  const counts = new Map<string, number>();
  const visit = (e: TExpr): void => {
    if (WORTH.has(e.kind) && !(e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) && !cheap(e) && !usesLocal(e)) {
      const k = exprKey(e);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (e.kind !== 'aggregate') children(e).forEach(visit);
  };
  p.exclusions.forEach(visit);
  for (const r of p.rules) {
    r.exclusions.forEach(visit);
    r.conditions.forEach(visit);
    rewardExprs(r.ir.reward).map(foldExpr).forEach(visit);
  }
  for (const [k, n] of counts) if (n >= 2 || k.startsWith('A')) p.shared.add(k);
}

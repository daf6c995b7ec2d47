// Pass 5 — fast-path guards. On the fast path a rule that does not apply has no effect, so
// the dispatcher may test some of its conditions before calling it: a call into a rule
// function costs more than reading a cached field and comparing it, and most rules fail a
// condition on most transactions. Only cheap conditions qualify (cached field reads, period
// aggregates, literals, comparisons, `and`/`or`/`not`, `in` a literal list, + and −), so a
// guard never costs more than the rule would have spent reaching it. The rule still tests
// every condition itself, in source order, so results and explanations are unchanged.
import type { TExpr } from '../ir.ts';
import { discriminant } from './dispatch.ts';
import type { DispatchPlan, Lowered } from './lowered.ts';

/** Programs from this many rules get no guards: their dispatch code would outgrow what V8 optimizes. */
export const GUARD_MAX_RULES = 64;

/** An expression as cheap inline as the call it would save. */
function cheap(e: TExpr): boolean {
  switch (e.kind) {
    case 'literal':
    case 'periodAggregate':
      return true;
    case 'field':
      return e.type.kind !== 'list' && e.type.kind !== 'record';
    case 'unary':
      return cheap(e.operand);
    case 'binary':
      return e.op !== '*' && e.op !== '/' && cheap(e.left) && cheap(e.right);
    case 'in':
      return cheap(e.value) && e.list.kind === 'list' && e.list.elements.every(cheap);
    default:
      return false;
  }
}

/** The rule's cheap conditions, less those its dispatch case already decided. */
function guardsOf(conditions: readonly TExpr[], plan: DispatchPlan | undefined): TExpr[] {
  return conditions.filter((c) => cheap(c) && (plan === undefined || discriminant(c)?.field !== plan.field));
}

/** Chooses each live rule's guards (after dispatch planning). */
export function fastGuards(p: Lowered): void {
  if (p.rules.length >= GUARD_MAX_RULES) return;
  for (const r of p.rules) {
    if (!r.canOpen || !r.canMatch) continue;
    const plan = r.ir.reward.kind === 'multiplier' ? p.dispatch.multipliers : p.dispatch.main;
    r.guards = guardsOf(r.conditions, plan);
  }
}

// Pass 3 — dispatch on a discriminating field. When rules test `category = dining` or
// `mcc in ["5812", "5814"]` (a top-level condition on a transaction enum or string field),
// the evaluator looks the field's value up once and runs only the rules that can match it
// plus those that do not test the field. Skipping a rule is safe on the fast path: a rule
// whose condition fails is NOT_APPLICABLE (or EXCLUDED) with no effect on any other rule,
// and the fast path reports neither. Explained runs still visit every rule.
import type { TExpr } from '../ir.ts';
import type { DispatchPlan, Lowered, LoweredRule } from './lowered.ts';

/** The (field, values) a condition requires, when it is `field = literal` or `field in [literals]`. */
export function discriminant(c: TExpr): { field: string; values: string[] } | undefined {
  const isKeyField = (e: TExpr): e is Extract<TExpr, { kind: 'field' }> =>
    e.kind === 'field' && e.scope === 'transaction' && (e.type.kind === 'enum' || e.type.kind === 'string');
  const text = (e: TExpr): string | undefined =>
    e.kind === 'literal' ? (e.value.kind === 'string' ? e.value.value : e.value.kind === 'enum' ? e.value.member : undefined) : undefined;
  if (c.kind === 'binary' && c.op === '=') {
    if (isKeyField(c.left) && text(c.right) !== undefined) return { field: c.left.name, values: [text(c.right)!] };
    if (isKeyField(c.right) && text(c.left) !== undefined) return { field: c.right.name, values: [text(c.left)!] };
  }
  if (c.kind === 'in' && !c.negated && isKeyField(c.value) && c.list.kind === 'list') {
    const values = c.list.elements.map(text);
    if (values.every((v) => v !== undefined)) return { field: c.value.name, values: values as string[] };
  }
  return undefined;
}

function plan(rules: readonly LoweredRule[]): DispatchPlan | undefined {
  const live = rules.filter((r) => r.canOpen && r.canMatch);
  const votes = new Map<string, number>();
  for (const r of live) {
    const fields = new Set(r.conditions.map(discriminant).filter((d) => d !== undefined).map((d) => d.field));
    for (const f of fields) votes.set(f, (votes.get(f) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [f, n] of votes) if (n >= 2 && (best === undefined || n > votes.get(best)!)) best = f;
  if (best === undefined) return undefined;
  const cases = new Map<string, number[]>();
  const always: number[] = [];
  for (const r of live) {
    // Several conditions on the field intersect: the rule can match only values all allow.
    let allowed: Set<string> | undefined;
    for (const d of r.conditions.map(discriminant)) {
      if (d?.field !== best) continue;
      const vs = new Set(d.values);
      allowed = allowed === undefined ? vs : new Set([...allowed].filter((v) => vs.has(v)));
    }
    if (allowed === undefined) always.push(r.index);
    else for (const v of allowed) cases.set(v, [...(cases.get(v) ?? []), r.index]);
  }
  return { field: best, cases, always };
}

/** Plans dispatch separately for the first phase and for the multiplier phase. */
export function dispatchOnField(p: Lowered): void {
  p.dispatch = {
    main: plan(p.rules.filter((r) => r.ir.reward.kind !== 'multiplier')),
    multipliers: plan(p.rules.filter((r) => r.ir.reward.kind === 'multiplier')),
  };
}

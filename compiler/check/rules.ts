// One rule: priority, windows, conditions (top-level `and`s split into conjuncts), rule
// exclusions, reward, own caps and expiry. Cross-rule checks live in check/program.ts.
import type { Rule } from '../../grammar/ast.ts';
import type { CapIR, ExpirySpec, RuleIR, TExpr } from '../ir.ts';
import { capFits, fittingUnits, lowerCap, reportDuplicateCaps, unitLabel, type CapIds } from './caps.ts';
import { lowerExpiry } from './expiry.ts';
import { checkCondition, type ExprCtx } from './expr.ts';
import { foldBoolean } from './fold.ts';
import { M } from './messages.ts';
import { checkReward, type CheckedReward } from './rewards.ts';
import { checkWindows } from './windows.ts';

export const DEFAULT_PRIORITY = 100;
const MAX_PRIORITY = 1_000_000;

export interface CheckedRule {
  readonly ast: Rule;
  readonly id: string;
  readonly priority: number;
  /** Undefined when the rule has no reward (reported); such a rule never reaches the IR. */
  readonly reward: CheckedReward | undefined;
  /** Complete except for `reward` when that is missing. */
  readonly ir: Omit<RuleIR, 'reward'>;
}

/** Checks one rule on its own. */
export function checkRule(cx: ExprCtx, rule: Rule, currencies: readonly string[], capIds: CapIds, defaultExpiry: ExpirySpec | undefined): CheckedRule {
  const r = cx.r;
  const id = rule.id?.name ?? '';
  let priority = DEFAULT_PRIORITY;
  if (rule.priority !== undefined) {
    const text = rule.priority.text;
    if (/^\d+$/.test(text) && Number(text) <= MAX_PRIORITY) priority = Number(text);
    else r.report('ACC310', M.priority(text), rule.priority.span);
  }
  const windows = checkWindows(r, rule.windows ?? []);

  const conditions: TExpr[] = [];
  for (const c of rule.conditions ?? []) {
    const t = checkCondition(cx, c, rule.span, 'condition');
    for (const conj of conjuncts(t)) {
      const v = t.type.kind === 'error' ? undefined : foldBoolean(conj);
      if (v === false) r.report('ACC303', M.alwaysFalse(), conj.span);
      else if (v === true) r.report('ACC309', M.alwaysTrue(), conj.span);
      conditions.push(conj);
    }
  }
  const exclusions = (rule.exclusions ?? []).map((x) => checkCondition(cx, x.condition, x.span, 'exclusion condition'));

  const reward = rule.reward === undefined ? undefined : checkReward(cx, rule.reward);
  // A rule without a name is already a syntax error (`expected a name`): no "rule `` has no reward".
  if (rule.reward === undefined && id !== '') r.report('ACC010', M.missingReward(id), rule.id?.span ?? rule.span);

  const caps: CapIR[] = [];
  for (const cap of rule.caps ?? []) {
    const ir = lowerCap(r, cap, { kind: 'rule', id }, currencies, capIds);
    if (ir === undefined) continue;
    if (reward !== undefined && !capFits(ir.unit, reward)) {
      r.report('ACC300', M.capUnit(unitLabel(ir.unit), reward.label), cap.span, M.capUnitHint(fittingUnits(reward)));
    }
    caps.push(ir);
  }
  reportDuplicateCaps(r, caps);
  const expiry = rule.expiry === undefined ? defaultExpiry : lowerExpiry(r, rule.expiry);

  return {
    ast: rule,
    id,
    priority,
    reward,
    ir: {
      id,
      title: rule.title?.value,
      priority,
      group: rule.group?.name,
      windows,
      conditions,
      exclusions,
      caps,
      expiry,
      span: rule.span,
      idSpan: rule.id?.span ?? rule.span,
    },
  };
}

/** Splits top-level `and`s: each conjunct explains NOT_APPLICABLE on its own. */
export function conjuncts(e: TExpr): TExpr[] {
  if (e.kind === 'binary' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

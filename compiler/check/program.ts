// Checks that span rules: duplicate ids, groups (existence, equal priorities, single-rule
// groups, multipliers mixed with other rewards in exclusion groups, stacking groups without
// caps, group caps against members' rewards),
// multiplier targets, the rule-count limit, and evaluation order.
import type { GroupDecl } from '../../grammar/ast.ts';
import { LIMITS } from '../../grammar/diagnostics.ts';
import type { Span } from '../../grammar/span.ts';
import type { CapIR, GroupIR, RuleIR } from '../ir.ts';
import { capFits, fittingUnits, lowerCap, reportDuplicateCaps, unitLabel, type CapIds } from './caps.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';
import type { CheckedRule } from './rules.ts';
import { closest, didYouMean } from './suggest.ts';

/** Lowers group declarations, reporting duplicate ids; returns groups by id. */
export function checkGroups(r: Reporter, decls: readonly GroupDecl[], currencies: readonly string[], capIds: CapIds): Map<string, { ir: GroupIR; decl: GroupDecl }> {
  const groups = new Map<string, { ir: GroupIR; decl: GroupDecl }>();
  for (const g of decls) {
    const id = g.id?.name;
    if (id === undefined) continue;
    const first = groups.get(id);
    if (first !== undefined) {
      r.report('ACC108', M.duplicateGroup('group', id), g.id.span, M.firstDeclared(first.decl.id.span.line));
      continue;
    }
    const caps: CapIR[] = [];
    for (const c of g.caps ?? []) {
      const ir = lowerCap(r, c, { kind: 'group', id }, currencies, capIds);
      if (ir !== undefined) caps.push(ir);
    }
    reportDuplicateCaps(r, caps);
    // A stacking group without caps is the same as no group: say so (an invalid cap was already reported).
    if (g.stacking !== undefined && (g.caps ?? []).length === 0) r.report('ACC320', M.uncappedStacking(id), g.id.span, M.uncappedStackingHint(id));
    groups.set(id, { ir: { id, title: g.title?.value, stacking: g.stacking !== undefined, caps, span: g.span }, decl: g });
  }
  return groups;
}

/** Cross-rule checks; returns the rules that may enter the IR, in evaluation order. */
export function checkProgramRules(r: Reporter, rules: readonly CheckedRule[], groups: ReadonlyMap<string, { ir: GroupIR; decl: GroupDecl }>): RuleIR[] {
  if (rules.length > LIMITS.rules) {
    r.report('ACC402', M.tooManyRules(rules.length, LIMITS.rules), rules[LIMITS.rules]!.ir.idSpan);
  }
  const byId = new Map<string, CheckedRule>();
  for (const rule of rules) {
    const first = byId.get(rule.id);
    if (first !== undefined) r.report('ACC106', M.duplicateRule(rule.id), rule.ir.idSpan, M.firstDeclared(first.ir.idSpan.line));
    else if (rule.id !== '') byId.set(rule.id, rule);
  }

  // Group membership, equal priorities and mixed multipliers.
  const members = new Map<string, CheckedRule[]>();
  const meant = new Set<string>(); // groups a misspelt `group` line probably means (ACC104 says so)
  for (const rule of byId.values()) {
    const g = rule.ast.group;
    if (g === undefined) continue;
    if (!groups.has(g.name)) {
      const near = closest(g.name, groups.keys());
      if (near !== undefined) meant.add(near);
      r.report('ACC104', M.unknownGroup(g.name), g.span, didYouMean(near) ?? M.undeclaredGroupHint(g.name));
      continue;
    }
    let list = members.get(g.name);
    if (list === undefined) members.set(g.name, (list = []));
    list.push(rule);
  }
  // A group no rule joins excludes nothing and its caps bound nothing (ACC313 is the one-rule case).
  for (const [gid, { ir, decl }] of groups) {
    if (!members.has(gid) && !meant.has(gid)) r.report('ACC318', M.emptyGroup(gid, ir.caps.length), decl.id.span, M.emptyGroupHint(gid));
  }
  for (const [gid, list] of members) {
    const { ir, decl } = groups.get(gid)!;
    if (ir.stacking) checkStackingMembers(r, ir, decl, list);
    else checkExclusiveMembers(r, gid, decl, list);
    for (const cap of ir.caps) {
      const misfit = list.find((x) => x.reward !== undefined && !capFits(cap.unit, x.reward));
      if (misfit !== undefined) {
        r.report('ACC300', M.capUnitGroup(unitLabel(cap.unit), misfit.id, misfit.reward!.label), cap.span, M.capUnitHint(fittingUnits(misfit.reward!)));
      }
    }
  }

  // Multipliers need points to multiply.
  const anyPoints = [...byId.values()].some((x) => x.reward?.ir.kind === 'points');
  for (const rule of byId.values()) {
    const rw = rule.reward?.ir;
    if (rw?.kind !== 'multiplier' || rule.ast.reward?.kind !== 'MultiplierReward') continue;
    const targets = rule.ast.reward.targets ?? [];
    if (targets.length === 0 && !anyPoints) r.report('ACC301', M.noPointsRules(), rw.span);
    const named = new Set<string>();
    for (const t of targets) {
      // The targets are a set: `on base, base` multiplies base once (rewards.ts drops the repeat).
      if (named.has(t.name)) r.report('ACC321', M.duplicateTarget(t.name), t.span, M.duplicateTargetHint());
      named.add(t.name);
      const target = byId.get(t.name);
      if (target === undefined) r.report('ACC105', M.unknownRule(t.name), t.span, didYouMean(closest(t.name, byId.keys())));
      else if (target.reward !== undefined && target.reward.ir.kind !== 'points') r.report('ACC311', M.targetEarnsNoPoints(t.name, target.reward.label), t.span);
    }
  }

  const out: RuleIR[] = [];
  for (const rule of byId.values()) if (rule.reward !== undefined) out.push({ ...rule.ir, reward: rule.reward.ir });
  // Evaluation order: priority ascending, then id by code unit (locale-independent, so deterministic).
  out.sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

// At most one rule applies: equal priorities leave it to the tie-break, and multipliers,
// which run after every other rule, cannot compete with the others for the one place.
function checkExclusiveMembers(r: Reporter, gid: string, decl: GroupDecl, list: readonly CheckedRule[]): void {
  if (list.length === 1) r.report('ACC313', M.singleRuleGroup(gid), decl.id.span);
  reportTies(list, (rule) => rule.priority, (rule, other) => r.report('ACC304', M.equalPriority(gid, other.id, rule.priority), prioritySpan(rule)));
  const multipliers = list.filter((x) => x.reward?.ir.kind === 'multiplier');
  if (multipliers.length > 0 && multipliers.length < list.filter((x) => x.reward !== undefined).length) {
    for (const m of multipliers) r.report('ACC315', M.mixedGroup(gid), m.ast.group!.span);
  }
}

// Every rule applies and they take the caps in the order they run. Multipliers may join:
// nothing competes, they simply run (and take the caps) after the group's other rules. Two
// rules of one phase with equal priority leave it to the rule id which one is cut first;
// that matters only when there are caps to cut with (without them ACC320 says enough).
function checkStackingMembers(r: Reporter, ir: GroupIR, decl: GroupDecl, list: readonly CheckedRule[]): void {
  if (list.length === 1) r.report('ACC313', M.singleRuleStacking(ir.id), decl.id.span, M.singleRuleStackingHint());
  if (ir.caps.length === 0) return;
  reportTies(list, (rule) => `${rule.reward?.ir.kind === 'multiplier'}:${rule.priority}`,
    (rule, other) => r.report('ACC304', M.equalPriorityStacking(ir.id, other.id, rule.priority), prioritySpan(rule), M.equalPriorityStackingHint()));
}

/** Calls `tie` for each rule whose key an earlier rule of the list already has, with that first rule. */
function reportTies<K>(list: readonly CheckedRule[], key: (rule: CheckedRule) => K, tie: (rule: CheckedRule, other: CheckedRule) => void): void {
  const first = new Map<K, CheckedRule>();
  for (const rule of list) {
    const k = key(rule);
    const other = first.get(k);
    if (other !== undefined) tie(rule, other);
    else first.set(k, rule);
  }
}

function prioritySpan(rule: CheckedRule): Span {
  return rule.ast.priority?.span ?? rule.ir.idSpan;
}

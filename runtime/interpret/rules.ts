// The policy (docs/semantics.md "Order of evaluation"): request lists, program-wide
// exclusions, then each rule's exclusions, windows, conditions and reward; exclusion
// groups; caps (a rule's own and its group's, stacking groups' shared by their rules);
// prize draws; then the multiplier phase. Every rule ends in one state.
import type { CheckedProgram, ExclusionIR, RuleIR } from '../../compiler/ir.ts';
import type { AggregateIncrements, CustomerInput, EvaluateOptions, Outcome, RuleResult, StateSnapshot, TransactionInput } from '../outcome.ts';
import { periodKeysOf, toEpochMs, type Zone } from '../local-time.ts';
import { toMinor } from '../currency.ts';
import { drawBits, winsOneIn, winsProbability } from '../draw.ts';
import type { Dec } from '../decimal.ts';
import type { EvalContext } from './context.ts';
import { evaluate, field, holds } from './expr.ts';
import { windowObserved, windowOpen } from './windows.ts';
import { computeReward, multiplierExtra, type Amount, type Computed } from './rewards.ts';
import { applyCaps, CapLedger } from './caps.ts';
import { Credits, rewardAmount, rewardKind } from './credit.ts';

type Pre = { readonly kind: 'done'; readonly result: RuleResult } | { readonly kind: 'candidate'; readonly computed: Computed };

/** Steps 3.1–3.4 for one rule: exclusions, windows, conditions, then its reward. */
function decide(rule: RuleIR, ctx: EvalContext, explain: boolean, reward: () => Computed | null): Pre {
  for (const ex of rule.exclusions) {
    if (holds(ex, ctx)) return done({ rule: rule.id, state: 'EXCLUDED', by: { kind: 'rule', span: ex.span } });
  }
  for (const w of rule.windows) {
    if (!windowOpen(w, ctx.local)) {
      return done({ rule: rule.id, state: 'NOT_APPLICABLE', reason: { kind: 'window', span: w.span, values: explain ? windowObserved(w, ctx.local) : [] } });
    }
  }
  for (const c of rule.conditions) {
    ctx.observed = explain ? [] : undefined;
    const v = evaluate(c, ctx);
    const values = ctx.observed ?? [];
    ctx.observed = undefined;
    if (v !== true) return done({ rule: rule.id, state: 'NOT_APPLICABLE', reason: { kind: 'condition', span: c.span, values } });
  }
  const computed = reward();
  if (!computed) return done({ rule: rule.id, state: 'NOT_APPLICABLE', reason: { kind: 'zero', span: rule.reward.span } });
  return { kind: 'candidate', computed };
}

function done(result: RuleResult): Pre {
  return { kind: 'done', result };
}

const byId = (a: RuleIR, b: RuleIR): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function unitKey(a: Amount): string | undefined {
  return a.unit === 'points' ? 'points' : a.unit === 'money' ? `money:${a.currency}` : undefined;
}

function size(a: Amount): Dec | number {
  return a.unit === 'points' ? a.points : (a as Extract<Amount, { unit: 'money' }>).amount;
}

/**
 * The winner of an exclusion group: lowest priority; among equal priorities the larger
 * reward when all of them are comparable (points, or money of one currency), then the
 * smaller rule id.
 */
export function groupWinner(cands: readonly { rule: RuleIR; amount: Amount }[]): RuleIR {
  const min = Math.min(...cands.map((c) => c.rule.priority));
  const top = cands.filter((c) => c.rule.priority === min).sort((a, b) => byId(a.rule, b.rule));
  const key = unitKey(top[0]!.amount);
  if (key === undefined || top.some((c) => unitKey(c.amount) !== key)) return top[0]!.rule;
  let best = top[0]!;
  for (const c of top.slice(1)) {
    const a = size(c.amount), b = size(best.amount);
    if (typeof a === 'number' ? a > (b as number) : a.gt(b as Dec)) best = c;
  }
  return best.rule;
}

/** Evaluates one transaction with the reference semantics. */
export function evaluateProgram(
  program: CheckedProgram, zone: Zone, version: string,
  txn: TransactionInput, customer: CustomerInput, state: StateSnapshot, options: EvaluateOptions = {},
): Outcome {
  const epochMs = toEpochMs(txn.time);
  if (Number.isNaN(epochMs)) throw new Error(`transaction ${txn.id}: invalid time ${JSON.stringify(txn.time)}`);
  const local = zone.parts(epochMs);
  const periods = periodKeysOf(local);
  const ctx: EvalContext = { program, txn, customer, counters: state.counters, zone, epochMs, local, periods, fields: new Map(), observed: undefined };
  const explain = options.explain !== false;
  const include = options.include ? new Set(options.include) : undefined;
  const exclude = new Set(options.exclude ?? []);

  // Program-wide exclusions, in source order: the first that holds excludes every rule.
  let excludedBy: ExclusionIR | undefined;
  for (const ex of program.exclusions) {
    if (holds(ex.condition, ctx)) {
      excludedBy = ex;
      break;
    }
  }

  const rules = program.rules;
  const results: (RuleResult | undefined)[] = new Array(rules.length);
  const groupsById = new Map(program.groups.map((g) => [g.id, g]));
  const winners = new Map<string, string>();
  const ledger = new CapLedger(state.counters, periods);
  const credits = new Credits(local, zone);

  const grant = (rule: RuleIR, computed: Computed): RuleResult => {
    let won: boolean | undefined;
    if (rule.reward.kind === 'prize' && computed.chance) {
      const k = drawBits(program.seed, txn.id, rule.id);
      const c = computed.chance;
      won = c.kind === 'oneIn' ? winsOneIn(k, c.n) : winsProbability(k, c.p);
      if (!won) return { rule: rule.id, state: 'APPLIED', reward: 'prize', amount: { unit: 'none' }, won: false };
    }
    const caps = rule.group ? [...rule.caps, ...(groupsById.get(rule.group)?.caps ?? [])] : rule.caps;
    const d = applyCaps(caps, computed.amount, ledger);
    if (d.kind === 'blocked') {
      return { rule: rule.id, state: 'BLOCKED', by: { kind: 'cap', cap: ledger.ref(d.cap) }, wouldHaveGiven: rewardAmount(computed.amount) };
    }
    credits.credit(rule, d.amount);
    return {
      rule: rule.id, state: 'APPLIED', reward: rewardKind(rule), amount: rewardAmount(d.amount),
      ...(d.binding ? { cappedBy: { cap: ledger.ref(d.binding.cap), cut: rewardAmount(d.binding.cut) } } : {}),
      ...(won !== undefined ? { won } : {}),
    };
  };

  const phase = (multipliers: boolean): void => {
    const cands = new Map<number, Computed>();
    rules.forEach((rule, i) => {
      if ((rule.reward.kind === 'multiplier') !== multipliers) return;
      if ((include && !include.has(rule.id)) || exclude.has(rule.id)) {
        results[i] = { rule: rule.id, state: 'EXCLUDED', by: { kind: 'request' } };
        return;
      }
      if (excludedBy) {
        results[i] = { rule: rule.id, state: 'EXCLUDED', by: { kind: 'program', exclusion: excludedBy.id, span: excludedBy.span } };
        return;
      }
      const reward = multipliers
        ? () => multiplierExtra(rule, credits.baseOf((rule.reward as Extract<RuleIR['reward'], { kind: 'multiplier' }>).targets), ctx)
        : () => computeReward(rule, ctx);
      const pre = decide(rule, ctx, explain, reward);
      if (pre.kind === 'done') results[i] = pre.result;
      else cands.set(i, pre.computed);
    });
    // Exclusion groups pick their winner before caps; a group decided in the first phase
    // stays decided for its multipliers. Stacking groups pick none: their rules all go on to
    // the caps, which they share, in rule order.
    const byGroup = new Map<string, { rule: RuleIR; amount: Amount }[]>();
    for (const [i, c] of cands) {
      const g = rules[i]!.group;
      if (g !== undefined && groupsById.get(g)?.stacking !== true) byGroup.set(g, [...(byGroup.get(g) ?? []), { rule: rules[i]!, amount: c.amount }]);
    }
    for (const [g, members] of byGroup) if (!winners.has(g)) winners.set(g, groupWinner(members).id);
    for (const [i, c] of [...cands].sort((a, b) => a[0] - b[0])) {
      const rule = rules[i]!;
      const winner = rule.group === undefined ? undefined : winners.get(rule.group);
      results[i] = winner !== undefined && winner !== rule.id
        ? { rule: rule.id, state: 'BLOCKED', by: { kind: 'group', group: rule.group!, rule: winner }, wouldHaveGiven: rewardAmount(c.amount) }
        : grant(rule, c);
    }
  };
  phase(false);
  phase(true); // multipliers need the points the other rules credited

  const all = results as RuleResult[];
  return {
    programVersion: version,
    transactionId: txn.id,
    totals: credits.totals(),
    rules: explain ? all : all.filter((r) => r.state === 'APPLIED'),
    lots: credits.lots,
    deltas: ledger.deltas,
    periods,
    aggregates: excludedBy ? { spend: 0, points: 0, cashback: 0, transactions: 0 } : aggregates(program, ctx, credits),
  };
}

/** What this transaction adds to the customer's aggregates. */
function aggregates(program: CheckedProgram, ctx: EvalContext, credits: Credits): AggregateIncrements {
  let spend = 0;
  const f = program.spendField === undefined ? undefined : program.schema.transaction.fields.find((x) => x.name === program.spendField);
  if (f && f.type.kind === 'money') {
    const v = field(ctx, 'transaction', f.name, f.type) as Dec | null;
    if (v !== null) spend = toMinor(v, f.type.currency);
  }
  return { spend, points: credits.points, cashback: toMinor(credits.cashbackIn(program.currency), program.currency), transactions: 1 };
}

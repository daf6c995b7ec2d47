// The reference interpreter: a tree-walking Evaluator over the checked program. It
// defines the semantics (docs/semantics.md); the compiled evaluator must agree with it.
import type { CheckedProgram, TExpr } from '../../compiler/ir.ts';
import type { AggregateMetric, Period } from '../../grammar/ast.ts';
import type { Evaluator } from '../program.ts';
import { periodKeysOf, toEpochMs, zone } from '../local-time.ts';
import { aggregateKey, capKey } from '../state-keys.ts';
import { evaluateProgram } from './rules.ts';

/** Builds the reference Evaluator of a checked program. */
export function interpret(program: CheckedProgram, version: string): Evaluator {
  const z = zone(program.timezone);
  const aggs = periodAggregatesOf(program);
  const caps = [...program.rules.flatMap((r) => r.caps), ...program.groups.flatMap((g) => g.caps)];
  return {
    version,
    checked: program,
    evaluate: (txn, customer, state, options) => evaluateProgram(program, z, version, txn, customer, state, options),
    counterKeys(txn) {
      const periods = periodKeysOf(z.parts(toEpochMs(txn.time)));
      const customer = aggs.map((a) => aggregateKey(a.metric, periods, a.period));
      const program: string[] = [];
      for (const cap of caps) {
        if (cap.scope === 'transaction' || !cap.period) continue;
        const key = capKey(cap.id, periods, cap.period);
        const list = cap.scope === 'customer' ? customer : program;
        if (!list.includes(key)) list.push(key);
      }
      return { customer, program };
    },
  };
}

/** Every period aggregate the program reads, once each, in first-use order. */
function periodAggregatesOf(program: CheckedProgram): { metric: AggregateMetric; period: Period }[] {
  const seen = new Map<string, { metric: AggregateMetric; period: Period }>();
  const visit = (e: TExpr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'periodAggregate': seen.set(`${e.metric}:${e.period}`, { metric: e.metric, period: e.period }); return;
      case 'member': visit(e.object); return;
      case 'list': e.elements.forEach(visit); return;
      case 'unary': visit(e.operand); return;
      case 'binary': visit(e.left); visit(e.right); return;
      case 'in': visit(e.value); visit(e.list); return;
      case 'call': e.args.forEach(visit); return;
      case 'aggregate': visit(e.source); visit(e.value); visit(e.filter); return;
      default: return;
    }
  };
  program.exclusions.forEach((x) => visit(x.condition));
  for (const r of program.rules) {
    r.exclusions.forEach(visit);
    r.conditions.forEach(visit);
    const w = r.reward;
    switch (w.kind) {
      case 'points': visit(w.amount); visit(w.per?.unit); visit(w.per?.base); break;
      case 'multiplier': visit(w.factor); break;
      case 'cashback': case 'discount':
        if (w.value.kind === 'fixed') visit(w.value.amount); else { visit(w.value.percent); visit(w.value.base); }
        if (w.kind === 'discount') visit(w.max);
        break;
      case 'tieredCashback': visit(w.base); visit(w.over); w.bands.forEach((b) => { visit(b.from); visit(b.rate); }); break;
      case 'freeProduct': visit(w.sku); visit(w.quantity); break;
      case 'prize': visit(w.prize); visit(w.chance.kind === 'oneIn' ? w.chance.n : w.chance.p); break;
    }
  }
  return [...seen.values()];
}

// One rule → one JS function (docs/semantics.md steps 3.1–3.4): request lists, the rule's
// exclusions, windows, conditions, then its reward, handing a positive amount to its
// settlement (emit/grant.ts, through the hooks emit/program.ts gives). On the fast path
// nothing is allocated for a rule that does not apply; the explained path stores the
// rule's state (explain-only code lives in its own `x…` functions), and for a failed
// condition re-runs the observing flavour of that condition to list the values it read.
import type { RuleIR, TExpr, WindowIR } from '../ir.ts';
import { children } from '../passes/walk.ts';
import type { RuleResult } from '../../runtime/outcome.ts';
import { dayNumOf } from './clock.ts';
import { emitExpr, literalNum, type ExprCtx } from './expr.ts';
import { emitReward } from './reward.ts';
import { int, str } from './literal.ts';
import { Fn, type Scope } from './scope.ts';
import type { LoweredRule } from '../passes/lowered.ts';
import type { CheckedProgram } from '../ir.ts';
import { foldExpr } from '../passes/fold.ts';
import { Dec } from '../../runtime/decimal.ts';
import { MD_OF } from './fast.ts';

const WEEKDAY_BIT: Readonly<Record<string, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** JS test that a window is open, over DAY (the local day) and MIN (minute of the day). */
export function windowTest(w: WindowIR): string {
  switch (w.kind) {
    case 'dates': {
      const parts: string[] = [];
      if (w.from !== undefined) parts.push(`DAY.dayNum >= ${int(dayNumOf(w.from))}`);
      if (w.to !== undefined) parts.push(`DAY.dayNum <= ${int(dayNumOf(w.to))}`);
      return parts.length ? parts.join(' && ') : 'true';
    }
    case 'days': {
      const mask = w.days.reduce((m, d) => m | (1 << WEEKDAY_BIT[d]!), 0);
      return `((${int(mask)} >> DAY.parts.weekday) & 1) === 1`;
    }
    case 'hours':
      return w.fromMinute <= w.toMinute
        ? `MIN >= ${int(w.fromMinute)} && MIN < ${int(w.toMinute)}`
        : `(MIN >= ${int(w.fromMinute)} || MIN < ${int(w.toMinute)})`;
  }
}

/** The subexpressions the observing flavour records (emit/expr.ts `record`), in no particular order. */
function observedNodes(e: TExpr): TExpr[] {
  const out: TExpr[] = [];
  const visit = (x: TExpr): void => {
    switch (x.kind) {
      case 'field': case 'periodAggregate': case 'aggregate': out.push(x); return;
      case 'member': {
        let o: TExpr = x;
        while (o.kind === 'member') o = o.object;
        if (o.kind !== 'local') out.push(x);
        return;
      }
      case 'call': out.push(x); x.args.forEach(visit); return;
      default: children(x).forEach(visit);
    }
  };
  visit(e);
  return out;
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '?');
}

function frozen<T>(v: T): T {
  return Object.freeze(v);
}

/**
 * Moves explain-only code out of the rule's function into its own (`x…`), so that the
 * function the fast path runs stays small enough for V8 to inline. Returns the call.
 */
export function explained(scope: Scope, code: string, params = '', args = ''): string {
  const name = scope.fnName('x');
  scope.fnDecl({ name, params, body: [code], note: undefined });
  return `${name}(${args})`;
}

/** Emits rule `r`'s function; returns its name. */
/** How a rule hands over its amount (emit/program.ts decides: settle now, or gather). */
export interface RuleHooks {
  /** Code settling rule i's positive amount `v` (with `sku` / `ch` code for products / prizes). */
  settle(i: number, v: string, sku: string, ch: string): string;
  /** Code of the points credited by multiplier i's targets. */
  base(i: number): string;
}

export function emitRule(r: LoweredRule, program: CheckedProgram, scope: Scope, shared: ReadonlySet<string>, hooks: RuleHooks): string {
  const ir: RuleIR = r.ir;
  const i = r.index;
  const name = scope.arrays ? scope.fnName('r') : `r${i}`; // 'r' + index: no other generated name uses the bare 'r' prefix
  const fn = new Fn('t');
  const ctx: ExprCtx = { scope, fn, program, shared, locals: new Map(), observe: undefined, quiet: 0 };
  const body: string[] = [];
  const idLit = str(ir.id);

  const request = scope.constant(`req:${i}`, frozen<RuleResult>({ rule: ir.id, state: 'EXCLUDED', by: frozen({ kind: 'request' }) }));
  body.push(`if (RQ !== null && RQ[${int(i)}] === 1) { if (X) RES[${int(i)}] = ${request}; return; }`);

  ir.exclusions.forEach((x, k) => {
    const result = scope.constant(`rx:${i}:${k}`, frozen<RuleResult>({ rule: ir.id, state: 'EXCLUDED', by: frozen({ kind: 'rule', span: x.span }) }));
    body.push(`if (${emitExpr(r.exclusions[k]!, ctx)} === true) { if (X) RES[${int(i)}] = ${result}; return; }`);
  });

  ir.windows.forEach((w, k) => {
    const span = scope.constant(`span:${w.span.offset}:${w.span.length}`, frozen(w.span));
    const make = `windowValues(${str(w.kind)}, ${span}, DAY.parts.date, DAY.parts.weekday, MIN)`;
    if (w.kind === 'hours') body.push(`if (!(${windowTest(w)})) { if (X) ${explained(scope, `RES[${int(i)}] = { rule: ${idLit}, state: "NOT_APPLICABLE", reason: { kind: "window", span: ${span}, values: ${make} } };`)}; return; }`);
    else {
      // A closed date or weekday window shows the local date or weekday: one result per rule and day.
      const slot = int(scope.keySlot());
      body.push(`if (!(${windowTest(w)})) { if (X) ${explained(scope, `RES[${int(i)}] = DAY.memo[${slot}] ?? (DAY.memo[${slot}] = notApplicable(${idLit}, "window", ${span}, ${make}));`)}; return; }`);
    }
    void k;
  });

  ir.conditions.forEach((c, k) => {
    const span = scope.constant(`span:${c.span.offset}:${c.span.length}`, frozen(c.span));
    // The observing flavour, from the unfolded condition: it records what the interpreter records.
    const obs = scope.declare(`observe:${i}:${k}`, `o${i}_`, (n) => {
      const ofn = new Fn('q');
      const octx: ExprCtx = { scope, fn: ofn, program, shared, locals: new Map(), observe: 'O', quiet: 0 };
      const code = emitExpr(c, octx);
      return `function ${n}() { const O = []; ${ofn.decl()} ${code}; return O; }`;
    }, true);
    const test = emitExpr(r.conditions[k]!, ctx);
    const only = observedNodes(c);
    if (only.length === 1 && only[0]!.kind === 'field' && (only[0]!.type.kind === 'enum' || only[0]!.type.kind === 'boolean')) {
      // It observes one enum or boolean field: one result per value of the field.
      const memo = scope.constant(`na:${i}:${k}`, new Map(), `NOT_APPLICABLE results of ${sanitize(ir.id)} by value`);
      const value = emitExpr(only[0]!, ctx);
      body.push(`if (${test} !== true) { if (X) ${explained(scope, `const mv = ${value}; RES[${int(i)}] = ${memo}.get(mv) ?? memoSet(${memo}, mv, notApplicable(${idLit}, "condition", ${span}, ${obs}()));`)}; return; }`);
    } else {
      body.push(`if (${test} !== true) { if (X) ${explained(scope, `RES[${int(i)}] = { rule: ${idLit}, state: "NOT_APPLICABLE", reason: { kind: "condition", span: ${span}, values: ${obs}() } };`)}; return; }`);
    }
  });

  const zero = scope.constant(`zero:${i}`, frozen<RuleResult>({ rule: ir.id, state: 'NOT_APPLICABLE', reason: frozen({ kind: 'zero', span: ir.reward.span }) }));
  const amountFn = emitAmount(ir, ctx, program.rounding, scope, i);
  body.push(amountFn);

  scope.fnDecl({ name, params: '', body: [fn.decl(), ...body].filter((l) => l !== ''), note: `rule ${ir.id}` });
  return name;

  function emitAmount(rule: RuleIR, c: ExprCtx, rounding: string, sc: Scope, idx: number): string {
    const w = rule.reward;
    const fail = `{ if (X) RES[${int(idx)}] = ${zero}; return; }`;
    // Each amount is computed in a nested function so that `return null` means "gives nothing".
    const inner = sc.fnName('am');
    const afn = new Fn('a');
    const actx: ExprCtx = { ...c, fn: afn };
    const lines: string[] = [];
    let after: string;
    switch (w.kind) {
      case 'multiplier': {
        const lit = literalNum(foldExpr(w.factor));
        const f = lit && lit.isFinite() ? lit.toFraction() : undefined;
        const p = f ? f[0]!.toNumber() : NaN, q = f ? f[1]!.toNumber() : NaN;
        if (Number.isSafeInteger(p) && Number.isSafeInteger(q) && Number.isSafeInteger(p - q)) {
          lines.push(`return ${MD_OF[rounding]}(${int(p - q)}, ${hooks.base(idx)}, ${int(q)});`);
        } else {
          const fc = emitExpr(foldExpr(w.factor), actx);
          const t = afn.temp();
          lines.push(`${t} = ${fc}; if (${t} === null) return null;`, `return roundDiv(mulN(subN(${t}, 1), ${hooks.base(idx)}), 1, ${str(rounding)});`);
        }
        after = hooks.settle(idx, 'v', 'undefined', 'undefined');
        break;
      }
      case 'freeProduct': {
        const t = afn.temp(), q = afn.temp();
        lines.push(`${t} = ${emitExpr(foldExpr(w.sku), actx)}; if (${t} === null) return null;`);
        lines.push(`${q} = ${emitExpr(foldExpr(w.quantity), actx)}; if (${q} === null || !gtN(${q}, 0)) return null;`);
        lines.push(`SKU = ${t}; return ${q};`);
        after = hooks.settle(idx, 'Number(v)', 'SKU', 'undefined');
        break;
      }
      case 'prize': {
        const t = afn.temp(), x = afn.temp();
        const mode = w.unit.kind === 'points' ? str(rounding) : str('half-even');
        lines.push(`${t} = ${emitExpr(foldExpr(w.prize), actx)}; if (${t} === null) return null;`);
        lines.push(`${t} = roundDiv(${t}, 1, ${mode}); if (!gtN(${t}, 0)) return null;`);
        const ch = w.chance.kind === 'oneIn' ? w.chance.n : w.chance.p;
        lines.push(`${x} = ${emitExpr(foldExpr(ch), actx)}; if (${x} === null) return null;`);
        lines.push(`CHANCE = ${x}; return ${t};`);
        after = hooks.settle(idx, 'v', 'undefined', 'CHANCE');
        break;
      }
      default: {
        const parts = emitReward(w, actx, rounding);
        lines.push(...parts.pre, `return ${parts.value};`);
        after = hooks.settle(idx, 'v', 'undefined', 'undefined');
      }
    }
    sc.fnDecl({ name: inner, params: '', body: [[afn.decl(), ...lines].filter((l) => l !== '').join(' ')], note: undefined });
    return `const v = ${inner}(); if (!positive(v)) ${fail} ${after}`;
  }
}

export { Dec };

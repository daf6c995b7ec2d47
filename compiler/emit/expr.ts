// Typed expressions → JS expressions over the compiled representation (emit/num.ts):
// numbers and money are safe integers or Decimals (money in minor units), absent is null
// and propagates as in the interpreter (Kleene and/or; a condition holds only when true).
// Two flavours: plain (fast, uses shared slots) and observing (records the fields,
// aggregates and calls it reads, exactly as runtime/interpret/expr.ts does, for explanations).
import { Dec } from '../../runtime/decimal.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { exprText } from '../../runtime/expr-text.ts';
import type { CheckedProgram, TExpr } from '../ir.ts';
import type { Type } from '../types.ts';
import { exprKey, usesLocal } from '../passes/walk.ts';
import { int, str } from './literal.ts';
import { declText, Fn, type Scope } from './scope.ts';
import { jsonOf, type ObserveMeta } from './observe.ts';

export interface ExprCtx {
  readonly scope: Scope;
  readonly fn: Fn;
  readonly program: CheckedProgram;
  readonly shared: ReadonlySet<string>;
  /** Accrue loop variable → JS name. */
  readonly locals: ReadonlyMap<string, string>;
  /** The observed-values array variable when emitting the observing flavour. */
  readonly observe: string | undefined;
  readonly quiet: number;
  /** A shared key not to turn into a slot call (the slot being defined). */
  readonly defining?: string;
}

const NUMERIC = new Set(['number', 'integer', 'points', 'money']);

/** Whether values of a type are compiled numbers (safe integer or Decimal). */
export function isNumeric(t: Type): boolean {
  return NUMERIC.has(t.kind);
}

/** The scale (10^digits) of money of a currency, 1 for other numbers. */
export function scaleOf(t: Type): number {
  return t.kind === 'money' ? 10 ** minorDigits(t.currency) : 1;
}

/** A Num literal: a safe integer, or a Decimal constant. */
export function numConst(ctx: ExprCtx, d: Dec): string {
  if (d.isInteger()) {
    const n = d.toNumber();
    if (Number.isSafeInteger(n)) return n < 0 ? `(${int(n)})` : int(n === 0 ? 0 : n);
  }
  return ctx.scope.constant(`dec:${d.toFixed()}`, d, d.toFixed());
}

/** The exact value of a numeric literal in compiled units (money in minor units). */
export function literalNum(e: TExpr): Dec | undefined {
  if (e.kind !== 'literal') return undefined;
  if (e.value.kind === 'number') return new Dec(e.value.value);
  if (e.value.kind === 'money') return new Dec(e.value.amount).times(scaleOf(e.type));
  return undefined;
}

/** JS code converting a raw input value (code `raw`) to a value of type `t`. */
export function convert(scope: Scope, t: Type, raw: string): string {
  switch (t.kind) {
    case 'number': return `toNum(${raw})`;
    case 'integer': case 'points': return `toInt(${raw})`;
    case 'money': return `toMoney(${raw}, ${str(t.currency)}, ${int(10 ** minorDigits(t.currency))})`;
    case 'string': return `toStr(${raw})`;
    case 'boolean': return `toBool(${raw})`;
    case 'date': return `toDate(${raw})`;
    case 'timestamp': return `toTs(${raw})`;
    case 'time': return `toTime(${raw})`;
    case 'enum': {
      if (t.members.length > 12) return `toEnum(${raw}, ${scope.constant(`enum:${JSON.stringify(t.members)}`, new Set(t.members), `enum(${t.members.join(', ')})`)})`;
      // A few members: compared in turn (no typeof needed: only a string equals one).
      const f = scope.declare(`enumconv:${JSON.stringify(t.members)}`, 'en', (n) => `function ${n}(x) { return ${t.members.map((m) => `x === ${str(m)}`).join(' || ')} ? x : null; }`);
      return `${f}(${raw})`;
    }
    case 'record': return `toRecord(${raw})`;
    case 'list': {
      const cv = scope.declare(`conv:${JSON.stringify(t.element)}`, 'cv', (n) => `function ${n}(x) { return ${convert(scope, t.element, 'x')}; }`);
      return `toList(${raw}, ${cv})`;
    }
    case 'error': return 'null';
  }
}

/** The cached getter of a transaction or customer field (converted once per evaluation). */
function fieldGetter(ctx: ExprCtx, e: Extract<TExpr, { kind: 'field' }>): string {
  const src = e.scope === 'transaction' ? 'txn' : 'cust';
  return ctx.scope.declare(`field:${e.scope}:${e.name}`, e.scope === 'transaction' ? 'f' : 'fc', (n) =>
    `var ${n}g = 0, ${n}v = null; function ${n}() { if (${n}g !== E) { ${n}g = E; ${n}v = ${convert(ctx.scope, e.type, read(src, e.name))}; } return ${n}v; } // ${e.scope === 'customer' ? 'customer.' : ''}${sanitize(e.name)}`);
}

/**
 * Code looking the raw value of a transaction field up in a dispatch map `map` (into temps
 * `raw`, `hit`): a hit means the input is one of the map's keys, so when every key is a
 * valid value of the field (strings; enums whose members include every key) the field's
 * cached converted value is that input, and the getter's cache is primed with it.
 */
export function dispatchLookup(ctx: ExprCtx, e: Extract<TExpr, { kind: 'field' }>, map: string, keys: readonly string[], raw: string, hit: string): string {
  const t = e.type;
  const exact = t.kind === 'string' || (t.kind === 'enum' && keys.every((k) => t.members.includes(k)));
  if (!exact) return `${hit} = ${map}.get(${fieldGetter(ctx, e)}());`;
  const g = fieldGetter(ctx, e);
  return `${raw} = ${read('txn', e.name)}; ${hit} = ${map}.get(${raw}); if (${hit} !== undefined) { ${g}g = E; ${g}v = ${raw}; }`;
}

/**
 * A dispatch switch on a transaction field: `head` (statements before the switch), the
 * switch's `subject`, and `onHit` (statements at the start of every case). When the raw
 * input can only equal a case label if it is a valid value of the field, the raw input is
 * switched on and a hit fills the field's getter memo (as dispatchLookup does).
 */
export function dispatchSwitch(ctx: ExprCtx, e: Extract<TExpr, { kind: 'field' }>, keys: readonly string[], raw: string): { head: string; subject: string; onHit: string } {
  const t = e.type;
  const exact = t.kind === 'string' || (t.kind === 'enum' && keys.every((k) => t.members.includes(k)));
  const g = fieldGetter(ctx, e);
  if (!exact) return { head: '', subject: `${g}()`, onHit: '' };
  return { head: `${raw} = ${read('txn', e.name)};`, subject: raw, onHit: `${g}g = E; ${g}v = ${raw}; ` };
}

/**
 * Reads an input property. Inputs are plain objects (parsed JSON), so a name that no
 * object inherits (not in Object.prototype) can be read directly; inherited names
 * (`constructor`, `__proto__`, `toString`, …) go through an own-property check.
 */
export function read(obj: string, name: string): string {
  return name in Object.prototype ? `own(${obj}, ${str(name)})` : `${obj}[${str(name)}]`;
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_.]/g, '?');
}

function rootedInLocal(e: TExpr): boolean {
  let x = e;
  while (x.kind === 'member') x = x.object;
  return x.kind === 'local';
}

function record(ctx: ExprCtx, e: TExpr, code: string): string {
  if (ctx.observe === undefined || ctx.quiet > 0) return code;
  const meta: ObserveMeta = { text: exprText(e), span: e.span, json: jsonOf(e.type) };
  const m = ctx.scope.constant(`obs:${e.span.offset}:${e.span.length}:${exprKey(e)}`, meta);
  return `rec(${ctx.observe}, ${m}, ${code})`;
}

const quieter = (ctx: ExprCtx): ExprCtx => ({ ...ctx, quiet: ctx.quiet + 1 });

/** A primitive literal's JS code when the literal is a non-numeric constant, else undefined. */
function primLiteral(e: TExpr): string | undefined {
  if (e.kind !== 'literal') return undefined;
  const v = e.value;
  switch (v.kind) {
    case 'string': case 'date': return str(v.value);
    case 'enum': return str(v.member);
    case 'boolean': return String(v.value);
    case 'time': return int(v.minutes);
    default: return undefined;
  }
}

/** Emits an expression; the result is JS code evaluating to the compiled value (null = absent). */
export function emitExpr(e: TExpr, ctx: ExprCtx): string {
  // Shared subexpressions: computed once per evaluation (plain flavour only; the observing
  // flavour must walk into them to record what they read).
  if (ctx.observe === undefined && e.kind !== 'field' && e.kind !== 'literal' && ctx.shared.size > 0) {
    const key = exprKey(e);
    if (key !== ctx.defining && ctx.shared.has(key) && !usesLocal(e)) return `${sharedSlot(e, ctx)}()`;
  }
  switch (e.kind) {
    case 'literal': {
      const p = primLiteral(e);
      if (p !== undefined) return p;
      return numConst(ctx, literalNum(e)!);
    }
    case 'field': return record(ctx, e, `${fieldGetter(ctx, e)}()`);
    case 'local': return ctx.locals.get(e.name) ?? 'null';
    case 'member': {
      const t = ctx.fn.temp();
      const obj = emitExpr(e.object, quieter(ctx));
      const code = `((${t} = ${obj}) === null ? null : ${convert(ctx.scope, e.type, read(t, e.name))})`;
      return rootedInLocal(e) ? code : record(ctx, e, code);
    }
    case 'list': {
      if (ctx.observe === undefined && e.elements.every((x) => x.kind === 'literal')) {
        const values = e.elements.map((x) => constValue(x));
        return ctx.scope.constant(`list:${exprKey(e)}`, Object.freeze(values));
      }
      return `[${e.elements.map((x) => emitExpr(x, ctx)).join(', ')}]`;
    }
    case 'unary': {
      const t = ctx.fn.temp();
      const o = emitExpr(e.operand, ctx);
      return e.op === 'not' ? `((${t} = ${o}) === null ? null : !${t})` : `((${t} = ${o}) === null ? null : neg(${t}))`;
    }
    case 'binary': return binary(e, ctx);
    case 'in': return inList(e, ctx);
    case 'call': return record(ctx, e, call(e, ctx));
    case 'aggregate': return record(ctx, e, aggregate(e, ctx));
    case 'periodAggregate': {
      const g = ctx.scope.declare(`pagg:${e.metric}:${e.period}`, 'pa', (n) => {
        const slot = ctx.scope.keySlot();
        return `var ${n}g = 0, ${n}v = 0; function ${n}() { if (${n}g !== E) { ${n}g = E; ${n}v = counter(ctr, DAY.keys[${slot}] ?? (DAY.keys[${slot}] = ${str(`agg:${e.metric}:`)} + DAY.periods.${e.period})); } return ${n}v; } // customer ${e.metric} ${e.period}`;
      }, true);
      return record(ctx, e, `${g}()`);
    }
  }
}

/** The runtime value of a literal (for constant lists). */
function constValue(e: TExpr): unknown {
  const p = e.kind === 'literal' ? e.value : undefined;
  if (!p) return null;
  switch (p.kind) {
    case 'string': case 'date': return p.value;
    case 'enum': return p.member;
    case 'boolean': return p.value;
    case 'time': return p.minutes;
    default: {
      const d = literalNum(e)!;
      const n = d.toNumber();
      return d.isInteger() && Number.isSafeInteger(n) ? n : d;
    }
  }
}

function sharedSlot(e: TExpr, ctx: ExprCtx): string {
  return ctx.scope.declare(`shared:${exprKey(e)}`, 's', (n) => {
    const fn = new Fn('u');
    const inner: ExprCtx = { ...ctx, fn, locals: new Map(), observe: undefined, quiet: 0 };
    // Emit the node itself, not its slot (avoid self-reference).
    const code = emitUnshared(e, inner);
    return `var ${n}g = 0, ${n}v = null; function ${n}() { if (${n}g !== E) { ${fn.decl()} ${n}g = E; ${n}v = ${code}; } return ${n}v; } // ${sanitize(exprText(e)).slice(0, 80)}`;
  }, true);
}

function emitUnshared(e: TExpr, ctx: ExprCtx): string {
  return emitExpr(e, { ...ctx, defining: exprKey(e) });
}

function binary(e: Extract<TExpr, { kind: 'binary' }>, ctx: ExprCtx): string {
  if (e.op === 'and' || e.op === 'or') {
    const a = ctx.fn.temp(), b = ctx.fn.temp();
    const l = emitExpr(e.left, ctx), r = emitExpr(e.right, ctx);
    const d = e.op === 'or' ? 'true' : 'false';
    return `((${a} = ${l}) === ${d} ? ${d} : (${b} = ${r}) === ${d} ? ${d} : ${a} === null || ${b} === null ? null : !${d})`;
  }
  const numeric = isNumeric(e.left.type);
  // `x = "lit"`: one null test and a strict comparison.
  if (!numeric && (e.op === '=' || e.op === '!=')) {
    const lp = primLiteral(e.right);
    if (lp !== undefined) {
      const t = ctx.fn.temp();
      return `((${t} = ${emitExpr(e.left, ctx)}) === null ? null : ${t} ${e.op === '=' ? '===' : '!=='} ${lp})`;
    }
  }
  const l = emitExpr(e.left, ctx), r = emitExpr(e.right, ctx);
  const OPS: Record<string, string> = numeric
    ? { '=': 'eqN', '!=': 'neN', '<': 'ltN', '<=': 'leN', '>': 'gtN', '>=': 'geN', '+': 'addN', '-': 'subN', '*': 'mulN', '/': 'divN' }
    : { '=': 'eqP', '!=': 'neP', '<': 'ltP', '<=': 'leP', '>': 'gtP', '>=': 'geP' };
  const f = OPS[e.op];
  if (!f) throw new Error(`operator ${e.op} on ${e.left.type.kind}`);
  return `${f}(${l}, ${r})`;
}

function inList(e: Extract<TExpr, { kind: 'in' }>, ctx: ExprCtx): string {
  const v = emitExpr(e.value, ctx);
  const neg = e.negated ? '!' : '';
  const list = e.list;
  if (list.kind === 'list' && list.elements.every((x) => primLiteral(x) !== undefined)) {
    const t = ctx.fn.temp();
    // A few strings: compared in turn (cheaper than hashing the input for a Set).
    const texts = list.elements.every((x) => x.kind === 'literal' && (x.value.kind === 'string' || x.value.kind === 'enum' || x.value.kind === 'date'));
    if (texts && list.elements.length > 0 && list.elements.length <= 8) {
      return `((${t} = ${v}) === null ? null : ${neg}(${[...new Set(list.elements.map((x) => primLiteral(x)!))].map((l) => `${t} === ${l}`).join(' || ')}))`;
    }
    const set = ctx.scope.constant(`set:${exprKey(list)}`, new Set(list.elements.map(constValue)));
    return `((${t} = ${v}) === null ? null : ${neg}${set}.has(${t}))`;
  }
  const code = `inList(${v}, ${emitExpr(list, ctx)}, ${isNumeric(e.value.type)})`;
  if (!e.negated) return code;
  const t = ctx.fn.temp();
  return `((${t} = ${code}) === null ? null : !${t})`;
}

// Calendar facts of the transaction's own time: already computed for its local day.
const OWN_TIME: Readonly<Record<string, string>> = {
  date: 'DAY.parts.date', weekday: 'DAY.parts.weekday', day: 'DAY.parts.day', month: 'DAY.parts.month', year: 'DAY.parts.year',
  quarter: '(((DAY.parts.month - 1) / 3 | 0) + 1)', time_of_day: 'MIN', hour: '(MIN / 60 | 0)',
};

function call(e: Extract<TExpr, { kind: 'call' }>, ctx: ExprCtx): string {
  const a0 = e.args[0];
  // days_between(d, date(time)): the transaction's local day number is known.
  const a1 = e.args[1];
  if (ctx.observe === undefined && e.fn === 'days_between' && a1 !== undefined && a1.kind === 'call' && a1.fn === 'date' && a1.args.length === 1) {
    const t = a1.args[0]!;
    if (t.kind === 'field' && t.scope === 'transaction' && t.name === 'time' && t.type.kind === 'timestamp') {
      const d = ctx.fn.temp();
      return `((${d} = ${emitExpr(a0!, ctx)}) === null ? null : C.days_to(${d}, DAY.dayNum))`;
    }
  }
  if (ctx.observe === undefined && e.args.length === 1 && a0!.kind === 'field' && a0!.scope === 'transaction' && a0!.name === 'time'
    && a0!.type.kind === 'timestamp' && OWN_TIME[e.fn] !== undefined) return OWN_TIME[e.fn]!;
  // starts_with(upper(s), "HARBOR") with an ASCII prefix: compared as s is read (emit/calls.ts startsWithCased).
  if (ctx.observe === undefined && e.fn === 'starts_with' && a0!.kind === 'call' && (a0!.fn === 'upper' || a0!.fn === 'lower')
    && a1 !== undefined && a1.kind === 'literal' && a1.value.kind === 'string' && /^[\x00-\x7f]*$/.test(a1.value.value)) {
    const s = ctx.fn.temp();
    return `((${s} = ${emitExpr(a0!.args[0]!, ctx)}) === null ? null : C.starts_with_${a0!.fn}(${s}, ${str(a1.value.value)}))`;
  }
  if (e.fn === 'present') return `(${emitExpr(a0!, ctx)} !== null)`;
  if (e.fn === 'coalesce') {
    const t = ctx.fn.temp();
    return `((${t} = ${emitExpr(a0!, ctx)}) !== null ? ${t} : ${emitExpr(a1!, ctx)})`;
  }
  const temps = e.args.map(() => ctx.fn.temp());
  const assigns = e.args.map((a, i) => `${temps[i]} = ${emitExpr(a, ctx)}`);
  const nullTest = temps.map((t) => `${t} === null`).join(' || ');
  let body: string;
  switch (e.fn) {
    case 'weekday': case 'day': case 'month': case 'quarter': case 'year':
      body = `C.${e.fn}(${temps[0]}, ${e.args[0]!.type.kind === 'timestamp'})`;
      break;
    case 'least': body = `minN(${temps[0]}, ${temps[1]})`; break;
    case 'greatest': body = `maxN(${temps[0]}, ${temps[1]})`; break;
    default: body = `C.${e.fn}(${temps.join(', ')})`;
  }
  return `(${assigns.join(', ')}, ${nullTest} ? null : ${body})`;
}

function aggregate(e: Extract<TExpr, { kind: 'aggregate' }>, ctx: ExprCtx): string {
  // Nothing inside an aggregate is recorded: emit it plain, as a function of the enclosing loop variables.
  const outer = [...ctx.locals.entries()];
  const name = ctx.scope.fnName('agg');
  const fn = new Fn('w');
  const item = ctx.scope.name('it');
  const locals = new Map(ctx.locals).set(e.variable, item);
  const inner: ExprCtx = { ...ctx, fn, locals, observe: undefined, quiet: 0 };
  const src = emitExpr(e.source, { ...inner, locals: ctx.locals });
  const filter = e.filter ? emitExpr(e.filter, inner) : undefined;
  const value = e.value ? emitExpr(e.value, inner) : undefined;
  const acc = e.fn === 'sum' ? 'addN0' : e.fn === 'min' ? 'minN' : 'maxN';
  const params = outer.map(([, js]) => js).join(', ');
  const body = [
    fn.decl(),
    `const src = ${src};`,
    `if (src === null) return null;`,
    `let count = 0, acc = null, all = true;`,
    `for (let i = 0; i < src.length; i++) {`,
    `  const ${item} = src[i];`,
    ...(filter ? [`  if (${filter} !== true) { all = false; continue; }`] : []),
    `  count++;`,
    ...(value ? [`  const v = ${value}; if (v === null) continue; acc = acc === null ? v : ${acc}(acc, v);`] : []),
    `}`,
    `return ${{ count: 'count', any: 'count > 0', all: 'all', sum: 'acc === null ? 0 : acc', min: 'acc', max: 'acc' }[e.fn]};`,
  ];
  // Declared where it is made, never gathered into a template: a local function, or a slot of F.
  ctx.scope.lines.push(declText({ name, params, body, note: undefined }));
  return `${name}(${params})`;
}

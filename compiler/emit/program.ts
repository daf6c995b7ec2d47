// The whole program → one JS function body. Its parameters are the helpers (emit/helpers.ts),
// the constant table K, built-ins C, its Clock and a few program-bound functions; it
// returns `evaluate`. Settlement (groups, caps, credit) is written out per rule (emit/grant.ts). Readable on purpose: `accrue compile
// <file> --emit js` prints it.
import type { TExpr } from '../ir.ts';
import type { DispatchPlan, Lowered } from '../passes/lowered.ts';
import { dispatchLookup, dispatchSwitch, emitExpr, type ExprCtx } from './expr.ts';
import { emitRule, explained, windowTest, type RuleHooks } from './rule.ts';
import { emitGrant, groupBlockedCode, programFacts } from './grant.ts';
import { minorDigits } from '../../runtime/currency.ts';
import type { ExpirySpec } from '../ir.ts';
import { HELPERS } from './helpers.ts';
import { comment, int, str } from './literal.ts';
import { Fn, Scope } from './scope.ts';
import { emitTemplates } from './template.ts';

/** Programs of at least this many rules share template functions among same-shaped rules (emit/template.ts). */
export const TEMPLATE_MIN_RULES = { value: 64 };

/**
 * A program whose first emission makes more program-level names than this is
 * emitted again with its constants and per-rule functions in arrays (emit/scope.ts `arrays`):
 * V8 keeps a function's locals in its frame, and ~150,000 of them overflowed the stack
 * (the 2,000-rule benchmark program makes ~30,000 and stays on the plain path).
 */
export const ARRAYS_MIN_NAMES = { value: 40_000 };

/** At most this many rules that do not test a dispatch field are copied into each value's list. */
const MAX_COPIED_RULES = 32;

function sanitizeName(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, '?');
}

/** Parameter names of the generated function, in order (helpers first). */
export const PARAMS: readonly string[] = [...Object.keys(HELPERS), 'K', 'C', 'clock', 'reqMask', 'excludedAll', 'badTime', 'drawWins', 'VERSION'];

export interface Emitted {
  readonly body: string;
  readonly constants: readonly unknown[];
}

function dispatchCode(plan: DispatchPlan | undefined, live: readonly number[], names: readonly string[], scope: Scope, ctx: ExprCtx, lowered: Lowered): string {
  // Fast path only: a rule whose window is closed gives nothing and has no effect, so its
  // window (a few integer comparisons) is tested before calling it, and so are its guards
  // (passes/guards.ts) where the code is inline in `evaluate` (their temporaries live there).
  const calls = (idx: readonly number[], inline: boolean): string => idx.map((i) => {
    const r = lowered.rules[i]!;
    const tests = [
      ...r.ir.windows.map((w) => `(${windowTest(w)})`),
      ...(inline ? r.guards.map((g) => `${emitExpr(g, ctx)} === true`) : []),
    ];
    return tests.length === 0 ? `${names[i]}();` : `if (${tests.join(' && ')}) ${names[i]}();`;
  }).join(' ');
  if (!plan) return calls(live, true);
  // The rules to run for one value: those testing the field for it, and those not testing it.
  const rulesFor = (idx: readonly number[]): number[] => [...new Set([...idx, ...plan.always])].sort((a, b) => a - b);
  const f = lowered.program.schema.transaction.fields.find((x) => x.name === plan.field)!;
  const field: Extract<TExpr, { kind: 'field' }> = { kind: 'field', scope: 'transaction', name: f.name, type: f.type, span: f.span };
  if (plan.cases.size > 32 && scope.gathered) {
    // Large programs (templated): a list of rule functions per value, run in a loop. The rules
    // that do not test the field are copied into every value's list only while they are few:
    // 5,000 of them in 5,000 lists made code V8 aborted on ("invalid size"). Beyond that each
    // value's list holds its own rules, merged with the others in rule order as they run.
    const merge = plan.always.length > MAX_COPIED_RULES;
    const caseOf = new Map<string, number>();
    const runs: number[][] = [];
    for (const [value, idx] of plan.cases) {
      caseOf.set(value, runs.length);
      runs.push(merge ? [...idx].sort((a, b) => a - b) : rulesFor(idx));
    }
    const lists = runs.map((run) => `[${run.map((i) => names[i]).join(', ')}]`);
    const map = scope.constant(`dispatchlist:${plan.field}:${lists.length}:${[...plan.cases.keys()].join('\u0000')}`, caseOf, `dispatch on ${plan.field}`);
    const table = scope.name('cases');
    const raw = ctx.fn.temp(), t = ctx.fn.temp(), l = ctx.fn.temp(), j = ctx.fn.temp();
    const lookup = dispatchLookup(ctx, field, map, [...plan.cases.keys()], raw, t);
    const others = `[${plan.always.map((i) => names[i]).join(', ')}]`;
    if (!merge) {
      scope.late.push(`const ${table} = [${lists.join(', ')}, ${others}]; // rules by ${sanitizeName(plan.field)}, then any other value`);
      return `${lookup} ${l} = ${table}[${t} === undefined ? ${int(lists.length)} : ${t}]; for (${j} = 0; ${j} < ${l}.length; ${j}++) ${l}[${j}]();`;
    }
    // table: rule functions by value (then none, for any other value); tableI: their indices;
    // tableA, tableAI: the rules that do not test the field, and their indices.
    const orders = runs.map((run) => `[${run.map(int).join(', ')}]`);
    scope.late.push(`const ${table} = [${lists.join(', ')}, []], ${table}I = [${orders.join(', ')}, []]; // rules by ${sanitizeName(plan.field)}, and their indices`);
    scope.late.push(`const ${table}A = ${others}, ${table}AI = [${plan.always.map(int).join(', ')}]; // rules that do not test ${sanitizeName(plan.field)}`);
    const li = ctx.fn.temp(), k = ctx.fn.temp();
    return [
      `${lookup} if (${t} === undefined) ${t} = ${int(lists.length)}; ${l} = ${table}[${t}]; ${li} = ${table}I[${t}];`,
      `for (${j} = 0, ${k} = 0; ${j} < ${l}.length || ${k} < ${table}A.length;) { if (${k} < ${table}A.length && (${j} === ${l}.length || ${table}AI[${k}] < ${li}[${j}])) ${table}A[${k}++](); else ${l}[${j}++](); }`,
    ].join(' ');
  }
  if (plan.cases.size > 32) {
    // Many values: each case is its own small function (V8 optimizes small functions; a
    // switch of a thousand cases would keep `evaluate` from being optimized at all).
    const caseOf = new Map<string, number>();
    const fns: string[] = [];
    for (const [value, idx] of plan.cases) {
      const name = scope.name('case');
      scope.lines.push(`function ${name}() { ${calls(rulesFor(idx), false)} } ${comment(`${plan.field} = ${value}`)}`);
      caseOf.set(value, fns.length);
      fns.push(name);
    }
    const none = scope.name('case');
    scope.lines.push(`function ${none}() { ${calls(plan.always, false)} } // any other ${sanitizeName(plan.field)}`);
    const map = scope.constant(`dispatchfn:${plan.field}:${fns.length}:${[...plan.cases.keys()].join('\u0000')}`, caseOf, `dispatch on ${plan.field}`);
    const table = scope.name('cases');
    scope.lines.push(`const ${table} = [${fns.join(', ')}];`);
    const key = emitExpr(field, ctx);
    const t = ctx.fn.temp();
    return `${t} = ${map}.get(${key}); if (${t} === undefined) ${none}(); else ${table}[${t}]();`;
  }
  // A switch on the value itself (string case labels: === on strings is Map.get's
  // SameValueZero), cheaper than a Map lookup for this few values.
  const { head, subject, onHit } = dispatchSwitch(ctx, field, [...plan.cases.keys()], ctx.fn.temp());
  const bodies: string[] = [];
  for (const [value, idx] of plan.cases) {
    bodies.push(`    case ${str(value)}: ${comment(`${plan.field} = ${value}`)}\n      ${onHit}${calls(rulesFor(idx), true)} break;`);
  }
  return [
    head,
    `  switch (${subject}) {`,
    ...bodies,
    `    default:\n      ${calls(plan.always, true)}`,
    `  }`,
  ].join('\n');
}

/** Emits the program's function body. */
export function emitProgram(lowered: Lowered): Emitted {
  const gather = lowered.program.rules.length >= TEMPLATE_MIN_RULES.value;
  const first = emitWith(lowered, new Scope(gather));
  const { body, constants } = first.names > ARRAYS_MIN_NAMES.value ? emitWith(lowered, new Scope(gather, true)) : first;
  return { body, constants };
}

function emitWith(lowered: Lowered, scope: Scope): Emitted & { names: number } {
  const program = lowered.program;
  const fn = new Fn('e');
  const ctx: ExprCtx = { scope, fn, program, shared: lowered.shared, locals: new Map(), observe: undefined, quiet: 0 };
  const facts = programFacts(program);
  const specs: ExpirySpec[] = [];
  const isMult = (i: number): boolean => lowered.rules[i]!.ir.reward.kind === 'multiplier';
  const phaseOf = (i: number): 0 | 1 => (isMult(i) ? 1 : 0);

  // Static tables the settlement code reads.
  const ids = scope.constant('ids', Object.freeze(program.rules.map((r) => r.id)), 'rule ids');
  scope.lines.push(`const IDS = ${ids};`);
  scope.lines.push(`const CAPS = ${scope.constant('caps', Object.freeze(facts.caps), 'caps by slot')};`);
  const expiryTable = scope.constant('expiry', specs, 'expiry specs by slot');
  scope.lines.push(`const EXPIRY = ${expiryTable};`);
  scope.lines.push(`const CURS = ${scope.constant('currencies', Object.freeze([...facts.currencies]), 'money currencies')}, DIGS = ${scope.constant('digits', Object.freeze(facts.currencies.map(minorDigits)), 'their minor digits')};`);
  scope.lines.push(`const GE = [${program.groups.map(() => '0').join(', ')}], GW = [${program.groups.map(() => '-1').join(', ')}]; // per group: decided in evaluation E, winner`);
  if (facts.shared) {
    const zeros = `[${facts.caps.map(() => '0').join(', ')}]`;
    scope.lines.push(`const SU = ${zeros}, SE = ${zeros}; // per cap slot: counted by this evaluation's rules (stacking groups), in evaluation E`);
  }
  for (const i of [...facts.tracked].sort((a, b) => a - b)) scope.lines.push(`var bp${i} = 0, be${i} = 0; // points credited by ${sanitizeName(program.rules[i]!.id)}`);
  if (facts.deferred[0] || facts.deferred[1]) {
    scope.lines.push(`const GRP = ${scope.constant('groupOf', Object.freeze(facts.rules.map((r) => r.group)))}, PRI = ${scope.constant('priority', Object.freeze(program.rules.map((r) => r.priority)))};`);
    scope.lines.push(`const UK = ${scope.constant('unitKey', Object.freeze(facts.rules.map((r) => (r.unit === 'product' ? null : r.unit === 'points' ? 'points' : `money:${r.currency}`))))};`);
    scope.lines.push(`const CI = [], CV = [], CS = [], CC = []; var NC = 0; // candidates of a deferred phase`);
  }

  const grants = facts.rules.map((r) => emitGrant(r, facts, scope, specs));
  const hooks: RuleHooks = {
    settle(i, v, sku, ch) {
      if (facts.deferred[phaseOf(i)]) return `CI[NC] = ${int(i)}; CV[NC] = ${v}; CS[NC] = ${sku}; CC[NC++] = ${ch};`;
      const r = facts.rules[i]!;
      if (r.group < 0) return `${grants[i]}(${v}, ${sku}, ${ch});`;
      const g = int(r.group);
      const blocked = explained(scope, `RES[${int(i)}] = ${groupBlockedCode(r, program, 'v', 'sku', `GW[${g}]`)};`, 'v, sku', `${v}, ${sku}`);
      return `if (GE[${g}] === E) { if (X) ${blocked}; return; } GE[${g}] = E; GW[${g}] = ${int(i)}; ${grants[i]}(${v}, ${sku}, ${ch});`;
    },
    base(i) {
      const w = program.rules[i]!.reward;
      if (w.kind !== 'multiplier') return '0';
      if (w.targets.length === 0) return 'BA';
      const idx = w.targets.map((t) => program.rules.findIndex((r) => r.id === t)).filter((t) => facts.tracked.has(t));
      return idx.length === 0 ? '0' : `(${idx.map((t) => `(be${t} === E ? bp${t} : 0)`).join(' + ')})`;
    },
  };
  const names = lowered.rules.map((r) => emitRule(r, program, scope, lowered.shared, hooks));

  // A deferred phase: winners of undecided groups among its candidates, then grants in rule order.
  const settleCode = (phase: 0 | 1): string => {
    if (!facts.deferred[phase]) return '';
    const name = scope.name('settle');
    const table = `[${facts.rules.map((r) => (phaseOf(r.index) === phase ? grants[r.index] : 'null')).join(', ')}]`;
    const blocked = facts.rules.filter((r) => phaseOf(r.index) === phase && r.group >= 0)
      .map((r) => `case ${int(r.index)}: RES[i] = ${groupBlockedCode(r, program, 'CV[k]', 'CS[k]', 'GW[g]')}; break;`);
    scope.late.push(`const ${name}g = ${table};`);
    scope.lines.push([
      `function ${name}() {`,
      `  for (let k = 0; k < NC; k++) { const g = GRP[CI[k]]; if (g >= 0 && GE[g] !== E) { GE[g] = E; GW[g] = chooseWinner(g, k, NC, CI, CV, GRP, PRI, IDS, UK); } }`,
      `  for (let k = 0; k < NC; k++) {`,
      `    const i = CI[k], g = GRP[i];`,
      `    if (g >= 0 && GW[g] !== i) { if (X) switch (i) { ${blocked.join(' ')} } }`,
      `    else ${name}g[i](CV[k], CS[k], CC[k]);`,
      `  }`,
      `  NC = 0;`,
      `}`,
    ].join('\n'));
    return `${name}();`;
  };

  const all = lowered.rules.map((r) => r.index);
  const live = lowered.rules.filter((r) => r.canOpen && r.canMatch).map((r) => r.index);
  const exclusions = lowered.exclusions.map((x, k) => `${k === 0 ? '' : 'else '}if (${emitExpr(x, ctx)} === true) ex = ${int(k)};`);
  const spendField = program.spendField === undefined ? undefined : program.schema.transaction.fields.find((f) => f.name === program.spendField);
  const spend = spendField && spendField.type.kind === 'money'
    ? emitExpr({ kind: 'field', scope: 'transaction', name: spendField.name, type: spendField.type, span: spendField.span }, ctx)
    : 'null';
  const timeField = program.schema.transaction.fields.find((f) => f.name === 'time');
  const time = timeField && timeField.type.kind === 'timestamp'
    ? emitExpr({ kind: 'field', scope: 'transaction', name: 'time', type: timeField.type, span: timeField.span }, ctx)
    : 'toTs(t.time)';
  const main = dispatchCode(lowered.dispatch.main, live.filter((i) => !isMult(i)), names, scope, ctx, lowered);
  const mult = dispatchCode(lowered.dispatch.multipliers, live.filter(isMult), names, scope, ctx, lowered);
  // The explained path visits every rule: one function per phase keeps `evaluate` small.
  const linear = (idx: number[]): string => {
    const name = scope.name('all');
    scope.lines.push(`function ${name}() { ${idx.map((i) => `${names[i]}();`).join(' ')} }`);
    return `${name}();`;
  };
  const settle0 = settleCode(0), settle1 = settleCode(1);
  const progMoney = int(0); // the program's currency is the first of CURS
  // With one money currency a total is one constant key: an object literal, no loop.
  const oneCurrency = (acc: string): string => (facts.currencies.length === 1
    ? `{ ${str(facts.currencies[0]!)}: ${acc}.text(0, ${int(minorDigits(facts.currencies[0]!))}, ${str(facts.currencies[0]!)}) }`
    : `${acc}.texts(CURS, DIGS)`);

  const finish = [
    `// The Outcome. \`excluded\`: a program-wide exclusion held. \`spend\`: the spend field in minor units.`,
    `function finish(t, excluded, spend) {`,
    `  let rules = RES;`,
    `  if (!X) { rules = excluded ? NO_LIST : APP; if (UNS) sortApplied(APP, APPI, APP.length); }`,
    `  return {`,
    `    programVersion: VERSION,`,
    `    transactionId: t.id,`,
    `    totals: {`,
    `      points: PTS,`,
    `      cashback: CB.n === 0 ? NONE : ${oneCurrency('CB')},`,
    `      discount: DS.n === 0 ? NONE : ${oneCurrency('DS')},`,
    `      prizes: PPTS === 0 && PM.n === 0 ? NO_PRIZES : { points: PPTS, money: PM.n === 0 ? {} : PM.texts(CURS, DIGS) },`,
    `      freeProducts: FP ?? NO_LIST,`,
    `    },`,
    `    rules,`,
    `    lots: excluded ? NO_LIST : LOTS,`,
    `    deltas: excluded ? NO_LIST : DELTAS,`,
    `    periods: DAY.periods,`,
    `    aggregates: excluded ? NO_AGGREGATES : { spend: spend === null ? 0 : toNumber(spend), points: PTS, cashback: toNumber(CB.get(${progMoney})), transactions: 1 },`,
    `  };`,
    `}`,
    `// An applied result on the fast path, noting when one arrives out of rule order.`,
    `function put(res, i) { if (i < LASTI) UNS = true; LASTI = i; APPI[APP.length] = i; APP.push(res); }`,
  ].join('\n');

  const evaluate = [
    `function evaluate(t, c, state, options) {`,
    `  txn = t; cust = c; ctr = state.counters; E++;`,
    `  const ms = ${time};`,
    `  if (ms === null) throw badTime(t);`,
    `  DAY = clock.at(ms); MIN = clock.minute;`,
    `  X = options === undefined || options.explain !== false;`,
    `  RQ = options !== undefined && (options.include !== undefined || options.exclude !== undefined) ? reqMask(options) : null;`,
    `  RES = X ? slots(${int(program.rules.length)}) : null; LASTI = -1; UNS = false;`,
    `  PTS = 0; PPTS = 0; BA = 0; FP = null; CB.reset(); DS.reset(); PM.reset();`,
    `  ${fn.decl()}`,
    `  // Program-wide exclusions, in source order.`,
    `  let ex = -1;`,
    ...exclusions.map((l) => `  ${l}`),
    `  if (ex >= 0) { if (X) excludedAll(RES, RQ, ex); return finish(t, true, null); }`,
    `  // list(): room for four entries before it grows, what most outcomes hold (\`[]\` grows to sixteen).`,
    `  APP = X ? null : list(); LOTS = list(); DELTAS = list();`,
    `  // Rules other than multipliers, in evaluation order (all of them when explaining).`,
    `  if (X) { ${linear(all.filter((i) => !isMult(i)))} } else {`,
    `  ${main}`,
    `  }`,
    ...(settle0 ? [`  ${settle0}`] : []),
    `  // Multipliers, after the points they multiply are credited.`,
    `  if (X) { ${linear(all.filter(isMult))} } else {`,
    `  ${mult}`,
    `  }`,
    ...(settle1 ? [`  ${settle1}`] : []),
    `  return finish(t, false, ${spend});`,
    `}`,
  ].join('\n');

  const body = [
    `"use strict";`,
    comment(`Accrue program ${str(program.name)}: ${program.rules.length} rules, generated code (do not edit).`),
    `// Top-level state is \`var\`, not \`let\`: the functions below read it on every call, and a \`let\``,
    `// of an enclosing scope costs a hole (TDZ) check per read (card fast path ~7% of its CPU).`,
    `var txn = null, cust = null, ctr = null, E = 0, DAY = null, MIN = 0, X = false, RQ = null, SKU = null, CHANCE = null;`,
    `// This evaluation's results: every rule's (explained) or the applied ones (fast path), and what they credit.`,
    `var RES = null, APP = null, LASTI = -1, UNS = false, PTS = 0, PPTS = 0, BA = 0, LOTS = null, DELTAS = null, FP = null;`,
    `const APPI = [], CB = moneyAcc(), DS = moneyAcc(), PM = moneyAcc();`,
    `// Empty parts of the outcome most outcomes share (frozen).`,
    `const NONE = frozenEmpty("record"), NO_PRIZES = frozenEmpty("prizes"), NO_LIST = frozenEmpty("list"), NO_AGGREGATES = frozenEmpty("aggregates");`,
    ...(scope.arrays ? ['// Per-rule functions, by slot (a huge program: not one local each).', 'const F = [];'] : []),
    ...scope.lines,
    ...(scope.gathered ? emitTemplates(scope.gathered) : []),
    ...scope.late,
    finish,
    evaluate,
    `return evaluate;`,
  ].join('\n');
  return { body, constants: scope.constants, names: scope.size };
}

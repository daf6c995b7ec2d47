// Settlement, specialised per rule (docs/semantics.md steps 3.5–3.7, "Caps", "Totals"):
// what happens to a rule's positive amount — its exclusion group, prize draw, caps,
// crediting, lot and result — written out as straight-line code for that rule, since its
// group, its caps (only those whose unit fits), its unit, currency and expiry are all
// known when compiling. A rule with no group and no cap just adds to the totals.
//
// Two facts make the straight-line form exact:
// - a cap belongs to one rule or one group, and at most one rule of an exclusion group is
//   granted per transaction, so such a cap is counted at most once in one evaluation: the
//   room is limit − counter. The caps of a stacking group are the exception: every rule of
//   the group counts them, so what this evaluation has counted so far is kept per cap slot
//   (SU, valid when SE holds this evaluation's E) and taken off the room as well;
// - rules are visited in evaluation order (priority, then id), so in a group whose members
//   (of one phase) have distinct priorities the first candidate is the winner. Such phases
//   grant each rule as soon as its amount is known ("immediate"). A phase with a tie in a
//   group gathers its candidates and settles them at its end ("deferred"), choosing winners
//   as runtime/interpret/rules.ts groupWinner does, then grants in rule order.
import type { CapIR, CheckedProgram, ExpirySpec, RuleIR } from '../ir.ts';
import type { RewardKind } from '../../runtime/outcome.ts';
import { Dec } from '../../runtime/decimal.ts';
import { minorDigits, toMinor } from '../../runtime/currency.ts';
import { norm } from './num.ts';
import { int, str } from './literal.ts';
import type { Scope } from './scope.ts';
import { explained } from './rule.ts';

export interface RuleFacts {
  readonly index: number;
  readonly ir: RuleIR;
  readonly kind: RewardKind;
  readonly unit: 'points' | 'money' | 'product';
  readonly currency: string;
  /** Index into the program's money currency table (money rules), else −1. */
  readonly money: number;
  /** The index of the rule's exclusion group, else −1 (a stacking group excludes nothing). */
  readonly group: number;
  /** The rule's caps then its group's, only those whose unit fits the reward; `shared` for a stacking group's. */
  readonly caps: readonly CapFacts[];
}

export interface CapFacts {
  readonly ir: CapIR;
  readonly slot: number;
  /** Counted by several rules of one evaluation (a stacking group's cap). */
  readonly shared: boolean;
}

export interface ProgramFacts {
  readonly rules: readonly RuleFacts[];
  readonly caps: readonly CapIR[];
  /** Money currencies credited or discounted by some rule (program currency first). */
  readonly currencies: readonly string[];
  /** Points rules whose credited points some multiplier names. */
  readonly tracked: ReadonlySet<number>;
  /** Whether some multiplier multiplies every points rule (then `BA` sums them). */
  readonly baseAll: boolean;
  /** Per phase (0: rules, 1: multipliers): whether an exclusion group has two members of equal priority. */
  readonly deferred: readonly [boolean, boolean];
  /** Whether some rule counts a stacking group's cap (then SU and SE track them per evaluation). */
  readonly shared: boolean;
}

function capFits(c: CapIR, unit: RuleFacts['unit'], currency: string): boolean {
  const u = c.unit;
  return u.kind === 'times' || (u.kind === 'points' ? unit === 'points' : unit === 'money' && currency === u.currency);
}

/** Static facts of every rule. */
export function programFacts(program: CheckedProgram): ProgramFacts {
  const caps: CapIR[] = [];
  const slots = new Map<CapIR, number>();
  const slot = (c: CapIR): number => {
    let s = slots.get(c);
    if (s === undefined) { s = caps.length; caps.push(c); slots.set(c, s); }
    return s;
  };
  const currencies: string[] = [program.currency];
  const groupIndex = new Map(program.groups.map((g, i) => [g.id, i]));
  const ruleIndex = new Map(program.rules.map((r, i) => [r.id, i]));
  const tracked = new Set<number>();
  let baseAll = false;
  const rules = program.rules.map((r, index): RuleFacts => {
    const w = r.reward;
    const unit = w.kind === 'freeProduct' ? 'product'
      : w.kind === 'points' || w.kind === 'multiplier' || (w.kind === 'prize' && w.unit.kind === 'points') ? 'points' : 'money';
    const currency = w.kind === 'cashback' || w.kind === 'tieredCashback' || w.kind === 'discount' ? w.currency
      : w.kind === 'prize' && w.unit.kind === 'money' ? w.unit.currency : program.currency;
    let money = -1;
    if (unit === 'money') {
      money = currencies.indexOf(currency);
      if (money < 0) { money = currencies.length; currencies.push(currency); }
    }
    const g = r.group === undefined ? -1 : (groupIndex.get(r.group) ?? -1);
    const stacking = g >= 0 && program.groups[g]!.stacking;
    const group = stacking ? -1 : g;
    const groupCaps = g >= 0 ? program.groups[g]!.caps : [];
    if (w.kind === 'multiplier') {
      if (w.targets.length === 0) baseAll = true;
      for (const t of w.targets) { const i = ruleIndex.get(t); if (i !== undefined) tracked.add(i); }
    }
    return {
      index, ir: r, kind: w.kind === 'tieredCashback' ? 'cashback' : w.kind, unit, currency, money, group,
      caps: [...r.caps, ...groupCaps].filter((c) => capFits(c, unit, currency)).map((c) => ({ ir: c, slot: slot(c), shared: stacking && c.owner.kind === 'group' })),
    };
  });
  const tie = (mult: boolean): boolean => {
    const seen = new Set<string>();
    for (const r of rules) {
      if ((r.ir.reward.kind === 'multiplier') !== mult || r.group < 0) continue;
      const k = `${r.group}:${r.ir.priority}`;
      if (seen.has(k)) return true;
      seen.add(k);
    }
    return false;
  };
  const shared = rules.some((r) => r.caps.some((c) => c.shared));
  return { rules, caps, currencies, tracked: new Set([...tracked].filter((i) => rules[i]!.kind === 'points')), baseAll, deferred: [tie(false), tie(true)], shared };
}

/** A cap's limit in counter units as JS code (a safe integer, else a Decimal constant). */
function limitCode(c: CapIR, scope: Scope): string {
  const limit = new Dec(c.limit);
  const n = c.unit.kind === 'money' ? toMinor(limit, c.unit.currency) : norm(limit);
  if (typeof n === 'number') return int(n);
  return scope.constant(`limit:${c.id}`, n, `limit of ${c.id}`);
}

/** JS code of a lot's expiry for the transaction's local day (cached per day). */
function expiryCode(spec: ExpirySpec | undefined, scope: Scope, specs: ExpirySpec[]): string {
  if (spec === undefined || spec.kind === 'never') return 'null';
  let k = specs.indexOf(spec);
  if (k < 0) { k = specs.length; specs.push(spec); }
  return `(DAY.exp[${int(k)}] ?? expiryOf(DAY, EXPIRY, ${int(k)}, clock.zone))`;
}

/** JS code of a cap's counter key for the transaction's periods (cached per day). */
function keyCode(c: CapFacts): string {
  return `(DAY.capKeys[${int(c.slot)}] ?? capKeyOf(DAY, CAPS, ${int(c.slot)}))`;
}

/**
 * JS code of the room left under a cap: its limit less the snapshot's counter (not for per
 * transaction caps) and, for a stacking group's cap, less what earlier rules of this
 * evaluation counted. Two steps, so no sum of counters can lose precision.
 */
function roomCode(c: CapFacts, scope: Scope): string {
  const stored = c.ir.scope === 'transaction' || c.ir.period === undefined ? undefined : `ctr[${keyCode(c)}]`;
  const limit = limitCode(c.ir, scope);
  if (!c.shared) return `room(${limit}, ${stored ?? '0'})`;
  const here = `(SE[${int(c.slot)}] === E ? SU[${int(c.slot)}] : 0)`;
  return stored === undefined ? `room(${limit}, ${here})` : `room(room(${limit}, ${stored}), ${here})`;
}

/** JS code of the outcome's amount of `a` for a rule (points, money text `tx`, or product). */
function amountCode(r: RuleFacts, a: string, text: string): string {
  if (r.unit === 'points') return `{ unit: "points", points: ${a} }`;
  if (r.unit === 'money') return `{ unit: "money", money: { amount: ${text}, currency: ${str(r.currency)} } }`;
  return `{ unit: "product", sku: sku, quantity: ${a} }`;
}

/** JS code of the outcome's amount of a Num `v` (for BLOCKED results and cuts). */
function numAmountCode(r: RuleFacts, v: string, sku = 'sku'): string {
  if (r.unit === 'points') return `{ unit: "points", points: toNumber(${v}) }`;
  if (r.unit === 'money') return `{ unit: "money", money: { amount: minorText(${v}, ${int(minorDigits(r.currency))}, ${str(r.currency)}), currency: ${str(r.currency)} } }`;
  return `{ unit: "product", sku: ${sku}, quantity: toNumber(${v}) }`;
}

/**
 * Emits rule `r`'s settlement function `g<i>(v, sku, ch)`: v is its positive rounded amount
 * (points, minor units, or quantity), sku a free product's, ch a prize's chance. Its group
 * has already been decided in its favour. Returns the function's name.
 */
export function emitGrant(r: RuleFacts, facts: ProgramFacts, scope: Scope, specs: ExpirySpec[]): string {
  const i = r.index;
  const id = str(r.ir.id);
  const name = scope.arrays ? scope.fnName('g') : `g${i}`;
  const L: string[] = [];
  const put = (res: string): string => `if (X) RES[${int(i)}] = ${res}; else put(${res}, ${int(i)});`;
  const w = r.ir.reward;
  if (w.kind === 'prize') {
    const oneIn = w.chance.kind === 'oneIn';
    L.push(`// The draw (after group selection; a lost draw counts nothing).`);
    L.push(`if (!drawWins(${id}, txn.id, ch, ${oneIn})) { ${put(`{ rule: ${id}, state: "APPLIED", reward: "prize", amount: { unit: "none" }, won: false }`)} return; }`);
  }
  L.push(`let a = v;`);
  const capped = r.caps.some((c) => c.ir.unit.kind !== 'times');
  if (r.caps.length > 0) {
    L.push(`// Caps: ${r.caps.map((c) => c.ir.id).join(', ').replace(/[\r\n\u2028\u2029]/g, ' ')}`);
    const blocked = (c: { slot: number }): string =>
      `{ if (X) ${explained(scope, `RES[${int(i)}] = { rule: ${id}, state: "BLOCKED", by: { kind: "cap", cap: capRefOf(DAY, CAPS, ${int(c.slot)}) }, wouldHaveGiven: ${numAmountCode(r, 'v')} };`, 'v, sku', 'v, sku')}; return; }`;
    if (capped) L.push(`let least = 0, bind = -1;`);
    r.caps.forEach((c, k) => {
      L.push(`const rm${k} = ${roomCode(c, scope)};`);
      if (c.ir.unit.kind === 'times') L.push(`if (lt(rm${k}, 1)) ${blocked(c)}`);
      else L.push(`if (rm${k} === 0) ${blocked(c)}`, `if (bind < 0 || lt(rm${k}, least)) { least = rm${k}; bind = ${int(c.slot)}; }`);
    });
    if (capped) {
      L.push(`const want = ${r.unit === 'product' ? '1' : 'toNumber(v)'};`);
      L.push(`let granted = want;`, `if (bind >= 0 && lt(least, want)) granted = toNumber(least);`);
    }
    for (const c of r.caps) {
      if (c.ir.scope === 'transaction' || c.ir.period === undefined) continue;
      L.push(`DELTAS.push({ key: ${keyCode(c)}, scope: ${str(c.ir.scope)}, amount: ${c.ir.unit.kind === 'times' ? '1' : 'granted'} });`);
    }
    for (const c of r.caps) {
      if (!c.shared) continue;
      const s = int(c.slot);
      L.push(`if (SE[${s}] !== E) { SE[${s}] = E; SU[${s}] = 0; } SU[${s}] += ${c.ir.unit.kind === 'times' ? '1' : 'granted'};`);
    }
    if (capped) L.push(`const cut = granted !== want && bind >= 0;`, `if (cut) a = granted;`);
  }
  // Credit.
  const exp = expiryCode(r.ir.expiry, scope, specs);
  let amount: string;
  if (r.unit === 'product') {
    L.push(`const q = toNumber(a);`, `(FP ??= []).push({ sku: sku, quantity: q, rule: ${id} });`);
    amount = amountCode(r, 'q', '');
  } else if (r.unit === 'points') {
    L.push(`const p = toNumber(a);`, `PTS += p;`);
    if (r.kind === 'prize') L.push(`PPTS += p;`);
    if (r.kind === 'points' && facts.tracked.has(i)) L.push(`bp${i} = p; be${i} = E;`);
    if (r.kind === 'points' && facts.baseAll) L.push(`BA += p;`);
    L.push(`LOTS.push({ rule: ${id}, unit: "points", amount: p, currency: undefined, expiresAt: ${exp} });`);
    amount = amountCode(r, 'p', '');
  } else {
    const digits = minorDigits(r.currency);
    L.push(`const tx = minorText(a, ${int(digits)}, ${str(r.currency)});`);
    if (r.kind === 'discount') L.push(`DS.add(${int(r.money)}, a, tx);`);
    else {
      L.push(`CB.add(${int(r.money)}, a, tx);`);
      if (r.kind === 'prize') L.push(`PM.add(${int(r.money)}, a, tx);`);
      L.push(`LOTS.push({ rule: ${id}, unit: "money", amount: tx, currency: ${str(r.currency)}, expiresAt: ${exp} });`);
    }
    amount = amountCode(r, 'a', 'tx');
  }
  const won = w.kind === 'prize' ? ', won: true' : '';
  if (capped) {
    L.push(`const res = cut`);
    L.push(`  ? { rule: ${id}, state: "APPLIED", reward: ${str(r.kind)}, amount: ${amount}, cappedBy: { cap: capRefOf(DAY, CAPS, bind), cut: ${numAmountCode(r, 'want - granted')} }${won} }`);
    L.push(`  : { rule: ${id}, state: "APPLIED", reward: ${str(r.kind)}, amount: ${amount}${won} };`);
  } else {
    L.push(`const res = { rule: ${id}, state: "APPLIED", reward: ${str(r.kind)}, amount: ${amount}${won} };`);
  }
  L.push(put('res'));
  const group = r.ir.group === undefined ? '' : `, ${r.group >= 0 ? '' : 'stacking '}group ${r.ir.group}`;
  scope.fnDecl({ name, params: 'v, sku, ch', body: L, note: `settle rule ${r.ir.id}: ${r.kind} (${r.unit === 'money' ? r.currency : r.unit})${group}` });
  return name;
}

/** JS code of a BLOCKED-by-group result of rule `r` with amount `v`, the winner's index in `w`. */
export function groupBlockedCode(r: RuleFacts, program: CheckedProgram, v: string, sku: string, w: string): string {
  return `{ rule: ${str(r.ir.id)}, state: "BLOCKED", by: { kind: "group", group: ${str(program.groups[r.group]!.id)}, rule: IDS[${w}] }, wouldHaveGiven: ${numAmountCode(r, v, sku)} }`;
}

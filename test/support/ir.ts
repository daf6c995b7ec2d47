// Small builders of checked-program IR (compiler/ir.ts) for tests and the random program
// generator: every node gets a distinct span so explanations can be told apart.
import type { CapIR, CheckedProgram, ExpirySpec, GroupIR, RewardIR, RuleIR, TExpr, ValueIR, WindowIR } from '../../compiler/ir.ts';
import type { Span } from '../../grammar/span.ts';
import type { AggregateMetric, BinaryOp, Period, Weekday } from '../../grammar/ast.ts';
import { T, type Type } from '../../compiler/types.ts';

let nextOffset = 0;
/** A fresh span (distinct offsets). */
export function sp(length = 1): Span {
  const offset = nextOffset;
  nextOffset += length + 1;
  return { offset, line: 1, column: offset + 1, length };
}

export const num = (value: string): TExpr => ({ kind: 'literal', type: value.includes('.') ? T.number : T.integer, span: sp(), value: { kind: 'number', value } });
export const money = (amount: string, currency = 'USD'): TExpr => ({ kind: 'literal', type: T.money(currency), span: sp(), value: { kind: 'money', amount, currency } });
export const str = (value: string): TExpr => ({ kind: 'literal', type: T.string, span: sp(), value: { kind: 'string', value } });
export const bool = (value: boolean): TExpr => ({ kind: 'literal', type: T.boolean, span: sp(), value: { kind: 'boolean', value } });
export const date = (value: string): TExpr => ({ kind: 'literal', type: T.date, span: sp(), value: { kind: 'date', value } });
export const enumLit = (member: string, type: Type): TExpr => ({ kind: 'literal', type, span: sp(), value: { kind: 'enum', member } });
export const txnField = (name: string, type: Type): TExpr => ({ kind: 'field', scope: 'transaction', name, type, span: sp(name.length) });
export const custField = (name: string, type: Type): TExpr => ({ kind: 'field', scope: 'customer', name, type, span: sp(name.length + 9) });
export const local = (name: string, type: Type): TExpr => ({ kind: 'local', name, type, span: sp() });
export const member = (object: TExpr, name: string, type: Type): TExpr => ({ kind: 'member', object, name, type, span: sp() });
export const list = (elements: TExpr[], element: Type): TExpr => ({ kind: 'list', elements, type: T.list(element), span: sp() });
export const not = (operand: TExpr): TExpr => ({ kind: 'unary', op: 'not', operand, type: T.boolean, span: sp() });
export const neg = (operand: TExpr): TExpr => ({ kind: 'unary', op: '-', operand, type: operand.type, span: sp() });
export const inList = (value: TExpr, l: TExpr, negated = false): TExpr => ({ kind: 'in', value, list: l, negated, type: T.boolean, span: sp() });
export const call = (fn: Extract<TExpr, { kind: 'call' }>['fn'], args: TExpr[], type: Type): TExpr => ({ kind: 'call', fn, args, type, span: sp() });
export const periodAgg = (metric: AggregateMetric, period: Period, currency = 'USD'): TExpr =>
  ({ kind: 'periodAggregate', metric, period, type: metric === 'spend' || metric === 'cashback' ? T.money(currency) : metric === 'points' ? T.points : T.integer, span: sp() });
export function aggregate(fn: Extract<TExpr, { kind: 'aggregate' }>['fn'], variable: string, source: TExpr, value: TExpr | undefined, filter: TExpr | undefined): TExpr {
  const type = fn === 'count' ? T.integer : fn === 'any' || fn === 'all' ? T.boolean : value!.type;
  return { kind: 'aggregate', fn, variable, source, value, filter, type, span: sp() };
}

/** A binary expression, typed as the checker would (comparisons and logic are boolean). */
export function bin(op: BinaryOp, left: TExpr, right: TExpr): TExpr {
  let type: Type;
  if (['or', 'and', '=', '!=', '<', '<=', '>', '>='].includes(op)) type = T.boolean;
  else if (left.type.kind === 'money' && right.type.kind === 'money') type = op === '/' ? T.number : left.type;
  else if (left.type.kind === 'money') type = left.type;
  else if (right.type.kind === 'money') type = right.type;
  else if (left.type.kind === 'points' || right.type.kind === 'points') type = op === '/' ? T.number : T.points;
  else type = op !== '/' && left.type.kind === 'integer' && right.type.kind === 'integer' ? T.integer : T.number;
  return { kind: 'binary', op, left, right, type, span: sp() };
}

export const pointsReward = (amount: TExpr, per?: { unit: TExpr; base: TExpr }): RewardIR => ({ kind: 'points', amount, per, span: sp() });
export const multiplierReward = (factor: string, targets: string[] = []): RewardIR => ({ kind: 'multiplier', factor: num(factor), targets, span: sp() });
export const cashbackReward = (value: ValueIR, currency = 'USD'): RewardIR => ({ kind: 'cashback', currency, value, span: sp() });
export const percentOf = (percent: string, base: TExpr): ValueIR => ({ kind: 'percentOf', percent: num(percent), base });
export const fixed = (amount: TExpr): ValueIR => ({ kind: 'fixed', amount });
export const tieredReward = (base: TExpr, over: TExpr | undefined, bands: [TExpr, string][], currency = 'USD'): RewardIR =>
  ({ kind: 'tieredCashback', currency, base, over, bands: bands.map(([from, rate]) => ({ from, rate: num(rate), span: sp() })), span: sp() });
export const discountReward = (value: ValueIR, max?: TExpr, target: 'invoice' | 'items' = 'invoice', currency = 'USD'): RewardIR =>
  ({ kind: 'discount', currency, target, value, max, span: sp() });
export const freeProductReward = (sku: string, quantity = '1'): RewardIR => ({ kind: 'freeProduct', sku: str(sku), quantity: num(quantity), span: sp() });
export const prizeReward = (prize: TExpr, chance: { oneIn: string } | { p: string }): RewardIR => ({
  kind: 'prize', prize,
  unit: prize.type.kind === 'money' ? { kind: 'money', currency: prize.type.currency } : { kind: 'points' },
  chance: 'oneIn' in chance ? { kind: 'oneIn', n: num(chance.oneIn) } : { kind: 'probability', p: num(chance.p) },
  span: sp(),
});

export const datesWindow = (from?: string, to?: string): WindowIR => ({ kind: 'dates', from, to, span: sp() });
export const daysWindow = (...days: Weekday[]): WindowIR => ({ kind: 'days', days, span: sp() });
export const hoursWindow = (from: string, to: string): WindowIR => {
  const m = (t: string) => Number(t.split(':')[0]) * 60 + Number(t.split(':')[1]);
  return { kind: 'hours', fromMinute: m(from), toMinute: m(to), span: sp() };
};

/** A cap with the checker's id scheme: `rule:<id>:<scope>[:<period>]:<unit>[:n]`. */
export function cap(owner: { kind: 'rule' | 'group'; id: string }, limit: string, unit: CapIR['unit'], scope: CapIR['scope'], period?: Period, n = 0): CapIR {
  const u = unit.kind === 'money' ? unit.currency : unit.kind;
  return { id: `${owner.kind}:${owner.id}:${scope}${period ? `:${period}` : ''}:${u}${n ? `:${n}` : ''}`, owner, unit, limit, scope, period: scope === 'transaction' ? undefined : period, span: sp() };
}

export interface RuleOpts {
  priority?: number; group?: string; windows?: WindowIR[]; conditions?: TExpr[]; exclusions?: TExpr[];
  caps?: (owner: { kind: 'rule'; id: string }) => CapIR[]; expiry?: ExpirySpec; title?: string;
}

export function rule(id: string, reward: RewardIR, o: RuleOpts = {}): RuleIR {
  const owner = { kind: 'rule' as const, id };
  return {
    id, title: o.title, priority: o.priority ?? 100, group: o.group, windows: o.windows ?? [], conditions: o.conditions ?? [],
    exclusions: o.exclusions ?? [], reward, caps: o.caps ? o.caps(owner) : [], expiry: o.expiry, span: sp(), idSpan: sp(),
  };
}

export function group(id: string, caps: (owner: { kind: 'group'; id: string }) => CapIR[] = () => [], stacking = false): GroupIR {
  return { id, title: undefined, stacking, caps: caps({ kind: 'group', id }), span: sp() };
}

export interface Field { name: string; type: Type; optional?: boolean }

/** A program; rules are sorted into evaluation order (priority, then id). */
export function program(p: {
  rules: RuleIR[]; groups?: GroupIR[]; exclusions?: { id: string; condition: TExpr }[];
  transaction?: Field[]; customer?: Field[]; records?: Record<string, Field[]>;
  currency?: string; currencies?: string[]; timezone?: string; rounding?: CheckedProgram['rounding']; seed?: string;
  spendField?: string | null; defaultExpiry?: ExpirySpec;
}): CheckedProgram {
  const fields = (fs: Field[]) => fs.map((f) => ({ name: f.name, type: f.type, optional: f.optional ?? false, span: sp() }));
  const currency = p.currency ?? 'USD';
  const txn = p.transaction ?? [{ name: 'amount', type: T.money(currency) }];
  return {
    name: 'test', currency, currencies: p.currencies ?? [currency], timezone: p.timezone ?? 'America/New_York',
    rounding: p.rounding ?? 'floor', seed: p.seed ?? 'seed', spendField: p.spendField === null ? undefined : (p.spendField ?? (txn.some((f) => f.name === 'amount') ? 'amount' : undefined)),
    defaultExpiry: p.defaultExpiry, minimumRedemption: undefined,
    schema: {
      transaction: { name: 'transaction', fields: [...fields(txn), { name: 'id', type: T.string, optional: false, span: sp() }, { name: 'time', type: T.timestamp, optional: false, span: sp() }] },
      customer: { name: 'customer', fields: fields(p.customer ?? []) },
      records: Object.fromEntries(Object.entries(p.records ?? {}).map(([n, fs]) => [n, { name: n, fields: fields(fs) }])),
    },
    groups: p.groups ?? [],
    exclusions: (p.exclusions ?? []).map((x) => ({ id: x.id, title: undefined, condition: x.condition, span: sp() })),
    rules: [...p.rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

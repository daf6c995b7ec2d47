// The schema: typed fields of the transaction, the customer and named records. Builds the
// records of the environment and the ProgramSchema of the IR in one pass over the blocks.
import type { Schema, TypeRef } from '../../grammar/ast.ts';
import { START_SPAN, type Span } from '../../grammar/span.ts';
import type { FieldInfo, RecordInfo } from '../environment.ts';
import type { ProgramSchema, RecordSchema } from '../ir.ts';
import { T, type Type } from '../types.ts';
import { useCurrency } from './currency.ts';
import { M } from './messages.ts';
import type { Reporter } from './reporter.ts';
import { closest, didYouMean } from './suggest.ts';

export interface SchemaInfo {
  readonly transaction: RecordInfo;
  readonly customer: RecordInfo;
  readonly records: ReadonlyMap<string, RecordInfo>;
  readonly schema: ProgramSchema;
}

/** Fields every transaction has whether or not the schema declares them. */
export const IMPLICIT_FIELDS: readonly { name: string; type: Type }[] = [
  { name: 'id', type: T.string },
  { name: 'time', type: T.timestamp },
];

interface Ctx {
  readonly r: Reporter;
  readonly currency: string | undefined;
  readonly currencies: readonly string[];
  readonly recordNames: ReadonlySet<string>;
}

/** Checks the schema blocks and resolves every field type. */
export function checkSchema(r: Reporter, schema: Schema | undefined, currency: string | undefined, currencies: readonly string[]): SchemaInfo {
  const blocks = schema?.blocks ?? [];
  const recordNames = new Set<string>();
  const recordSpans = new Map<string, Span>();
  for (const b of blocks) {
    if (b.role !== 'record' || b.name === undefined) continue;
    const first = recordSpans.get(b.name.name);
    if (first !== undefined) r.report('ACC107', M.duplicateRecord(b.name.name), b.name.span, M.firstDeclared(first.line));
    else recordSpans.set(b.name.name, b.name.span);
    recordNames.add(b.name.name);
  }
  const cx: Ctx = { r, currency, currencies, recordNames };

  const maps = new Map<string, Map<string, FieldInfo>>([['transaction', new Map()], ['customer', new Map()]]);
  for (const b of blocks) {
    const blockName = b.role === 'record' ? b.name?.name : b.role;
    if (blockName === undefined) continue;
    let fields = maps.get(blockName);
    if (fields === undefined) maps.set(blockName, (fields = new Map()));
    for (const f of b.fields ?? []) {
      if (f?.name === undefined) continue;
      const name = f.name.name;
      if (b.role === 'transaction' && IMPLICIT_FIELDS.some((i) => i.name === name)) {
        r.report('ACC112', M.reservedField(name), f.name.span);
        continue;
      }
      const first = fields.get(name);
      if (first !== undefined) {
        r.report('ACC107', M.duplicateField(name, b.role === 'record' ? `record ${blockName}` : blockName), f.name.span, M.firstDeclared(first.span.line));
        continue;
      }
      const type = f.type === undefined ? T.error : resolveType(cx, f.type, `${blockName}.${name}`);
      fields.set(name, { name, type, optional: f.optional, span: f.name.span });
    }
  }
  reportCycles(r, maps, recordNames);
  const tx = maps.get('transaction')!;
  for (const i of IMPLICIT_FIELDS) tx.set(i.name, { name: i.name, type: i.type, optional: false, span: START_SPAN });

  const info = (name: string): RecordInfo => ({ name, fields: maps.get(name) ?? new Map() });
  const records = new Map<string, RecordInfo>();
  for (const n of recordNames) records.set(n, info(n));
  const toSchema = (ri: RecordInfo): RecordSchema => ({ name: ri.name, fields: [...ri.fields.values()].map((f) => ({ ...f })) });
  const transaction = info('transaction');
  const customer = info('customer');
  return {
    transaction,
    customer,
    records,
    schema: {
      transaction: toSchema(transaction),
      customer: toSchema(customer),
      records: Object.fromEntries([...records].map(([n, ri]) => [n, toSchema(ri)])),
    },
  };
}

/** The record a field holds, directly or as the element of a list (of a list …). */
function heldRecord(type: Type): string | undefined {
  let t = type;
  while (t.kind === 'list') t = t.element;
  return t.kind === 'record' ? t.name : undefined;
}

/**
 * A record that holds itself (`addons: list of item` inside `item`, or `a` → `b` → `a`) has no
 * finite shape to validate or explain: one error per cycle, at the field that closes it, whose
 * type is then taken as an error so nothing downstream walks the cycle.
 */
function reportCycles(r: Reporter, maps: Map<string, Map<string, FieldInfo>>, recordNames: ReadonlySet<string>): void {
  const done = new Set<string>();
  const walk = (name: string, path: string[], onPath: Set<string>): void => {
    if (done.has(name)) return;
    onPath.add(name);
    for (const field of maps.get(name)?.values() ?? []) {
      const inner = heldRecord(field.type);
      if (inner === undefined) continue;
      const route = [...path, `${name}.${field.name}`];
      if (onPath.has(inner)) {
        const from = route.findIndex((step) => step.startsWith(`${inner}.`));
        r.report('ACC114', M.recursiveRecord(inner, route.slice(from)), field.span, M.recursiveRecordHint());
        (maps.get(name)!).set(field.name, { ...field, type: T.error });
        continue;
      }
      walk(inner, route, onPath);
    }
    onPath.delete(name);
    done.add(name);
  };
  for (const name of recordNames) walk(name, [], new Set());
}

/** A declared type to a checker type; `path` names enums (`transaction.category`). */
function resolveType(cx: Ctx, t: TypeRef, path: string): Type {
  switch (t.kind) {
    case 'PrimitiveType': return T[t.name];
    case 'MoneyType': {
      if (t.currency === undefined) return cx.currency === undefined ? T.error : T.money(cx.currency);
      const c = useCurrency(cx.r, cx.currencies, t.currency);
      return c === undefined ? T.error : T.money(c);
    }
    case 'EnumType': {
      const members: string[] = [];
      for (const m of t.members ?? []) {
        if (members.includes(m.name)) cx.r.report('ACC113', M.duplicateEnumMember(m.name), m.span);
        else members.push(m.name);
      }
      return { kind: 'enum', name: path, members };
    }
    case 'ListType': return t.element === undefined ? T.error : T.list(resolveType(cx, t.element, path));
    case 'NamedType': {
      const n = t.name?.name;
      if (n === undefined) return T.error;
      if (cx.recordNames.has(n)) return { kind: 'record', name: n };
      // `mony`, `decimal`: a misspelt or foreign built-in type is likelier than a missing record.
      const near = closest(n, [...cx.recordNames, ...BUILTIN_TYPES]) ?? TYPE_ALIASES[n.toLowerCase()];
      cx.r.report('ACC103', M.unknownRecord(n), t.name.span, near !== undefined ? didYouMean(near) : M.typesHint());
      return T.error;
    }
  }
}

const BUILTIN_TYPES = ['number', 'integer', 'money', 'string', 'boolean', 'date', 'timestamp'];
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  decimal: 'number', float: 'number', double: 'number', numeric: 'number', int: 'integer', long: 'integer',
  currency: 'money', amount: 'money', text: 'string', str: 'string', bool: 'boolean', datetime: 'timestamp', instant: 'timestamp',
};

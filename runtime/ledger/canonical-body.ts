// What a posting's body hash is taken over: the transaction as its program's schema reads it.
// The same transaction written another way — money as 300.55 or "300.550", an instant with
// another offset, an optional field null or left out — is the same body, so a retry replays
// the first posting instead of being refused as a conflict.
import { Decimal } from 'decimal.js';
import type { ProgramSchema, RecordSchema } from '../../compiler/ir.ts';
import type { Type } from '../../compiler/types.ts';
import { toEpochMs } from '../local-time.ts';
import type { TransactionInput } from '../outcome.ts';

type Records = ProgramSchema['records'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function canonicalValue(type: Type, v: unknown, records: Records): unknown {
  switch (type.kind) {
    case 'number': case 'money':
      if (typeof v !== 'number' && typeof v !== 'string') return v;
      try {
        return new Decimal(v).toString();
      } catch {
        return v; // not a number: the hash keeps it as sent (validation refuses it anyway)
      }
    case 'timestamp': {
      const ms = toEpochMs(v);
      return Number.isNaN(ms) ? v : ms;
    }
    case 'list': return Array.isArray(v) ? v.map((x) => canonicalValue(type.element, x, records)) : v;
    case 'record': {
      const schema = records[type.name];
      return schema && isRecord(v) ? canonicalRecord(schema, v, records) : v;
    }
    default: return v;
  }
}

// Field types by name, per record schema (schemas live as long as their program version).
const fieldTypes = new WeakMap<RecordSchema, ReadonlyMap<string, Type>>();

function typesOf(schema: RecordSchema): ReadonlyMap<string, Type> {
  let types = fieldTypes.get(schema);
  if (types === undefined) {
    types = new Map(schema.fields.map((f) => [f.name, f.type]));
    fieldTypes.set(schema, types);
  }
  return types;
}

function canonicalRecord(schema: RecordSchema, v: Record<string, unknown>, records: Records): Record<string, unknown> {
  const types = typesOf(schema);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) {
    const value = v[key];
    if (value === null || value === undefined) continue; // null reads as missing
    const type = types.get(key);
    out[key] = type === undefined ? value : canonicalValue(type, value, records);
  }
  return out;
}

/** The transaction with each value in one written form per meaning, per the program's schema. */
export function canonicalTransaction(schema: ProgramSchema, txn: TransactionInput): Record<string, unknown> {
  return canonicalRecord(schema.transaction, txn, schema.records);
}

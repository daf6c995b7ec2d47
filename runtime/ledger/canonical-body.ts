// What a posting's body hash is taken over: the transaction as its program's schema reads it.
// The same transaction written another way — money as 300.55 or "300.550", an instant with
// another offset, an optional field null or left out — is the same body, so a retry replays
// the first posting instead of being refused as a conflict.
import { Decimal } from 'decimal.js';
import type { ProgramSchema, RecordSchema } from '../../compiler/ir.ts';
import type { Type } from '../../compiler/types.ts';
import { toEpochMs } from '../local-time.ts';
import type { TransactionInput } from '../outcome.ts';
import { canonicalJson } from './hash.ts';

type Records = ProgramSchema['records'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The canonical JSON of one value of a field of `type`: a number as its decimal text, an
 * instant as epoch milliseconds, records by their schema; a value of the wrong shape as sent
 * (validation refuses it anyway).
 */
function valueText(type: Type, v: unknown, records: Records): string {
  switch (type.kind) {
    case 'number': case 'money':
      // decimal.js reads a number from its JavaScript text and writes a finite one back the same
      // (same digits, exponent past the same bounds): no Decimal needed.
      if (typeof v === 'number' && Number.isFinite(v)) return `"${String(v)}"`;
      if (typeof v !== 'number' && typeof v !== 'string') return canonicalJson(v);
      try {
        return `"${new Decimal(v).toString()}"`;
      } catch {
        return canonicalJson(v); // not a number: the hash keeps it as sent
      }
    case 'timestamp': {
      const ms = toEpochMs(v);
      return Number.isNaN(ms) ? canonicalJson(v) : JSON.stringify(ms);
    }
    case 'list': {
      if (!Array.isArray(v)) return canonicalJson(v);
      let out = '[';
      // (A hole stays empty, as canonicalJson writes it.)
      for (let i = 0; i < v.length; i++) out += (i > 0 ? ',' : '') + (i in v ? valueText(type.element, v[i], records) : '');
      return out + ']';
    }
    case 'record': {
      const schema = records[type.name];
      return schema && isRecord(v) ? recordText(schema, v, records) : canonicalJson(v);
    }
    default: return canonicalJson(v);
  }
}

/** A declared field: its type, and its name as the canonical text writes it before the value. */
interface FieldText { readonly type: Type; readonly head: string }

// Declared fields by name, per record schema (schemas live as long as their program version).
const fieldTexts = new WeakMap<RecordSchema, ReadonlyMap<string, FieldText>>();

function fieldsOf(schema: RecordSchema): ReadonlyMap<string, FieldText> {
  let fields = fieldTexts.get(schema);
  if (fields === undefined) {
    fields = new Map(schema.fields.map((f) => [f.name, { type: f.type, head: JSON.stringify(f.name) + ':' }]));
    fieldTexts.set(schema, fields);
  }
  return fields;
}

function recordText(schema: RecordSchema, v: Record<string, unknown>, records: Records): string {
  const fields = fieldsOf(schema);
  const keys = Object.keys(v).sort();
  let out = '{';
  for (const key of keys) {
    const value = v[key];
    // null reads as missing; `__proto__` never was a key of the object the hash was first taken over.
    if (value === null || value === undefined || key === '__proto__') continue;
    if (out.length > 1) out += ',';
    const f = fields.get(key);
    out += f === undefined ? JSON.stringify(key) + ':' + canonicalJson(value) : f.head + valueText(f.type, value, records);
  }
  return out + '}';
}

/**
 * The text a posting's body hash is taken over, in one pass: the canonical JSON (keys sorted)
 * of `{customerId, txn}`, with each of the transaction's values in one written form per
 * meaning, per the program's schema.
 */
export function postBodyText(schema: ProgramSchema, customerId: string, txn: TransactionInput): string {
  // (A customer id left out, as canonicalJson leaves out an undefined value: callers that skip validation.)
  const id = customerId === undefined ? '' : `"customerId":${JSON.stringify(customerId)},`;
  return `{${id}"txn":${recordText(schema.transaction, txn, schema.records)}}`;
}

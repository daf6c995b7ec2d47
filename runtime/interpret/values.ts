// Input JSON → interpreter values, by declared type. Anything missing, null or not of
// the declared type reads as absent (null): evaluation never throws on bad data.
import type { ProgramSchema } from '../../compiler/ir.ts';
import type { Type } from '../../compiler/types.ts';
import type { JsonValue } from '../outcome.ts';
import { Dec } from '../decimal.ts';
import { parseMoney } from '../currency.ts';
import { isCalendarDate, toEpochMs } from '../local-time.ts';
import type { RecordValue, Value } from '../observed.ts';

const NUMBER = /^-?\d+(?:\.\d+)?$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

function isRecordObject(v: JsonValue | undefined): v is { readonly [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts an input value to an interpreter value of the declared type (null when absent or invalid). */
export function fromInput(v: JsonValue | undefined, type: Type): Value {
  if (v === undefined || v === null) return null;
  switch (type.kind) {
    case 'number': case 'integer': case 'points': {
      const d = typeof v === 'number' ? (Number.isFinite(v) ? new Dec(v) : null)
        : typeof v === 'string' && NUMBER.test(v.trim()) ? new Dec(v.trim()) : null;
      // An integer field given a fraction (2.5) is not of its type: absent, like any other.
      return d !== null && type.kind !== 'number' && !d.isInteger() ? null : d;
    }
    case 'money': return parseMoney(v, type.currency) ?? null;
    case 'string': return typeof v === 'string' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date': return typeof v === 'string' && isCalendarDate(v) ? v : null; // 2026-02-30 is absent
    case 'timestamp': {
      const ms = toEpochMs(v);
      return Number.isNaN(ms) ? null : ms;
    }
    case 'time': {
      const m = typeof v === 'string' ? TIME.exec(v) : null;
      return m ? Number(m[1]) * 60 + Number(m[2]) : null;
    }
    case 'enum': return typeof v === 'string' && type.members.includes(v) ? v : null;
    case 'list': return Array.isArray(v) ? (v as readonly JsonValue[]).map((x) => fromInput(x, type.element)) : null;
    case 'record': return isRecordObject(v) ? ({ record: type.name, raw: v } satisfies RecordValue) : null;
    case 'error': return null;
  }
}

/** A field of a record value, converted by the record's schema (null when absent). */
export function recordField(schema: ProgramSchema, rec: RecordValue, name: string): Value {
  const field = schema.records[rec.record]?.fields.find((f) => f.name === name);
  if (!field) return null;
  return fromInput(Object.hasOwn(rec.raw, name) ? rec.raw[name] : undefined, field.type);
}

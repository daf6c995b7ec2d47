// The text a posting's body hash is taken over must stay byte for byte what it was: stored
// transactions keep the hash of their first body, and a retry that hashed differently would
// be refused as a conflict instead of replayed.
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProgramSchema, RecordSchema } from '../../../compiler/ir.ts';
import type { Type } from '../../../compiler/types.ts';
import { postBodyText } from '../../../runtime/ledger/canonical-body.ts';
import { canonicalJson } from '../../../runtime/ledger/hash.ts';
import { toEpochMs } from '../../../runtime/local-time.ts';
import type { TransactionInput } from '../../../runtime/outcome.ts';

// The definition the stored hashes were taken with (before the one-pass writer): each value
// made canonical in a copy of the transaction, then the copy written as canonical JSON.
function referenceText(schema: ProgramSchema, customerId: string, txn: TransactionInput): string {
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const value = (type: Type, v: unknown): unknown => {
    switch (type.kind) {
      case 'number': case 'money':
        if (typeof v !== 'number' && typeof v !== 'string') return v;
        try {
          return new Decimal(v).toString();
        } catch {
          return v;
        }
      case 'timestamp': {
        const ms = toEpochMs(v);
        return Number.isNaN(ms) ? v : ms;
      }
      case 'list': return Array.isArray(v) ? v.map((x) => value(type.element, x)) : v;
      case 'record': {
        const s = schema.records[type.name];
        return s && isRecord(v) ? record(s, v) : v;
      }
      default: return v;
    }
  };
  const record = (s: RecordSchema, v: Record<string, unknown>): Record<string, unknown> => {
    const types = new Map(s.fields.map((f) => [f.name, f.type]));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) {
      const x = v[key];
      if (x === null || x === undefined) continue;
      const type = types.get(key);
      out[key] = type === undefined ? x : value(type, x);
    }
    return out;
  };
  return canonicalJson({ customerId, txn: record(schema.transaction, txn) });
}

const span = { offset: 0, line: 1, column: 1, length: 1 };
const field = (name: string, type: Type) => ({ name, type, optional: true, span });
const money: Type = { kind: 'money', currency: 'USD' };
const schema: ProgramSchema = {
  transaction: {
    name: 'transaction',
    fields: [
      field('id', { kind: 'string' }), field('time', { kind: 'timestamp' }), field('amount', money),
      field('rate', { kind: 'number' }), field('count', { kind: 'integer' }), field('tags', { kind: 'list', element: { kind: 'string' } }),
      field('prices', { kind: 'list', element: money }), field('at', { kind: 'list', element: { kind: 'timestamp' } }),
      field('item', { kind: 'record', name: 'item' }), field('items', { kind: 'list', element: { kind: 'record', name: 'item' } }),
      field('ghost', { kind: 'record', name: 'undeclared' }), field('category', { kind: 'enum', name: 'category', members: ['a', 'b'] }),
    ],
  },
  customer: { name: 'customer', fields: [] },
  records: { item: { name: 'item', fields: [field('sku', { kind: 'string' }), field('price', money), field('when', { kind: 'timestamp' })] } },
};

const numberish = fc.oneof(
  fc.double(), fc.integer(), fc.constantFrom(0, -0, 1e21, 1e-7, 0.000001, 123.45, -9.5, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.constantFrom('300.55', '300.550', '-0', '1e5', '0.10', ' 7', 'abc', '', 'Infinity', 'NaN', '1e-99999999999'),
  fc.stringMatching(/^-?\d{1,20}(\.\d{0,12})?$/),
);
const instant = fc.oneof(
  fc.date({ min: new Date('1970-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-06-15T18:26:29Z', '2026-06-15T20:26:29.5+02:00', '2026-02-30T00:00:00Z', '2026-06-15', 'soon'),
  fc.integer({ min: -1e13, max: 1e13 }), fc.double(),
);
const loose = fc.anything({ maxDepth: 2 });
const item = fc.dictionary(fc.constantFrom('sku', 'price', 'when', 'other'), fc.oneof(numberish, instant, loose));
const txn = fc.record({
  id: fc.oneof(fc.string(), loose), time: fc.oneof(instant, loose), amount: fc.oneof(numberish, loose), rate: numberish,
  count: numberish, tags: fc.oneof(fc.array(fc.string()), loose), prices: fc.oneof(fc.array(fc.oneof(numberish, loose)), loose),
  at: fc.array(fc.oneof(instant, fc.constant(undefined))), item: fc.oneof(item, loose), items: fc.array(fc.oneof(item, loose)),
  ghost: loose, category: fc.oneof(fc.constantFrom('a', 'b', null), loose), extra: loose, 'é': loose, '10': loose, 'Zed': loose,
}, { requiredKeys: [] });

describe('postBodyText', () => {
  it('writes the text the stored body hashes were taken over, for any transaction', () => {
    fc.assert(fc.property(txn, fc.string(), (t, customerId) => {
      expect(postBodyText(schema, customerId, t as TransactionInput)).toBe(referenceText(schema, customerId, t as TransactionInput));
    }), { numRuns: 3000 });
  });

  it('writes holes, a __proto__ key and undefined list elements as before', () => {
    const sparse: unknown[] = ['1.50'];
    sparse[3] = 2;
    const proto = JSON.parse('{"__proto__": {"x": 1}, "amount": 5, "item": {"__proto__": 7, "price": "1.0"}}') as TransactionInput;
    for (const t of [{ prices: sparse }, { at: [undefined, '2026-01-01T00:00:00Z'] }, proto] as TransactionInput[]) {
      expect(postBodyText(schema, 'c-1', t)).toBe(referenceText(schema, 'c-1', t));
    }
  });

  it('writes one text for the same transaction sent in other forms', () => {
    const a = postBodyText(schema, 'c-1', { id: 't1', amount: 300.55, time: '2026-06-15T18:26:29Z', category: null } as TransactionInput);
    const b = postBodyText(schema, 'c-1', { time: '2026-06-15T20:26:29.000+02:00', amount: '300.550', id: 't1' } as TransactionInput);
    expect(a).toBe(b);
  });
});

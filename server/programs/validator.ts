// Zod validators derived from a live program's schema: the API accepts exactly the fields the
// program declares, with their types, so an unknown field, a wrong type or a bad enum value is a
// 400 that names the field. Built once per program version, when it goes live.
import { z } from 'zod';
import type { ProgramSchema, RecordSchema } from '../../compiler/ir.ts';
import type { Type } from '../../compiler/types.ts';
import { minorDigits } from '../../runtime/currency.ts';
import { isCalendarDate, toEpochMs } from '../../runtime/local-time.ts';
import { IDENTIFIER, IDENTIFIER_MESSAGE, MAX_EPOCH_MS, isIdentifier, isStorableText } from '../schemas/common.ts';

const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
/** ISO-8601 instant with a zone: `2026-11-20T18:30:00Z`, `2026-11-20T13:30-05:00`. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function decimals(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Digits before the point: leading zeros and the sign do not count. */
function integerDigits(text: string): number {
  const dot = text.indexOf('.');
  const whole = (dot < 0 ? text : text.slice(0, dot)).replace(/^-?0*/, '');
  return whole.length;
}

/** A union's own message when no branch takes the value (zod's is a bare "Invalid input"). */
const unionError = (message: string) => ({
  error: (issue: { code: string; input?: unknown }) => (issue.code === 'invalid_union' ? (issue.input === undefined ? 'is required' : message) : undefined),
});
const numberLike = z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().regex(DECIMAL, 'must be a decimal number')], unionError('must be a number (or a decimal string such as "12.50")'));

/**
 * A money amount is exact in minor units within 15 digits (safe integer arithmetic in the
 * evaluator and the ledger's aggregates): at most the currency's decimals, and at most
 * 15 - decimals digits before the point. A JSON number in exponent form (`1e-7`, `1e21`) is
 * judged by its value: its decimals or its size are out of range either way.
 */
function moneyDigits(currency: string): { decimals: number; whole: number } {
  const digits = minorDigits(currency);
  return { decimals: digits, whole: 15 - digits };
}
const moneyText = (v: number | string): string => (typeof v === 'number' ? String(v) : v);
const fitsDecimals = (v: number | string, digits: number): boolean => {
  const text = moneyText(v);
  return /e-/i.test(text) ? false : /e/i.test(text) || decimals(text) <= digits;
};
const fitsWhole = (v: number | string, whole: number): boolean => {
  const text = moneyText(v);
  return /e-/i.test(text) || (!/e/i.test(text) && integerDigits(text) <= whole);
};

function money(currency: string): z.ZodType {
  const { decimals: digits, whole } = moneyDigits(currency);
  return z.union([z.number().refine(Number.isFinite, 'must be a finite number'), z.string().regex(DECIMAL, `must be an amount in ${currency}, a number or a decimal string such as "12.50"`)], unionError(`must be an amount in ${currency}, a number or a decimal string such as "12.50"`))
    .refine((v) => fitsDecimals(v, digits), `must be an amount in ${currency} with at most ${digits} decimals`)
    .refine((v) => fitsWhole(v, whole), `must be an amount in ${currency} below 10^${whole}`);
}

/** An instant the evaluator can place in a calendar: a real date and time, year 9999 at the latest. */
const isInstant = (v: unknown): boolean => {
  const ms = toEpochMs(v);
  return !Number.isNaN(ms) && ms <= MAX_EPOCH_MS;
};

const storableText = z.string().refine(isStorableText, 'must be text without NUL characters or unpaired surrogates');
const transactionId = z.string().min(1, { message: 'is required', abort: true }).max(128).regex(IDENTIFIER, IDENTIFIER_MESSAGE);

const TIMESTAMP = 'must be an ISO-8601 timestamp with an offset or Z, e.g. 2026-03-01T12:00:00Z, or epoch milliseconds';

/** Why a text is not a timestamp the API takes, in one message (undefined: it is one). */
function timestampProblem(v: string): string | undefined {
  if (INSTANT.test(v)) return isInstant(v) ? undefined : 'must be a real instant (a date that exists, hours below 24, year 9999 at the latest)';
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/i.test(v.trim())) return 'needs an offset or Z, e.g. 2026-03-01T12:00:00Z';
  if (DATE.test(v)) return 'is a date without a time of day: a timestamp needs both and an offset or Z, e.g. 2026-03-01T12:00:00Z';
  return TIMESTAMP;
}

function forType(type: Type, records: ProgramSchema['records']): z.ZodType {
  switch (type.kind) {
    case 'number': return numberLike;
    case 'integer': case 'points': return z.number({ error: (i) => (i.input === undefined ? 'is required' : 'must be a whole number') }).int({ error: 'must be a whole number (no decimals)' });
    case 'money': return money(type.currency);
    case 'string': return storableText;
    case 'boolean': return z.boolean({ error: (i) => (i.input === undefined ? 'is required' : 'must be true or false') });
    case 'date': return z.string().regex(DATE, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'must be a real calendar date');
    case 'timestamp': return z.union([
      z.string().superRefine((v, ctx) => {
        const problem = timestampProblem(v);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
      z.number({ error: TIMESTAMP }).int({ error: 'must be epoch milliseconds, a whole number' }).nonnegative({ error: 'must be epoch milliseconds, 0 or more' }).max(MAX_EPOCH_MS, 'must be epoch milliseconds up to 9999-12-31T23:59:59.999Z'),
    ], unionError(TIMESTAMP));
    case 'time': return z.string().regex(TIME, 'must be a time of day HH:MM');
    case 'enum': return z.enum(type.members as [string, ...string[]], { error: (i) => (i.input === undefined ? 'is required' : undefined) });
    case 'list': return z.array(forType(type.element, records));
    case 'record': {
      const record = records[type.name];
      return record ? recordValidator(record, records) : z.record(z.string(), z.unknown());
    }
    case 'error': return z.unknown();
  }
}

/** The transaction's `id` is also the key of its ledger row and of `/v1/transactions/{id}`: an identifier. */
const isTransactionId = (top: boolean, name: string, type: Type): boolean => top && name === 'id' && type.kind === 'string';

/** `transaction`: this is the program's transaction record itself (not a record nested in it). */
function recordValidator(record: RecordSchema, records: ProgramSchema['records'], transaction = false): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const field of record.fields) {
    const base = isTransactionId(transaction, field.name, field.type) ? transactionId : forType(field.type, records);
    // An optional field may be missing or null (docs/api.md): null reads as missing.
    shape[field.name] = field.optional ? base.nullish().transform((v) => v ?? undefined) : base;
  }
  return z.strictObject(shape);
}

// The same rules as plain functions, for the hot path: each returns the value the zod validator
// would return for a valid input, or FAIL — then the zod validator runs and writes the 400 (so
// the messages cannot drift). A check may be stricter than its zod type, never looser.
const FAIL = Symbol('invalid');
type Check = (value: unknown) => unknown;

const hasOwn = Object.prototype.hasOwnProperty;
const isNumberLike = (v: unknown): boolean => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && DECIMAL.test(v));

const same = (ok: (v: unknown) => boolean): Check => (v) => (ok(v) ? v : FAIL);

function checkFor(type: Type, records: ProgramSchema['records']): Check | undefined {
  switch (type.kind) {
    case 'number': return same(isNumberLike);
    case 'integer': case 'points': return same(Number.isSafeInteger);
    case 'money': {
      const { decimals: digits, whole } = moneyDigits(type.currency);
      return same((v) => isNumberLike(v) && fitsDecimals(v as number | string, digits) && fitsWhole(v as number | string, whole));
    }
    case 'string': return same((v) => typeof v === 'string' && isStorableText(v));
    case 'boolean': return same((v) => typeof v === 'boolean');
    case 'date': return same((v) => typeof v === 'string' && DATE.test(v) && isCalendarDate(v));
    case 'timestamp': return same((v) => (typeof v === 'string' && INSTANT.test(v) && isInstant(v)) || (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_EPOCH_MS));
    case 'time': return same((v) => typeof v === 'string' && TIME.test(v));
    case 'enum': {
      const members = new Set(type.members);
      return same((v) => typeof v === 'string' && members.has(v));
    }
    case 'list': {
      const element = checkFor(type.element, records);
      if (!element) return undefined;
      return (v) => {
        if (!Array.isArray(v)) return FAIL;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) if ((out[i] = element(v[i])) === FAIL) return FAIL;
        return out;
      };
    }
    case 'record': {
      const record = records[type.name];
      if (record) return recordCheck(record, records);
      return (v) => (isPlainRecord(v) ? { ...v } : FAIL);
    }
    case 'error': return undefined; // z.unknown(): leave it to zod
  }
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype && !hasOwn.call(v, '__proto__');
}

function recordCheck(record: RecordSchema, records: ProgramSchema['records'], transaction = false): Check | undefined {
  const fields: { name: string; optional: boolean; check: Check }[] = [];
  for (const field of record.fields) {
    const check = isTransactionId(transaction, field.name, field.type)
      ? same(isIdentifier)
      : checkFor(field.type, records);
    if (!check) return undefined;
    fields.push({ name: field.name, optional: field.optional, check });
  }
  const declared = new Set(fields.map((f) => f.name));
  return (v) => {
    if (!isPlainRecord(v)) return FAIL;
    let known = 0;
    for (const key in v) {
      if (!declared.has(key)) return FAIL;
      known++;
    }
    // zod's output: the declared fields present, in declaration order.
    const out: Record<string, unknown> = {};
    let seen = 0;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const x = v[f.name];
      if (x === undefined || x === null) {
        if (!f.optional || (x === undefined && hasOwn.call(v, f.name))) return FAIL;
        if (x === null) seen++; // null reads as missing: left out of the output
        continue;
      }
      const parsed = f.check(x);
      if (parsed === FAIL) return FAIL;
      out[f.name] = parsed;
      seen++;
    }
    return seen === known ? out : FAIL;
  };
}

/** A validator: `fast` for the hot path (undefined: run `schema`), `schema` for the 400s. */
export interface RecordValidator {
  readonly schema: z.ZodType<Record<string, unknown>>;
  readonly fast: ((value: unknown) => Record<string, unknown> | undefined) | undefined;
}

export interface ProgramValidators {
  readonly transaction: RecordValidator;
  readonly customer: RecordValidator;
}

function validatorOf(record: RecordSchema, records: ProgramSchema['records'], transaction = false): RecordValidator {
  const check = recordCheck(record, records, transaction);
  return {
    schema: recordValidator(record, records, transaction) as z.ZodType<Record<string, unknown>>,
    fast: check && ((value) => {
      const out = check(value);
      return out === FAIL ? undefined : (out as Record<string, unknown>);
    }),
  };
}

export function deriveValidators(schema: ProgramSchema): ProgramValidators {
  return {
    transaction: validatorOf(schema.transaction, schema.records, true),
    customer: validatorOf(schema.customer, schema.records),
  };
}

/**
 * An instant exactly as a transaction's `time` takes it, for the request fields that name one
 * (a quote's `asOf`): what a quote's transaction would accept as its time, its `asOf` accepts too.
 */
export const TimestampValue = forType({ kind: 'timestamp' }, {}) as z.ZodType<string | number>;

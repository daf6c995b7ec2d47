// Zod at the boundary: `zv(target, schema)` validates the JSON body, path params, query or
// headers and hands the typed value to the handler (`c.req.valid(target)`); a failure is a
// 400 validation-error listing every offending field by path.
import type { MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { ApiError, type FieldError } from './problem.ts';
import type { ProgramValidators } from './programs/validator.ts';

/** What a value of a zod type is, in plain words: `must be ${EXPECTED[x]}`. */
const EXPECTED: Record<string, string> = {
  number: 'a number', int: 'a whole number', bigint: 'a whole number', string: 'a string', boolean: 'true or false',
  array: 'a list (a JSON array)', object: 'an object', record: 'an object', null: 'null', date: 'a date',
};
/** What was sent instead, from zod's `received …`. */
const RECEIVED: Record<string, string> = {
  number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'an object',
  null: 'null', NaN: 'not a number', undefined: 'missing',
};

const isDefault = (message: string): boolean => /^(Invalid|Too small|Too big)\b/.test(message);

/** Zod's default wording (`Invalid input: expected int, received number`) as a plain message naming no type theory. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const message = issue.message;
  if (!isDefault(message)) return message;
  const received = /received (\w+)$/.exec(message)?.[1] ?? (issue as { received?: string }).received;
  switch (issue.code) {
    case 'invalid_type': {
      if (received === 'undefined') return 'is required';
      const want = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
      if (received === 'NaN') return `must be ${want}`;
      if (issue.expected === 'int' && received === 'number') return 'must be a whole number (no decimals)';
      return `must be ${want}${received && RECEIVED[received] ? `, not ${RECEIVED[received]}` : ''}`;
    }
    case 'invalid_union': {
      const branches = (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [];
      const firsts = branches.map((b) => b[0]).filter((i): i is z.core.$ZodIssue => i !== undefined);
      if (firsts.length > 0 && firsts.every((i) => i.code === 'invalid_type' && / received undefined$/.test(i.message))) return 'is required';
      const wants = firsts.filter((i) => i.code === 'invalid_type').map((i) => EXPECTED[(i as { expected: string }).expected] ?? (i as { expected: string }).expected);
      if (wants.length === firsts.length && wants.length > 0) return `must be ${[...new Set(wants)].join(' or ')}`;
      return 'is not a valid value here';
    }
    case 'too_small': case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
      const inclusive = issue.inclusive !== false;
      switch (issue.origin) {
        case 'number': case 'int': case 'bigint':
          if (small && bound === 0) return inclusive ? 'must be 0 or more' : 'must be more than 0';
          return small ? (inclusive ? `must be at least ${bound}` : `must be more than ${bound}`) : (inclusive ? `must be at most ${bound}` : `must be less than ${bound}`);
        case 'string':
          if (small && bound === 1) return 'must not be empty';
          return small ? `must be at least ${bound} characters long` : `must be at most ${bound} characters long`;
        case 'array': case 'set':
          if (small && bound === 1) return 'must not be empty';
          return small ? `must have at least ${bound} items` : `must have at most ${bound} items`;
        default: return small ? `is too small (minimum ${bound})` : `is too big (maximum ${bound})`;
      }
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return 'must be an ISO-8601 timestamp with an offset or Z, e.g. 2026-03-01T12:00:00Z';
      if (issue.format === 'url') return 'must be a URL';
      return `is not in the expected format (${issue.format})`;
    default: return message;
  }
}

export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      // Inside `transaction` or `customer` the program's schema decides; elsewhere the request's own shape.
      const inProgram = path.some((p) => p === 'transaction' || p === 'customer');
      for (const k of issue.keys) out.push({ field: [...path, k].join('.'), message: inProgram ? "is not a field of the program's schema" : 'is not a field of this request' });
      continue;
    }
    let message: string;
    if (issue.code === 'invalid_value' && 'values' in issue && isDefault(issue.message)) message = `must be one of ${(issue.values as unknown[]).join(', ')}`;
    else message = plainMessage(issue);
    const field = path.join('.') || '(body)';
    // One message per field: a later check on a field that already failed adds nothing.
    if (out.some((e) => e.field === field)) continue;
    out.push({ field, message });
  }
  return out;
}

export function validationError(errors: FieldError[]): ApiError {
  const first = errors[0];
  const detail = first ? `${first.field}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}` : 'Invalid request';
  return new ApiError('validation-error', detail, { errors });
}

/** Parses `value` with `schema` or throws the 400 naming each field (prefixed by `prefix`). */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown, prefix?: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(fieldErrors(result.error, prefix));
  return result.data;
}

/** One part of a request checked against its schema: the value and where its fields sit (`transaction`). */
export interface Part<T> {
  readonly fast: ((value: unknown) => T | undefined) | undefined;
  readonly schema: z.ZodType<T>;
  readonly value: unknown;
  readonly prefix: string;
}

/** Checks every part; the errors of all of them, or the parsed values in order. */
export function checkParts<T>(parts: readonly Part<T>[]): { ok: true; values: T[] } | { ok: false; errors: FieldError[] } {
  const values: T[] = [];
  const errors: FieldError[] = [];
  for (const p of parts) {
    const quick = p.fast?.(p.value);
    if (quick !== undefined) { values.push(quick); continue; }
    const result = p.schema.safeParse(p.value);
    if (result.success) values.push(result.data);
    else errors.push(...fieldErrors(result.error, p.prefix));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/**
 * A program's input as parts for `checkParts`: the transaction and, unless `customer` is
 * undefined, the customer, each with the program's validators. `at` prefixes their fields
 * (`transactions.3` in a batch: `transactions.3.transaction.amount`).
 */
export function inputParts(validators: ProgramValidators, transaction: unknown, customer: unknown, at?: string): Part<Record<string, unknown>>[] {
  const { transaction: t, customer: c } = validators;
  const parts: Part<Record<string, unknown>>[] = [{ fast: t.fast, schema: t.schema, value: transaction, prefix: at === undefined ? 'transaction' : `${at}.transaction` }];
  if (customer !== undefined) parts.push({ fast: c.fast, schema: c.schema, value: customer, prefix: at === undefined ? 'customer' : `${at}.customer` });
  return parts;
}

/** `checkParts` or the 400 listing every offending field of every part (transaction and customer together). */
export function parsePartsOr400<T>(parts: readonly Part<T>[]): T[] {
  const result = checkParts(parts);
  if (!result.ok) throw validationError(result.errors);
  return result.values;
}

/**
 * `parseOr400` with a fast path: `fast(value)` returns the parsed value of a valid input (as the
 * schema would give it) or `undefined` when it cannot tell, and only then does zod run, so every
 * error is zod's 400 with the same messages.
 */
export function parseFastOr400<T>(fast: ((value: unknown) => T | undefined) | undefined, schema: z.ZodType<T>, value: unknown, prefix?: string): T {
  const quick = fast?.(value);
  return quick !== undefined ? quick : parseOr400(schema, value, prefix);
}

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * The JSON body as `zv('json', …)` reads it, from the text the body reader kept: not a JSON
 * media type → `{}` (so the schema names the missing fields); unparsable → 400 invalid-json.
 */
export function jsonBody(text: string | undefined, contentType: string | undefined): unknown {
  const media = contentType ? contentType.split(';')[0]!.trim().toLowerCase() : '';
  if (!JSON_MEDIA.test(media)) return {};
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new ApiError('invalid-json', 'Malformed JSON in request body');
  }
}

export function zv<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return validator(target, (value) => parseOr400(schema, value) as z.output<T>) as MiddlewareHandler<
    any, string, { in: { [K in Target]: z.input<T> }; out: { [K in Target]: z.output<T> } }
  >;
}

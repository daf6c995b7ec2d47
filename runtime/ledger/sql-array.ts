// A posting batch's rows go to Postgres as one array parameter per column (unnest reads them
// back as rows), built here rather than by the driver: the `pg` driver escapes every element
// character by character, which was a visible part of a batch's CPU. A parameter is text, cast
// in SQL (`$1::text[]`), so the same statements run on PGlite.
import type { Statement } from './db.ts';

/** `{"a","b"}`: a text[] literal (elements quoted; `"` and `\` escaped). */
export function textArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  // Only a quote or backslash inside a value needs escaping (checked value by value: joining
  // them all once more just to test was a copy of the column per batch).
  for (const v of values) if (v.includes('"') || v.includes('\\')) return `{${values.map(quoted).join(',')}}`;
  return `{"${values.join('","')}"}`;
}

/** One element of an array literal, quoted (`"` and `\` escaped). */
function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `{1,2}`, `{true,false}`: an int8[] / numeric[] / boolean[] literal of integers, decimal strings or booleans. */
function scalarArray(values: readonly (number | string | boolean)[]): string {
  return `{${values.join(',')}}`;
}

/** A column's SQL type, and `json` for JSON texts stored as text (long, full of quotes). */
export type ColumnType = 'text' | 'numeric' | 'bigint' | 'boolean' | 'timestamptz' | 'tid' | 'json';

/** One column of rows: how to read its value from a row, and its type. */
export type Column<R> = readonly [read: (row: R) => string | number | boolean | null | undefined, type: ColumnType];

// Separates a json column's texts in its one parameter: JSON.stringify escapes every control
// character, so no JSON text holds it, and Postgres splits on it in one pass (string_to_array).
const JSON_SEPARATOR = '\u0001';
const JSON_SEPARATOR_BYTE = 1;

/** The parameters of a statement under construction: each placeholder is added where its SQL goes. */
export class StatementParams {
  private readonly values: (string | Buffer | null)[] = [];

  /** `$n::type` for one more parameter (a Buffer goes in binary format: for text, its UTF-8 bytes). */
  param(value: string | Buffer | null, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }

  /**
   * Rows as one array parameter per column, comma-separated placeholders for `unnest`: a json
   * column's texts joined into one text (nothing escaped), the others an array literal with
   * NULL for null or undefined.
   */
  columns<R>(rows: readonly R[], spec: readonly Column<R>[]): string {
    return spec.map(([read, type]) => {
      if (type === 'json') return `string_to_array(${this.param(jsonList(rows.map((r) => String(read(r)))), 'text')}, chr(1))`;
      return this.param(arrayLiteral(rows.map(read), type), `${type}[]`);
    }).join(', ');
  }

  /** Text arrays as `text[]` parameters, comma-separated placeholders. */
  textArrays(arrays: readonly (readonly string[])[]): string {
    return arrays.map((values) => this.param(textArray(values), 'text[]')).join(', ');
  }

  statement(text: string, name: string): Statement {
    return { text, values: this.values, name };
  }
}

/**
 * JSON texts as one text's UTF-8 bytes, split again in SQL by `string_to_array(…, chr(1))`.
 * Written straight into a Buffer: joining them into one string first, which the driver then
 * encodes, copied a batch's outcomes twice more.
 */
function jsonList(texts: readonly string[]): Buffer {
  let size = texts.length > 0 ? texts.length - 1 : 0;
  for (const t of texts) {
    if (t.includes(JSON_SEPARATOR)) throw new Error('a JSON text holds U+0001: not the text JSON.stringify writes');
    size += Buffer.byteLength(t);
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  texts.forEach((t, i) => {
    if (i > 0) out[at++] = JSON_SEPARATOR_BYTE;
    at += out.write(t, at);
  });
  return out;
}

function arrayLiteral(values: readonly (string | number | boolean | null | undefined)[], type: Exclude<ColumnType, 'json'>): string {
  const text = type === 'text' || type === 'timestamptz' || type === 'tid';
  // A row built in plain JavaScript may leave a value undefined (an Evaluator's lot without
  // `expiresAt`): NULL, as a json array of rows made it, not an empty string Postgres refuses.
  if (values.some((v) => v == null)) return `{${values.map((v) => (v == null ? 'NULL' : text ? quoted(String(v)) : String(v))).join(',')}}`;
  return text ? textArray(values as string[]) : scalarArray(values as (string | number | boolean)[]);
}

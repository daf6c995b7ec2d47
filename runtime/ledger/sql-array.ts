// Array parameters as Postgres array literals, built here rather than by the driver: the `pg`
// driver escapes every element character by character, which was a visible part of a
// batch's CPU. A literal goes over the wire as text and is cast in SQL (`$1::text[]`), so
// the same SQL runs on PGlite.

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

/**
 * A string as an SQL literal, appended to a script under construction (no parameters; no copy
 * of the text): dollar-quoted, with a tag the text does not contain, so no character needs
 * escaping and no server setting changes its meaning.
 */
export function pushLiteral(out: string[], value: string): void {
  const tag = tagFor(value);
  out.push(tag, value, tag);
}

function tagFor(value: string): string {
  // The tag must not occur in the text, nor be made by its end and the closing tag (`…$a` +
  // `$a$`): a text ending in `$` or `$a` (or holding the tag) gets a tag checked the long way.
  if (!value.includes('$a$') && !value.endsWith('$') && !value.endsWith('$a')) return '$a$';
  let tag = '$a0$';
  for (let n = 1; (value + tag).indexOf(tag) < value.length; n++) tag = `$a${n}$`;
  return tag;
}

/** A column's SQL type, and `json` for JSON texts stored as text (long, full of quotes). */
export type ColumnType = 'text' | 'numeric' | 'bigint' | 'boolean' | 'timestamptz' | 'tid' | 'json';

/** One column of rows: how to read its value from a row, and its type. */
export type Column<R> = readonly [read: (row: R) => string | number | boolean | null | undefined, type: ColumnType];

/**
 * Rows as one SQL array expression per column, comma-separated, for `unnest` in a script,
 * appended as pieces to a script under construction (joined once when sent; copying each
 * column, then the columns, then the script had copied a batch's texts three or four times).
 * The columns of a batch's rows cost Postgres less to read than a json array of objects. JSON
 * texts become `ARRAY[$a$…$a$, …]` (dollar-quoted: nothing escaped, scanned in one pass); the
 * others as `pushArray` writes them.
 */
export function pushColumns<R>(out: string[], rows: readonly R[], spec: readonly Column<R>[]): void {
  spec.forEach(([read, type], c) => {
    if (c > 0) out.push(', ');
    if (type === 'json') {
      if (rows.length === 0) {
        out.push(`'{}'::text[]`);
        return;
      }
      out.push('ARRAY[');
      for (let i = 0; i < rows.length; i++) {
        if (i > 0) out.push(',');
        pushLiteral(out, String(read(rows[i]!)));
      }
      out.push(']::text[]');
      return;
    }
    pushArray(out, rows.map(read), type);
  });
}

/**
 * One column of values as an SQL array expression of `type`, appended to a script under
 * construction. A column of one repeated value (a batch's tenant, program version, entry kind,
 * or all null) is `array_fill(<value>, ARRAY[n])`: its text is sent, lexed and parsed once.
 */
export function pushArray(out: string[], values: readonly (string | number | boolean | null | undefined)[], type: Exclude<ColumnType, 'json'>): void {
  const first = values[0];
  if (values.length > 1 && values.every((v) => v === first || (v == null && first == null))) {
    out.push('array_fill(');
    if (first == null) out.push('NULL');
    else pushLiteral(out, String(first));
    out.push(`::${type}, ARRAY[${values.length}])`);
    return;
  }
  const text = type === 'text' || type === 'timestamptz' || type === 'tid';
  // A row built in plain JavaScript may leave a value undefined (an Evaluator's lot without
  // `expiresAt`): NULL, as a json array of rows made it, not an empty string Postgres refuses.
  const body = values.some((v) => v == null)
    ? `{${values.map((v) => (v == null ? 'NULL' : text ? quoted(String(v)) : String(v))).join(',')}}`
    : text ? textArray(values as string[]) : scalarArray(values as (string | number | boolean)[]);
  pushLiteral(out, body);
  out.push(`::${type}[]`);
}

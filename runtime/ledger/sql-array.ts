// Array parameters as Postgres array literals, built here rather than by the driver: the `pg`
// driver escapes every element character by character, which was a visible part of a
// batch's CPU. A literal goes over the wire as text and is cast in SQL (`$1::text[]`), so
// the same SQL runs on PGlite.

const NEEDS_ESCAPE = /["\\]/;

/** `{"a","b"}`: a text[] literal (elements quoted; `"` and `\` escaped). */
export function textArray(values: readonly string[]): string {
  if (values.length === 0) return '{}';
  const joined = values.join('","');
  // The separator's quotes are ours: only a quote or backslash inside a value needs escaping.
  if (!NEEDS_ESCAPE.test(values.join(''))) return `{"${joined}"}`;
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** `{1,2}`: an int8[] / numeric[] literal of integers or decimal strings. */
export function numberArray(values: readonly (number | string)[]): string {
  return `{${values.join(',')}}`;
}

/**
 * A string as an SQL literal for a script (no parameters): dollar-quoted, with a tag the text
 * does not contain, so no character needs escaping and no server setting changes its meaning.
 */
export function literal(value: string): string {
  // The tag must not occur in the text, nor be made by its end and the closing tag (`…$a` +
  // `$a$`): a text ending in `$` or `$a` (or holding the tag) gets a tag checked the long way.
  if (!value.includes('$a$') && !value.endsWith('$') && !value.endsWith('$a')) return '$a$' + value + '$a$';
  let tag = '$a0$';
  for (let n = 1; (value + tag).indexOf(tag) < value.length; n++) tag = `$a${n}$`;
  return tag + value + tag;
}

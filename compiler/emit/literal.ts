// User text enters generated code only through these: JSON string literals (with the line
// separators U+2028/U+2029 escaped as well, so the text is safe in any JS parser) and
// numbers the compiler computed itself.

/** A JS string literal of any text. */
export function str(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A JS number literal of a safe integer (refuses anything else). */
export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${n}`);
  return String(n);
}

/** A one-line comment that cannot close itself or carry a line break. */
export function comment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]/g, ' ')}`;
}

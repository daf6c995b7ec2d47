// Checking and decoding literal text. The lexer's patterns accept the shape of a date, time
// or string; whether the value makes sense (month 13, `\q`) is decided here, once, so the
// lexer facade can report it and the AST builder can decode without re-checking.

/** A problem inside a literal, relative to the start of its text. */
export interface LiteralProblem {
  readonly at: number;
  readonly length: number;
  readonly message: string;
  readonly hint?: string;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

/** Decodes a string literal's text (quotes included; the closing one may be missing), collecting bad escapes. */
export function decodeString(image: string): { value: string; problems: LiteralProblem[] } {
  // Without a backslash there is nothing to decode (nor to report): the text between the quotes.
  if (image.indexOf('\\') === -1) return { value: image.slice(1, image.length > 1 && image.endsWith('"') ? image.length - 1 : image.length), problems: [] };
  const problems: LiteralProblem[] = [];
  const end = image.length > 1 && image.endsWith('"') && !isEscapedQuoteAtEnd(image) ? image.length - 1 : image.length;
  let value = '';
  for (let i = 1; i < end; i++) {
    const c = image[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = image[i + 1];
    if (next === undefined || i + 1 >= end) {
      problems.push({ at: i, length: 1, message: 'a string cannot end with a lone backslash', hint: 'write `\\\\` for a backslash' });
      break;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i++;
      continue;
    }
    if (next === 'u') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(image.slice(i + 2, end));
      const code = m ? parseInt(m[1]!, 16) : NaN;
      if (m && code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += 1 + m[0].length;
        continue;
      }
      problems.push({ at: i, length: 2, message: 'malformed unicode escape', hint: 'write `\\u{1F600}`: 1 to 6 hex digits in braces' });
      i++;
      continue;
    }
    problems.push({
      at: i,
      length: 2,
      message: `unknown escape \`\\${next}\` in string`,
      hint: 'the escapes are \\" \\\\ \\n \\t and \\u{…}',
    });
    i++;
  }
  return { value, problems };
}

// `"abc\"` is an unterminated string whose last quote is escaped.
function isEscapedQuoteAtEnd(image: string): boolean {
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Checks a `YYYY-MM-DD` date (shape already matched by the lexer). */
export function checkDate(text: string): LiteralProblem | undefined {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  if (m < 1 || m > 12) return { at: 0, length: text.length, message: `month ${m} does not exist in date ${text}`, hint: 'dates are written YYYY-MM-DD' };
  const max = daysInMonth(y, m);
  if (d < 1 || d > max) return { at: 0, length: text.length, message: `day ${d} does not exist in ${text.slice(0, 7)} (it has ${max} days)` };
  return undefined;
}

/** Checks an `H:MM` / `HH:MM` time of day (shape already matched by the lexer). */
export function checkTime(text: string): LiteralProblem | undefined {
  const [h, m] = text.split(':').map(Number) as [number, number];
  if (h > 23) return { at: 0, length: text.length, message: `hour ${h} is out of range in ${text}`, hint: 'hours run 0 to 23; `between 22:00 and 02:00` wraps midnight' };
  if (m > 59) return { at: 0, length: text.length, message: `minute ${m} is out of range in ${text}` };
  return undefined;
}

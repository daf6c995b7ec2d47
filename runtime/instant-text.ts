// The usual ISO-8601 instant, read without a RegExp or a Date: a transaction's time is parsed
// on every evaluation and checked on every request, and the strict parser (toEpochMs in
// local-time.ts) costs as much as the rest of an evaluation. Only a fast path: anything it
// does not read returns NaN and goes to the strict parser, whose results it always matches.

const MONTH_DAYS = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const BAD = -1e9; // a digit pair that is not one: makes every range test below fail

/** Two ASCII digits at `at` as 0–99, else BAD (also past the end: charCodeAt is NaN there). */
function dd(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48, b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : BAD;
}

/**
 * `YYYY-MM-DDTHH:MM[:SS[.sss]](Z|±HH:MM)` with a year from 0100 → epoch ms without a
 * RegExp or Date. NaN for anything else (`+0530`, `24:00`, other fraction lengths, `t`, …).
 */
export function fastInstantMs(s: string): number {
  if (s.length === 24) return utcMillisMs(s);
  return generalMs(s);
}

/** A digit's value, or a negative number or one over 9 (then `d | (9 - d)` is negative). */
function digit(s: string, at: number): number {
  return s.charCodeAt(at) - 48;
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, what `Date.prototype.toISOString` writes: every character at
 * a known place, the digits checked at once, no offset. Other 24-character forms (`+05:30`
 * offsets without seconds) go to generalMs.
 */
function utcMillisMs(s: string): number {
  if (s.charCodeAt(23) !== 90 || s.charCodeAt(19) !== 46 || s.charCodeAt(16) !== 58 || s.charCodeAt(13) !== 58
    || s.charCodeAt(10) !== 84 || s.charCodeAt(7) !== 45 || s.charCodeAt(4) !== 45) return generalMs(s);
  const y0 = digit(s, 0), y1 = digit(s, 1), y2 = digit(s, 2), y3 = digit(s, 3), m0 = digit(s, 5), m1 = digit(s, 6);
  const d0 = digit(s, 8), d1 = digit(s, 9), h0 = digit(s, 11), h1 = digit(s, 12), i0 = digit(s, 14), i1 = digit(s, 15);
  const s0 = digit(s, 17), s1 = digit(s, 18), f0 = digit(s, 20), f1 = digit(s, 21), f2 = digit(s, 22);
  const all = y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | h0 | h1 | i0 | i1 | s0 | s1 | f0 | f1 | f2
    | (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1)
    | (9 - h0) | (9 - h1) | (9 - i0) | (9 - i1) | (9 - s0) | (9 - s1) | (9 - f0) | (9 - f1) | (9 - f2);
  if (all < 0) return NaN;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo = m0 * 10 + m1, d = d0 * 10 + d1;
  const h = h0 * 10 + h1, mi = i0 * 10 + i1, sec = s0 * 10 + s1;
  if (!(civilOk(y, mo, d) && h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  return daysOf(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + f0 * 100 + f1 * 10 + f2;
}

/** Whether year `y` (from 100), month `mo` and day `d` name a real date: 29 February only in leap years. */
function civilOk(y: number, mo: number, d: number): boolean {
  return y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= MONTH_DAYS[mo]!
    && (mo !== 2 || d !== 29 || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)));
}

// Days since 1970-01-01 (daysFromCivil for years ≥ 100: integer division truncates as floor does).
function daysOf(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  return yy * 365 + ((yy / 4) | 0) - ((yy / 100) | 0) + ((yy / 400) | 0) + (((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) | 0) + d - 719469;
}

function generalMs(s: string): number {
  const n = s.length;
  if (n < 17 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return NaN;
  const y = dd(s, 0) * 100 + dd(s, 2), mo = dd(s, 5), d = dd(s, 8), h = dd(s, 11), mi = dd(s, 14);
  let i = 16, sec = 0, frac = 0;
  if (s.charCodeAt(16) === 58) {
    sec = dd(s, 17);
    i = 19;
    if (s.charCodeAt(19) === 46) {
      const c = s.charCodeAt(22) - 48;
      frac = dd(s, 20) * 10 + (c >= 0 && c <= 9 ? c : BAD);
      i = 23;
    }
  }
  if (!(civilOk(y, mo, d) && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && frac >= 0)) return NaN;
  let off = 0;
  const c = s.charCodeAt(i);
  if (c === 90 && i + 1 === n) off = 0;
  else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = dd(s, i + 1), om = dd(s, i + 4);
    if (!(oh >= 0 && oh <= 23 && om >= 0 && om <= 59)) return NaN;
    off = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  return daysOf(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + frac - off;
}

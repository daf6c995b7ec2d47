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
  if (!(y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= MONTH_DAYS[mo]! && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && frac >= 0)) return NaN;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return NaN;
  let off = 0;
  const c = s.charCodeAt(i);
  if (c === 90 && i + 1 === n) off = 0;
  else if ((c === 43 || c === 45) && i + 6 === n && s.charCodeAt(i + 3) === 58) {
    const oh = dd(s, i + 1), om = dd(s, i + 4);
    if (!(oh >= 0 && oh <= 23 && om >= 0 && om <= 59)) return NaN;
    off = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  // Days since 1970-01-01 (daysFromCivil for years ≥ 100: integer division truncates as floor does).
  const yy = mo <= 2 ? y - 1 : y;
  const days = yy * 365 + ((yy / 4) | 0) - ((yy / 100) | 0) + ((yy / 400) | 0) + (((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) | 0) + d - 719469;
  return days * 86_400_000 + ((h * 60 + mi) * 60 + sec) * 1000 + frac - off;
}

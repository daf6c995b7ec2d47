// Chevrotain's recognition exceptions → catalogue diagnostics (ACC003 unexpected token,
// ACC004 missing token, ACC005 unexpected end of file), each on the offending token's span.
import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from './diagnostics.ts';
import type { Span } from './span.ts';
import { tokenSpan } from './lex.ts';
import { isReal } from './cst.ts';
import { closest } from './did-you-mean.ts';
import { R, RESERVED_WORDS, SOFT_KEYWORDS, StringLiteral, WEEKDAYS } from './tokens.ts';

const KEYWORDS: readonly string[] = [...RESERVED_WORDS, ...SOFT_KEYWORDS];

/** Where the source ends, as a zero-length span (for "unexpected end of file"). */
export function endOfSource(source: string): Span {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    // \r\n counts once; a lone \r is a line break too (the lexer agrees).
    if (c === 10 || (c === 13 && source.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: source.length, line, column: source.length - lineStart + 1, length: 0 };
}

function isWeekday(word: string): boolean {
  return (WEEKDAYS as readonly string[]).includes(word);
}


/** The three forms of a validity window, for hints after `valid`. */
const WINDOW_FORMS = 'a window is `valid on mon..fri` (or `on sat, sun`), `valid from 2026-01-01 to 2026-03-31` or `valid between 7:00 and 10:00`';
const PERIOD_WORDS = /^(days?|daily|weeks?|weekly|months?|monthly|quarters?|quarterly|years?|yearly|annual(ly)?|lifetime)$/i;

/** `months` → `month`, `daily` → `day`: the period a misspelt cap period means. */
function periodOf(word: string): string {
  const w = word.toLowerCase();
  if (w.startsWith('da')) return 'day';
  if (w.startsWith('week')) return 'week';
  if (w.startsWith('month')) return 'month';
  if (w.startsWith('quarter')) return 'quarter';
  if (w.startsWith('year') || w.startsWith('annual')) return 'year';
  return 'lifetime';
}

// A few mistakes are common enough to deserve a concrete suggestion.
function hintFor(message: string, found: IToken | undefined, previous: IToken | undefined): string | undefined {
  const image = found?.image;
  if (image === '=' && previous?.image === '=') return 'equality is a single `=`';
  // Windows: `valid weekdays`, `on mon-fri`, `between 7am and 10am`.
  if (previous?.image === 'valid' && image !== undefined && /^[A-Za-z_]+$/.test(image) && image !== 'on' && image !== 'from' && image !== 'to' && image !== 'between') {
    if (/^week-?days?$/i.test(image)) return `for weekdays write \`valid on mon..fri\`; ${WINDOW_FORMS}`;
    if (/^week-?ends?$/i.test(image)) return `for weekends write \`valid on sat, sun\`; ${WINDOW_FORMS}`;
    return WINDOW_FORMS;
  }
  if (image === '-' && previous !== undefined && isWeekday(previous.image)) return 'a range of days is written with two dots: `valid on mon..fri`';
  // Money and rates as people write them in prose: `5 usd`, `5 percent`, `per dollar`, `until`.
  const afterNumber = previous !== undefined && /^\d[\d_]*(\.\d+)?$/.test(previous.image);
  if (afterNumber && image !== undefined && /^[a-z]{3}$/.test(image) && !KEYWORDS.includes(image)) return `currency codes are written in capitals: \`${previous.image} ${image.toUpperCase()}\``;
  if (afterNumber && image !== undefined && /^(percent|pct|per_?cent)$/i.test(image)) return `a percentage is written with %: \`${previous.image}%\``;
  if (previous !== undefined && /^(dollars?|euros?|pounds?|cents?|bucks?|yen|rupees?)$/i.test(previous.image) && message.startsWith('expected "of"')) return 'points per spend name the amount, its currency and the field: `reward points 1 per 1 USD of amount`';
  if (image !== undefined && /^(until|till|through|thru)$/i.test(image)) return 'a date window is `valid from 2026-01-01 to 2026-03-31` (both days included)';
  if (message.startsWith('expected a time') && image !== undefined && /^\d{1,2}$/.test(image)) {
    return `times of day are 24-hour \`H:MM\`, without am or pm: \`${image}:00\`${Number(image) < 12 ? ` (or \`${Number(image) + 12}:00\` for ${image} pm)` : ''}, e.g. \`valid between 7:00 and 10:00\``;
  }
  // Caps: `cap 5 points per months`.
  if (message.startsWith('expected a cap scope') && image !== undefined && PERIOD_WORDS.test(image)) {
    return `did you mean \`per customer per ${periodOf(image)}\` (or \`per program per ${periodOf(image)}\`, a budget shared by every customer)? Periods: day, week, month, quarter, year, lifetime`;
  }
  if (message.startsWith('expected a period') && image !== undefined && PERIOD_WORDS.test(image)) {
    return `did you mean \`${periodOf(image)}\`? Periods: day, week, month, quarter, year, lifetime`;
  }
  if (message.startsWith('expected a name') && previous?.image === 'rule') return 'a rule starts with its id and an optional title: `rule welcome "Welcome bonus" {`';
  if (found?.tokenType === R.rule && message.includes('"}"')) return 'the rule before this one is missing its closing `}`';
  if (image !== undefined && isWeekday(image) && message.startsWith('expected a rule item')) return 'separate days with commas: `on sat, sun` or `on mon..fri`';
  if (message.startsWith('expected "this"') && image !== undefined && /^(last|previous|prior|next|current)$/.test(image)) {
    return 'period aggregates count the current period before this transaction: `customer spend this month`, or `customer lifetime spend`';
  }
  if (message.startsWith('expected "for"') && image === ',') return 'for the smaller or larger of two values write `least(a, b)` or `greatest(a, b)`; `min(…)` and `max(…)` fold a list: `max(i.price for i in items)`';
  if (message.startsWith('expected "in"') && (image === ')' || image === '.')) return 'name each element of the list: `count(i in items where i.price > 5 USD)`';
  if (message.startsWith('expected "for"') && image === ')') return 'name each element of the list: `sum(i.price for i in items)`';
  // Groups: `group g stacking "title"`, and an `exclusive` that groups need not say.
  if (previous?.image === 'stacking' && found?.tokenType === StringLiteral) return 'the title comes before `stacking`: `group promos "Promotions" stacking { cap … }`';
  if (image === 'exclusive' && message.includes('a new `rule`')) return 'a group is exclusive unless declared `stacking`: leave the word out';
  // A word that is itself a keyword or a weekday is no typo: never "did you mean `sum`?" for `sun`.
  const known = image !== undefined && (KEYWORDS.includes(image) || isWeekday(image));
  const guess = found && !known && /^[A-Za-z_]+$/.test(found.image) ? closest(found.image, KEYWORDS) : undefined;
  if (guess !== undefined && guess !== found?.image) return `did you mean \`${guess}\`?`;
  if (message.startsWith('expected a reward')) return 'e.g. `reward points 1 per 1 USD of amount` or `reward cashback 5% of amount`';
  if (message.startsWith('expected a rule item') && found && /^[a-z_]+$/.test(found.image)) {
    return 'each line of a rule starts with priority, group, valid, when, exclude when, reward, cap or expires';
  }
  return undefined;
}

/**
 * Converts one segment's parser errors. A segment ends where the next declaration starts
 * (`next`), so "end of input" there means "found the next declaration"; only the last
 * segment can really end at end of file (`eofSpan`).
 */
export function syntaxDiagnostics(
  errors: readonly IRecognitionException[],
  insertedBefore: ReadonlySet<IToken>,
  next: IToken | undefined,
  eofSpan: Span,
  tokens: readonly IToken[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seenOffsets = new Set<number>();
  for (const e of errors) {
    const endOfSegment = e.token === undefined || e.token.tokenType === EOF || !isReal(e.token);
    const found = endOfSegment ? next : e.token;
    const atEof = found === undefined;
    const span = atEof ? eofSpan : tokenSpan(found);
    const message = endOfSegment && found ? e.message.replace(/end of file$/, JSON.stringify(found.image)) : e.message;
    // One error per position: recovery can report the same token several times.
    if (seenOffsets.has(span.offset)) continue;
    seenOffsets.add(span.offset);
    // The token before the offending one, from the segment's tokens: the exceptions' own
    // previousToken is not that for every kind (NoViableAlt, NotAllInputParsed).
    const at = found === undefined ? -1 : tokens.indexOf(found);
    const hint = hintFor(message, found, at > 0 ? tokens[at - 1] : (e as { previousToken?: IToken }).previousToken);
    if (atEof) {
      out.push(diagnostic('ACC005', `unexpected end of file: ${message}`, span, hint));
    } else if (e.name === 'MismatchedTokenException' && insertedBefore.has(found)) {
      const missing = /^expected (.*) but found/.exec(message)?.[1] ?? 'a token';
      out.push(diagnostic('ACC004', `missing ${missing} before ${JSON.stringify(found.image)}`, span, hint));
    } else {
      out.push(diagnostic('ACC003', message, span, hint));
    }
  }
  return out;
}

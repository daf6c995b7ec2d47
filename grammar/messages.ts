// Wording of syntax errors. Chevrotain's default messages name token types
// ("Expecting token of type --> RCurly <--"); users should read `expected "}" but found "rule"`.
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import {
  CurrencyCode, DateLiteral, Identifier, Keyword, NumberLiteral, Operator, Punctuation, StringLiteral, TimeLiteral,
  UnterminatedString,
} from './tokens.ts';

const LITERAL_NAMES = new Map<TokenType, string>([
  [Identifier, 'a name'],
  [CurrencyCode, 'a currency code'],
  [NumberLiteral, 'a number'],
  [StringLiteral, 'a string'],
  [UnterminatedString, 'a string'],
  [DateLiteral, 'a date'],
  [TimeLiteral, 'a time'],
  [EOF, 'end of file'],
]);

// Fixed-text tokens (keywords, operators, punctuation) are shown as written.
function fixedText(type: TokenType): string | undefined {
  const pattern = type.PATTERN;
  if (!(pattern instanceof RegExp)) return undefined;
  return pattern.source.replace(/\\(.)/g, '$1');
}

function isFixed(type: TokenType): boolean {
  const cats = type.CATEGORIES ?? [];
  return cats.includes(Keyword) || cats.includes(Operator) || cats.includes(Punctuation);
}

/** How the grammar names a kind of token in "expected …". */
export function describeExpected(type: TokenType): string {
  const named = LITERAL_NAMES.get(type);
  if (named !== undefined) return named;
  const text = isFixed(type) ? fixedText(type) : undefined;
  return text !== undefined ? `"${text}"` : type.name;
}

/** How an actual token is shown in "but found …". */
export function describeFound(token: IToken): string {
  if (token.tokenType === EOF) return 'end of file';
  const image = token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image;
  return JSON.stringify(image);
}

// What a rule stands for when none of its alternatives matched.
const RULE_DESCRIPTIONS: Record<string, string> = {
  preamble: 'a program header or schema',
  setting: 'a header setting (currency, currencies, timezone, rounding, spend, seed, expiry, minimum redemption)',
  schemaBlock: 'a schema block (transaction, customer or record)',
  typeRef: 'a type (number, integer, money, string, boolean, date, timestamp, enum(…), list of …, or a record name)',
  declaration: 'a declaration (rule, group or exclude)',
  ruleItem: 'a rule item (priority, group, valid, when, exclude when, reward, cap, expires)',
  windowClause: 'a window clause (from, to, on, between)',
  reward: 'a reward (points, multiplier, cashback, discount, free product, prize)',
  cap: 'a cap scope (transaction, customer per …, program per …)',
  quantity: 'a unit (points, times or a currency code)',
  period: 'a period (day, week, month, quarter, year, lifetime)',
  expiry: 'an expiry (after N days/weeks/months/years, at end of week/month/quarter/year, never)',
  notExpr: 'an expression',
  unary: 'an expression',
  primary: 'an expression',
  comparison: 'a comparison operator',
  metric: 'spend, points, cashback or transactions',
  aggregate: 'an aggregate (sum, min, max, count, any, all)',
};

function listAlternatives(paths: TokenType[][]): string {
  const firsts = [...new Set(paths.map((p) => (p[0] ? describeExpected(p[0]) : 'nothing')))];
  if (firsts.length <= 1) return firsts[0] ?? 'something else';
  if (firsts.length > 6) return `one of ${firsts.slice(0, 6).join(', ')}, …`;
  return `one of ${firsts.join(', ')}`;
}

function expectation(ruleName: string, paths: TokenType[][]): string {
  return RULE_DESCRIPTIONS[ruleName] ?? listAlternatives(paths);
}

// A block's closing brace is expected whenever its body stops matching; say what else
// could have come there, since the real mistake is usually a misspelt item, not a missing `}`.
const BLOCK_BODIES: Record<string, string> = {
  rule: 'a rule item',
  header: 'a header setting',
  schema: 'a schema block',
  schemaBlock: 'a field',
  groupDecl: 'a cap',
  tieredCashback: 'a band (`from …: …`)',
};

/** Chevrotain message provider producing Accrue's wording. */
export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    const body = BLOCK_BODIES[ruleName];
    const inside = body !== undefined && expected.name === 'RCurly' && actual.tokenType !== EOF;
    return `expected ${inside ? `${body} or ` : ''}${describeExpected(expected)} but found ${describeFound(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeFound(firstRedundant)}: expected a new \`rule\`, \`group\` or \`exclude\``;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const found = actual[0] ? describeFound(actual[0]) : 'end of file';
    return `expected ${expectation(ruleName, expectedPathsPerAlt.flat())} but found ${found}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const found = actual[0] ? describeFound(actual[0]) : 'end of file';
    return `expected ${expectation(ruleName, expectedIterationPaths)} but found ${found}`;
  },
};

// Zod schemas shared by several routes: identifiers, problem documents, balances and outcomes.
// They validate requests at the boundary and generate the OpenAPI document (server/openapi).
import { z } from 'zod';

/**
 * A customer or transaction id: it is also a path segment (`/v1/transactions/{id}`), so not `.`
 * or `..`, which every URL parser resolves away (`%2E%2E` too) before the server sees the path.
 */
export const IDENTIFIER = /^(?!\.\.?$)[A-Za-z0-9._:@-]+$/;
export const IDENTIFIER_MESSAGE = 'may contain letters, digits and . _ : @ - (but is not . or ..)';
export const Identifier = z.string().min(1).max(128).regex(IDENTIFIER, IDENTIFIER_MESSAGE);
/** What `Identifier` accepts, checked without zod (the hot routes' plain checks). */
export const isIdentifier = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 128 && IDENTIFIER.test(v);
const PROGRAM_NAME = /^[a-z0-9][a-z0-9_-]*$/;
export const ProgramName = z.string().min(1).max(64).regex(PROGRAM_NAME, 'must be lower-case letters, digits, - and _');
/** What `ProgramName` accepts, checked without zod. */
export const isProgramName = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64 && PROGRAM_NAME.test(v);
export const Decimal = z.string().regex(/^-?\d+(?:\.\d+)?$/, 'must be a decimal number');
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code');
/** 9999-12-31T23:59:59.999Z: the latest instant the evaluator places in a calendar. */
export const MAX_EPOCH_MS = 253_402_300_799_999;

/**
 * Text Postgres can store (in `text` and `json` columns): no NUL character and no unpaired
 * UTF-16 surrogate (JSON allows both as escapes; Postgres refuses them, which would be a 500).
 */
export function isStorableText(s: string): boolean {
  return s.indexOf('\u0000') < 0 && (s as string & { isWellFormed(): boolean }).isWellFormed();
}

export const CustomerParams = z.object({ id: Identifier });
export const TransactionParams = z.object({ id: Identifier });

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const ProblemSchema = z.object({
  type: z.string().url().describe('Stable problem type URI: https://accrue.dev/problems/<slug>'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z.array(FieldErrorSchema).optional().describe('For validation-error: every offending field'),
  livePrograms: z.array(z.string()).optional().describe("For no-live-program: the tenant's live program names"),
  redeemableCurrencies: z.array(z.string()).optional().describe('For currency-not-redeemable: the currencies this customer can redeem money in'),
}).loose().meta({ id: 'Problem' });

export const MoneyMap = z.record(z.string(), Decimal);

export const BalanceSchema = z.object({
  customerId: z.string(),
  points: z.number().int(),
  cashback: MoneyMap.describe('Per currency, decimal strings in major units'),
}).meta({ id: 'Balance' });

const SpanSchema = z.object({ offset: z.number(), line: z.number(), column: z.number(), length: z.number() });

export const RuleResultSchema = z.object({
  rule: z.string(),
  state: z.enum(['APPLIED', 'NOT_APPLICABLE', 'BLOCKED', 'EXCLUDED']),
  reward: z.string().optional(),
  amount: z.record(z.string(), z.unknown()).optional(),
  cappedBy: z.record(z.string(), z.unknown()).optional(),
  won: z.boolean().optional(),
  reason: z.record(z.string(), z.unknown()).optional().describe('NOT_APPLICABLE: the first failing condition or window, with the values it read'),
  by: z.record(z.string(), z.unknown()).optional().describe('BLOCKED or EXCLUDED: by which rule, group, cap or exclusion'),
  wouldHaveGiven: z.record(z.string(), z.unknown()).optional(),
}).loose().meta({ id: 'RuleResult' });

export const OutcomeSchema = z.object({
  programVersion: z.string().describe('The program version this outcome was computed on: `name@version`'),
  transactionId: z.string(),
  totals: z.object({
    points: z.number().int(),
    cashback: MoneyMap,
    discount: MoneyMap,
    prizes: z.object({ points: z.number().int(), money: MoneyMap }),
    freeProducts: z.array(z.object({ sku: z.string(), quantity: z.number(), rule: z.string() })),
  }),
  rules: z.array(RuleResultSchema),
  lots: z.array(z.object({ rule: z.string(), unit: z.enum(['points', 'money']), amount: z.union([z.number(), z.string()]), currency: z.string().nullable().optional(), expiresAt: z.string().nullable() }).loose()),
  deltas: z.array(z.object({ key: z.string(), scope: z.enum(['customer', 'program']), amount: z.number() })),
  periods: z.record(z.string(), z.string()),
  aggregates: z.record(z.string(), z.number()),
}).loose().meta({ id: 'Outcome' });

export { SpanSchema };

// Bodies of the customer routes: ledger history, lots and redemptions.
import { z } from 'zod';
import { minorDigits } from '../../runtime/currency.ts';
import { BalanceSchema, Currency, Decimal, ProgramName } from './common.ts';

export const HistoryQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

const Amount = z.union([z.number().int(), Decimal]);

export const LedgerEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(['earn', 'redeem', 'expire', 'reverse', 'adjust']),
  unit: z.enum(['points', 'money']),
  amount: Amount,
  currency: z.string().nullable(),
  balanceAfter: Amount,
  rule: z.string().nullable(),
  programVersion: z.string().nullable(),
  transactionId: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'LedgerEntry' });

export const HistoryResponse = z.object({
  entries: z.array(LedgerEntrySchema),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null at the end'),
}).meta({ id: 'LedgerPage' });

export const LotSchema = z.object({
  id: z.string(),
  rule: z.string().nullable(),
  unit: z.enum(['points', 'money']),
  amount: Amount,
  remaining: Amount,
  currency: z.string().nullable(),
  expiresAt: z.string().nullable(),
  transactionId: z.string().nullable(),
  createdAt: z.string(),
}).meta({ id: 'Lot' });

export const LotsResponse = z.object({ lots: z.array(LotSchema) }).meta({ id: 'Lots' });

const RedeemProgram = ProgramName.optional().describe('Whose minimum redemption applies: required when the tenant has several live programs');
const PointsRedemption = z.strictObject({ points: z.number().int().positive(), program: RedeemProgram });
const PositiveDecimal = z.string().regex(/^\d+(?:\.\d+)?$/, { message: 'must be a positive decimal string in major units, such as "12.50"', abort: true })
  .refine((v) => /[1-9]/.test(v), 'must be more than 0');
/** As transaction money: a decimal string, or a JSON number (read as its shortest decimal text). */
const MoneyAmount = z.union([z.string(), z.number().transform(String)]).pipe(PositiveDecimal);
const MoneyRedemption = z.strictObject({ amount: MoneyAmount, currency: Currency, program: RedeemProgram }).superRefine((v, ctx) => {
  const digits = minorDigits(v.currency);
  const dot = v.amount.indexOf('.');
  const decimals = dot < 0 ? 0 : v.amount.length - dot - 1;
  if (decimals > digits) ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be an amount in ${v.currency} with at most ${digits} decimals` });
  else if (v.amount.replace(/^0+(?=\d)/, '').split('.')[0]!.length > 15 - digits) ctx.addIssue({ code: 'custom', path: ['amount'], message: `must be an amount in ${v.currency} below 10^${15 - digits}` });
});

/** `{"points": n}` or `{"amount": "12.50", "currency": "USD"}` (the OpenAPI document's shape). */
export const RedemptionRequest = z.union([PointsRedemption, MoneyRedemption]).meta({ id: 'RedemptionRequest' });

/**
 * What validates a redemption body: which of the two shapes is meant is read from its keys, so
 * a 400 names the offending field (`points`, `amount`) instead of "no union member matched".
 */
export const RedemptionBody = z.unknown().transform((v, ctx): z.output<typeof RedemptionRequest> => {
  const keys = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  if (keys && 'points' in keys && ('amount' in keys || 'currency' in keys)) {
    ctx.addIssue({ code: 'custom', path: ['points'], message: 'redeem either points, or cashback as amount and currency — not both in one redemption' });
    return z.NEVER;
  }
  const schema = keys && ('amount' in keys || 'currency' in keys) ? MoneyRedemption : PointsRedemption;
  const parsed = schema.safeParse(v);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue(issue as never);
  return z.NEVER;
});

export const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(200).describe('Required: a retry with the same key returns the first result'),
});

export const RedemptionResponse = z.object({
  redemptionId: z.string(),
  unit: z.enum(['points', 'money']),
  amount: Amount,
  currency: z.string().nullable(),
  balance: BalanceSchema,
  replayed: z.boolean(),
}).meta({ id: 'Redemption' });

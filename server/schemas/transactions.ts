// Request and response bodies of quotes and transactions. The `transaction` and `customer`
// objects are checked a second time against the live program's own schema (server/programs/validator.ts).
import { z } from 'zod';
import { TimestampValue } from '../programs/validator.ts';
import { BalanceSchema, Decimal, Identifier, MoneyMap, OutcomeSchema, ProblemSchema, ProgramName } from './common.ts';

const TransactionFields = z.record(z.string(), z.unknown()).describe(
  "The transaction: `id`, `time` and the fields the live program's schema declares. Unknown fields, wrong types and bad enum values are rejected naming the field.",
);
const CustomerFields = z.record(z.string(), z.unknown()).describe("The customer's attributes as the live program's schema declares them.");

export const QuoteRequest = z.strictObject({
  program: ProgramName.optional().describe('Which live program; optional when the tenant has exactly one'),
  customerId: Identifier.optional().describe("When given, caps and period-to-date figures are the customer's current ones"),
  transaction: TransactionFields.describe('As for posting; `id` and `time` may be omitted (defaults: "quote" and asOf or now)'),
  customer: CustomerFields.optional(),
  include: z.array(z.string()).optional().describe('Evaluate only these rules'),
  exclude: z.array(z.string()).optional().describe('Never apply these rules'),
  asOf: TimestampValue.optional().describe("Evaluate as of this instant (used as the transaction's time when it has none): ISO-8601 with an offset or Z, or epoch milliseconds, as the transaction's `time`"),
  explain: z.boolean().optional().describe('false: only APPLIED rules (faster). Default true.'),
}).meta({ id: 'QuoteRequest' });

export const QuoteResponse = z.object({
  programVersion: z.string(),
  outcome: OutcomeSchema,
  /** Rules blocked (by group or cap) with what they would have given; left out with `explain: false`, which does not look at rules that do not apply. */
  blocked: z.array(z.object({ rule: z.string(), by: z.record(z.string(), z.unknown()), wouldHaveGiven: z.record(z.string(), z.unknown()) })).optional()
    .meta({ description: 'Rules blocked (by a group or a cap) with what they would have given. Left out with `explain: false`: the fast path reports APPLIED rules only.' }),
}).meta({ id: 'QuoteResponse' });

export const PostTransactionRequest = z.strictObject({
  program: ProgramName.optional(),
  customerId: Identifier,
  transaction: TransactionFields,
  customer: CustomerFields.optional(),
}).meta({ id: 'PostTransactionRequest' });

export const PostQuery = z.object({ mode: z.enum(['sync', 'async']).optional() });

/** A posted transaction's state, as GET /v1/transactions/{id} and a replay report it. */
const PostedStatus = z.enum(['posted', 'refunded']);

export const PostTransactionResponse = z.object({
  status: PostedStatus.describe('`posted`; a replay says the state the transaction is in now: `refunded` once it was refunded'),
  replayed: z.boolean().describe('True when this id was already posted with the same body: the first outcome, nothing written'),
  outcome: OutcomeSchema,
}).meta({ id: 'PostTransactionResponse' });

export const QueuedResponse = z.object({
  status: z.literal('queued'),
  transactionId: z.string(),
  statusUrl: z.string(),
}).meta({ id: 'QueuedResponse' });

export const BATCH_MAX = 1000;

export const BatchRequest = z.strictObject({
  program: ProgramName.optional().describe('The live program of every item that does not name its own'),
  transactions: z.array(PostTransactionRequest).min(1).max(BATCH_MAX),
}).meta({ id: 'BatchRequest' });

export const BatchResponse = z.object({
  posted: z.number().int(),
  failed: z.number().int(),
  results: z.array(z.object({
    index: z.number().int(),
    transactionId: z.string().optional(),
    status: z.number().int().describe('The status this item would have had as a single request'),
    transactionStatus: PostedStatus.optional().describe('For a posted or replayed item: the `status` its single response would have said'),
    outcome: OutcomeSchema.optional(),
    replayed: z.boolean().optional(),
    problem: ProblemSchema.optional(),
  })),
}).meta({ id: 'BatchResponse' });

export const TransactionStatusResponse = z.object({
  id: z.string(),
  status: z.enum(['queued', 'posted', 'refunded', 'failed']),
  customerId: z.string().optional(),
  programVersion: z.string().optional(),
  postedAt: z.string().optional(),
  outcome: OutcomeSchema.optional(),
  error: z.string().optional(),
  asyncSubmission: z.object({
    status: z.literal('failed'),
    error: z.string(),
    enqueuedAt: z.string(),
  }).optional().meta({ description: 'A `?mode=async` submission of this id the worker refused or gave up on (another body than the one posted: `transaction-conflict`), while the ledger holds the transaction as first posted.' }),
}).meta({ id: 'TransactionStatus' });

export const RefundRequest = z.strictObject({ reason: z.string().max(500).optional() }).meta({ id: 'RefundRequest' });

export const RefundResponse = z.object({
  transactionId: z.string(),
  reversed: z.object({ points: z.number().int(), cashback: MoneyMap }),
  balance: BalanceSchema,
  replayed: z.boolean(),
}).meta({ id: 'RefundResponse' });

export { Decimal };

// A small hand-written Evaluator so the ledger can be tested on its own: 1 point per unit of
// `amount`, optional cashback, a monthly per-customer points cap and a daily program budget,
// and lots that expire `expiryDays` after the transaction (UTC).
import type { CheckedProgram } from '../../compiler/ir.ts';
import type { CustomerInput, Outcome, RuleResult, StateSnapshot, TransactionInput, EarnedLot, CounterDelta } from '../../runtime/outcome.ts';
import type { Evaluator } from '../../runtime/program.ts';
import { periodKeysOf, toEpochMs, zone } from '../../runtime/local-time.ts';
import { aggregateKey, capKey } from '../../runtime/state-keys.ts';

export interface FakeProgram {
  readonly version?: string;
  readonly monthlyCap?: number;
  readonly dailyBudget?: number;
  readonly expiryDays?: number;
  /** Cashback in USD, percent of amount. */
  readonly cashbackPercent?: number;
  readonly minimumRedemption?: number;
}

const CUSTOMER_CAP = 'rule:base:customer:month:points';
const PROGRAM_BUDGET = 'rule:base:program:day:points';

export function fakeEvaluator(p: FakeProgram = {}): Evaluator {
  const version = p.version ?? 'fake-1';
  const utc = zone('UTC');
  const periodsOf = (txn: TransactionInput) => periodKeysOf(utc.parts(toEpochMs(txn.time)));
  const checked = {
    name: 'fake', currency: 'USD', currencies: ['USD'], timezone: 'UTC', rounding: 'floor', seed: 'fake', spendField: 'amount',
    defaultExpiry: undefined,
    minimumRedemption: p.minimumRedemption ? { unit: 'points', value: String(p.minimumRedemption) } : undefined,
    schema: { transaction: { name: 'transaction', fields: [] }, customer: { name: 'customer', fields: [] }, records: {} },
    groups: [], exclusions: [], rules: [],
  } as unknown as CheckedProgram;

  return {
    version,
    checked,
    counterKeys(txn) {
      const periods = periodsOf(txn);
      return {
        customer: [
          ...(p.monthlyCap !== undefined ? [capKey(CUSTOMER_CAP, periods, 'month')] : []),
          aggregateKey('points', periods, 'month'),
        ],
        program: p.dailyBudget !== undefined ? [capKey(PROGRAM_BUDGET, periods, 'day')] : [],
      };
    },
    evaluate(txn: TransactionInput, _customer: CustomerInput, state: StateSnapshot): Outcome {
      const periods = periodsOf(txn);
      const amount = Number(txn.amount ?? 0);
      const earned = Math.max(0, Math.floor(amount));
      let granted = earned;
      const deltas: CounterDelta[] = [];
      const capRoom = (key: string, limit: number) => Math.max(0, limit - (state.counters[key] ?? 0));
      if (p.monthlyCap !== undefined) granted = Math.min(granted, capRoom(capKey(CUSTOMER_CAP, periods, 'month'), p.monthlyCap));
      if (p.dailyBudget !== undefined) granted = Math.min(granted, capRoom(capKey(PROGRAM_BUDGET, periods, 'day'), p.dailyBudget));
      if (granted > 0 && p.monthlyCap !== undefined) deltas.push({ key: capKey(CUSTOMER_CAP, periods, 'month'), scope: 'customer', amount: granted });
      if (granted > 0 && p.dailyBudget !== undefined) deltas.push({ key: capKey(PROGRAM_BUDGET, periods, 'day'), scope: 'program', amount: granted });

      const at = toEpochMs(txn.time);
      const expiresAt = p.expiryDays !== undefined ? new Date(Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth(), new Date(at).getUTCDate() + 1 + p.expiryDays)).toISOString() : null;
      const lots: EarnedLot[] = [];
      const rules: RuleResult[] = [];
      if (granted > 0) {
        lots.push({ rule: 'base', unit: 'points', amount: granted, currency: undefined, expiresAt });
        rules.push({ rule: 'base', state: 'APPLIED', reward: 'points', amount: { unit: 'points', points: granted } });
      }
      const cashbackCents = p.cashbackPercent ? Math.floor(amount * p.cashbackPercent) : 0;
      const cashback: Record<string, string> = {};
      if (cashbackCents > 0) {
        const money = (cashbackCents / 100).toFixed(2);
        cashback.USD = money;
        lots.push({ rule: 'cash', unit: 'money', amount: money, currency: 'USD', expiresAt });
        rules.push({ rule: 'cash', state: 'APPLIED', reward: 'cashback', amount: { unit: 'money', money: { amount: money, currency: 'USD' } } });
      }
      return {
        programVersion: version,
        transactionId: txn.id,
        totals: { points: granted, cashback, discount: {}, prizes: { points: 0, money: {} }, freeProducts: [] },
        rules,
        lots,
        deltas,
        periods,
        aggregates: { spend: Math.round(amount * 100), points: granted, cashback: cashbackCents, transactions: 1 },
      };
    },
  };
}

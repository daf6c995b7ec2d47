// The ledger's public surface. See docs/ledger.md.
export { openLedger, ledgerOptionsFromEnv, Ledger, type LedgerOptions, type ExpireReport } from './ledger.ts';
export type { PostRequest, Posted, PostResult } from './post.ts';
export type { RedeemRequest, Redeemed, RedeemResult } from './redeem.ts';
export type { RefundRequest, Reversed, RefundResult } from './refund.ts';
export type { AdjustRequest, Adjusted, AdjustResult } from './adjust.ts';
export type { Balances, LotView, EntryView, HistoryPage, HistoryResult } from './reads.ts';
export type { ReconcileReport, LedgerMismatch } from './reconcile.ts';
export type { BreakageRow } from './expire.ts';
export type { LedgerError, LedgerErrorCode, Result } from './errors.ts';
export { LedgerInvariantError } from './errors.ts';
export type { Asset } from './amount.ts';
export { POINTS } from './amount.ts';

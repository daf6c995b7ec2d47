// Which currencies a customer can redeem cash in: those the tenant's live programs use (all of
// them earn into the customer's one wallet) and those the customer holds a balance in (earned
// under an earlier version, say). Any other code — EUR when the programs pay USD, or no
// currency at all like XXZ — is bad input, a 400 naming the currencies that would do; a known
// currency the customer holds too little of stays the ledger's 409 insufficient-balance.
import type { LedgerPort } from './ports.ts';
import { ApiError } from './problem.ts';
import type { LivePrograms } from './programs/live.ts';

/** Throws the 400 `currency-not-redeemable` unless `currency` is one the customer can redeem. */
export async function ensureRedeemable(deps: { programs: LivePrograms; ledger: LedgerPort }, tenant: string, customerId: string, currency: string): Promise<void> {
  const live = deps.programs.all(tenant).flatMap((p) => p.evaluator.checked.currencies);
  // The common case, a currency a live program uses, reads nothing.
  if (live.includes(currency)) return;
  const held = Object.keys((await deps.ledger.balance(tenant, customerId))?.cashback ?? {});
  if (held.includes(currency)) return;
  const redeemable = [...new Set([...live, ...held])];
  const detail = redeemable.length === 0
    ? `Customer ${customerId} cannot redeem money in ${currency}: no live program pays money and the customer holds none; redeem points instead.`
    : `Customer ${customerId} cannot redeem money in ${currency}: no live program pays it and the customer holds none. Redeemable currencies: ${redeemable.join(', ')}.`;
  throw new ApiError('currency-not-redeemable', detail, { currency, redeemableCurrencies: redeemable });
}

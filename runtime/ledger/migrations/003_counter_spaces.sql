-- Version 3: a tenant may run several programs, so cap and budget counters are kept per
-- program: their keys are stored as `<program>|<key>` (period-to-date aggregates stay per
-- customer, shared by the tenant's programs). The program a transaction was posted under is
-- recorded so its reversal finds the same counters; rows posted before this version have
-- none and reverse the unprefixed keys they incremented.
ALTER TABLE transactions ADD COLUMN program text;

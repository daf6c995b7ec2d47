-- Version 13: keys that match the searches, and fewer index entries per posting.
--
-- lots: the primary key on lot_id and the index on (tenant_id, transaction_id) become one key
-- (tenant_id, customer_id, transaction_id, lot_id). Refunds find a transaction's lots by its
-- prefix, every update of a lot names the whole key, and a customer's lots, spent ones too,
-- are a prefix: reading them (`lots … all`) had scanned the whole tenant's lots (~10 ms at 70k
-- lots, growing with the table; 0.25 ms now). lots_fifo (open lots in redemption order) and
-- lots_due (expiry) stay.
--
-- ledger_entries: the primary key on entry_id alone served no query (history, reconcile and
-- balances all search by customer). The customer index becomes the primary key: entry_id is
-- unique on its own (an identity), so (tenant_id, customer_id, entry_id) is too. A card
-- posting writes ~3 index entries fewer (entries' indexes −33% in size); at saturation that
-- moved no measurable cost (docs/ledger.md, round 10).
--
-- balances and period_buckets: more room per page, so an update finds space beside the old
-- version (a HOT update: no index entry). In the benchmark's fresh tables 19% of bucket and 24%
-- of balance updates were not HOT at fillfactor 80 (a bucket grows through its period), 3% and
-- 14% now. Existing pages keep their fill until rewritten.

ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_pkey;
DROP INDEX IF EXISTS ledger_entries_customer;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_pkey PRIMARY KEY (tenant_id, customer_id, entry_id);

ALTER TABLE lots DROP CONSTRAINT IF EXISTS lots_pkey;
DROP INDEX IF EXISTS lots_transaction;
ALTER TABLE lots ADD CONSTRAINT lots_pkey PRIMARY KEY (tenant_id, customer_id, transaction_id, lot_id);

ALTER TABLE balances SET (fillfactor = 70);
ALTER TABLE period_buckets SET (fillfactor = 60);

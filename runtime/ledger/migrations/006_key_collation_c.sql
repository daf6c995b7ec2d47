-- Version 6, for throughput: the text key columns of the hot tables compare bytewise
-- (COLLATE "C") instead of through the database's collation. Every index lookup and insert of
-- a posting compares keys (tenant, customer, transaction id, period key, asset…); under a
-- libc collation such as C.UTF-8 each comparison went through strcoll, a visible share of
-- Postgres's CPU per posting. Keys are identifiers: their order only matters for the lock order,
-- which the ledger already takes by code points (book.ts `compare`), the same as "C" for UTF-8.
-- The values stay as they are (no table rewrite); the indexes on these columns are rebuilt
-- (the tables are locked while that runs: on a large ledger, run it in a quiet moment).

ALTER TABLE customers
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN customer_id TYPE text COLLATE "C";
ALTER TABLE balances
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN customer_id TYPE text COLLATE "C",
  ALTER COLUMN asset TYPE text COLLATE "C";
ALTER TABLE transactions
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN external_id TYPE text COLLATE "C";
ALTER TABLE ledger_entries
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN customer_id TYPE text COLLATE "C";
ALTER TABLE lots
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN customer_id TYPE text COLLATE "C",
  ALTER COLUMN asset TYPE text COLLATE "C",
  ALTER COLUMN transaction_id TYPE text COLLATE "C";
ALTER TABLE counters
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN scope TYPE text COLLATE "C",
  ALTER COLUMN owner_id TYPE text COLLATE "C",
  ALTER COLUMN key TYPE text COLLATE "C";
ALTER TABLE aggregates
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN customer_id TYPE text COLLATE "C",
  ALTER COLUMN period_key TYPE text COLLATE "C";
ALTER TABLE idempotency_keys
  ALTER COLUMN tenant_id TYPE text COLLATE "C",
  ALTER COLUMN key TYPE text COLLATE "C";

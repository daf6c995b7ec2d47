-- Accrue ledger, version 1. Money and points are `numeric` (exact); never floats.
-- Assets: 'points', or an ISO currency code ('USD') for cashback money.

CREATE TABLE tenants (
  tenant_id   text PRIMARY KEY,
  name        text,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE program_versions (
  tenant_id     text NOT NULL,
  version       text NOT NULL,
  source        text NOT NULL,
  compiled_hash text NOT NULL,
  author        text,
  status        text NOT NULL CHECK (status IN ('draft', 'live', 'retired')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);
CREATE UNIQUE INDEX program_versions_one_live ON program_versions (tenant_id) WHERE status = 'live';

-- One row per customer: the row every change to the customer locks first.
CREATE TABLE customers (
  tenant_id   text NOT NULL,
  customer_id text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, customer_id)
);

-- The balance of each asset: always the sum of the customer's ledger entries of that asset.
-- `version` is the write version of the last change (the Redis cache compares it).
CREATE TABLE balances (
  tenant_id   text NOT NULL,
  customer_id text NOT NULL,
  asset       text NOT NULL,
  balance     numeric NOT NULL,
  version     bigint NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, asset)
);

-- Posted transactions, unique per tenant and external id; the outcome is kept so a retry
-- returns the first result byte for byte.
CREATE TABLE transactions (
  tenant_id       text NOT NULL,
  external_id     text NOT NULL,
  customer_id     text NOT NULL,
  body_hash       text NOT NULL,
  program_version text NOT NULL,
  outcome         jsonb NOT NULL,
  balances        jsonb NOT NULL,
  status          text NOT NULL CHECK (status IN ('posted', 'reversed')),
  reversal        jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, external_id)
);

-- Append-only: corrections are new entries (see the trigger below).
CREATE TABLE ledger_entries (
  entry_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id       text NOT NULL,
  customer_id     text NOT NULL,
  asset           text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('earn', 'redeem', 'expire', 'reverse', 'adjust')),
  amount          numeric NOT NULL,
  balance_after   numeric NOT NULL,
  rule_id         text,
  program_version text,
  transaction_id  text,
  lot_id          bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_customer ON ledger_entries (tenant_id, customer_id, entry_id);

CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger_entries is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- What each earning credited, and what is left of it. Redemption takes from the lots that
-- expire first; `expired` and `reversed` say where the rest went.
CREATE TABLE lots (
  lot_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id       text NOT NULL,
  customer_id     text NOT NULL,
  asset           text NOT NULL,
  transaction_id  text NOT NULL,
  rule_id         text NOT NULL,
  program_version text NOT NULL,
  earned          numeric NOT NULL CHECK (earned >= 0),
  remaining       numeric NOT NULL,
  expired         numeric NOT NULL DEFAULT 0,
  reversed        numeric NOT NULL DEFAULT 0,
  expires_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (remaining >= 0 AND remaining <= earned)
);
CREATE INDEX lots_fifo ON lots (tenant_id, customer_id, asset, expires_at, lot_id) WHERE remaining > 0;
CREATE INDEX lots_due ON lots (expires_at) WHERE remaining > 0 AND expires_at IS NOT NULL;
CREATE INDEX lots_transaction ON lots (tenant_id, transaction_id);

-- Cap, budget and aggregate counters (keys from runtime/state-keys.ts). Customer-scope
-- counters change only under their customer's row lock; program-scope ones are locked
-- FOR UPDATE, so budgets stay exact under concurrency. owner_id is the customer id, or
-- '*' for the tenant's program.
CREATE TABLE counters (
  tenant_id text NOT NULL,
  scope     text NOT NULL CHECK (scope IN ('customer', 'program')),
  owner_id  text NOT NULL,
  key       text NOT NULL,
  value     numeric NOT NULL,
  version   bigint NOT NULL,
  PRIMARY KEY (tenant_id, scope, owner_id, key)
);

-- Responses of requests made with an Idempotency-Key (redemptions).
CREATE TABLE idempotency_keys (
  tenant_id    text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);

-- Write versions: drawn once per committing batch after its row locks are held, so for any
-- locked row the versions of successive writes increase with commit order.
CREATE SEQUENCE write_version;

-- Version 4, for throughput: a customer's cap counters move into the period row of
-- `aggregates` their key ends in (`…:month:2026-11` → period `month:2026-11`), as a jsonb
-- object `counters` of stored key → value. A posting reads and writes a handful of period rows
-- (which it wrote anyway for its aggregates) instead of probing a row per cap. Keys with no
-- period suffix, and program-scope counters (budgets, locked row by row), stay in `counters`.
-- Hot updated tables leave room in each page, so most updates are HOT.

ALTER TABLE aggregates ADD COLUMN IF NOT EXISTS counters jsonb NOT NULL DEFAULT '{}'::jsonb;

ALTER TABLE aggregates SET (fillfactor = 80);
ALTER TABLE balances SET (fillfactor = 80);
ALTER TABLE counters SET (fillfactor = 80);
ALTER TABLE customers SET (fillfactor = 80);

-- b's values added to a's (keys missing from a count from 0).
CREATE OR REPLACE FUNCTION acc_counters_add(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT a || coalesce((SELECT jsonb_object_agg(e.key, coalesce((a ->> e.key)::numeric, 0) + e.value::numeric) FROM jsonb_each_text(b) AS e), '{}'::jsonb)
$$;

INSERT INTO aggregates (tenant_id, customer_id, period_key, counters, version)
SELECT tenant_id, owner_id, period, jsonb_object_agg(key, value), max(version)
FROM (SELECT tenant_id, owner_id, key, value, version,
             substring(key FROM ':(lifetime|(?:day|week|month|quarter|year):[^:|]+)$') AS period
      FROM counters WHERE scope = 'customer') c
WHERE period IS NOT NULL
GROUP BY tenant_id, owner_id, period
ON CONFLICT (tenant_id, customer_id, period_key) DO UPDATE
  SET counters = acc_counters_add(aggregates.counters, EXCLUDED.counters), version = greatest(aggregates.version, EXCLUDED.version);

DELETE FROM counters WHERE scope = 'customer' AND substring(key FROM ':(lifetime|(?:day|week|month|quarter|year):[^:|]+)$') IS NOT NULL;

-- Version 8, for throughput: a posting batch's transactions, lots and ledger entries are passed
-- to Postgres as columns (one array per column, unnest) instead of json arrays read by
-- json_to_recordset. Postgres lexed every stored outcome twice (once inside the batch's json
-- array, again as the json column's input): for an explained outcome of ~5 kB that was most of
-- a transaction row's cost. The outcome and balances are now kept as the text JSON.stringify
-- wrote (`text`, not `json`): nothing queries inside them, and readers cast (`outcome::json`).
-- acc_post_read (same signature as 5 and 7) casts them back and now also returns the
-- transaction's status in v1, so a replay can say that a transaction was reversed since.
-- acc_post_write (version 5) stays, unused by this code, for a process still running the version
-- 7 code during a rolling deploy: such a process still posts (its json outcome is stored as
-- text; this acc_post_read casts it back), but its refunds and GET /v1/transactions/{id} read
-- `outcome` without a cast, get a string, and fail (500, nothing written) until it is replaced.

ALTER TABLE transactions
  ALTER COLUMN outcome TYPE text USING outcome::text,
  ALTER COLUMN balances TYPE text USING balances::text;

CREATE OR REPLACE FUNCTION acc_post_read(
  c_t text[], c_id text[], x_t text[], x_id text[], p_t text[], p_k text[],
  k_t text[], k_o text[], k_k text[], a_t text[], a_o text[], a_p text[])
RETURNS TABLE (o_kind text, o_t text, o_owner text, o_key text, v1 text, v2 text, v3 text, v4 text, v5 text, j1 json, j2 json)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  n bigint;
  new_t text[];
  new_id text[];
BEGIN
  WITH up AS (
    INSERT INTO customers (tenant_id, customer_id)
      SELECT u.t, u.id FROM unnest(c_t, c_id) AS u(t, id)
      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id
      RETURNING customers.tenant_id, customers.customer_id, customers.xmax = 0 AS created)
  SELECT count(*), array_agg(up.tenant_id) FILTER (WHERE up.created), array_agg(up.customer_id) FILTER (WHERE up.created)
    INTO n, new_t, new_id FROM up;
  IF n <> cardinality(c_id) THEN
    RAISE EXCEPTION 'locked % of % customers', n, cardinality(c_id);
  END IF;
  IF new_id IS NOT NULL THEN
    RETURN QUERY SELECT 'c'::text, u.t, u.id, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json
      FROM unnest(new_t, new_id) AS u(t, id);
  END IF;

  RETURN QUERY SELECT 't'::text, f.t, f.id, x.body_hash, x.status, NULL::text, NULL::text, NULL::text, NULL::text, x.outcome::json, x.balances::json
    FROM unnest(x_t, x_id) AS f(t, id)
    CROSS JOIN LATERAL (SELECT body_hash, status, outcome, balances FROM transactions WHERE tenant_id = f.t AND external_id = f.id OFFSET 0) x;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n >= cardinality(x_id) THEN
    RETURN; -- every id was posted before: nothing to evaluate, nothing to write
  END IF;

  IF cardinality(p_k) > 0 THEN
    RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json
      FROM unnest(p_t, p_k) AS u(t, key)
      CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
        WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n < cardinality(p_k) THEN
      INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
        SELECT u.t, 'program', '*', u.k, 0, 0 FROM unnest(p_t, p_k) AS u(t, k)
        ON CONFLICT DO NOTHING;
      RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json
        FROM unnest(p_t, p_k) AS u(t, key)
        CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
          WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    END IF;
  END IF;

  RETURN QUERY SELECT 'b'::text, u.t, u.id, b.asset, b.balance::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json
    FROM unnest(c_t, c_id) AS u(t, id)
    CROSS JOIN LATERAL (SELECT asset, balance FROM balances WHERE tenant_id = u.t AND customer_id = u.id OFFSET 0) b;
  IF cardinality(k_k) > 0 THEN
    RETURN QUERY SELECT 'k'::text, u.t, u.o, u.key, k.value::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json
      FROM unnest(k_t, k_o, k_k) AS u(t, o, key)
      CROSS JOIN LATERAL (SELECT value FROM counters WHERE tenant_id = u.t AND scope = 'customer' AND owner_id = u.o AND key = u.key OFFSET 0) k;
  END IF;
  RETURN QUERY SELECT 'a'::text, u.t, u.o, u.p, a.spend::text, a.points::text, a.cashback::text, a.transactions::text, a.counters::text, NULL::json, NULL::json
    FROM unnest(a_t, a_o, a_p) AS u(t, o, p)
    CROSS JOIN LATERAL (SELECT spend, points, cashback, transactions, counters FROM aggregates
      WHERE tenant_id = u.t AND customer_id = u.o AND period_key = u.p OFFSET 0) a;
  RETURN QUERY SELECT 'v'::text, NULL::text, NULL::text, NULL::text, nextval('write_version')::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::json, NULL::json;
END
$$;

-- Writes a posting batch: transactions (t_*), lots (l_*) and ledger entries (e_*) as columns
-- (each group's arrays of one length, possibly zero); balances, counters and period rows as json,
-- with acc_post_write's statements (version 5), copied rather than called: a nested call is
-- one more executor start-up per batch.
CREATE OR REPLACE FUNCTION acc_post_write_columns(
  t_t text[], t_id text[], t_c text[], t_h text[], t_v text[], t_p text[], t_o text[], t_b text[],
  l_t text[], l_c text[], l_a text[], l_x text[], l_r text[], l_v text[], l_e numeric[], l_m numeric[], l_d timestamptz[],
  e_t text[], e_c text[], e_a text[], e_k text[], e_m numeric[], e_b numeric[], e_r text[], e_v text[], e_x text[], e_l bigint[],
  b json, k json, pa json, pr json, ver bigint)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  IF cardinality(t_id) > 0 THEN
    INSERT INTO transactions (tenant_id, external_id, customer_id, body_hash, program_version, program, outcome, balances, status)
      SELECT u.t, u.id, u.c, u.h, u.v, u.p, u.o, u.b, 'posted'
      FROM unnest(t_t, t_id, t_c, t_h, t_v, t_p, t_o, t_b) AS u(t, id, c, h, v, p, o, b);
  END IF;
  IF cardinality(l_t) > 0 THEN
    INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining, expires_at)
      SELECT u.t, u.c, u.a, u.x, u.r, u.v, u.e, u.m, u.d
      FROM unnest(l_t, l_c, l_a, l_x, l_r, l_v, l_e, l_m, l_d) AS u(t, c, a, x, r, v, e, m, d);
  END IF;
  IF cardinality(e_t) > 0 THEN
    INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id, lot_id)
      SELECT u.t, u.c, u.a, u.k, u.m, u.b, u.r, u.v, u.x, u.l
      FROM unnest(e_t, e_c, e_a, e_k, e_m, e_b, e_r, e_v, e_x, e_l) AS u(t, c, a, k, m, b, r, v, x, l);
  END IF;
  IF b IS NOT NULL THEN
    INSERT INTO balances (tenant_id, customer_id, asset, balance, version)
      SELECT j.t, j.c, j.a, j.b, ver FROM json_to_recordset(b) AS j(t text, c text, a text, b numeric)
      ON CONFLICT (tenant_id, customer_id, asset) DO UPDATE SET balance = EXCLUDED.balance, version = EXCLUDED.version;
  END IF;
  IF k IS NOT NULL THEN
    INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
      SELECT j.t, j.s, j.o, j.k, j.n, ver FROM json_to_recordset(k) AS j(t text, s text, o text, k text, n numeric)
      ON CONFLICT (tenant_id, scope, owner_id, key) DO UPDATE SET value = counters.value + EXCLUDED.value, version = EXCLUDED.version;
  END IF;
  IF pa IS NOT NULL THEN
    INSERT INTO aggregates (tenant_id, customer_id, period_key, spend, points, cashback, transactions, counters, version)
      SELECT j.t, j.c, j.p, j.s, j.pt, j.cb, j.n, coalesce(j.k, '{}'::jsonb), ver
      FROM json_to_recordset(pa) AS j(t text, c text, p text, s numeric, pt numeric, cb numeric, n numeric, k jsonb)
      ON CONFLICT (tenant_id, customer_id, period_key) DO UPDATE SET spend = aggregates.spend + EXCLUDED.spend,
        points = aggregates.points + EXCLUDED.points, cashback = aggregates.cashback + EXCLUDED.cashback,
        transactions = aggregates.transactions + EXCLUDED.transactions,
        counters = CASE WHEN EXCLUDED.counters = '{}'::jsonb THEN aggregates.counters ELSE acc_counters_add(aggregates.counters, EXCLUDED.counters) END,
        version = EXCLUDED.version;
  END IF;
  IF pr IS NOT NULL THEN
    INSERT INTO aggregates (tenant_id, customer_id, period_key, spend, points, cashback, transactions, counters, version)
      SELECT j.t, j.c, j.p, j.s, j.pt, j.cb, j.n, coalesce(j.k, '{}'::jsonb), ver
      FROM json_to_recordset(pr) AS j(t text, c text, p text, s numeric, pt numeric, cb numeric, n numeric, k jsonb)
      ON CONFLICT (tenant_id, customer_id, period_key) DO UPDATE SET spend = aggregates.spend + EXCLUDED.spend,
        points = aggregates.points + EXCLUDED.points, cashback = aggregates.cashback + EXCLUDED.cashback,
        transactions = aggregates.transactions + EXCLUDED.transactions, counters = EXCLUDED.counters, version = EXCLUDED.version;
  END IF;
END
$$;

-- Version 7, a fix: a refused posting must not create its customer. acc_post_read still locks
-- the batch's customers with one upsert in the arrays' order (creating the missing ones: the
-- lock order and the round trips are unchanged), and now also returns a row of kind 'c' for
-- each customer that upsert created (an inserted row has xmax = 0; a locked existing one
-- does not). The caller deletes, with its COMMIT, every created customer that no accepted
-- posting of the batch wrote (post.ts): a transaction id posted before with a different body
-- (`transaction_conflict`) leaves no customer behind. Same signature and result columns as
-- version 5: a process still running the version 5 code ignores the 'c' rows.
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

  RETURN QUERY SELECT 't'::text, f.t, f.id, x.body_hash, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, x.outcome, x.balances
    FROM unnest(x_t, x_id) AS f(t, id)
    CROSS JOIN LATERAL (SELECT body_hash, outcome, balances FROM transactions WHERE tenant_id = f.t AND external_id = f.id OFFSET 0) x;
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

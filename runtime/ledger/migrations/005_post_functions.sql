-- Version 5, for latency and throughput: a batch of postings in two round trips. The reads
-- that need locks (customers, then program counters, then balances, counters and period rows,
-- then the write version) become one server-side function, sent in the same round trip as
-- BEGIN; the writes become another, sent in the same round trip as COMMIT (post.ts). No table
-- changes: the functions do what the separate statements did, in the same order. A VOLATILE
-- plpgsql function takes a fresh snapshot for each statement (READ COMMITTED), so every read
-- after a lock sees what the lock's previous holder committed.

-- Locks the customers (creating them) in the arrays' order, finds the transaction ids already
-- posted and, unless all of them were, locks the program counters (creating them) in the arrays'
-- order, reads the balances, the customer counters and period rows named, and draws the write
-- version. Rows: kind 't' (posted: o_key body hash, j1 outcome, j2 balances), 'p' (program
-- counter; may repeat after a creation), 'b' (balance), 'k' (customer counter), 'a' (period
-- row: v1–v4 spend, points, cashback, transactions; v5 counters), 'v' (write version in v1).
CREATE OR REPLACE FUNCTION acc_post_read(
  c_t text[], c_id text[], x_t text[], x_id text[], p_t text[], p_k text[],
  k_t text[], k_o text[], k_k text[], a_t text[], a_o text[], a_p text[])
RETURNS TABLE (o_kind text, o_t text, o_owner text, o_key text, v1 text, v2 text, v3 text, v4 text, v5 text, j1 json, j2 json)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  n bigint;
BEGIN
  INSERT INTO customers (tenant_id, customer_id)
    SELECT u.t, u.id FROM unnest(c_t, c_id) AS u(t, id)
    ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n <> cardinality(c_id) THEN
    RAISE EXCEPTION 'locked % of % customers', n, cardinality(c_id);
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

-- Writes a batch: transactions, lots, entries, balances, plain counters (increments), period
-- rows with increments added (`pa`) and period rows whose counters are replaced (`pr`), each
-- a json array of records (NULL: none), with write version `ver`. The same statements the
-- batch used to send as one multi-CTE statement.
CREATE OR REPLACE FUNCTION acc_post_write(t json, l json, e json, b json, k json, pa json, pr json, ver bigint)
RETURNS void LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  IF t IS NOT NULL THEN
    INSERT INTO transactions (tenant_id, external_id, customer_id, body_hash, program_version, program, outcome, balances, status)
      SELECT j.t, j.id, j.c, j.h, j.v, j.p, j.o, j.b, 'posted'
      FROM json_to_recordset(t) AS j(t text, id text, c text, h text, v text, p text, o json, b json);
  END IF;
  IF l IS NOT NULL THEN
    INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining, expires_at)
      SELECT j.t, j.c, j.a, j.x, j.r, j.v, j.e, j.m, j.d
      FROM json_to_recordset(l) AS j(t text, c text, a text, x text, r text, v text, e numeric, m numeric, d timestamptz);
  END IF;
  IF e IS NOT NULL THEN
    INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id, lot_id)
      SELECT j.t, j.c, j.a, j.k, j.m, j.b, j.r, j.v, j.x, j.l
      FROM json_to_recordset(e) AS j(t text, c text, a text, k text, m numeric, b numeric, r text, v text, x text, l bigint);
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

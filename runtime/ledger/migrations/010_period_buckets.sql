-- Version 10, for throughput and size: a customer's period-to-date aggregates and cap counters
-- move from one `aggregates` row per period (six per posting: day, week, month, quarter, year,
-- lifetime) into one `period_buckets` row per month, per year and for lifetime
-- (runtime/ledger/period-bucket.ts): days, weeks and the month share their month's row (a week
-- the row of its Thursday's month), quarters and the year their year's row. A posting reads and
-- writes about three rows instead of up to six, and a customer gains a row a month instead of
-- one per active day.
--
-- `data` is the JSON text the ledger writes, whole, under the customer's lock:
--   {"a": {"<period key>": [spend, points, cashback, transactions]}, "k": {"<stored counter key>": value}}
-- (text, as transaction outcomes since version 8: nothing queries inside it on the hot path).
--
-- The posting functions are replaced by acc_post_read_buckets / acc_post_write_buckets (the same
-- arguments, with bucket keys and bucket rows for period keys and period rows). The old
-- functions and the `aggregates` table are dropped, so a process still running the code before
-- this version fails loudly instead of writing where nothing reads: replace every instance
-- together. The move locks `aggregates` first (ACCESS EXCLUSIVE: a posting of an old instance
-- still running waits, then fails on the dropped table, and is retried or refused, never lost
-- half-counted), and rewrites every row: on a large ledger, apply it in a quiet moment.

LOCK TABLE aggregates IN ACCESS EXCLUSIVE MODE;

CREATE TABLE period_buckets (
  tenant_id   text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  bucket      text COLLATE "C" NOT NULL,
  data        text NOT NULL,
  version     bigint NOT NULL,
  PRIMARY KEY (tenant_id, customer_id, bucket)
) WITH (fillfactor = 80);

-- The same mapping as period-bucket.ts bucketOf.
CREATE FUNCTION acc_bucket_of(period text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE split_part(period, ':', 1)
    WHEN 'day' THEN 'month:' || left(split_part(period, ':', 2), -3)
    WHEN 'week' THEN CASE WHEN split_part(period, ':', 2) ~ '^\d{4,}-W\d{2}$'
      THEN 'month:' || to_char(to_date(split_part(period, ':', 2), 'IYYY-"W"IW') + 3, 'YYYY-MM') ELSE period END
    WHEN 'quarter' THEN 'year:' || split_part(split_part(period, ':', 2), '-', 1)
    ELSE period END
$$;

WITH rows AS (
  SELECT tenant_id, customer_id, acc_bucket_of(period_key) AS bucket, period_key, spend, points, cashback, transactions, counters, version
  FROM aggregates),
aggs AS (
  SELECT tenant_id, customer_id, bucket, max(version) AS version,
         coalesce(jsonb_object_agg(period_key, jsonb_build_array(spend, points, cashback, transactions))
           FILTER (WHERE spend <> 0 OR points <> 0 OR cashback <> 0 OR transactions <> 0), '{}'::jsonb) AS a
  FROM rows GROUP BY tenant_id, customer_id, bucket),
caps AS (
  SELECT r.tenant_id, r.customer_id, r.bucket, jsonb_object_agg(e.key, e.value) AS k
  FROM rows r CROSS JOIN LATERAL jsonb_each(r.counters) AS e(key, value)
  GROUP BY r.tenant_id, r.customer_id, r.bucket)
INSERT INTO period_buckets (tenant_id, customer_id, bucket, data, version)
SELECT aggs.tenant_id, aggs.customer_id, aggs.bucket, jsonb_build_object('a', aggs.a, 'k', coalesce(caps.k, '{}'::jsonb))::text, aggs.version
FROM aggs LEFT JOIN caps USING (tenant_id, customer_id, bucket);

DROP FUNCTION acc_post_read(text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[]);
DROP FUNCTION acc_post_write(json, json, json, json, json, json, json, bigint);
DROP FUNCTION acc_post_write_columns(text[], text[], text[], text[], text[], text[], text[], text[],
  text[], text[], text[], text[], text[], text[], numeric[], numeric[], timestamptz[],
  text[], text[], text[], text[], numeric[], numeric[], text[], text[], text[], bigint[],
  json, json, json, json, bigint);
DROP FUNCTION acc_counters_add(jsonb, jsonb);
DROP TABLE aggregates;

-- acc_post_read (version 8) with bucket rows for period rows: 'a' rows carry the bucket key in
-- o_key and its data in v1 (the old period rows' value columns v2–v5 are gone).
CREATE FUNCTION acc_post_read_buckets(
  c_t text[], c_id text[], x_t text[], x_id text[], p_t text[], p_k text[],
  k_t text[], k_o text[], k_k text[], a_t text[], a_o text[], a_b text[])
RETURNS TABLE (o_kind text, o_t text, o_owner text, o_key text, v1 text, j1 json, j2 json)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  n bigint;
  new_t text[];
  new_id text[];
BEGIN
  -- Locks every customer in the array's order, creating the missing ones. `WHERE false` locks a
  -- row that exists without writing a new version of it (the version 8 function rewrote it),
  -- so RETURNING lists only the customers created.
  WITH up AS (
    INSERT INTO customers (tenant_id, customer_id)
      SELECT u.t, u.id FROM unnest(c_t, c_id) AS u(t, id)
      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id WHERE false
      RETURNING customers.tenant_id, customers.customer_id)
  SELECT array_agg(up.tenant_id), array_agg(up.customer_id) INTO new_t, new_id FROM up;
  IF new_id IS NOT NULL THEN
    RETURN QUERY SELECT 'c'::text, u.t, u.id, NULL::text, NULL::text, NULL::json, NULL::json
      FROM unnest(new_t, new_id) AS u(t, id);
  END IF;

  RETURN QUERY SELECT 't'::text, f.t, f.id, x.body_hash, x.status, x.outcome::json, x.balances::json
    FROM unnest(x_t, x_id) AS f(t, id)
    CROSS JOIN LATERAL (SELECT body_hash, status, outcome, balances FROM transactions WHERE tenant_id = f.t AND external_id = f.id OFFSET 0) x;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n >= cardinality(x_id) THEN
    RETURN; -- every id was posted before: nothing to evaluate, nothing to write
  END IF;

  IF cardinality(p_k) > 0 THEN
    RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::json, NULL::json
      FROM unnest(p_t, p_k) AS u(t, key)
      CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
        WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n < cardinality(p_k) THEN
      INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
        SELECT u.t, 'program', '*', u.k, 0, 0 FROM unnest(p_t, p_k) AS u(t, k)
        ON CONFLICT DO NOTHING;
      RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::json, NULL::json
        FROM unnest(p_t, p_k) AS u(t, key)
        CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
          WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    END IF;
  END IF;

  RETURN QUERY SELECT 'b'::text, u.t, u.id, b.asset, b.balance::text, NULL::json, NULL::json
    FROM unnest(c_t, c_id) AS u(t, id)
    CROSS JOIN LATERAL (SELECT asset, balance FROM balances WHERE tenant_id = u.t AND customer_id = u.id OFFSET 0) b;
  IF cardinality(k_k) > 0 THEN
    RETURN QUERY SELECT 'k'::text, u.t, u.o, u.key, k.value::text, NULL::json, NULL::json
      FROM unnest(k_t, k_o, k_k) AS u(t, o, key)
      CROSS JOIN LATERAL (SELECT value FROM counters WHERE tenant_id = u.t AND scope = 'customer' AND owner_id = u.o AND key = u.key OFFSET 0) k;
  END IF;
  RETURN QUERY SELECT 'a'::text, u.t, u.o, u.b, q.data, NULL::json, NULL::json
    FROM unnest(a_t, a_o, a_b) AS u(t, o, b)
    CROSS JOIN LATERAL (SELECT data FROM period_buckets
      WHERE tenant_id = u.t AND customer_id = u.o AND bucket = u.b OFFSET 0) q;
  RETURN QUERY SELECT 'v'::text, NULL::text, NULL::text, NULL::text, nextval('write_version')::text, NULL::json, NULL::json;
END
$$;

-- acc_post_write_columns (version 8) with bucket rows (q_*: tenant, customer, bucket, data),
-- each written whole: the ledger read it under the customer's lock, or knows it is new.
CREATE FUNCTION acc_post_write_buckets(
  t_t text[], t_id text[], t_c text[], t_h text[], t_v text[], t_p text[], t_o text[], t_b text[],
  l_t text[], l_c text[], l_a text[], l_x text[], l_r text[], l_v text[], l_e numeric[], l_m numeric[], l_d timestamptz[],
  e_t text[], e_c text[], e_a text[], e_k text[], e_m numeric[], e_b numeric[], e_r text[], e_v text[], e_x text[], e_l bigint[],
  b json, k json, q_t text[], q_c text[], q_b text[], q_d text[], ver bigint)
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
  IF cardinality(q_t) > 0 THEN
    INSERT INTO period_buckets (tenant_id, customer_id, bucket, data, version)
      SELECT u.t, u.c, u.b, u.d, ver FROM unnest(q_t, q_c, q_b, q_d) AS u(t, c, b, d)
      ON CONFLICT (tenant_id, customer_id, bucket) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version;
  END IF;
END
$$;

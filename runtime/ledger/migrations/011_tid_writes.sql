-- Version 11, for throughput: a posting batch rewrites the balance and bucket rows it read by
-- their ctid instead of upserting them by key. Each upsert searched the primary key for a
-- conflict, then locked and updated the row it found: in `perf`, those conflict checks were
-- about a seventh of a posting's Postgres time. The read returns each row's ctid; the write
-- updates that tuple directly (a TID scan: no index search), inserts the rows the read looked
-- for and did not find (the customer's lock keeps them absent; a unique violation would fail
-- the batch, which is then retried), and upserts only rows no read looked for.
--
-- A ctid read under the customer's lock still names the row at the write: every writer of a
-- customer's balances and buckets holds that lock (book.ts), the batch writes each row once,
-- and VACUUM FULL or CLUSTER cannot move it while this transaction holds its table locks. The
-- write checks the key as well: a tuple that is not the row it expects (a writer that skipped
-- the lock, a manual fix) fails the batch as a serialization failure, which is retried.
--
-- The functions of version 10 stay, so an instance still running them keeps working while
-- instances are replaced.

CREATE FUNCTION acc_post_read_tids(
  c_t text[], c_id text[], x_t text[], x_id text[], p_t text[], p_k text[],
  k_t text[], k_o text[], k_k text[], a_t text[], a_o text[], a_b text[])
RETURNS TABLE (o_kind text, o_t text, o_owner text, o_key text, v1 text, j1 json, j2 json, o_tid tid)
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
      ON CONFLICT (tenant_id, customer_id) DO UPDATE SET customer_id = EXCLUDED.customer_id WHERE false
      RETURNING customers.tenant_id, customers.customer_id)
  SELECT array_agg(up.tenant_id), array_agg(up.customer_id) INTO new_t, new_id FROM up;
  IF new_id IS NOT NULL THEN
    RETURN QUERY SELECT 'c'::text, u.t, u.id, NULL::text, NULL::text, NULL::json, NULL::json, NULL::tid
      FROM unnest(new_t, new_id) AS u(t, id);
  END IF;

  RETURN QUERY SELECT 't'::text, f.t, f.id, x.body_hash, x.status, x.outcome::json, x.balances::json, NULL::tid
    FROM unnest(x_t, x_id) AS f(t, id)
    CROSS JOIN LATERAL (SELECT body_hash, status, outcome, balances FROM transactions WHERE tenant_id = f.t AND external_id = f.id OFFSET 0) x;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n >= cardinality(x_id) THEN
    RETURN;
  END IF;

  IF cardinality(p_k) > 0 THEN
    RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::json, NULL::json, NULL::tid
      FROM unnest(p_t, p_k) AS u(t, key)
      CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
        WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n < cardinality(p_k) THEN
      INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
        SELECT u.t, 'program', '*', u.k, 0, 0 FROM unnest(p_t, p_k) AS u(t, k)
        ON CONFLICT DO NOTHING;
      RETURN QUERY SELECT 'p'::text, k.tenant_id, '*'::text, k.key, k.value::text, NULL::json, NULL::json, NULL::tid
        FROM unnest(p_t, p_k) AS u(t, key)
        CROSS JOIN LATERAL (SELECT tenant_id, key, value FROM counters
          WHERE tenant_id = u.t AND scope = 'program' AND owner_id = '*' AND key = u.key FOR UPDATE) k;
    END IF;
  END IF;

  RETURN QUERY SELECT 'b'::text, u.t, u.id, b.asset, b.balance::text, NULL::json, NULL::json, b.ctid
    FROM unnest(c_t, c_id) AS u(t, id)
    CROSS JOIN LATERAL (SELECT ctid, asset, balance FROM balances WHERE tenant_id = u.t AND customer_id = u.id OFFSET 0) b;
  IF cardinality(k_k) > 0 THEN
    RETURN QUERY SELECT 'k'::text, u.t, u.o, u.key, k.value::text, NULL::json, NULL::json, NULL::tid
      FROM unnest(k_t, k_o, k_k) AS u(t, o, key)
      CROSS JOIN LATERAL (SELECT value FROM counters WHERE tenant_id = u.t AND scope = 'customer' AND owner_id = u.o AND key = u.key OFFSET 0) k;
  END IF;
  RETURN QUERY SELECT 'a'::text, u.t, u.o, u.b, q.data, NULL::json, NULL::json, q.ctid
    FROM unnest(a_t, a_o, a_b) AS u(t, o, b)
    CROSS JOIN LATERAL (SELECT ctid, data FROM period_buckets
      WHERE tenant_id = u.t AND customer_id = u.o AND bucket = u.b OFFSET 0) q;
  RETURN QUERY SELECT 'v'::text, NULL::text, NULL::text, NULL::text, nextval('write_version')::text, NULL::json, NULL::json, NULL::tid;
END
$$;

-- acc_post_write_buckets with balances as columns, and a place per balance and bucket row: the
-- ctid the read found it at (updated in place); else `fresh` when the read found no such row
-- (inserted), neither when no read looked for it (upserted by key).
CREATE FUNCTION acc_post_write_tids(
  t_t text[], t_id text[], t_c text[], t_h text[], t_v text[], t_p text[], t_o text[], t_b text[],
  l_t text[], l_c text[], l_a text[], l_x text[], l_r text[], l_v text[], l_e numeric[], l_m numeric[], l_d timestamptz[],
  e_t text[], e_c text[], e_a text[], e_k text[], e_m numeric[], e_b numeric[], e_r text[], e_v text[], e_x text[], e_l bigint[],
  b_tid tid[], b_fresh boolean[], b_t text[], b_c text[], b_a text[], b_b numeric[],
  k json, q_tid tid[], q_fresh boolean[], q_t text[], q_c text[], q_b text[], q_d text[], ver bigint)
RETURNS void LANGUAGE plpgsql VOLATILE
-- The updates by ctid must join as a nested loop over TID scans. Costed on a small table, a
-- plan cached early would hash-join a whole tenant's rows instead, and keep doing it as the
-- table grows; and the key the update checks would let the planner search the primary key
-- instead. With the alternatives off, TID scans are the only way left (no other statement here
-- scans a table: inserts' conflict checks do not go through the planner).
SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off SET enable_bitmapscan = off
SET enable_indexscan = off SET enable_indexonlyscan = off
AS $$
#variable_conflict use_column
DECLARE
  n bigint;
  expected bigint;
BEGIN
  -- The long columns (outcomes, bucket data) are unnested in a select list (in step, as
  -- unnest(a, b, …) would), not as a function in FROM, which first copies all its rows into a
  -- tuplestore.
  IF cardinality(t_id) > 0 THEN
    INSERT INTO transactions (tenant_id, external_id, customer_id, body_hash, program_version, program, outcome, balances, status)
      SELECT unnest(t_t), unnest(t_id), unnest(t_c), unnest(t_h), unnest(t_v), unnest(t_p), unnest(t_o), unnest(t_b), 'posted';
  END IF;
  IF cardinality(l_t) > 0 THEN
    INSERT INTO lots (tenant_id, customer_id, asset, transaction_id, rule_id, program_version, earned, remaining, expires_at)
      SELECT unnest(l_t), unnest(l_c), unnest(l_a), unnest(l_x), unnest(l_r), unnest(l_v), unnest(l_e), unnest(l_m), unnest(l_d);
  END IF;
  IF cardinality(e_t) > 0 THEN
    INSERT INTO ledger_entries (tenant_id, customer_id, asset, kind, amount, balance_after, rule_id, program_version, transaction_id, lot_id)
      SELECT unnest(e_t), unnest(e_c), unnest(e_a), unnest(e_k), unnest(e_m), unnest(e_b), unnest(e_r), unnest(e_v), unnest(e_x), unnest(e_l);
  END IF;
  IF cardinality(b_t) > 0 THEN
    expected := cardinality(array_remove(b_tid, NULL));
    IF expected > 0 THEN
      UPDATE balances x SET balance = u.b, version = ver
        FROM unnest(b_tid, b_t, b_c, b_a, b_b) AS u(tid, t, c, a, b)
        WHERE x.ctid = u.tid AND x.tenant_id = u.t AND x.customer_id = u.c AND x.asset = u.a;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n <> expected THEN
        RAISE EXCEPTION 'acc_post_write_tids: % of % balance rows found by ctid', n, expected USING ERRCODE = 'serialization_failure';
      END IF;
    END IF;
    -- (Each pass over the rows only when some row needs it: the columns are unnested whole.)
    IF true = ANY (b_fresh) THEN
      INSERT INTO balances (tenant_id, customer_id, asset, balance, version)
        SELECT u.t, u.c, u.a, u.b, ver FROM unnest(b_tid, b_fresh, b_t, b_c, b_a, b_b) AS u(tid, f, t, c, a, b) WHERE u.tid IS NULL AND u.f;
    END IF;
    IF EXISTS (SELECT FROM unnest(b_tid, b_fresh) AS u(tid, f) WHERE u.tid IS NULL AND NOT u.f) THEN
      INSERT INTO balances (tenant_id, customer_id, asset, balance, version)
        SELECT u.t, u.c, u.a, u.b, ver FROM unnest(b_tid, b_fresh, b_t, b_c, b_a, b_b) AS u(tid, f, t, c, a, b) WHERE u.tid IS NULL AND NOT u.f
        ON CONFLICT (tenant_id, customer_id, asset) DO UPDATE SET balance = EXCLUDED.balance, version = EXCLUDED.version;
    END IF;
  END IF;
  IF k IS NOT NULL THEN
    INSERT INTO counters (tenant_id, scope, owner_id, key, value, version)
      SELECT j.t, j.s, j.o, j.k, j.n, ver FROM json_to_recordset(k) AS j(t text, s text, o text, k text, n numeric)
      ON CONFLICT (tenant_id, scope, owner_id, key) DO UPDATE SET value = counters.value + EXCLUDED.value, version = EXCLUDED.version;
  END IF;
  IF cardinality(q_t) > 0 THEN
    expected := cardinality(array_remove(q_tid, NULL));
    IF expected > 0 THEN
      UPDATE period_buckets x SET data = u.d, version = ver
        FROM (SELECT unnest(q_tid) AS tid, unnest(q_t) AS t, unnest(q_c) AS c, unnest(q_b) AS b, unnest(q_d) AS d) AS u
        WHERE x.ctid = u.tid AND x.tenant_id = u.t AND x.customer_id = u.c AND x.bucket = u.b;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n <> expected THEN
        RAISE EXCEPTION 'acc_post_write_tids: % of % bucket rows found by ctid', n, expected USING ERRCODE = 'serialization_failure';
      END IF;
    END IF;
    IF true = ANY (q_fresh) THEN
      INSERT INTO period_buckets (tenant_id, customer_id, bucket, data, version)
        SELECT u.t, u.c, u.b, u.d, ver
        FROM (SELECT unnest(q_tid) AS tid, unnest(q_fresh) AS f, unnest(q_t) AS t, unnest(q_c) AS c, unnest(q_b) AS b, unnest(q_d) AS d) AS u
        WHERE u.tid IS NULL AND u.f;
    END IF;
    IF EXISTS (SELECT FROM unnest(q_tid, q_fresh) AS u(tid, f) WHERE u.tid IS NULL AND NOT u.f) THEN
      INSERT INTO period_buckets (tenant_id, customer_id, bucket, data, version)
        SELECT u.t, u.c, u.b, u.d, ver
        FROM (SELECT unnest(q_tid) AS tid, unnest(q_fresh) AS f, unnest(q_t) AS t, unnest(q_c) AS c, unnest(q_b) AS b, unnest(q_d) AS d) AS u
        WHERE u.tid IS NULL AND NOT u.f
        ON CONFLICT (tenant_id, customer_id, bucket) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version;
    END IF;
  END IF;
END
$$;

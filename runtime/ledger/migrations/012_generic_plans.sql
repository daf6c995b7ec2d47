-- Version 12: the posting functions plan their statements once per connection. With the default
-- plan_cache_mode each statement inside them kept a custom plan (its array parameters' lengths
-- make a generic plan look dearer than the batch at hand), so every call planned each statement
-- again: ~10% of Postgres time for the small batches of a moderate load, and nothing gained for
-- big ones — at ~270 postings a batch the generic plans are the same plans (auto_explain: every
-- lookup a nested loop over index scans, every update a TID scan), the lookups fenced by
-- OFFSET 0 and the write's joins pinned by its SET clauses whatever the estimates say.
ALTER FUNCTION acc_post_read_tids SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION acc_post_write_tids SET plan_cache_mode = force_generic_plan;

-- Version 9, for throughput: a stored outcome with its explanation is ~5 kB of text, which
-- Postgres compresses with pglz by default — a third of a posting's Postgres CPU. lz4 is several
-- times cheaper for a similar size. A server built without lz4 (PGlite) keeps pglz.
DO $$
BEGIN
  ALTER TABLE transactions ALTER COLUMN outcome SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available: stored outcomes keep the default compression';
END
$$;

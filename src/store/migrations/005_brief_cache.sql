-- Verified LLM briefs by what they were made from (src/brief/cache.ts), so a story is briefed once
-- and shared. Only the engine writes here; a fallback brief is never stored.
CREATE TABLE brief_cache (
  -- sha256 (hex) of the articles' fingerprints, prompt version, model and engine
  key text PRIMARY KEY,
  engine text NOT NULL,
  model text,
  prompt_version text,
  -- the BriefResult as the engine returned it
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz NOT NULL DEFAULT now(),
  hits integer NOT NULL DEFAULT 0
);
-- Retention prunes briefs nobody has asked for lately.
CREATE INDEX brief_cache_used_idx ON brief_cache (used_at);

-- A replica making a brief holds its key here until it has stored it, so other replicas wait for
-- that brief instead of calling the LLM too. A crashed replica's claim lapses at expires_at.
CREATE TABLE brief_cache_claims (
  key text PRIMARY KEY,
  -- random per claim: only its holder can release it
  token text NOT NULL,
  expires_at timestamptz NOT NULL
);

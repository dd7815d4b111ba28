-- Daily digests. team_id is the Slack workspace ('' for the console, which has none).

-- When a channel gets its digest, in which zone, and what it does on a day with nothing new.
CREATE TABLE digest_channels (
  team_id text NOT NULL,
  channel text NOT NULL,
  minutes integer NOT NULL CHECK (minutes BETWEEN 0 AND 1439),
  time_zone text NOT NULL,
  -- where the zone came from: 'given', 'creator', 'workspace' or 'utc' (said in the confirmation)
  zone_source text NOT NULL,
  -- true: no post on a day with nothing new; false: a one-line "nothing new on X"
  skip_empty boolean NOT NULL DEFAULT false,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, channel)
);

CREATE TABLE digest_topics (
  team_id text NOT NULL,
  channel text NOT NULL,
  topic text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, channel, topic),
  FOREIGN KEY (team_id, channel) REFERENCES digest_channels (team_id, channel) ON DELETE CASCADE
);

-- One row per (channel, local date): claimed before posting, so two workers, a crash or a restart
-- never post twice. A claim left by a dead worker is taken over after its lease, and the new
-- worker looks in the channel for the digest's marker before posting.
CREATE TABLE digests (
  id bigserial PRIMARY KEY,
  team_id text NOT NULL,
  channel text NOT NULL,
  local_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('claimed', 'posted', 'skipped', 'failed')),
  claim_token text NOT NULL,
  claimed_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 1,
  delayed boolean NOT NULL DEFAULT false,
  posted_ts text,
  posted_at timestamptz,
  -- stories posted without an LLM summary, summarised in the thread once the LLM is back
  pending_summaries boolean NOT NULL DEFAULT false,
  error text,
  UNIQUE (team_id, channel, local_date)
);
CREATE INDEX digests_pending_idx ON digests (pending_summaries) WHERE pending_summaries;

-- The stories a digest carried, so later digests leave them out unless they changed.
CREATE TABLE digest_items (
  digest_id bigint NOT NULL REFERENCES digests (id) ON DELETE CASCADE,
  topic text NOT NULL,
  story_key text NOT NULL,
  -- changes when the story gains an article; a different key means "updated"
  content_key text NOT NULL,
  summarised boolean NOT NULL,
  article_ids bigint[] NOT NULL,
  PRIMARY KEY (digest_id, story_key)
);

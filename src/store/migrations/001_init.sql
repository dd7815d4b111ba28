-- One dialect for PGlite and PostgreSQL (12+).

CREATE TABLE articles (
  id bigserial PRIMARY KEY,
  -- canonical form (tracking parameters and fragment removed); null for files and stdin
  url text UNIQUE,
  -- sha256 (hex) of the normalised text
  content_hash text NOT NULL UNIQUE,
  title text,
  site_name text,
  lang text,
  -- for ordering; a date-only value is read as midnight UTC
  published_at timestamptz,
  -- the ISO string exactly as the article gave it (date-only stays date-only)
  published_text text,
  text text NOT NULL,
  source text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, text), 'B')
  ) STORED
);
CREATE INDEX articles_search_idx ON articles USING gin (search);
CREATE INDEX articles_published_idx ON articles (published_at DESC);

CREATE TABLE briefs (
  id bigserial PRIMARY KEY,
  team_id text,
  channel text NOT NULL,
  thread_ts text NOT NULL,
  query text NOT NULL,
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, thread_ts)
);
CREATE INDEX briefs_channel_created_idx ON briefs (channel, created_at DESC, id DESC);

CREATE TABLE brief_articles (
  brief_id bigint NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
  article_id bigint NOT NULL REFERENCES articles (id),
  position integer NOT NULL,
  PRIMARY KEY (brief_id, position)
);
CREATE INDEX brief_articles_article_idx ON brief_articles (article_id);

CREATE TABLE thread_turns (
  id bigserial PRIMARY KEY,
  brief_id bigint NOT NULL REFERENCES briefs (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX thread_turns_brief_idx ON thread_turns (brief_id, id);

CREATE TABLE slack_events (
  event_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX slack_events_seen_idx ON slack_events (seen_at);

-- RSS/Atom feeds, polled by the jobs. team_id null: a global (CLI) feed; else a Slack workspace's.
CREATE TABLE feeds (
  id bigserial PRIMARY KEY,
  team_id text,
  url text NOT NULL,
  title text,
  etag text,
  last_modified text,
  last_polled_at timestamptz,
  next_poll_at timestamptz NOT NULL DEFAULT now(),
  failures integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One dialect for PostgreSQL 12+: no NULLS NOT DISTINCT, so the null team is folded to ''.
CREATE UNIQUE INDEX feeds_team_url_idx ON feeds ((coalesce(team_id, '')), url);
CREATE INDEX feeds_next_poll_idx ON feeds (next_poll_at);

-- Items already taken from a feed, so each is ingested once.
CREATE TABLE feed_items (
  feed_id bigint NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  item_url text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feed_id, item_url)
);

-- Retention deletes old articles: their places in briefs go with them.
ALTER TABLE brief_articles DROP CONSTRAINT brief_articles_article_id_fkey;
ALTER TABLE brief_articles
  ADD CONSTRAINT brief_articles_article_id_fkey FOREIGN KEY (article_id) REFERENCES articles (id) ON DELETE CASCADE;
CREATE INDEX articles_ingested_idx ON articles (ingested_at);

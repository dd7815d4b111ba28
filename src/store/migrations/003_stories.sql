-- Stories: the same news from several outlets. One dialect for PGlite and PostgreSQL 12+.
CREATE TABLE stories (
  id bigserial PRIMARY KEY,
  -- the title of its first article, for lists and "2 more stories: …"
  headline text NOT NULL,
  -- the span of its articles' times (published, else ingested)
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- bumped when an article joins
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stories_last_at_idx ON stories (last_at DESC);

-- An article is in exactly one story; it goes when the article is pruned.
CREATE TABLE story_articles (
  article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  -- the article's time (published, else ingested), copied here for the time gate and windows
  at timestamptz NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_articles_story_idx ON story_articles (story_id, at);
CREATE INDEX story_articles_at_idx ON story_articles (at);

-- Topic aliases per Slack workspace: korea → {south korea, seoul, korean}. team_id '' = every
-- workspace (and the CLI); '' rather than null so the primary key works without NULLS NOT DISTINCT.
CREATE TABLE topic_aliases (
  team_id text NOT NULL DEFAULT '',
  term text NOT NULL,
  aliases text[] NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, term)
);

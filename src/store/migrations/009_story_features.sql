-- Each story member's clustering features (stories/cluster.ts StoredFeatures: term counts and
-- anchors), written when the article joins a story, so assigning a new article compares it with
-- its candidates without re-reading and re-tokenising their texts. A table of its own, so that
-- story_articles stays narrow (searches join it for every hit). Members from before this migration
-- have no row: assign computes theirs from the article's text on first use and stores it.
CREATE TABLE story_features (
  article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
  features jsonb NOT NULL
);

-- Articles not yet in a story, kept by triggers however articles arrive (a membership deleted by
-- hand does not queue its article again; the app never deletes one but by pruning), so the pass that
-- assigns them (before every story search) reads this small table instead of anti-joining all
-- articles with story_articles.
CREATE TABLE story_pending (
  article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
INSERT INTO story_pending (article_id)
  SELECT a.id FROM articles a
  WHERE NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id);

CREATE FUNCTION story_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_pending (article_id) SELECT id FROM added ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER articles_story_pending AFTER INSERT ON articles
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION story_pending_add();

CREATE FUNCTION story_pending_done() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM story_pending p USING joined j WHERE p.article_id = j.article_id;
  RETURN NULL;
END $$;
CREATE TRIGGER story_articles_story_pending AFTER INSERT ON story_articles
  REFERENCING NEW TABLE AS joined FOR EACH STATEMENT EXECUTE FUNCTION story_pending_done();

-- The article's time (published, else ingested; story_articles.at holds the same value) as an
-- index, so a topic search in a time window combines it with the full-text index (BitmapAnd) and
-- reads only the matching articles inside the window instead of every match of all time.
CREATE INDEX articles_at_idx ON articles ((coalesce(published_at, ingested_at)));

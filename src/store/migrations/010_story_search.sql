-- Topic search reads this table alone: each story member's search vector (a copy of
-- articles.search), its story and its time. Searching articles joined to story_articles read a wide
-- article row (text and all) and a membership for every match; a row here is a third as wide and
-- needs no join, which halves a 100k-article search. Kept by a trigger on story_articles, so every
-- way an article joins a story fills it, and it goes with the membership. Articles are never
-- edited in place (an add that meets a known URL or text does nothing), so the copy cannot go stale.
CREATE TABLE story_search (
  article_id bigint PRIMARY KEY REFERENCES story_articles (article_id) ON DELETE CASCADE,
  story_id bigint NOT NULL,
  at timestamptz NOT NULL,
  search tsvector NOT NULL
);
INSERT INTO story_search (article_id, story_id, at, search)
  SELECT sa.article_id, sa.story_id, sa.at, a.search
  FROM story_articles sa JOIN articles a ON a.id = sa.article_id
  ORDER BY sa.at;
CREATE INDEX story_search_search_idx ON story_search USING gin (search) WITH (fastupdate = off);
CREATE INDEX story_search_at_idx ON story_search (at);

CREATE FUNCTION story_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO story_search (article_id, story_id, at, search)
    SELECT j.article_id, j.story_id, j.at, a.search FROM joined j JOIN articles a ON a.id = j.article_id;
  RETURN NULL;
END $$;
CREATE TRIGGER story_articles_story_search AFTER INSERT ON story_articles
  REFERENCING NEW TABLE AS joined FOR EACH STATEMENT EXECUTE FUNCTION story_search_add();

-- Served the old search's time condition (migration 009); nothing reads articles by it now.
DROP INDEX articles_at_idx;
ANALYZE story_search;

-- An index of stories for clustering: each story's keys (its members' strongest terms,
-- stories/cluster.ts storyKeys) with the time of the latest member that has the key. A new
-- article's candidate stories are those sharing one of its keys with a member within the time gate,
-- read through (key, last_at): a bounded range per key, however many articles arrived in between
-- (before, assign compared a new article with the latest 500 story members only, about 7 hours of
-- news at 5,000 articles a day). Rows go with their story; stories go when retention has taken
-- their last article (store/feeds.ts pruneArticles).
CREATE TABLE story_keys (
  story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
  key text NOT NULL,
  last_at timestamptz NOT NULL,
  PRIMARY KEY (story_id, key)
);
CREATE INDEX story_keys_key_at_idx ON story_keys (key, last_at DESC);

-- Existing members' keys from their stored features, as storyKeys picks them: the 10 terms with
-- the highest counts, ties by term in byte order. Members without stored features (from before
-- migration 009) are left out; their stories are found through their other members' keys.
INSERT INTO story_keys (story_id, key, last_at)
  SELECT sa.story_id, k.term, max(sa.at)
  FROM story_articles sa
  JOIN story_features f ON f.article_id = sa.article_id
  CROSS JOIN LATERAL (
    SELECT t.term
    FROM jsonb_array_elements_text(f.features -> 't') WITH ORDINALITY AS t (term, i)
    JOIN jsonb_array_elements_text(f.features -> 'c') WITH ORDINALITY AS c (n, j) ON c.j = t.i
    ORDER BY c.n::numeric DESC, t.term COLLATE "C"
    LIMIT 10
  ) k
  GROUP BY sa.story_id, k.term;

ANALYZE story_keys;

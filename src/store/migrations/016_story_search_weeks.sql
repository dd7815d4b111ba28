-- Topic search bounded at any store size: story_search split into one partition per UTC week
-- (Monday to Monday) of its rows' time. Each partition has its own full-text index, so a search over
-- the last 7 days reads the indexes of the two or three weeks it touches, about 35,000 rows each at
-- 5,000 articles a day, however many weeks the store holds. The day lexemes of migration 015 stay:
-- in the partitions read they still narrow a search to its days. Before, a word typed plainly (a
-- prefix, `korea` → 'korea':*) was resolved over the whole index before the days could bound it:
-- 200 ms of a 230 ms search at 1M articles on PostgreSQL.
--
-- Partitions are made when the first row of their week arrives (story_search_week, called by the
-- insert trigger), and retention drops the ones whose articles are all gone
-- (story_search_drop_weeks, store/feeds.ts pruneArticles), instead of deleting their rows one by one.

ALTER TABLE story_search RENAME TO story_search_unweekly;
ALTER INDEX story_search_search_idx RENAME TO story_search_unweekly_search_idx;
ALTER INDEX story_search_pkey RENAME TO story_search_unweekly_pkey;

CREATE TABLE story_search (
  article_id bigint NOT NULL REFERENCES story_articles (article_id) ON DELETE CASCADE,
  story_id bigint NOT NULL,
  at timestamptz NOT NULL,
  search tsvector NOT NULL
) PARTITION BY RANGE (at);

-- The partition of the week holding `at`, made when missing. Rows up to 8 kB stay in the row
-- uncompressed (toast_tuple_target): a search reads every matching row's vector twice (the match,
-- then the rank), and a real article's vector of 3–6 kB would otherwise be decompressed each time.
CREATE FUNCTION story_search_week(t timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  monday timestamp := date_trunc('week', t AT TIME ZONE 'UTC');
  name text := 'story_search_w' || to_char(monday, 'YYYYMMDD');
BEGIN
  IF to_regclass(quote_ident(current_schema()) || '.' || name) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I.%I PARTITION OF story_search FOR VALUES FROM (%L) TO (%L) WITH (toast_tuple_target = 8160)',
    current_schema(), name, monday AT TIME ZONE 'UTC', (monday + interval '7 days') AT TIME ZONE 'UTC');
END $$;

-- The words of the searched rows, each with the latest UTC day a row with it is dated. A word
-- typed plainly is a prefix (`korea` finds `korean`), and the full-text index resolves a prefix
-- by OR-ing the rows of every word it covers before anything narrows them: 9–18 ms in a single
-- week's partition at 1M articles, where the exact words take under 1 ms. A windowed search reads
-- here the words that start with the prefix and were seen since the window's first day (a few;
-- store/stories.ts prefixWords) and looks for those exactly. Words no row has used since the
-- retention cutoff are deleted with the articles (store/feeds.ts pruneArticles).
CREATE TABLE search_words (
  word text COLLATE "C" PRIMARY KEY,
  last_day date NOT NULL
);

CREATE OR REPLACE FUNCTION story_search_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  week timestamptz;
BEGIN
  FOR week IN SELECT DISTINCT date_trunc('week', j.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM joined j LOOP
    PERFORM story_search_week(week);
  END LOOP;
  INSERT INTO story_search (article_id, story_id, at, search)
    SELECT j.article_id, j.story_id, j.at,
      a.search || array_to_tsvector(ARRAY['day ' || to_char(j.at AT TIME ZONE 'UTC', 'YYYY-MM-DD')])
    FROM joined j JOIN articles a ON a.id = j.article_id;
  -- Only new words and words seen on a later day are written (most of an article's are neither).
  INSERT INTO search_words (word, last_day)
    SELECT n.word, max(n.day) FROM (
      SELECT w.word COLLATE "C" AS word, (j.at AT TIME ZONE 'UTC')::date AS day
      FROM joined j JOIN articles a ON a.id = j.article_id
      CROSS JOIN unnest(tsvector_to_array(a.search)) AS w (word)
    ) n
    WHERE NOT EXISTS (SELECT 1 FROM search_words s WHERE s.word = n.word AND s.last_day >= n.day)
    GROUP BY n.word
  ON CONFLICT (word) DO UPDATE SET last_day = excluded.last_day WHERE search_words.last_day < excluded.last_day;
  RETURN NULL;
END $$;

-- Retention: drops each week partition that ends before `cutoff` and holds no article ingested
-- since (retention deletes those ingested before it). Returns how many went. A week with an article
-- still kept (an old item a feed delivered lately) stays until that one goes too.
CREATE FUNCTION story_search_drop_weeks(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  part record;
  kept boolean;
  dropped integer := 0;
BEGIN
  FOR part IN
    SELECT c.oid::regclass AS rel, c.relname
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'story_search'::regclass AND c.relname ~ '^story_search_w[0-9]{8}$'
      AND to_date(substr(c.relname, 15), 'YYYYMMDD')::timestamp AT TIME ZONE 'UTC' + interval '7 days' <= cutoff
  LOOP
    EXECUTE format(
      'SELECT EXISTS (SELECT 1 FROM %s p JOIN articles a ON a.id = p.article_id WHERE a.ingested_at >= $1)',
      part.rel) INTO kept USING cutoff;
    IF NOT kept THEN
      EXECUTE format('DROP TABLE %s', part.rel);
      dropped := dropped + 1;
    END IF;
  END LOOP;
  RETURN dropped;
END $$;

-- The rows already there, week by week, then each week's indexes built once over its rows.
SELECT story_search_week(w) FROM (
  SELECT DISTINCT date_trunc('week', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS w FROM story_search_unweekly
) weeks;
INSERT INTO story_search (article_id, story_id, at, search)
  SELECT article_id, story_id, at, search FROM story_search_unweekly ORDER BY at;
INSERT INTO search_words (word, last_day)
  SELECT w.word COLLATE "C", max((s.at AT TIME ZONE 'UTC')::date)
  FROM story_search_unweekly s CROSS JOIN unnest(tsvector_to_array(s.search)) AS w (word)
  WHERE w.word NOT LIKE 'day %'
  GROUP BY w.word;
DROP TABLE story_search_unweekly;

-- Retention's deletes find a row by its article; the full-text index as migration 015 left it.
CREATE INDEX story_search_article_idx ON story_search (article_id);
CREATE INDEX story_search_search_idx ON story_search USING gin (search)
  WITH (fastupdate = on, gin_pending_list_limit = 256);
ANALYZE story_search;
ANALYZE search_words;

-- Korean, Japanese and Chinese words for search (src/text/cjk.ts): PostgreSQL's parser reads a
-- run of Han or kana as one word, so nothing typed matched Japanese text. The app writes each
-- article's extra search words (Han/kana bigrams, Korean words without particles, full-width
-- folded) beside its title and text, and the search vector takes them at the same weights.
-- Articles stored before this migration keep their old vector (re-ingest to search them in CJK).
ALTER TABLE articles ADD COLUMN title_cjk text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN text_cjk text NOT NULL DEFAULT '';
DROP INDEX articles_search_idx;
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') ||
  setweight(to_tsvector('simple'::regconfig, text), 'B') ||
  setweight(to_tsvector('simple'::regconfig, title_cjk), 'A') ||
  setweight(to_tsvector('simple'::regconfig, text_cjk), 'B')
) STORED;
CREATE INDEX articles_search_idx ON articles USING gin (search);

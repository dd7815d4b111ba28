import type { Article } from '../ingest/article.ts';
import { canLoosen, parseTopic, tsqueryOf } from '../stories/topic.ts';
import { cjkSearchText } from '../text/cjk.ts';
import { contentHash } from '../text/hash.ts';
import type { Queryable } from './db.ts';
import { canonicalizeUrl } from './url.ts';

export interface StoredArticle extends Article {
  id: number;
}

export interface ArticleStore {
  /** Same canonical URL or same normalised text as a stored article → that article, created false. */
  add(article: Article): Promise<{ article: StoredArticle; created: boolean }>;
  /** Articles containing all the topic's terms (else any of them), best match first; default limit 5. */
  search(topic: string, opts?: { limit?: number }): Promise<StoredArticle[]>;
  /** In the order given; unknown ids are skipped. */
  byIds(ids: number[]): Promise<StoredArticle[]>;
  count(): Promise<number>;
}

export const DEFAULT_SEARCH_LIMIT = 5;

/** Columns for `rowToArticle`, qualified by `a`. */
export const ARTICLE_COLUMNS =
  'a.id, a.url, a.title, a.site_name, a.lang, a.published_text, a.published_at, a.text, a.source';

export interface ArticleRow {
  id: number | string | bigint;
  url: string | null;
  title: string | null;
  site_name: string | null;
  lang: string | null;
  published_text: string | null;
  published_at: Date | string | null;
  text: string;
  source: string;
}

export function rowToArticle(row: ArticleRow): StoredArticle {
  return {
    id: Number(row.id),
    text: row.text,
    title: row.title,
    source: row.source,
    url: row.url,
    siteName: row.site_name,
    lang: row.lang,
    publishedAt: row.published_text ?? (row.published_at === null ? null : isoString(row.published_at)),
  };
}

/** pg and PGlite return timestamptz as Date; a string is taken as already ISO. */
export function isoString(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

/** An ISO date or date-time → a timestamptz value; date-only means midnight UTC. Null when unreadable. */
export function publishedInstant(publishedAt: string | null): string | null {
  if (!publishedAt) return null;
  const s = publishedAt.trim();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * Stores an article unless one with its canonical URL or content hash is stored: ON CONFLICT
 * without a target covers both unique keys, so two racing adds cannot both insert. Its values
 * (`articleValues`) from parameter `first` on; returns `returning` of the new row, none when stored.
 */
export function insertArticleSql(first = 1, returning = ARTICLE_COLUMNS): string {
  const params = Array.from({ length: 11 }, (_, i) => `$${first + i}`).join(', ');
  return `INSERT INTO articles AS a
      (url, content_hash, title, site_name, lang, published_at, published_text, text, source, title_cjk, text_cjk)
    VALUES (${params})
    ON CONFLICT DO NOTHING
    RETURNING ${returning}`;
}

/** The values `insertArticleSql` stores, and the canonical URL and hash it is found by. */
export function articleValues(article: Article): { values: unknown[]; url: string | null; hash: string } {
  const url = article.url ? canonicalizeUrl(article.url) : null;
  const hash = contentHash(article.text);
  return {
    url,
    hash,
    values: [
      url,
      hash,
      article.title,
      article.siteName,
      article.lang,
      publishedInstant(article.publishedAt),
      article.publishedAt,
      article.text,
      article.source,
      cjkSearchText(article.title ?? ''),
      cjkSearchText(article.text),
    ],
  };
}

/** The stored article with this canonical URL, else this content hash. */
export async function findArticle(
  db: Queryable,
  url: string | null,
  hash: string,
): Promise<StoredArticle | null> {
  const { rows } = await db.query<ArticleRow>(
    `SELECT ${ARTICLE_COLUMNS} FROM articles a
     WHERE a.url = $1 OR a.content_hash = $2
     ORDER BY (a.url IS NOT DISTINCT FROM $1) DESC, a.id
     LIMIT 1`,
    [url, hash],
  );
  return rows[0] ? rowToArticle(rows[0]) : null;
}

const INSERT_ARTICLE_SQL = insertArticleSql();

export function articleStore(db: Queryable): ArticleStore {
  async function search(tsquery: string, limit: number): Promise<StoredArticle[]> {
    const { rows } = await db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS}
       FROM articles a, to_tsquery('simple', $1) q
       WHERE a.search @@ q
       ORDER BY ts_rank(a.search, q) DESC, coalesce(a.published_at, a.ingested_at) DESC, a.id DESC
       LIMIT $2`,
      [tsquery, limit],
    );
    return rows.map(rowToArticle);
  }

  return {
    async add(article) {
      const { values, url, hash } = articleValues(article);
      const { rows } = await db.query<ArticleRow>(INSERT_ARTICLE_SQL, values, { name: 'add_article' });
      if (rows[0]) return { article: rowToArticle(rows[0]), created: true };
      const existing = await findArticle(db, url, hash);
      if (!existing) throw new Error('article insert conflicted but no matching row was found');
      return { article: existing, created: false };
    },

    async search(topic, opts = {}) {
      const limit = Math.max(1, Math.floor(opts.limit ?? DEFAULT_SEARCH_LIMIT));
      // The same reading of a topic as story search (phrases, `or`, `-word`, CJK words), no aliases.
      const query = parseTopic(topic);
      const all = tsqueryOf(query, 'all');
      if (all === null) return [];
      const found = await search(all, limit);
      if (found.length > 0 || !canLoosen(query)) return found;
      return search(tsqueryOf(query, 'any') ?? all, limit);
    },

    async byIds(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<ArticleRow>(
        `SELECT ${ARTICLE_COLUMNS}
         FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord)
         JOIN articles a ON a.id = u.id
         ORDER BY u.ord`,
        [ids],
      );
      return rows.map(rowToArticle);
    },

    async count() {
      const { rows } = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM articles');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

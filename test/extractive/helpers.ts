import type { Article } from '../../src/ingest/article.ts';

/** An Article for tests: only text, title and publishedAt matter to the extractive engine. */
export function article(
  text: string,
  publishedAt: string | null = null,
  title: string | null = null,
): Article {
  return { text, title, publishedAt, source: 'test', url: null, siteName: null, lang: 'en' };
}

import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../src/brief/engine.ts';
import { loadArticle } from '../../src/ingest/load.ts';

const noFetch = { fetchPage: async () => Promise.reject(new Error('no network in tests')) };

describe('the source of a file', () => {
  it('is named by its title line when it has one', async () => {
    const article = await loadArticle('fixtures/articles/port-deal.txt', noFetch);
    expect(sourceOf(article).title).toBe('Chile and Vietnam sign port and shipping accord in Valparaíso');
  });

  it('is named by its file name when the first line is no title', async () => {
    const article = await loadArticle('fixtures/articles/summit-tokyo.txt', noFetch);
    expect(article.title).toBeNull(); // the headline is still written from the text, not the file name
    expect(sourceOf(article).title).toBe('summit-tokyo.txt');
  });

  it('stays untitled for stdin and pages without a title', () => {
    const base = { text: 'x', title: null, url: null, siteName: null, lang: null, publishedAt: null };
    expect(sourceOf({ ...base, source: '-' }).title).toBeNull();
    expect(sourceOf({ ...base, source: 'https://news.example/a' }).title).toBeNull();
    expect(sourceOf({ ...base, source: 'feed:https://news.example/rss' }).title).toBeNull();
  });
});

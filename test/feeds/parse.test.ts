import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyFeedReason, MAX_FEED_ITEMS, parseFeed } from '../../src/ingest/feeds.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/feeds/${name}`, import.meta.url), 'utf8');

describe('parseFeed', () => {
  it('reads RSS 2.0 with content:encoded, guid permalinks and skips items without a link', () => {
    const feed = parseFeed(fixture('rss.xml'));
    expect(feed.title).toBe('Harbour Gazette & Times');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      url: 'https://news.example.com/port-deal.html',
      title: 'Port workers agree pay deal',
      publishedAt: '2026-03-03T09:15:00.000Z',
      summaryHtml: 'Dockers accept a 6% rise.',
      contentHtml:
        '<p>Dockers at the port accepted a 6% rise on Monday.</p><p>The union said talks resume in June.</p>',
    });
    expect(feed.items[1]?.url).toBe('https://news.example.com/ferry.html');
    expect(feed.items[1]?.summaryHtml).toBe('<p>Winter timetable starts in November.</p>');
    expect(feed.items[1]?.publishedAt).toBeNull();
  });

  it('reads Atom: rel=alternate link, published before updated, html content', () => {
    const feed = parseFeed(fixture('atom.xml'));
    expect(feed.title).toBe('Summit Watch');
    expect(feed.items.map((i) => i.url)).toEqual([
      'https://atom.example.org/summit-tokyo',
      'https://atom.example.org/follow-up',
    ]);
    expect(feed.items[0]?.publishedAt).toBe('2026-03-03T23:30:00.000Z');
    expect(feed.items[0]?.contentHtml).toContain('<p>The two leaders met in Tokyo');
    expect(feed.items[1]?.publishedAt).toBe('2026-03-05T12:00:00.000Z');
  });

  it('reads past a broken end tag, and refuses a cut-off document, HTML and other XML with reasons', () => {
    // </channel> closes the unclosed <title> and <item>, as readers do; the entry has no link.
    const broken = parseFeed(fixture('malformed.xml'));
    expect(broken).toMatchObject({ format: 'RSS 2.0', title: 'Broken', entries: 1, items: [] });
    expect(emptyFeedReason(broken)).toBe(
      'none of the 1 entry in the RSS 2.0 feed can be used (it has no link)',
    );
    expect(() => parseFeed('<rss><channel>')).toThrow(
      expect.objectContaining({ code: 'bad-feed', message: expect.stringContaining('not well-formed') }),
    );
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow(
      expect.objectContaining({ code: 'web-page' }),
    );
    expect(() => parseFeed('<?xml version="1.0"?><svg></svg>')).toThrow(
      expect.objectContaining({
        code: 'bad-feed',
        message: expect.stringContaining('root element is <svg>'),
      }),
    );
    expect(() => parseFeed('{"items": ')).toThrow(expect.objectContaining({ code: 'bad-feed' }));
    expect(() => parseFeed('plain words')).toThrow(expect.objectContaining({ code: 'bad-feed' }));
  });

  it('caps a huge feed at MAX_FEED_ITEMS', () => {
    const items = Array.from(
      { length: 1000 },
      (_, i) => `<item><title>n${i}</title><link>https://x.example/${i}</link></item>`,
    ).join('');
    const feed = parseFeed(`<rss version="2.0"><channel><title>Big</title>${items}</channel></rss>`);
    expect(feed.items).toHaveLength(MAX_FEED_ITEMS);
    expect(feed.items[0]?.url).toBe('https://x.example/0');
  });
});

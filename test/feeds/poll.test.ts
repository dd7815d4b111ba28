import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPage } from '../../src/ingest/fetch.ts';
import { loadArticle } from '../../src/ingest/load.ts';
import { FEED_CONTENT_TYPES, type PollDeps, pollFeed } from '../../src/jobs/poll.ts';
import { backoffMinutes } from '../../src/store/feeds.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import { fakeResolver } from '../helpers/dns.ts';

const FEED = 'https://feeds.example.com/news.xml';
const BODY = (n: string) =>
  `The harbour authority of ${n} said on Monday that dock workers had accepted a new pay agreement after three weeks of talks. ` +
  'The deal raises wages by six percent over two years and adds a night-shift allowance. ' +
  'Union leaders said the vote was close but the members wanted certainty before the busy season. ' +
  'Shipping companies welcomed the agreement and said cargo handling would return to normal by Friday.';
const PAGE = (n: string) =>
  `<!doctype html><html><head><title>${n} pay deal</title></head><body><article><h1>${n} pay deal</h1><p>${BODY(n)}</p></article></body></html>`;
const RSS = (items: string[]) =>
  `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Port News</title>${items
    .map(
      (n) =>
        `<item><title>${n} pay deal</title><link>https://news.example.com/${n}</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>${BODY(n)} (feed copy)</p>]]></content:encoded></item>`,
    )
    .join('')}</channel></rss>`;

const fetchOpts = { timeoutMs: 2000, maxBytes: 1_000_000, allowPrivate: false, resolve: fakeResolver() };

describeEngines(
  'feeds',
  (ctx) => {
    let store: Store;
    let now: Date;

    function deps(): PollDeps {
      return {
        store,
        fetchFeed: (url, headers) =>
          fetchPage(url, { ...fetchOpts, contentTypes: FEED_CONTENT_TYPES, headers }),
        loadUrl: (url) => loadArticle(url, { fetchPage: (u) => fetchPage(u, fetchOpts) }),
        now: () => now,
        intervalMinutes: 30,
      };
    }

    beforeAll(() => {
      store = createStore(ctx.db);
    });
    beforeEach(() => {
      nock.cleanAll();
      now = new Date('2026-03-03T10:00:00Z');
    });

    describe('pollFeed', () => {
      it('ingests new items, then sends conditional headers and does nothing on 304', async () => {
        const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .reply(200, RSS(['a', 'b']), {
            'content-type': 'application/rss+xml',
            etag: '"v1"',
            'last-modified': 'Tue, 03 Mar 2026 09:00:00 GMT',
          });
        nock('https://news.example.com').get('/a').reply(200, PAGE('a'), { 'content-type': 'text/html' });
        nock('https://news.example.com').get('/b').reply(200, PAGE('b'), { 'content-type': 'text/html' });
        const first = await pollFeed(feed, deps());
        expect(first).toMatchObject({ status: 'ok', items: 2, added: 2, fromFeed: 0 });
        expect(await store.articles.count()).toBe(2);

        const [polled] = await store.feeds.list(null);
        expect(polled).toMatchObject({ title: 'Port News', etag: '"v1"', failures: 0, lastError: null });
        expect(polled?.nextPollAt).toBe('2026-03-03T10:30:00.000Z');
        expect(await store.feeds.due(now)).toEqual([]);

        const conditional = nock('https://feeds.example.com', {
          reqheaders: { 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 03 Mar 2026 09:00:00 GMT' },
        })
          .get('/news.xml')
          .reply(304);
        now = new Date('2026-03-03T10:31:00Z');
        const [due] = await store.feeds.due(now);
        expect(due?.id).toBe(feed.id);
        if (!due) throw new Error('not due');
        const second = await pollFeed(due, deps());
        expect(second).toMatchObject({ status: 'not-modified', items: 0, added: 0 });
        expect(conditional.isDone()).toBe(true);
      });

      it('ingests each item once across polls', async () => {
        const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .twice()
          .reply(200, RSS(['a']), { 'content-type': 'text/xml' });
        const page = nock('https://news.example.com')
          .get('/a')
          .reply(200, PAGE('a'), { 'content-type': 'text/html' });
        expect(await pollFeed(feed, deps())).toMatchObject({ items: 1, added: 1 });
        expect(await pollFeed(feed, deps())).toMatchObject({ status: 'ok', items: 0, added: 0 });
        expect(page.isDone()).toBe(true);
        expect(await store.articles.count()).toBe(1);
      });

      it("uses the feed's own content when the page cannot be fetched", async () => {
        const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .reply(200, RSS(['gone']), { 'content-type': 'application/rss+xml' });
        nock('https://news.example.com').get('/gone').reply(404);
        expect(await pollFeed(feed, deps())).toMatchObject({ items: 1, added: 1, fromFeed: 1 });
        const [article] = await store.articles.search('harbour', { limit: 1 });
        expect(article?.source).toBe(`feed:${FEED}`);
        expect(article?.url).toBe('https://news.example.com/gone');
        expect(article?.text).toContain('(feed copy)');
      });

      it('records 404 and 500 as failures with a growing backoff, shown by list', async () => {
        const { feed } = await store.feeds.add({ teamId: 'T1', url: FEED, title: null });
        nock('https://feeds.example.com').get('/news.xml').reply(404).get('/news.xml').reply(500);
        expect(await pollFeed(feed, deps())).toMatchObject({
          status: 'failed',
          error: expect.stringContaining('404'),
        });
        let [listed] = await store.feeds.list('T1');
        expect(listed).toMatchObject({ failures: 1, lastError: expect.stringContaining('HTTP 404') });
        expect(listed?.nextPollAt).toBe('2026-03-03T11:00:00.000Z');
        await pollFeed(feed, deps());
        [listed] = await store.feeds.list('T1');
        expect(listed).toMatchObject({ failures: 2, lastError: expect.stringContaining('HTTP 500') });
        expect(listed?.nextPollAt).toBe('2026-03-03T12:00:00.000Z');
        expect(await store.feeds.list(null)).toEqual([]);
        expect(backoffMinutes(30, 10)).toBe(24 * 60);
      });

      it('resolves relative Atom links against the fetched URL, and dates an undated item when first seen', async () => {
        const atom = `\n<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Releases</title>
          <entry><title>v3.9.0</title><link href="/port/releases/tag/v3.9.0"/><updated>2026-03-01T10:00:00Z</updated></entry>
          <entry><title>notes</title><link href="/port/notes"/></entry></feed>`;
        const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .reply(200, atom, { 'content-type': 'application/atom+xml' });
        nock('https://feeds.example.com')
          .get('/port/releases/tag/v3.9.0')
          .reply(200, PAGE('release'), { 'content-type': 'text/html' });
        nock('https://feeds.example.com')
          .get('/port/notes')
          .reply(200, PAGE('notes'), { 'content-type': 'text/html' });
        const result = await pollFeed(feed, deps());
        expect(result).toMatchObject({ status: 'ok', items: 2, added: 2 });
        const stored = await store.articles.byIds((result.articles ?? []).map((a) => a.id));
        const dates = Object.fromEntries(stored.map((a) => [a.url, a.publishedAt]));
        expect(dates).toEqual({
          'https://feeds.example.com/port/releases/tag/v3.9.0': '2026-03-01T10:00:00.000Z',
          'https://feeds.example.com/port/notes': now.toISOString(),
        });
      });

      it('records a feed whose entries are all unusable as polled, with the reason for feeds list', async () => {
        const { feed } = await store.feeds.add({ teamId: 'T1', url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .reply(
            200,
            '<rss version="2.0"><channel><item><title>x</title><link>mailto:desk@example.com</link></item></channel></rss>',
            {
              'content-type': 'text/xml',
            },
          );
        expect(await pollFeed(feed, deps())).toMatchObject({
          status: 'ok',
          items: 0,
          warning: expect.stringContaining('no usable items'),
        });
        const [listed] = await store.feeds.list('T1');
        expect(listed).toMatchObject({
          failures: 0,
          lastError:
            'no usable items: none of the 1 entry in the RSS 2.0 feed can be used (it has a link that is not http(s) ("mailto:desk@example.com"))',
        });
      });

      it('records a malformed feed as a failure', async () => {
        const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
        nock('https://feeds.example.com')
          .get('/news.xml')
          .reply(200, '<rss><channel>', { 'content-type': 'text/xml' });
        expect(await pollFeed(feed, deps())).toMatchObject({
          status: 'failed',
          error: expect.stringContaining('XML'),
        });
      });
    });

    it('records a feed larger than the size cap as a failure, without reading all of it', async () => {
      const { feed } = await store.feeds.add({ teamId: null, url: FEED, title: null });
      const huge = RSS(Array.from({ length: 3000 }, (_, i) => `item-${i}`));
      expect(huge.length).toBeGreaterThan(fetchOpts.maxBytes);
      nock('https://feeds.example.com')
        .get('/news.xml')
        .reply(200, huge, { 'content-type': 'application/rss+xml' });
      expect(await pollFeed(feed, deps())).toMatchObject({
        status: 'failed',
        items: 0,
        error: expect.stringContaining('is larger than'),
      });
      const [listed] = await store.feeds.list(null);
      expect(listed).toMatchObject({ failures: 1, lastError: expect.stringContaining('is larger than') });
      expect(await store.articles.count()).toBe(0);
    });

    describe('feed store', () => {
      it('adds once per team and url, lists per team, removes', async () => {
        expect((await store.feeds.add({ teamId: null, url: FEED, title: 'x' })).created).toBe(true);
        expect((await store.feeds.add({ teamId: null, url: FEED, title: 'x' })).created).toBe(false);
        expect((await store.feeds.add({ teamId: 'T1', url: FEED, title: 'x' })).created).toBe(true);
        expect(await store.feeds.list(null)).toHaveLength(1);
        expect(await store.feeds.remove('T1', FEED)).toBe(true);
        expect(await store.feeds.remove('T1', FEED)).toBe(false);
        expect(await store.feeds.list(null)).toHaveLength(1);
      });

      it('prunes articles older than the retention age, with their brief rows', async () => {
        const { article: old } = await store.articles.add({
          text: BODY('old'),
          title: 'old',
          source: 't',
          url: 'https://x.example/old',
          siteName: null,
          lang: null,
          publishedAt: null,
        });
        await store.articles.add({
          text: BODY('new'),
          title: 'new',
          source: 't',
          url: 'https://x.example/new',
          siteName: null,
          lang: null,
          publishedAt: null,
        });
        await ctx.db.query("UPDATE articles SET ingested_at = now() - interval '40 days' WHERE id = $1", [
          old.id,
        ]);
        const { rows } = await ctx.db.query<{ id: number }>(
          "INSERT INTO briefs (channel, thread_ts, query, result) VALUES ('C', '1', 'q', '{}') RETURNING id",
        );
        await ctx.db.query('INSERT INTO brief_articles (brief_id, article_id, position) VALUES ($1, $2, 0)', [
          rows[0]?.id,
          old.id,
        ]);
        expect(await store.feeds.pruneArticles(new Date(Date.now() - 30 * 86_400_000))).toBe(1);
        expect(await store.articles.count()).toBe(1);
        expect((await ctx.db.query('SELECT * FROM brief_articles')).rows).toEqual([]);
      });
    });
  },
  { reset: true },
);

import nock from 'nock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPage } from '../../src/ingest/fetch.ts';
import { FEED_POLL_CRON, feedJobs, MAINTENANCE_CRON, RETENTION_CRON } from '../../src/jobs/feedJobs.ts';
import { FEED_CONTENT_TYPES } from '../../src/jobs/poll.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import { fakeResolver } from '../helpers/dns.ts';

const BODY =
  'The harbour authority said on Monday that dock workers had accepted a new pay agreement after three weeks of talks. ' +
  'The deal raises wages by six percent over two years and adds a night-shift allowance. ' +
  'Union leaders said the vote was close but the members wanted certainty before the busy season.';
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title>
<item><title>Pay deal</title><link>https://news.example.com/deal</link><description>${BODY}</description></item>
</channel></rss>`;
/** A run's context; aborted: the scheduler is stopping. */
const runCtx = (aborted = false) => {
  const c = new AbortController();
  if (aborted) c.abort();
  return { signal: c.signal };
};
const fetchOpts = { timeoutMs: 2000, maxBytes: 1_000_000, allowPrivate: false };

describeEngines(
  'feed jobs',
  (ctx) => {
    let store: Store;
    const warnings: Record<string, unknown>[] = [];
    // Feeds are due from when they are added (the database's now()).
    const now = new Date(Date.now() + 60_000);

    function jobs() {
      const logger = { info: () => {}, warn: (obj: object) => warnings.push(obj as Record<string, unknown>) };
      return feedJobs({
        store,
        poll: {
          store,
          fetchFeed: (url, headers) =>
            fetchPage(url, {
              ...fetchOpts,
              contentTypes: FEED_CONTENT_TYPES,
              headers,
              resolve: fakeResolver(),
            }),
          loadUrl: async () => {
            throw new Error('page unreachable'); // so the feed's own text is used
          },
          now: () => now,
          intervalMinutes: 15,
        },
        retentionDays: 30,
        logger,
        now: () => now,
      });
    }

    beforeAll(() => {
      store = createStore(ctx.db);
    });
    const addArticle = (title: string, url: string) =>
      store.articles.add({
        text: BODY,
        title,
        source: 't',
        url,
        siteName: null,
        lang: null,
        publishedAt: null,
      });
    beforeEach(() => {
      nock.cleanAll();
      warnings.length = 0;
    });

    it('has a minute poll tick, a daily retention run (also at start) and daily maintenance', () => {
      expect(jobs().map((j) => [j.name, j.cron, j.atStart ?? false])).toEqual([
        ['feeds-poll', FEED_POLL_CRON, false],
        ['retention', RETENTION_CRON, true],
        ['maintenance', MAINTENANCE_CRON, false],
      ]);
    });

    it('maintenance gives the embedded store fresh planner statistics; PostgreSQL does its own', async () => {
      const { article } = await addArticle('Pay deal', 'https://x.example/deal');
      await store.stories.assign(article);
      const statistics = async () => {
        const { rows } = await ctx.db.query<{ n: string | number }>(
          `SELECT count(*) AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'story_search'`,
        );
        return Number(rows[0]?.n);
      };
      const embedded = ctx.engine === 'pglite';
      if (embedded) expect(await statistics()).toBe(0);
      expect(await jobs()[2]?.run(runCtx())).toEqual({ vacuumed: embedded });
      if (embedded) expect(await statistics()).toBeGreaterThan(0);
    });

    it('polls every due feed; a failing one is logged with its id and the others still run', async () => {
      const { feed: bad } = await store.feeds.add({
        teamId: 'T1',
        url: 'https://down.example/rss',
        title: null,
      });
      await store.feeds.add({ teamId: null, url: 'https://feeds.example.com/news.xml', title: null });
      nock('https://down.example').get('/rss').reply(503);
      nock('https://feeds.example.com')
        .get('/news.xml')
        .reply(200, RSS, { 'content-type': 'application/rss+xml' });
      const poll = jobs()[0];
      const summary = await poll?.run(runCtx());
      expect(summary).toEqual({ feeds: 2, failed: 1, notModified: 0, added: 1 });
      expect(warnings).toEqual([
        expect.objectContaining({ feedId: bad.id, failures: 1, error: expect.stringContaining('HTTP 503') }),
      ]);
      // Nothing is due again until the interval (or the backoff) has passed.
      expect(await poll?.run(runCtx())).toBeUndefined();
    });

    it('polls nothing more once the scheduler is stopping', async () => {
      await store.feeds.add({ teamId: null, url: 'https://feeds.example.com/news.xml', title: null });
      expect(await jobs()[0]?.run(runCtx(true))).toBeUndefined();
      expect(await store.feeds.due(now)).toHaveLength(1);
    });

    it('prunes articles older than the retention age', async () => {
      const { article } = await addArticle('old', 'https://x.example/old');
      await ctx.db.query('UPDATE articles SET ingested_at = $2 WHERE id = $1', [
        article.id,
        new Date(now.getTime() - 31 * 86_400_000).toISOString(),
      ]);
      expect(await jobs()[1]?.run(runCtx())).toMatchObject({ pruned: 1 });
      expect(await store.articles.count()).toBe(0);
    });
  },
  { reset: true },
);

describe('feed jobs module', () => {
  it('uses five-field cron expressions', () => {
    expect(FEED_POLL_CRON.split(' ')).toHaveLength(5);
    expect(RETENTION_CRON.split(' ')).toHaveLength(5);
    expect(MAINTENANCE_CRON.split(' ')).toHaveLength(5);
  });
});

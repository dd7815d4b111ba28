import { beforeAll, expect, it } from 'vitest';
import type { BriefResult } from '../../src/brief/engine.ts';
import { type DigestDeps, type DigestStory, runDueDigests, summarisePending } from '../../src/digest/run.ts';
import type { StoredArticle } from '../../src/store/articles.ts';
import type { DigestStore } from '../../src/store/digests.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import { fakeDigestSlack as fakeSlack } from '../helpers/digest.ts';
import { silentLogger } from '../helpers/llm.ts';

function draft(id: number, title: string) {
  return {
    title,
    text: `${title} was reported on Monday by several outlets. More details followed later.`,
    source: `https://news.example/${id}`,
    url: `https://news.example/${id}`,
    siteName: 'News',
    lang: 'en',
    publishedAt: '2026-06-01',
  };
}

function resultFor(articles: StoredArticle[]): BriefResult {
  const lead = articles[0] as StoredArticle;
  return {
    brief: {
      headline: `Brief: ${lead.title}`,
      summary: `${lead.title} in one sentence.`,
      who: [],
      where: [],
      when: [],
      agreements: [],
      nextSteps: [],
    },
    sources: articles.map((a) => ({
      url: a.url,
      title: a.title,
      siteName: a.siteName,
      publishedAt: a.publishedAt,
    })),
    meta: {
      engine: 'llm',
      model: 'test',
      promptVersion: 'v',
      usage: null,
      attempts: 1,
      truncated: false,
      dropped: [],
      adjustments: [],
      fallbackReason: null,
    },
  } as BriefResult;
}

describeEngines(
  'daily digests',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    /** Stores an article (so briefs can refer to it) and returns it. */
    async function article(n: number, title: string): Promise<StoredArticle> {
      const { article: stored } = await store.articles.add(draft(n, title));
      return stored;
    }

    /** The world the runner sees: a clock, stories per topic, an LLM that can be down. */
    function world() {
      const w = {
        now: new Date('2026-06-01T07:00:00Z'),
        stories: new Map<string, DigestStory[]>(),
        llmDown: false,
        briefCalls: 0,
        slack: fakeSlack(),
      };
      return w;
    }
    type World = ReturnType<typeof world>;

    function deps(w: World, overrides: Partial<DigestDeps> = {}): DigestDeps {
      return {
        digests: store.digests,
        briefs: store.briefs,
        articlesById: (ids) => store.articles.byIds(ids),
        findStories: async (topic) => w.stories.get(topic) ?? [],
        brief: async (articles) => {
          w.briefCalls++;
          if (w.llmDown) throw new Error('LLM unavailable (503)');
          return resultFor(articles);
        },
        poster: w.slack.poster,
        logger: silentLogger,
        now: () => w.now,
        storiesPerTopic: 3,
        leaseMs: 10 * 60_000,
        concurrency: 4,
        ...overrides,
      };
    }

    async function follow(channel: string, topic: string, at = 8 * 60, timeZone = 'UTC') {
      await store.digests.follow({
        teamId: 'T1',
        channel,
        topic,
        user: 'U1',
        schedule: { minutes: at, timeZone, zoneSource: 'given' },
        defaults: { minutes: at, timeZone, zoneSource: 'utc' },
      });
    }

    function story(key: string, ...articles: StoredArticle[]): DigestStory {
      return { key, contentKey: articles.map((a) => a.id).join(','), articles };
    }

    it('posts at the local time, once, with each story compact and its full brief in the thread', async () => {
      const w = world();
      await follow('C1', 'korea-japan');
      w.stories.set('korea-japan', [story('s1', await article(1, 'Korea and Japan sign a port deal'))]);

      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');
      w.now = new Date('2026-06-01T08:00:00Z');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('posted');
      w.now = new Date('2026-06-01T08:01:00Z');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');

      const [top, ...thread] = w.slack.posts;
      expect(w.slack.tops()).toHaveLength(1);
      expect(top?.text).toContain('News digest — 2026-06-01');
      expect(top?.text).toContain('Brief: Korea and Japan sign a port deal');
      expect(top?.text).not.toContain('delayed');
      expect(thread.map((p) => p.threadTs)).toEqual([top?.ts]);
      // The thread is a brief: follow-up questions there are answered from the story's articles.
      const saved = await store.briefs.byThread('C1', top?.ts as string);
      expect(saved?.articles.map((a) => a.title)).toEqual(['Korea and Japan sign a port deal']);
    });

    it('gives two workers racing for the same digest one post', async () => {
      const w = world();
      w.now = new Date('2026-06-01T09:00:00Z');
      await follow('C2', 'climate finance');
      w.stories.set('climate finance', [story('s2', await article(2, 'Climate fund pledges rise'))]);
      const results = await Promise.all([
        runDueDigests(deps(w)),
        runDueDigests(deps(w)),
        runDueDigests(deps(w)),
      ]);
      const outcomes = results.flat().map((r) => r.outcome);
      expect(outcomes.filter((o) => o === 'posted')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'taken' || o === 'not-due')).toHaveLength(2);
      expect(w.slack.tops()).toHaveLength(1);
    });

    it('never posts twice when a worker dies after posting but before recording', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C3', 'ports');
      w.stories.set('ports', [story('s3', await article(3, 'Dock strike ends'))]);
      const dying: DigestStore = {
        ...store.digests,
        markPosted: () => Promise.reject(new Error('process killed')),
        release: () => Promise.reject(new Error('process killed')),
      };
      await expect(runDueDigests(deps(w, { digests: dying }))).rejects.toThrow('process killed');
      expect(w.slack.tops()).toHaveLength(1);

      // A restart within the lease leaves the claim alone; after it, the marker is found in the channel.
      w.now = new Date('2026-06-01T08:05:00Z');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');
      w.now = new Date('2026-06-01T08:11:00Z');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('recovered');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');
      expect(w.slack.tops()).toHaveLength(1);
      expect((await store.digests.latest('T1', 'C3'))?.status).toBe('posted');
    });

    it('posts once after a restart when a worker died before posting', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C4', 'rail');
      w.stories.set('rail', [story('s4', await article(4, 'Rail link approved'))]);
      const dying: DigestDeps = deps(w, {
        poster: { ...w.slack.poster, post: () => Promise.reject(new Error('process killed')) },
        digests: { ...store.digests, release: () => Promise.reject(new Error('process killed')) },
      });
      await expect(runDueDigests(dying)).rejects.toThrow('process killed');
      expect(w.slack.posts).toHaveLength(0);

      w.now = new Date('2026-06-01T08:30:00Z');
      const [result] = await runDueDigests(deps(w));
      expect(result?.outcome).toBe('posted');
      expect(w.slack.tops()).toHaveLength(1);
      // It went out late: the post says so.
      expect(w.slack.tops()[0]?.text).toContain('delayed');
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');
    });

    it('leaves out stories already sent, marks changed ones updated, and says when nothing is new', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C5', 'trade');
      const a = await article(5, 'Tariff talks open');
      w.stories.set('trade', [story('s5', a)]);
      await runDueDigests(deps(w));

      w.now = new Date('2026-06-02T08:00:00Z');
      await runDueDigests(deps(w));
      expect(w.slack.tops()[1]?.text).toContain('Nothing new on trade');
      expect(w.slack.tops()[1]?.text).not.toContain('Tariff talks open');

      w.now = new Date('2026-06-03T08:00:00Z');
      w.stories.set('trade', [
        story('s5', a, await article(6, 'Tariff talks: second round')),
        story('s6', await article(7, 'Steel quota set')),
      ]);
      await runDueDigests(deps(w));
      const third = w.slack.tops()[2]?.text ?? '';
      expect(third).toContain('[updated]');
      expect(third).toContain('Brief: Steel quota set');
      expect(third.indexOf('[updated]')).toBeLessThan(third.indexOf('Tariff talks open'));
    });

    it('skips a day with nothing new when the channel asked for that', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C6', 'quiet topic');
      await ctx.db.query("UPDATE digest_channels SET skip_empty = true WHERE channel = 'C6'");
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('skipped');
      expect(w.slack.posts).toHaveLength(0);
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('not-due');
    });

    it('posts headlines and leads when the LLM is down, and the summaries in the thread once it is back', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C7', 'floods');
      w.stories.set('floods', [story('s7', await article(8, 'River floods close highway'))]);
      w.llmDown = true;
      expect((await runDueDigests(deps(w)))[0]?.outcome).toBe('posted');
      const top = w.slack.tops()[0];
      expect(top?.text).toContain('River floods close highway');
      expect(top?.text).toContain('(unsummarised)');
      expect(top?.text).toContain('was reported on Monday');
      expect(await summarisePending(deps(w))).toBe(0);

      w.llmDown = false;
      expect(await summarisePending(deps(w))).toBe(1);
      const thread = w.slack.posts.filter((p) => p.threadTs === top?.ts).map((p) => p.text);
      expect(thread.join('\n')).toContain('Brief: River floods close highway');
      expect(await summarisePending(deps(w))).toBe(0);
    });

    it('marks a channel the bot cannot post in as failed, and retries a transient failure', async () => {
      const w = world();
      w.now = new Date('2026-06-01T08:00:00Z');
      await follow('C8', 'a');
      await follow('C9', 'b');
      w.slack.state.failNext = 'not_in_channel';
      const first = await runDueDigests(deps(w, { concurrency: 1, digests: store.digests }), {
        channel: 'C8',
      });
      expect(first[0]).toMatchObject({ outcome: 'failed', error: 'not_in_channel' });
      expect((await runDueDigests(deps(w), { channel: 'C8' }))[0]?.outcome).toBe('not-due');

      w.slack.state.failNext = 'internal_error';
      expect((await runDueDigests(deps(w), { channel: 'C9' }))[0]?.outcome).toBe('retry');
      expect((await runDueDigests(deps(w), { channel: 'C9' }))[0]?.outcome).toBe('posted');
      expect(w.slack.tops().filter((p) => p.channel === 'C9')).toHaveLength(1);
    });

    it('runs a given date on demand (digest run --date), still once', async () => {
      const w = world();
      w.now = new Date('2026-06-01T03:00:00Z');
      await follow('C10', 'ops');
      expect((await runDueDigests(deps(w), { channel: 'C10', date: '2026-06-01' }))[0]?.outcome).toBe(
        'posted',
      );
      expect((await runDueDigests(deps(w), { channel: 'C10', date: '2026-06-01' }))[0]?.outcome).toBe(
        'taken',
      );
    });
  },
  { reset: true },
);

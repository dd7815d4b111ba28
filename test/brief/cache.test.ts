import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BriefCache, briefCacheKey, claimOrWait } from '../../src/brief/cache.ts';
import { briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { parseConfig } from '../../src/config.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import type { Article } from '../../src/ingest/article.ts';
import { createRuntime } from '../../src/main.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import {
  COMPLETIONS,
  client,
  fixtureText,
  LLM_BASE,
  LLM_HOST,
  portDealArticle,
  recorded,
  settings,
  silentLogger,
} from '../helpers/llm.ts';

const portDeal = portDealArticle({
  source: 'https://news.example/port-deal',
  url: 'https://news.example/port-deal',
  siteName: 'News',
  publishedAt: '2025-03-10',
});

const storm: Article = {
  text: fixtureText('storm-report.txt'),
  title: 'Storm report',
  source: 'https://other.example/storm',
  url: 'https://other.example/storm',
  siteName: 'Other',
  lang: 'en',
  publishedAt: '2025-03-11',
};

const prompt = loadPrompt('brief');

function deps(
  cache: BriefCache | undefined,
  opts: { model?: string; promptVersion?: string; fallback?: EngineDeps['fallback'] } = {},
): EngineDeps {
  return {
    engine: 'llm',
    fallback: opts.fallback ?? 'none',
    extractive: extractiveBrief,
    logger: silentLogger,
    llm: {
      // No retries: each request the engine makes is exactly one call nock sees.
      client: client({ maxRetries: 0 }),
      settings: settings(opts.model ? { model: opts.model } : {}),
      prompt: opts.promptVersion ? { ...prompt, version: opts.promptVersion } : prompt,
    },
    ...(cache ? { cache } : {}),
  };
}

/** A fake LLM that answers every call with `fixture` and counts the calls. */
function fakeLlm(fixture = 'port-deal', delayMs = 0) {
  const seen = { calls: 0 };
  nock(LLM_HOST)
    .post(COMPLETIONS)
    .times(50)
    .delay(delayMs)
    .reply(() => {
      seen.calls++;
      return [200, recorded(fixture)];
    });
  return seen;
}

afterEach(() => nock.cleanAll());

describeEngines(
  'brief cache',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    async function rows(): Promise<{ model: string; prompt_version: string; hits: number }[]> {
      return (
        await ctx.db.query<{ model: string; prompt_version: string; hits: number }>(
          'SELECT model, prompt_version, hits FROM brief_cache ORDER BY created_at',
        )
      ).rows;
    }

    async function claims(): Promise<number> {
      const { rows } = await ctx.db.query<{ n: number | string }>(
        'SELECT count(*) AS n FROM brief_cache_claims',
      );
      return Number(rows[0]?.n);
    }

    it('a miss makes one LLM call and stores the verified brief', async () => {
      const llm = fakeLlm();
      const result = await briefArticles([portDeal], deps(store.briefCache));
      expect(llm.calls).toBe(1);
      expect(result.meta.engine).toBe('llm');
      expect(result.meta.cached).toBe(false);
      expect(result.brief.headline).toBe('Chile and Vietnam sign port and shipping accord');
      expect(await rows()).toEqual([{ model: 'gpt-4.1-mini', prompt_version: prompt.version, hits: 0 }]);
    });

    it('a hit makes no LLM call and returns the same brief, marked cached', async () => {
      const first = fakeLlm();
      const made = await briefArticles([portDeal], deps(store.briefCache));
      expect(first.calls).toBe(1);
      nock.cleanAll();

      const llm = fakeLlm();
      const again = await briefArticles([portDeal], deps(store.briefCache));
      expect(llm.calls).toBe(0);
      expect(nock.pendingMocks()).toHaveLength(1); // the interceptor is still waiting: never called
      expect(again.meta.cached).toBe(true);
      expect(again).toEqual({ ...made, meta: { ...made.meta, cached: true } });
      expect((await rows())[0]?.hits).toBe(1);
    });

    it('10 concurrent identical requests make exactly one LLM call and get identical results', async () => {
      const llm = fakeLlm('port-deal', 200);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => briefArticles([portDeal], deps(store.briefCache))),
      );
      expect(llm.calls).toBe(1);
      for (const r of results) expect(r).toEqual(results[0]);
      // Each caller has its own copy: changing one changes no other.
      expect(new Set(results).size).toBe(10);
      expect(await rows()).toHaveLength(1);
    });

    it('requests that joined one LLM call resume one per event-loop turn, so acks are answered between them', async () => {
      fakeLlm('port-deal', 100);
      const order: string[] = [];
      const [first, ...joined] = Array.from({ length: 5 }, () =>
        briefArticles([portDeal], deps(store.briefCache)),
      );
      // What an ack is to the event loop: a callback queued behind the reply, in the next turn.
      const acked = first?.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
      await Promise.all([
        first?.then(() => order.push('brief')),
        acked?.then(() => order.push('ack')),
        ...joined.map((p) => p.then(() => order.push('brief'))),
      ]);
      expect(order.filter((o) => o === 'brief')).toHaveLength(5);
      // Without the stagger every brief resumes on the reply's microtasks, before any I/O: ack last.
      expect(order.indexOf('ack')).toBeLessThan(order.length - 2);
    });

    it('the same articles in another order hit, with sources in the caller order', async () => {
      const llm = fakeLlm();
      const made = await briefArticles([portDeal, storm], deps(store.briefCache));
      const reordered = await briefArticles([storm, portDeal], deps(store.briefCache));
      expect(llm.calls).toBe(1);
      expect(reordered.meta.cached).toBe(true);
      expect(reordered.brief).toEqual(made.brief);
      expect(reordered.sources.map((s) => s.url)).toEqual([storm.url, portDeal.url]);
    });

    it('digests: LLM calls equal the distinct stories, whatever the channels and their order', async () => {
      const llm = fakeLlm('port-deal', 100);
      const summit: Article = { ...storm, text: fixtureText('summit-tokyo.txt'), title: 'Summit' };
      const stories = [
        [portDeal, storm],
        [portDeal, summit],
      ];
      const channels = 4;
      const results = await Promise.all(
        Array.from({ length: channels }, (_, c) =>
          stories.map((story) => briefArticles(c % 2 ? [...story].reverse() : story, deps(store.briefCache))),
        ).flat(),
      );
      expect(results).toHaveLength(8);
      expect(llm.calls).toBe(2);
      expect(await rows()).toHaveLength(2);
      // The next day's run of the same stories costs nothing.
      await Promise.all(stories.map((story) => briefArticles(story, deps(store.briefCache))));
      expect(llm.calls).toBe(2);
    });

    it('a story that gained an article is rebuilt', async () => {
      const llm = fakeLlm();
      await briefArticles([portDeal], deps(store.briefCache));
      const grown = await briefArticles([portDeal, storm], deps(store.briefCache));
      expect(llm.calls).toBe(2);
      expect(grown.meta.cached).toBe(false);
      expect(grown.sources).toHaveLength(2);
      expect(await rows()).toHaveLength(2);
    });

    it('another model or prompt version is a miss', async () => {
      const llm = fakeLlm();
      await briefArticles([portDeal], deps(store.briefCache));
      const otherModel = await briefArticles([portDeal], deps(store.briefCache, { model: 'gpt-4.1' }));
      const otherPrompt = await briefArticles(
        [portDeal],
        deps(store.briefCache, { promptVersion: 'brief-next' }),
      );
      expect(llm.calls).toBe(3);
      expect(otherModel.meta).toMatchObject({ cached: false, model: 'gpt-4.1' });
      expect(otherPrompt.meta).toMatchObject({ cached: false, promptVersion: 'brief-next' });
      expect(await rows()).toHaveLength(3);
    });

    it('a fallback after a failed LLM call is not cached: the next request calls the LLM again', async () => {
      const refusing = fakeLlm('refusal');
      const fallback = await briefArticles([portDeal], deps(store.briefCache, { fallback: 'extractive' }));
      expect(refusing.calls).toBe(1);
      expect(fallback.meta.engine).toBe('extractive');
      expect(fallback.meta.fallbackReason).toMatch(/LLM failed/);
      expect(fallback.meta.cached).toBe(false);
      expect(await rows()).toHaveLength(0);
      nock.cleanAll();

      const llm = fakeLlm();
      const retried = await briefArticles([portDeal], deps(store.briefCache, { fallback: 'extractive' }));
      expect(llm.calls).toBe(1);
      expect(retried.meta).toMatchObject({ engine: 'llm', cached: false, fallbackReason: null });
      expect(await rows()).toHaveLength(1);
    });

    it('concurrent requests share one failure, each falls back, and nothing is cached', async () => {
      const refusing = fakeLlm('refusal', 100);
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          briefArticles([portDeal], deps(store.briefCache, { fallback: 'extractive' })),
        ),
      );
      expect(refusing.calls).toBe(1);
      for (const r of results) expect(r.meta.engine).toBe('extractive');
      expect(await rows()).toHaveLength(0);
    });

    it('without a fallback the shared error reaches every caller', async () => {
      const refusing = fakeLlm('refusal', 100);
      const settled = await Promise.allSettled(
        Array.from({ length: 3 }, () => briefArticles([portDeal], deps(store.briefCache))),
      );
      expect(refusing.calls).toBe(1);
      for (const s of settled) {
        expect(s.status).toBe('rejected');
        expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'llm-refusal' });
      }
    });

    it('another replica (a second store on the same database) hits what the first stored', async () => {
      const llm = fakeLlm();
      await briefArticles([portDeal], deps(store.briefCache));
      const replica = createStore(ctx.db);
      const hit = await briefArticles([portDeal], deps(replica.briefCache));
      expect(llm.calls).toBe(1);
      expect(hit.meta.cached).toBe(true);
    });

    it('two replicas asked at once make one LLM call: the others wait on its claim', async () => {
      const llm = fakeLlm('port-deal', 300);
      const replica = createStore(ctx.db);
      const results = await Promise.all(
        [store, replica, store, replica].map((s) => briefArticles([portDeal], deps(s.briefCache))),
      );
      expect(llm.calls).toBe(1);
      for (const r of results) expect(r.brief).toEqual(results[0]?.brief);
      // The replica that made it says so; the one that waited got it from the cache.
      expect(results.map((r) => r.meta.cached).sort()).toEqual([false, false, true, true]);
      expect(await rows()).toHaveLength(1);
      expect(await claims()).toBe(0);
    });

    it('without claims, two racing replicas leave one row (an upsert, not a duplicate)', async () => {
      const llm = fakeLlm('port-deal', 200);
      const noClaims = (s: Store): BriefCache => ({ get: s.briefCache.get, put: s.briefCache.put });
      const [a, b] = [noClaims(store), noClaims(createStore(ctx.db))];
      await Promise.all([briefArticles([portDeal], deps(a)), briefArticles([portDeal], deps(b))]);
      expect(llm.calls).toBe(2);
      expect(await rows()).toHaveLength(1);
    });

    it('when the replica holding the claim fails, a waiting replica makes the brief itself', async () => {
      const seen = { calls: 0 };
      nock(LLM_HOST)
        .post(COMPLETIONS)
        .delay(200)
        .reply(() => {
          seen.calls++;
          return [200, recorded('refusal')];
        })
        .post(COMPLETIONS)
        .reply(() => {
          seen.calls++;
          return [200, recorded('port-deal')];
        });
      const replica = createStore(ctx.db);
      const settled = await Promise.allSettled([
        briefArticles([portDeal], deps(store.briefCache)),
        briefArticles([portDeal], deps(replica.briefCache)),
      ]);
      expect(seen.calls).toBe(2);
      expect(settled.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await rows()).toHaveLength(1);
      expect(await claims()).toBe(0);
    });

    it("a crashed replica's claim holds the brief up only until it lapses", async () => {
      const key = briefCacheKey([portDeal], {
        engine: 'llm',
        model: settings().model,
        promptVersion: prompt.version,
        maxArticleTokens: settings().maxArticleTokens,
      });
      expect(await store.briefCache.claim(key, 600)).toEqual(expect.any(String)); // then "crashes"
      expect(await store.briefCache.claim(key, 60_000)).toBeNull();
      const llm = fakeLlm();
      const started = Date.now();
      const result = await briefArticles([portDeal], deps(store.briefCache));
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(llm.calls).toBe(1);
      expect(result.meta).toMatchObject({ engine: 'llm', cached: false });
      expect(await claims()).toBe(0);
    });

    it('a claim is released only by its own token', async () => {
      const token = await store.briefCache.claim('k', 60_000);
      expect(token).toEqual(expect.any(String));
      await store.briefCache.release('k', 'not-the-token');
      expect(await store.briefCache.claim('k', 60_000)).toBeNull();
      await store.briefCache.release('k', token ?? '');
      expect(await store.briefCache.claim('k', 60_000)).toEqual(expect.any(String));
    });

    it('prune deletes briefs not used since a date', async () => {
      fakeLlm();
      await briefArticles([portDeal], deps(store.briefCache));
      expect(await store.briefCache.prune(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.briefCache.prune(new Date(Date.now() + 60_000))).toBe(1);
      expect(await rows()).toHaveLength(0);
    });
  },
  { reset: true },
);

describe('brief cache without a database', () => {
  it('the extractive engine never reads or writes the cache', async () => {
    const calls: string[] = [];
    const cache: BriefCache = {
      get: async () => {
        calls.push('get');
        return null;
      },
      put: async () => {
        calls.push('put');
      },
    };
    const result = await briefArticles([portDeal], { ...deps(cache), engine: 'extractive' });
    expect(result.meta.engine).toBe('extractive');
    expect(calls).toEqual([]);
  });

  it('a cache that fails is skipped: the brief is still made', async () => {
    const llm = fakeLlm();
    const cache: BriefCache = {
      get: () => Promise.reject(new Error('database is down')),
      put: () => Promise.reject(new Error('database is down')),
      claim: () => Promise.reject(new Error('database is down')),
      release: () => Promise.reject(new Error('database is down')),
    };
    const result = await briefArticles([portDeal], deps(cache));
    expect(llm.calls).toBe(1);
    expect(result.meta).toMatchObject({ engine: 'llm', cached: false });
  });

  it('stops waiting on a claim that never lapses after two ttls, and briefs without one', async () => {
    const cache: BriefCache = { get: async () => null, put: async () => {}, claim: async () => null };
    let reads = 0;
    const started = Date.now();
    const claimed = await claimOrWait(cache, 'k', {
      ttlMs: 50,
      pollMs: 10,
      read: async () => {
        reads++;
        return null;
      },
      onError: () => {},
    });
    expect(claimed).toEqual({ token: null });
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(reads).toBeGreaterThan(1);
  });

  it('the key ignores article order and source, and changes with content, date, model and prompt', () => {
    const parts = { engine: 'llm', model: 'm', promptVersion: 'p', maxArticleTokens: 6000 } as const;
    const key = briefCacheKey([portDeal, storm], parts);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(briefCacheKey([storm, portDeal], parts)).toBe(key);
    expect(briefCacheKey([{ ...portDeal, source: 'file.txt', url: null }, storm], parts)).toBe(key);
    // Whitespace-only differences are the same content (the store's content hash).
    expect(briefCacheKey([{ ...portDeal, text: `  ${portDeal.text}\n` }, storm], parts)).toBe(key);
    for (const other of [
      briefCacheKey([portDeal], parts),
      briefCacheKey([{ ...portDeal, publishedAt: '2025-03-12' }, storm], parts),
      briefCacheKey([portDeal, storm], { ...parts, model: 'm2' }),
      briefCacheKey([portDeal, storm], { ...parts, promptVersion: 'p2' }),
      briefCacheKey([portDeal, storm], { ...parts, maxArticleTokens: 3000 }),
    ]) {
      expect(other).not.toBe(key);
    }
  });
});

describe('the runtime', () => {
  it('gives every adapter an engine that briefs through the store cache', async () => {
    const config = parseConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: LLM_BASE,
      OPENAI_MAX_RETRIES: '0',
      BRIEF_FALLBACK: 'none',
      LOG_LEVEL: 'silent',
    });
    const runtime = await createRuntime(config, silentLogger, { memoryStore: true });
    try {
      expect(runtime.deps.engine.cache).toBe(runtime.store.briefCache);
      const llm = fakeLlm();
      const first = await briefArticles([portDeal], runtime.deps.engine);
      const second = await briefArticles([portDeal], runtime.deps.engine);
      expect(llm.calls).toBe(1);
      expect([first.meta.cached, second.meta.cached]).toEqual([false, true]);
    } finally {
      await runtime.close();
    }
  });
});

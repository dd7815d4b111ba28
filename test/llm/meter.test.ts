import nock from 'nock';
import OpenAI from 'openai';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { briefArticles, type EngineDeps } from '../../src/brief/engine.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { type MeterOptions, meteredFetch, withLlmScope } from '../../src/llm/meter.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import {
  COMPLETIONS,
  LLM_BASE,
  LLM_HOST,
  portDealArticle,
  recorded,
  settings,
  silentLogger,
} from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';

const portDeal = portDealArticle();

afterEach(() => nock.cleanAll());

describeEngines(
  'LLM meter',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });
    const now = new Date('2026-06-01T12:00:00Z');

    function engine(meter: Partial<MeterOptions>, fallback: 'extractive' | 'none'): EngineDeps {
      const client = new OpenAI({
        apiKey: 'sk-test',
        baseURL: LLM_BASE,
        maxRetries: 2,
        fetch: meteredFetch(fetch, {
          usage: store.usage,
          maxConcurrent: 4,
          dailyBudget: () => null,
          logger: silentLogger,
          now: () => now,
          ...meter,
        }),
      });
      return {
        engine: 'auto',
        fallback,
        extractive: extractiveBrief,
        logger: silentLogger,
        llm: { client, settings: settings(), prompt: loadPrompt('brief') },
      };
    }

    it("records each call's tokens, and the article's share, per workspace, day and purpose", async () => {
      nock(LLM_HOST).post(COMPLETIONS).times(2).reply(200, recorded('port-deal'));
      const deps = engine({}, 'none');
      await withLlmScope({ teamId: 'T1', purpose: 'brief' }, () => briefArticles([portDeal], deps));
      await withLlmScope({ teamId: 'T1', purpose: 'digest' }, () => briefArticles([portDeal], deps));
      const rows = await store.usage.report({ days: 1, until: now });
      expect(rows.map((r) => [r.teamId, r.purpose, r.calls, r.promptTokens, r.completionTokens])).toEqual([
        ['T1', 'brief', 1, 812, 402],
        ['T1', 'digest', 1, 812, 402],
      ]);
      expect(rows[0]?.articleTokens).toBeGreaterThan(100);
      expect(rows[0]?.articleTokens).toBeLessThan(812);
      expect(await store.usage.tokensOn('T1', now)).toBe(2 * 1214);
      expect(await store.usage.tokensOn('T2', now)).toBe(0);
    });

    it('records a streamed reply from its last event, without holding the stream back', async () => {
      nock(LLM_HOST)
        .post(COMPLETIONS)
        .reply(
          200,
          () => {
            const body = sseBody(recorded('port-deal'), { chunkChars: 40, delayMs: 10 });
            body.on('end', () => {
              replyEnded = Date.now();
            });
            return body;
          },
          SSE_HEADERS,
        );
      let replyEnded = Number.POSITIVE_INFINITY;
      const pieces: number[] = [];
      await withLlmScope({ teamId: 'TS', purpose: 'brief' }, () =>
        briefArticles([portDeal], engine({}, 'none'), { onPiece: () => pieces.push(Date.now()) }),
      );
      expect(pieces.length).toBeGreaterThan(3);
      // The first piece was shown while the reply was still arriving, not once it was whole.
      expect(pieces[0]).toBeLessThan(replyEnded);
      let rows = await store.usage.report({ days: 1, until: now, teamId: 'TS' });
      for (let i = 0; rows.length === 0 && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 20));
        rows = await store.usage.report({ days: 1, until: now, teamId: 'TS' });
      }
      expect(rows.map((r) => [r.purpose, r.calls, r.promptTokens, r.completionTokens])).toEqual([
        ['brief', 1, 812, 402],
      ]);
    });

    it('stops calling the LLM for a workspace past its daily budget; the offline engine takes over', async () => {
      await store.usage.record({
        teamId: 'T1',
        purpose: 'brief',
        at: now,
        promptTokens: 900,
        completionTokens: 200,
        articleTokens: 0,
      });
      const scope = nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));
      const budget = (team: string) => (team === 'T1' ? 1000 : null);

      const offline = await withLlmScope({ teamId: 'T1', purpose: 'brief' }, () =>
        briefArticles([portDeal], engine({ dailyBudget: budget }, 'extractive')),
      );
      expect(offline.meta.engine).toBe('extractive');
      expect(offline.meta.fallbackReason).toContain('daily LLM budget of 1,000 tokens');
      await expect(
        withLlmScope({ teamId: 'T1', purpose: 'brief' }, () =>
          briefArticles([portDeal], engine({ dailyBudget: budget }, 'none')),
        ),
      ).rejects.toMatchObject({ code: 'llm-budget' });
      expect(scope.isDone()).toBe(false); // no request reached the LLM, and none was retried

      // Another workspace is not held back by T1's spending.
      const other = await withLlmScope({ teamId: 'T2', purpose: 'brief' }, () =>
        briefArticles([portDeal], engine({ dailyBudget: budget }, 'none')),
      );
      expect(other.meta.engine).toBe('llm');
      expect(scope.isDone()).toBe(true);
    });

    it('holds LLM requests beyond the concurrency limit until one finishes', async () => {
      let inFlight = 0;
      let peak = 0;
      nock(LLM_HOST)
        .post(COMPLETIONS)
        .times(5)
        .reply(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 50));
          inFlight--;
          return [200, recorded('port-deal')];
        });
      const deps = engine({ maxConcurrent: 2 }, 'none');
      const results = await Promise.all(Array.from({ length: 5 }, () => briefArticles([portDeal], deps)));
      expect(results.every((r) => r.meta.engine === 'llm')).toBe(true);
      expect(peak).toBe(2);
    });
  },
  { reset: true },
);

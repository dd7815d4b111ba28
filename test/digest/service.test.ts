import nock from 'nock';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { runDueDigests } from '../../src/digest/run.ts';
import { digestDeps } from '../../src/digest/service.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import { fakeDigestSlack } from '../helpers/digest.ts';
import { COMPLETIONS, client, LLM_HOST, recorded, settings, silentLogger } from '../helpers/llm.ts';
import { storyFixtures } from '../stories/fixtures.ts';

/** The morning after the Busan talks: the trade deal, the fisheries deal and the match are new. */
const NOW = new Date('2026-03-11T09:00:00Z');

afterEach(() => nock.cleanAll());

describeEngines(
  'digests from the store',
  (ctx) => {
    let store: Store;
    beforeAll(async () => {
      store = createStore(ctx.db);
      for (const f of storyFixtures({ latestAt: new Date('2026-03-17T12:00:00Z') }).sort(
        (a, b) => a.at - b.at,
      )) {
        const { article } = await store.articles.add(f.article);
        await store.stories.assign(article);
      }
    });

    it('briefs each new story once, however many channels follow it', async () => {
      let llmCalls = 0;
      nock(LLM_HOST)
        .persist()
        .post(COMPLETIONS)
        .reply(() => {
          llmCalls++;
          return [200, recorded('port-deal')];
        });
      const slack = fakeDigestSlack();
      for (let i = 0; i < 100; i++) {
        await store.digests.follow({
          teamId: 'T1',
          channel: `C${String(i).padStart(4, '0')}`,
          topic: 'korea-japan',
          user: 'U1',
          schedule: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'given' },
          defaults: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'utc' },
        });
      }
      const deps = digestDeps({
        store,
        engine: {
          engine: 'auto',
          fallback: 'none',
          extractive: extractiveBrief,
          logger: silentLogger,
          llm: { client: client({ maxRetries: 0 }), settings: settings(), prompt: loadPrompt('brief') },
          cache: store.briefCache,
        },
        poster: slack.poster,
        logger: silentLogger,
        storiesPerTopic: 3,
        articlesPerBrief: 3,
        concurrency: 20,
        now: () => NOW,
      });

      const results = await runDueDigests(deps);
      expect(results.filter((r) => r.outcome === 'posted')).toHaveLength(100);
      const stories = new Set(results.map((r) => r.stories));
      expect(stories).toEqual(new Set([results[0]?.stories]));
      const perChannel = results[0]?.stories ?? 0;
      expect(perChannel).toBe(3);
      // One LLM call per distinct story, not per channel.
      expect(llmCalls).toBe(perChannel);
      expect(slack.tops()).toHaveLength(100);
      const first = slack.tops()[0]?.text ?? '';
      expect(first).toContain('korea-japan');
      expect(first).not.toContain('Valparaíso walk out'); // the port strike is not a korea-japan story
    });
  },
  { reset: false },
);

import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineReplies, warmUp } from '../../src/app/warm.ts';
import type { Brief } from '../../src/brief/schema.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { LLM_BASE, silentLogger } from '../helpers/llm.ts';

/*
 * The warm-up walks a topic brief's read path before the app takes requests. With an LLM configured
 * and the network shut (test/setup.ts), any LLM call it made would fail: it must make none, and
 * store nothing.
 */

let runtime: Runtime;

beforeAll(async () => {
  const config = parseConfig({ LOG_LEVEL: 'silent', OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: LLM_BASE });
  runtime = await createRuntime(config, silentLogger, { memoryStore: true, jobs: false });
});

afterAll(async () => {
  await runtime?.close();
});

describe('warming up before taking requests', () => {
  it('does nothing that fails on an empty store', async () => {
    expect(await warmUp(runtime.deps)).toMatchObject({ briefed: false });
  });

  it('briefs the newest story offline, and stores nothing', async () => {
    const { article } = await runtime.store.articles.add(
      await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'),
    );
    await runtime.store.stories.assign(article);
    const before = await runtime.store.articles.count();

    expect(await warmUp(runtime.deps)).toMatchObject({ briefed: true });

    expect(await runtime.store.articles.count()).toBe(before);
    expect(await runtime.store.usage.report({ days: 1, until: new Date() })).toEqual([]);
  });

  it('walks the LLM path too, answered in-process with the extractive brief', async () => {
    let fed: Brief | null = null;
    let calls = 0;
    const answer = offlineReplies(() => fed);
    const llmClient = new OpenAI({
      apiKey: 'sk-warm',
      baseURL: LLM_BASE,
      maxRetries: 0,
      fetch: (input, init) => {
        calls++;
        return answer(input, init);
      },
    });

    const warmed = await warmUp(runtime.deps, {
      offlineLlm: { client: llmClient, feed: (brief) => (fed = brief) },
    });

    expect(warmed.briefed).toBe(true);
    expect(calls).toBe(1); // one reply, valid: no repair turn
    expect(fed).not.toBeNull();
    expect(await runtime.store.usage.report({ days: 1, until: new Date() })).toEqual([]);
  });
});

import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/handlers.ts';
import { handleCommand, handleThreadMessage } from '../../src/app/handlers.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { COMPLETIONS, LLM_BASE, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { recordingSurface } from '../helpers/surface.ts';

let runtime: Runtime;
let deps: AppDeps;
let offline: Runtime;

const LIMITS = { RATE_LIMIT_USER_PER_MINUTE: '2', RATE_LIMIT_CHANNEL_PER_MINUTE: '3' };

beforeAll(async () => {
  // The limits guard LLM spend: here every brief and answer calls the (recorded) model.
  nock(LLM_HOST)
    .persist()
    .post(COMPLETIONS)
    .reply(200, (_uri, body) =>
      recorded(JSON.stringify(body).includes('"name":"answer"') ? 'e2e-port-deal-answer' : 'port-deal'),
    );
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: LLM_BASE,
    ...LIMITS,
  });
  runtime = await createRuntime(config, silentLogger, { memoryStore: true });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
  deps = runtime.deps;
  offline = await createRuntime(parseConfig({ LOG_LEVEL: 'silent', ...LIMITS }), silentLogger, {
    memoryStore: true,
  });
  await offline.store.articles.add(await offline.deps.loadUrl('fixtures/articles/port-deal.txt'));
});

afterAll(async () => {
  nock.cleanAll();
  await runtime?.close();
  await offline?.close();
});

describe('request limits in the app', () => {
  it('briefs a user twice a minute, then says when to try again; another user still gets one', async () => {
    const who = { channel: 'C1', user: 'U1', teamId: 'T1' };
    const { surface, said } = recordingSurface();
    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, surface, deps);
    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, surface, deps);
    expect(said.filter((s) => s.includes('Chile and Vietnam')).length).toBeGreaterThanOrEqual(2);
    expect(said.some((s) => /try again/.test(s))).toBe(false);
    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, surface, deps);
    expect(said.at(-1)).toMatch(/You have made 2 requests in the last minute; try again in \d+ seconds/);

    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, { ...who, user: 'U2' }, surface, deps);
    expect(said.at(-1)).toContain('Chile and Vietnam');
    // Help and sources cost nothing and are never limited.
    await handleCommand({ kind: 'sources' }, who, surface, deps);
    expect(said.at(-1)).not.toMatch(/try again/);
  });

  it('limits follow-up questions in a thread too', async () => {
    const who = { channel: 'C2', user: 'U3', teamId: 'T1' };
    const { surface, said } = recordingSurface();
    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, surface, deps);
    const threadTs = '1.1';
    for (let i = 0; i < 2; i++) {
      await handleThreadMessage(
        { channel: 'C2', threadTs, ts: `2.${i}`, text: 'Who signed it?', user: 'U3' },
        surface,
        deps,
      );
    }
    expect(said.at(-1)).toMatch(/try again in \d+ seconds/);
  });

  it('never limits work that calls no LLM: offline briefs and quoted answers', async () => {
    const who = { channel: 'C3', user: 'U4', teamId: 'T1' };
    const { surface, said } = recordingSurface();
    for (let i = 0; i < 5; i++) {
      await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, surface, offline.deps);
    }
    for (let i = 0; i < 3; i++) {
      await handleThreadMessage(
        { channel: 'C3', threadTs: '1.1', ts: `3.${i}`, text: 'Who signed it?', user: 'U4' },
        surface,
        offline.deps,
      );
    }
    expect(said.filter((s) => s.includes('Chile and Vietnam')).length).toBeGreaterThanOrEqual(5);
    expect(said.some((s) => /try again/.test(s))).toBe(false);
  });
});

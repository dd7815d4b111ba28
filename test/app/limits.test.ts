import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../src/app/handlers.ts';
import { handleCommand, handleThreadMessage } from '../../src/app/handlers.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { silentLogger } from '../helpers/llm.ts';
import { recordingSurface } from '../helpers/surface.ts';

let runtime: Runtime;
let deps: AppDeps;

beforeAll(async () => {
  // No LLM: briefs come from the offline engine, so the limit is all that is under test.
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    RATE_LIMIT_USER_PER_MINUTE: '2',
    RATE_LIMIT_CHANNEL_PER_MINUTE: '3',
  });
  runtime = await createRuntime(config, silentLogger, { memoryStore: true });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
  deps = runtime.deps;
});

afterAll(async () => {
  await runtime?.close();
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
});

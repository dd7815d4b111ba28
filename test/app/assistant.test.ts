import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assistantGreeting,
  BRIEF_A_LINK,
  handleAssistantMessage,
  looksLikeQuestion,
} from '../../src/app/assistant.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { silentLogger } from '../helpers/llm.ts';
import { recordingSurface } from '../helpers/surface.ts';

/* The assistant's reading of a message, on an in-memory store with no LLM (the offline engine). */

let runtime: Runtime;

beforeAll(async () => {
  runtime = await createRuntime(parseConfig({ LOG_LEVEL: 'silent' }), silentLogger, { memoryStore: true });
  const { article } = await runtime.store.articles.add(
    await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'),
  );
  await runtime.store.stories.assign(article);
});

afterAll(async () => {
  await runtime?.close();
});

let ts = 1;
const message = (text: string, threadTs = '9.1') => ({
  channel: 'D1',
  threadTs,
  ts: `10.${ts++}`,
  text,
  user: 'U1',
  teamId: 'T1',
});

describe('looksLikeQuestion', () => {
  it.each([
    ['what did they agree?', true],
    ['who signed', true],
    ['tell me more about the port deal please', true],
    ['korea-japan', false],
    ['chile vietnam', false],
  ])('%s → %s', (text, expected) => {
    expect(looksLikeQuestion(text)).toBe(expected);
  });
});

describe('handleAssistantMessage', () => {
  it('briefs a topic in the thread and keeps it under the thread, then answers a question from it', async () => {
    const { surface, said } = recordingSurface();
    const thread = { ...surface, thread: '9.1' };
    await handleAssistantMessage(message('chile vietnam'), thread, runtime.deps);
    expect(said.join('\n')).toContain('Chile and Vietnam');
    const stored = await runtime.store.briefs.byThread('D1', '9.1', 'T1');
    expect(stored?.query).toBe('chile vietnam');

    said.length = 0;
    await handleAssistantMessage(
      message('what did they agree about a container route?'),
      thread,
      runtime.deps,
    );
    expect(said.join('\n')).toContain('direct container route');
  });

  it('asks for the link when the "Brief a link…" prompt is clicked, and gives help for help', async () => {
    const { surface, said } = recordingSurface();
    await handleAssistantMessage(message(BRIEF_A_LINK, '9.2'), { ...surface, thread: '9.2' }, runtime.deps);
    expect(said.join('')).toContain('Paste the article’s link here');
    said.length = 0;
    await handleAssistantMessage(message('help', '9.2'), { ...surface, thread: '9.2' }, runtime.deps);
    expect(said.join('')).toContain('/brief ask');
  });

  it('answers a retried event once', async () => {
    const { surface, said } = recordingSurface();
    const m = message('chile vietnam', '9.3');
    await handleAssistantMessage(m, { ...surface, thread: '9.3' }, runtime.deps);
    const first = said.length;
    await handleAssistantMessage(m, { ...surface, thread: '9.3' }, runtime.deps);
    expect(first).toBeGreaterThan(0);
    expect(said.length).toBe(first);
  });
});

describe('assistantGreeting', () => {
  it('suggests the workspace’s followed topics, the day’s biggest story and a link, at most four', async () => {
    await runtime.store.digests.follow({
      teamId: 'T1',
      channel: 'CNEWS',
      topic: 'chile vietnam',
      user: 'U1',
      schedule: null,
      defaults: { minutes: 480, timeZone: 'UTC', zoneSource: 'utc' },
    });
    const greeting = await assistantGreeting({ teamId: 'T1', viewedChannel: 'COTHER' }, runtime.deps);
    expect(greeting.prompts[0]).toEqual({ title: 'Brief chile vietnam', message: 'chile vietnam' });
    expect(greeting.prompts.some((p) => /^story \d+$/.test(p.message))).toBe(true);
    expect(greeting.prompts.at(-1)).toEqual({ title: 'Brief a link…', message: BRIEF_A_LINK });
    expect(greeting.prompts.length).toBeLessThanOrEqual(4);
  });

  it('still greets a workspace with nothing yet', async () => {
    const greeting = await assistantGreeting({ teamId: 'TNEW', viewedChannel: null }, runtime.deps);
    expect(greeting.prompts.map((p) => p.message)).toContain(BRIEF_A_LINK);
  });
});

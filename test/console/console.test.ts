import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { consoleSurface, runConsoleLine } from '../../src/console/console.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { COMPLETIONS, LLM_BASE, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';

// The console with no Slack and no LLM: what a newcomer sees on a fresh clone.
let runtime: Runtime;
let out = '';
const surface = consoleSurface((text) => {
  out += text;
});

async function type(line: string): Promise<string> {
  out = '';
  await runConsoleLine(line, surface, runtime.deps);
  return out;
}

beforeAll(async () => {
  runtime = await createRuntime(parseConfig({ LOG_LEVEL: 'silent' }), silentLogger, { memoryStore: true });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
});

afterAll(async () => {
  await runtime?.close();
});

describe('console', () => {
  it('briefs a topic from the store as text, marked extractive', async () => {
    const shown = await type('/brief chile vietnam');
    expect(shown).toContain('Working on a brief for');
    expect(shown).toContain('Alberto van Klaveren');
    expect(shown).toMatch(/Agreements/);
    expect(shown).toMatch(/[Ee]xtractive/);
    expect(shown).not.toMatch(/<[!@#]|&amp;|&lt;/); // mrkdwn turned into plain text
  });

  it('answers a follow-up in the thread with quoted sentences when no LLM is configured', async () => {
    await type('/brief chile vietnam');
    const shown = await type('> what did they agree about a container route?');
    expect(shown).toContain('│');
    expect(shown).toContain('direct container route between Valparaíso and Hai Phong');
  });

  it('says so when the articles do not answer', async () => {
    await type('/brief chile vietnam');
    const shown = await type('> who won the football final?');
    expect(shown).toContain('The articles don’t say.');
    expect(shown).not.toContain('Hai Phong');
  });

  it('says when no story matches a topic, and names the closest stories', async () => {
    const shown = await type('/brief volcano iceland');
    expect(shown).toContain('No story matches "volcano iceland"');
    expect(shown).toMatch(/Chile and Vietnam .*: \/brief story \d+/);
  });

  it('lists the commands for /brief help, and leaves on /quit', async () => {
    expect(await type('/brief help')).toContain('/brief ask');
    expect(await runConsoleLine('/quit', surface, runtime.deps)).toBe(false);
  });
});

describe('console with a streaming model', () => {
  let llmRuntime: Runtime;
  const writes: string[] = [];
  const streaming = consoleSurface((text) => {
    writes.push(text);
  });

  beforeAll(async () => {
    nock.disableNetConnect();
    llmRuntime = await createRuntime(
      parseConfig({
        LOG_LEVEL: 'silent',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: LLM_BASE,
        OPENAI_MAX_RETRIES: '0',
      }),
      silentLogger,
      { memoryStore: true },
    );
    await llmRuntime.store.articles.add(await llmRuntime.deps.loadUrl('fixtures/articles/summit-tokyo.txt'));
  });

  afterAll(async () => {
    nock.cleanAll();
    await llmRuntime?.close();
  });

  it('prints each verified item as the model writes it, never an invented one, then the sources', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(200, () => sseBody(recorded('korea-japan-lying'), { chunkChars: 9, delayMs: 1 }), SSE_HEADERS);
    await runConsoleLine('/brief korea japan', streaming, llmRuntime.deps);

    const text = writes.join('');
    const at = (s: string) => writes.findIndex((w) => w.includes(s));
    // Piece by piece: the headline, each person and the next step arrive in separate writes, in order.
    expect(at('Lee and Ishiba agree to deepen strategic dialogue')).toBeGreaterThan(-1);
    expect(at('• Lee Jae-myung')).toBeGreaterThan(at('Lee and Ishiba agree'));
    expect(at('• Shigeru Ishiba')).toBeGreaterThan(at('• Lee Jae-myung'));
    expect(at('Sources')).toBeGreaterThan(at('White House'));
    for (const invented of ['Kim Jong-un', 'free trade pact']) expect(text).not.toContain(invented);
    expect(text).not.toContain('**');
    expect(text).toContain('2 unverified items removed');
  });

  it('prints a follow-up answer in the thread sentence by sentence, only what passed, then its quotes', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => JSON.stringify(body).includes('"name":"answer"'))
      .reply(
        200,
        () => sseBody(recorded('korea-japan-answer-lying'), { chunkChars: 6, delayMs: 1 }),
        SSE_HEADERS,
      );
    // The thread to ask in (the brief may come from the cache: then this reply goes unused).
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => JSON.stringify(body).includes('"name":"brief"'))
      .reply(200, () => sseBody(recorded('korea-japan-lying')), SSE_HEADERS);
    await runConsoleLine('/brief korea japan', streaming, llmRuntime.deps);
    writes.length = 0;
    await runConsoleLine('> what did they agree on?', streaming, llmRuntime.deps);

    const text = writes.join('');
    const at = (s: string) => writes.findIndex((w) => w.includes(s));
    const first = at('They agreed to launch a working group on supply chains.');
    const second = at('Lee and Ishiba also agreed to strengthen strategic communication.');
    // Two writes, in order, in the thread's margin; then the quotes the answer rests on.
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(writes[first]).toMatch(/^ {2}│ /);
    expect(at('“They also agreed to expand cooperation')).toBeGreaterThan(second);
    for (const dropped of ['Kim Jong-un', 'video link', '40 billion']) expect(text).not.toContain(dropped);
  });
});

import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/app/handlers.ts';
import type { Surface } from '../../src/app/surface.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { type ChatBody, COMPLETIONS, LLM_BASE, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';

/* A workspace's brief language (issue 19) from its settings to the request, the cache and the footer. */

const config = parseConfig({
  OPENAI_API_KEY: 'sk-test',
  OPENAI_BASE_URL: LLM_BASE,
  OPENAI_MAX_RETRIES: '0',
  BRIEF_FALLBACK: 'none',
  LOG_LEVEL: 'silent',
});

let runtime: Runtime;

beforeAll(async () => {
  runtime = await createRuntime(config, silentLogger, { memoryStore: true });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
});

afterAll(async () => {
  nock.cleanAll();
  await runtime?.close();
});

function surface(): Surface & { posted: string[]; errors: string[] } {
  let ts = 0;
  const posted: string[] = [];
  const errors: string[] = [];
  return {
    posted,
    errors,
    post: async (m) => {
      posted.push(JSON.stringify(m));
      return `1.${++ts}`;
    },
    update: async (_ts, m) => {
      posted.push(JSON.stringify(m));
    },
    remove: async () => {},
    ephemeral: async (m) => {
      errors.push(m.text);
    },
  };
}

describe("a workspace's brief language", () => {
  it('asks for Korean, says so in the footer, and keeps the English brief of the same story apart', async () => {
    const bodies: ChatBody[] = [];
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => {
        bodies.push(body as ChatBody);
        return true;
      })
      .reply(200, recorded('port-deal-ko'))
      .post(COMPLETIONS, (body) => {
        bodies.push(body as ChatBody);
        return true;
      })
      .reply(200, recorded('port-deal'));
    await runtime.store.settings.update('TKO', { briefLanguage: 'ko' }, 'UADMIN');

    const korean = surface();
    await handleCommand(
      { kind: 'topic', topic: 'chile vietnam' },
      { channel: 'C1', user: 'U1', teamId: 'TKO' },
      korean,
      runtime.deps,
    );
    const english = surface();
    await handleCommand(
      { kind: 'topic', topic: 'chile vietnam' },
      { channel: 'C2', user: 'U1', teamId: 'TEN' },
      english,
      runtime.deps,
    );

    expect([...korean.errors, ...english.errors]).toEqual([]);
    // Two LLM calls: the cache does not serve the Korean brief to the English workspace.
    expect(bodies.map((b) => b.messages[1]?.content.split(' the ')[0])).toEqual([
      'Write a Korean brief of',
      'Write a brief of',
    ]);
    const ko = korean.posted.at(-1) ?? '';
    expect(ko).toContain('칠레·베트남, 항만·해운 협력 협정 체결');
    expect(ko).toContain('Written in Korean from an English article');
    expect(ko).not.toContain('4회');
    const en = english.posted.at(-1) ?? '';
    expect(en).toContain('Chile and Vietnam sign port and shipping accord');
    expect(en).not.toContain('Written in');
  });
});

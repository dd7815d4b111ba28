import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/app/handlers.ts';
import type { Surface } from '../../src/app/surface.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { type ChatBody, COMPLETIONS, LLM_BASE, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';

/* A workspace's chosen LLM model is the one its briefs are written with; others keep the server's. */

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

function surface(): Surface & { errors: string[] } {
  let ts = 0;
  const errors: string[] = [];
  return {
    errors,
    post: async () => `1.${++ts}`,
    update: async () => {},
    remove: async () => {},
    ephemeral: async (m) => {
      errors.push(m.text);
    },
  };
}

describe('workspace LLM model', () => {
  it("briefs with the workspace's model when it chose one, else the server's", async () => {
    const models: string[] = [];
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => {
        models.push((body as ChatBody).model);
        return true;
      })
      .times(2)
      .reply(200, recorded('port-deal'));
    await runtime.store.settings.update('TM', { llmModel: 'workspace-model' }, 'UADMIN');

    const s = surface();
    await handleCommand(
      { kind: 'topic', topic: 'chile vietnam' },
      { channel: 'C1', user: 'U1', teamId: 'TM' },
      s,
      runtime.deps,
    );
    await handleCommand(
      { kind: 'topic', topic: 'chile vietnam' },
      { channel: 'C2', user: 'U1', teamId: 'TN' },
      s,
      runtime.deps,
    );

    expect(s.errors).toEqual([]);
    expect(models).toEqual(['workspace-model', 'gpt-4.1-mini']);
  });
});

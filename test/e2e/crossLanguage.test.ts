import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { fakeResolver } from '../helpers/dns.ts';
import { type ChatBody, COMPLETIONS, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { e2eEnv, eventually, SLACK_API, slashCommand, startHttpApp } from '../helpers/slack.ts';
import { CJK_STORIES, storyFixtures } from '../stories/fixtures.ts';

/*
 * `/brief korea-japan` through Bolt's real HTTP receiver finds a Korean and a Japanese report of one
 * summit (two stories: they share no words) and briefs them together, sources marked by language;
 * reports of other Korea–Japan events that day (a festival in Tokyo on the same days) stay out.
 * Once with no LLM (extractive) and once with the LLM faked by a recorded completion.
 */

const SUMMIT = ['summit-ko-1', 'summit-ko-2', 'summit-ja-1', 'summit-ja-2'];
// Same countries, same city, same days (the 23rd and 25th), another event.
const DECOYS = ['culture-ja-1', 'football-ko-1', 'football-ja-1'];

describe.each([
  ['offline (extractive)', { BRIEF_ENGINE: 'extractive' }, null],
  ['through the fake LLM', {}, 'korea-japan-cjk'],
] as const)('/brief korea-japan across languages, %s', (_name, env, llmFixture) => {
  let runtime: Runtime;
  let app: App;
  let server: Server;

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    const config = parseConfig(e2eEnv({ BRIEF_ARTICLES: '4', ...env }));
    runtime = await createRuntime(config, silentLogger, { memoryStore: true, resolve: fakeResolver() });
    const all = storyFixtures({ dir: CJK_STORIES, latestAt: new Date(Date.now() - 3_600_000) });
    const used = all.filter((f) => SUMMIT.includes(f.name) || DECOYS.includes(f.name));
    for (const f of used.sort((a, b) => a.at - b.at)) {
      // The football final is days older: it is no rival for the best story, only for the join.
      const at = f.name.startsWith('football') ? f.at - 3 * 86_400_000 : f.at;
      const { article } = await runtime.store.articles.add({
        ...f.article,
        publishedAt: new Date(at).toISOString(),
      });
      await runtime.store.stories.assign(article);
    }
    ({ app, server } = await startHttpApp(runtime, config.slack ?? (undefined as never)));
  });

  afterAll(async () => {
    await app?.stop();
    await runtime?.close();
    nock.cleanAll();
    nock.disableNetConnect();
  });

  it('briefs the Korean and the Japanese reports together, each source marked by its language', async () => {
    const posted: Record<string, unknown>[] = [];
    nock(SLACK_API)
      .persist()
      .post(/.*/)
      .reply(200, (uri, body) => {
        if (uri.endsWith('chat.postMessage')) posted.push(decode(body));
        return { ok: true, channel: 'C0301', ts: `1700000300.${posted.length}` };
      });
    const bodies: ChatBody[] = [];
    if (llmFixture) {
      nock(LLM_HOST)
        .post(COMPLETIONS, (body) => {
          bodies.push(body as unknown as ChatBody);
          return true;
        })
        .reply(200, recorded(llmFixture));
    }

    await slashCommand(server, 'korea-japan', { channel_id: 'C0301' });
    await eventually(() => posted.length >= 1);

    const payload = JSON.stringify(posted.map((p) => p.blocks));
    // Outlets of both languages, listed with their language (한강뉴스's report is too short to brief).
    for (const [outlet, language] of [
      ['서울일보', 'Korean'],
      ['東都新聞', 'Japanese'],
      ['関西日報', 'Japanese'],
    ]) {
      expect(payload).toMatch(new RegExp(`${outlet}, [^"\\\\]*${language}`));
    }
    expect(payload).toContain('Briefed together with reports of the same event in other languages');
    expect(payload).toContain("From the 3 most informative of this story's 4 articles");
    // Items quoted from both languages' reports.
    expect(payload).toContain('石破茂');
    expect(payload).toContain('*이재명*');
    // The festival, and the football final, are named as other stories, never briefed.
    expect(payload).not.toContain('日比谷公園');
    expect(payload).not.toContain('국립경기장에서');
    expect(payload).toContain('日韓交流おまつり');

    if (llmFixture) {
      const userTurn = bodies[0]?.messages.find((m) => m.role === 'user')?.content ?? '';
      expect(userTurn).toContain('이재명 대통령은 23일');
      expect(userTurn).toContain('石破茂首相は２３日');
      expect(userTurn).not.toContain('日比谷公園');
      // The model's items from both languages survived verification.
      expect(payload).toContain('Expand cooperation in hydrogen and artificial intelligence.');
      expect(payload).toContain('The two leaders plan to meet again early next year.');
      expect(payload).not.toContain('unverified');
    }
  });
});

function decode(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> =
    typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as object) };
  if (typeof fields.blocks === 'string') fields.blocks = JSON.parse(fields.blocks);
  return fields;
}

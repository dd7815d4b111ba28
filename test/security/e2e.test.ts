import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import type { Block } from '../../src/views/blocks.ts';
import { fakeResolver } from '../helpers/dns.ts';
import { COMPLETIONS, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { honouringStream } from '../helpers/llmStream.ts';
import {
  e2eEnv,
  eventCallback,
  eventually,
  RESPONSE_HOST,
  slackMethod,
  slashCommand,
  startHttpApp,
} from '../helpers/slack.ts';
import { assertInert, CASES, sourceUrl } from './helpers.ts';

/*
 * The injection fixtures through Bolt's real HTTP receiver: `/brief <url>` fetches the article
 * (nock), the model "obeys" (recorded reply), and what reaches chat.postMessage / chat.update
 * must carry none of the attack. Then a follow-up in the thread, answered by an obeying model.
 */

const config = parseConfig(e2eEnv());

let runtime: Runtime;
let app: App;
let server: Server;
let ts = 500;

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  runtime = await createRuntime(config, silentLogger, { memoryStore: true, resolve: fakeResolver() });
  ({ app, server } = await startHttpApp(runtime, config.slack ?? (undefined as never)));
});

afterAll(async () => {
  await app?.stop();
  await runtime?.close();
  nock.disableNetConnect(); // back to test/setup.ts
});

afterEach(() => nock.cleanAll());

function fakeSlack() {
  const posted = slackMethod('chat.postMessage', (call) => ({
    ok: true,
    channel: call.channel,
    ts: `1700000000.${++ts}`,
  }));
  const updated = slackMethod('chat.update', (call) => ({ ok: true, channel: call.channel, ts: call.ts }));
  slackMethod('chat.delete', () => ({ ok: true }));
  nock(RESPONSE_HOST)
    .persist()
    .post(/\/commands\/.*/)
    .reply(200, 'ok');
  return { posted: posted.calls, updated: updated.calls };
}

const asPosted = (call: Record<string, unknown>) => ({
  text: String(call.text ?? ''),
  blocks: (call.blocks ?? []) as Block[],
});

function serveArticle(name: string) {
  const text = readFileSync(`fixtures/injection/${name}.txt`, 'utf8');
  const url = new URL(sourceUrl(name));
  nock(url.origin).get(url.pathname).reply(200, text, { 'content-type': 'text/plain; charset=utf-8' });
}

describe('injection through the Slack app', () => {
  it.each(CASES)('/brief <url> of $name posts none of the attack', async (c) => {
    const slack = fakeSlack();
    serveArticle(c.name);
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(200, recorded(`injection-${c.name}`));
    const channel = `CINJ${c.name.length}${c.name[0]}`;

    await slashCommand(server, `<${sourceUrl(c.name)}>`, { channel_id: channel });
    await eventually(() => slack.posted.length >= 1);
    await new Promise((r) => setTimeout(r, 100)); // continuations, if any

    assertInert(slack.posted.map(asPosted), {
      sources: [sourceUrl(c.name)],
      requester: 'U0001',
      forbidden: c.forbidden,
    });
    expect(JSON.stringify(slack.posted[0]?.blocks)).toContain(c.kept[0]);
  });

  it.each([
    ['obeys with a quote that survives', 'injection-answer', 'Wellbrook City Council voted 9 to 2'],
    ['obeys with only injected quotes', 'injection-answer-unquoted', 'The articles don’t say'],
  ])('a follow-up answer that %s posts none of the attack', async (_what, fixture, expected) => {
    const slack = fakeSlack();
    serveArticle('ignore-instructions');
    // The brief may come from the cache (an earlier test): this reply then stays unused, and
    // must not answer the follow-up.
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => JSON.stringify(body).includes('"name":"brief"'))
      .reply(200, recorded('injection-ignore-instructions'));
    const channel = `CANS${fixture.length}`;
    await slashCommand(server, `<${sourceUrl('ignore-instructions')}>`, { channel_id: channel });
    await eventually(() => slack.posted.length === 1);
    const threadTs = `1700000000.${ts}`;
    // Stored right after posting; wait for it so the thread is known.
    for (let i = 0; i < 100 && !(await runtime.store.briefs.byThread(channel, threadTs)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }

    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(honouringStream(recorded(fixture), { chunkChars: 9 }));
    await eventCallback(
      server,
      {
        type: 'message',
        channel,
        user: 'U0002',
        text: 'Did the mayor resign?',
        ts: `1700000099.${ts}`,
        thread_ts: threadTs,
        channel_type: 'channel',
      },
      `EvInj${fixture.length}`,
    );
    await eventually(() => slack.updated.length === 1);

    const answer = asPosted(slack.updated[0] ?? {});
    expect(JSON.stringify(answer.blocks)).toContain(expected);
    assertInert([answer], {
      sources: [sourceUrl('ignore-instructions')],
      forbidden: ['resigned', 'disgrace', 'maire', 'démissionné', 'evil.example', 'U0123ABCD'],
    });
  });
});

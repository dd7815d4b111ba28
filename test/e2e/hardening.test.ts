import type { Server } from 'node:http';
import type { App } from '@slack/bolt';
import nock from 'nock';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type InFlight, inFlight } from '../../src/app/inflight.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime, stopServing } from '../../src/main.ts';
import { fakeResolver } from '../helpers/dns.ts';
import { COMPLETIONS, LLM_HOST, recorded } from '../helpers/llm.ts';
import {
  E2E_IDENTITY,
  e2eEnv,
  eventCallback,
  eventually,
  RESPONSE_HOST,
  SLACK_API,
  send,
  slackMethod,
  slashCommand,
  startHttpApp,
} from '../helpers/slack.ts';

/*
 * Failing dependencies and bad input, end to end through Bolt's real HTTP receiver: the LLM through
 * the real OpenAI client (with its retries), Slack's Web API and response_url faked with nock.
 */

const config = parseConfig(e2eEnv({ OPENAI_MAX_RETRIES: '2', OPENAI_TIMEOUT_MS: '300' }));
const slack = config.slack ?? (undefined as never);
const identity = E2E_IDENTITY;

const logLines: Record<string, unknown>[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(JSON.parse(line)) });

let runtime: Runtime;
let tsCounter = 100;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

async function serve(work?: InFlight): Promise<{ app: App; server: Server; inFlight: InFlight }> {
  const tracker = work ?? inFlight();
  const { app, server } = await startHttpApp(runtime, slack, { logger, identity, inFlight: tracker });
  return { app, server, inFlight: tracker };
}

let main: { app: App; server: Server };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  nock.enableNetConnect('127.0.0.1');
  runtime = await createRuntime(config, logger, { memoryStore: true, resolve: fakeResolver(), jobs: false });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
  main = await serve();
});

afterAll(async () => {
  await main?.app.stop();
  await runtime?.close();
  nock.disableNetConnect();
  process.off('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  nock.cleanAll();
  await runtime.store.briefCache.prune(new Date(Date.now() + 86_400_000));
});

/** A fake Slack; `postReplies` answer chat.postMessage in turn (then ok), as [status, body, headers]. */
function fakeSlack(postReplies: [number, Record<string, unknown>, Record<string, string>?][] = []) {
  const posted: Record<string, unknown>[] = [];
  const queue = [...postReplies];
  nock(SLACK_API)
    .persist()
    .post('/api/chat.postMessage')
    .reply((_uri, body) => {
      const call = Object.fromEntries(new URLSearchParams(String(body)));
      posted.push(call);
      const next = queue.shift();
      if (next) return next;
      return [200, { ok: true, channel: call.channel, ts: `1700000000.${++tsCounter}` }];
    });
  slackMethod('chat.update', (call) => ({ ok: true, channel: call.channel, ts: call.ts }));
  slackMethod('chat.delete', () => ({ ok: true }));
  const responses: Record<string, unknown>[] = [];
  nock(RESPONSE_HOST)
    .persist()
    .post(/\/commands\/.*/)
    .reply(200, (_uri, body) => {
      responses.push(body as Record<string, unknown>);
      return 'ok';
    });
  const okPosts = () => posted.length - postReplies.filter(([status, b]) => status !== 200 || !b.ok).length;
  return { posted, responses, okPosts };
}

const flush = () => new Promise((r) => setTimeout(r, 300));

describe('a failing LLM', () => {
  it('retries 429 (Retry-After), then 500, then briefs', async () => {
    const slackCalls = fakeSlack();
    const llm = nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(429, { error: { message: 'slow down' } }, { 'retry-after': '0' })
      .post(COMPLETIONS)
      .reply(500, { error: { message: 'boom' } })
      .post(COMPLETIONS)
      .reply(200, recorded('port-deal'));

    await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1001' });
    await eventually(() => slackCalls.posted.length >= 1, 15_000);

    expect(llm.isDone()).toBe(true);
    expect(JSON.stringify(slackCalls.posted[0])).toContain('Chile and Vietnam sign port');
    expect(slackCalls.responses).toHaveLength(0);
  });

  it('retries a dropped connection, then briefs', async () => {
    const slackCalls = fakeSlack();
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post(COMPLETIONS)
      .reply(200, recorded('port-deal'));

    await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1002' });
    await eventually(() => slackCalls.posted.length >= 1, 15_000);
    expect(JSON.stringify(slackCalls.posted[0])).toContain('Chile and Vietnam sign port');
  });

  it.each([
    [
      '429s',
      () => nock(LLM_HOST).post(COMPLETIONS).times(3).reply(429, {}, { 'retry-after-ms': '5' }),
      /rate-limiting requests \(429\); try again in a minute/,
    ],
    [
      '500s',
      () => nock(LLM_HOST).post(COMPLETIONS).times(3).reply(502, {}, { 'retry-after-ms': '5' }),
      /is failing \(502\); try again later/,
    ],
    [
      'timeouts',
      () => nock(LLM_HOST).post(COMPLETIONS).times(3).delay(1000).reply(200, recorded('port-deal')),
      /did not answer within 300 ms/,
    ],
    [
      'resets',
      () => nock(LLM_HOST).post(COMPLETIONS).times(3).replyWithError({ code: 'ECONNRESET' }),
      /cannot reach the LLM/,
    ],
    [
      'a malformed body',
      () =>
        nock(LLM_HOST).post(COMPLETIONS).reply(200, '{"choices": [', { 'content-type': 'application/json' }),
      /LLM/,
    ],
  ])(
    'after bounded retries of %s, says so clearly with an error id and posts nothing',
    async (_name, fail, said) => {
      const slackCalls = fakeSlack();
      const llm = fail();

      await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1003' });
      await eventually(() => slackCalls.responses.length === 1, 15_000);
      await flush();

      expect(llm.isDone()).toBe(true);
      const response = JSON.stringify(slackCalls.responses[0]);
      expect(response).toMatch(said);
      expect(response).toMatch(/error id `[0-9a-f]{8}`/);
      expect(slackCalls.posted).toHaveLength(0);
    },
    20_000,
  );
});

describe('a failing Slack', () => {
  it('waits out a 429 on chat.postMessage for its Retry-After, then posts the brief once', async () => {
    const slackCalls = fakeSlack([[429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }]]);
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));

    const started = Date.now();
    await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1004' });
    await eventually(() => slackCalls.posted.length === 2, 15_000);
    await flush();

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slackCalls.posted).toHaveLength(2); // the refused try, then the brief: once
    expect(JSON.stringify(slackCalls.posted[1])).toContain('Chile and Vietnam sign port');
    expect(slackCalls.responses).toHaveLength(0);
  });

  it.each(['channel_not_found', 'is_archived', 'not_in_channel'])(
    'answers through the command when posting says %s, and says why',
    async (error) => {
      const slackCalls = fakeSlack([[200, { ok: false, error }]]);
      nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));

      await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1005' });
      await eventually(() => slackCalls.responses.length === 2, 15_000);

      expect(slackCalls.posted).toHaveLength(1);
      expect(slackCalls.responses[0]).toMatchObject({ response_type: 'in_channel' });
      expect(JSON.stringify(slackCalls.responses[0])).toContain('Chile and Vietnam sign port');
      expect(JSON.stringify(slackCalls.responses[1])).toContain('/invite @newsbrief');
    },
  );
});

describe('a revoked Slack token', () => {
  it('tells the requester through the command that the app needs reinstalling', async () => {
    const slackCalls = fakeSlack([[200, { ok: false, error: 'token_revoked' }]]);
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));

    await slashCommand(main.server, 'chile vietnam', { channel_id: 'C1006' });
    await eventually(() => slackCalls.responses.length === 1, 15_000);

    const response = JSON.stringify(slackCalls.responses[0]);
    expect(response).toContain('token_revoked');
    expect(response).toContain('reinstall');
    expect(response).toContain('"response_type":"ephemeral"');
  });
});

describe('bad input', () => {
  it('answers a 4,000-character command full of odd Unicode clearly, without crashing', async () => {
    const slackCalls = fakeSlack();
    const odd = '\u202Eكوريا\u200F 👩🏽‍🚀 e\u0301\u0301\u0301 \u0000 \uFEFF\uD83D ';
    const text = (odd.repeat(200) + 'x'.repeat(4000)).slice(0, 4000);

    const ack = await slashCommand(main.server, text);
    await flush();
    expect(ack.status).toBe(200);
    expect(ack.text).toMatch(/too long/);
    expect(slackCalls.posted).toHaveLength(0);
    expect(slackCalls.responses).toHaveLength(0);
  });

  it('answers a topic with NUL, bidi marks and half an emoji without a database error', async () => {
    const slackCalls = fakeSlack();
    await slashCommand(main.server, 'volcano\u0000iceland \u202E👩🏽‍🚀 e\u0301 \uD83D'.repeat(20));
    await eventually(() => slackCalls.responses.length === 1);
    expect(JSON.stringify(slackCalls.responses[0])).toContain('No story matches');
  });

  it.each(['http://', 'https://exa mple.com', '<http://>', 'https://[::1'])(
    'says plainly that %s is not a link it can open',
    async (text) => {
      const slackCalls = fakeSlack();
      const ack = await slashCommand(main.server, text);
      await flush();
      expect(ack.status).toBe(200);
      expect(ack.text).toMatch(/not a link I can open/);
      expect(slackCalls.posted).toHaveLength(0);
      expect(slackCalls.responses).toHaveLength(0);
    },
  );

  it.each([
    ['an image', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe])],
    ['a binary file', 'application/octet-stream', Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0x80])],
    [
      'binary bytes called a web page',
      'text/html',
      Buffer.concat([Buffer.from([0, 0xff, 0xfe, 0x80, 0]), Buffer.alloc(2000, 0)]),
    ],
  ])('says clearly when a link is %s, and posts nothing', async (_what, type, bytes) => {
    const slackCalls = fakeSlack();
    nock('https://news.example').get('/file').reply(200, bytes, { 'content-type': type });

    await slashCommand(main.server, 'https://news.example/file', { channel_id: 'C1007' });
    await eventually(() => slackCalls.responses.length === 1);

    const response = JSON.stringify(slackCalls.responses[0]);
    expect(response).not.toMatch(/went wrong/);
    expect(response).toMatch(/error id/);
    expect(slackCalls.posted).toHaveLength(0);
  });

  it('answers adding an empty feed clearly', async () => {
    const slackCalls = fakeSlack();
    nock('https://news.example')
      .get('/empty.xml')
      .reply(200, '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>', {
        'content-type': 'application/rss+xml',
      });

    await slashCommand(main.server, 'feeds add https://news.example/empty.xml', { channel_id: 'C1008' });
    await eventually(() => slackCalls.responses.length === 1);

    expect(JSON.stringify(slackCalls.responses[0])).not.toMatch(/went wrong/);
    expect(slackCalls.posted).toHaveLength(0);
  });

  it('refuses malformed JSON with a 400, and keeps serving', async () => {
    const res = await send(main.server, '{"type": "event_callback", "event": {', 'application/json');
    expect(res.status).toBe(400);
    expect((await slashCommand(main.server, 'help')).status).toBe(200);
  });

  it('refuses an oversized body with a 413, and keeps serving', async () => {
    const body = JSON.stringify({ type: 'event_callback', pad: 'x'.repeat(4 * 1024 * 1024 + 1) });
    const res = await send(main.server, body, 'application/json');
    expect(res.status).toBe(413);
    expect((await slashCommand(main.server, 'help')).status).toBe(200);
  });

  it('acks an event type it does not handle, and logs that it ignored it', async () => {
    const res = await eventCallback(
      main.server,
      { type: 'reaction_added', user: 'U1', reaction: 'x' },
      'Ev9001',
    );
    expect(res.status).toBe(200);
    await eventually(() => logLines.some((l) => l.eventType === 'reaction_added'));
    expect(logLines.find((l) => l.eventType === 'reaction_added')?.msg).toMatch(/ignor/);
  });

  it('acks an event with no event object at all', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T0001',
      api_app_id: 'A0001',
      event_id: 'Ev9002',
    });
    const res = await send(main.server, body, 'application/json');
    expect(res.status).toBeLessThan(500);
    expect((await slashCommand(main.server, 'help')).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('lets a brief in flight post completely, and refuses new commands with a clear answer', async () => {
    const served = await serve();
    const slackCalls = fakeSlack();
    nock(LLM_HOST).post(COMPLETIONS).delay(250).reply(200, recorded('port-deal'));

    await slashCommand(served.server, 'chile vietnam', { channel_id: 'C2001' });
    await eventually(() => served.inFlight.size === 1);
    const stopping = stopServing(served, logger, { timeoutMs: 10_000, graceMs: 2000 });
    const refused = await slashCommand(served.server, 'chile vietnam', { channel_id: 'C2001' });
    const drained = await stopping;

    expect(refused.text).toMatch(/restarting.*try again in a minute/);
    expect(drained).toEqual({ finished: 1, abandoned: 0, leftRunning: 0 });
    expect(slackCalls.posted).toHaveLength(1);
    expect(JSON.stringify(slackCalls.posted[0])).toContain('Chile and Vietnam sign port');
    expect(await runtime.store.briefs.latestInChannel('C2001', 'T0001')).not.toBeNull();
  });

  it('gives up on a brief still waiting for the LLM when time runs out: the requester is told, nothing is posted later', async () => {
    const served = await serve();
    const slackCalls = fakeSlack();
    nock(LLM_HOST).post(COMPLETIONS).delay(250).reply(200, recorded('port-deal'));

    await slashCommand(served.server, 'chile vietnam', { channel_id: 'C2002' });
    await eventually(() => served.inFlight.size === 1);
    const drained = await stopServing(served, logger, { timeoutMs: 20, graceMs: 20 });
    await eventually(() => served.inFlight.size === 0, 5000);
    await flush();

    expect(drained).toMatchObject({ abandoned: 1, leftRunning: 0 });
    expect(slackCalls.posted).toHaveLength(0);
    expect(slackCalls.responses).toHaveLength(1);
    expect(JSON.stringify(slackCalls.responses[0])).toMatch(/restarted before your request was done/);
  });
});

describe('the whole run', () => {
  it('left no unhandled promise rejection behind', () => {
    expect(unhandled).toEqual([]);
  });
});

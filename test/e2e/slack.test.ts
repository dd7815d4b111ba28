import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { fakeResolver } from '../helpers/dns.ts';
import { type ChatBody, COMPLETIONS, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { honouringStream } from '../helpers/llmStream.ts';
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
import { storyFixtures } from '../stories/fixtures.ts';

/*
 * End to end through Bolt's real HTTP receiver: signed requests in, Web API and response_url
 * calls out (nock), the LLM faked with recorded completions, the store an in-memory PGlite.
 */

const config = parseConfig(e2eEnv());
const slack = config.slack ?? (undefined as never);
const identity = E2E_IDENTITY;

let runtime: Runtime;
let app: App;
let server: Server;
let tsCounter = 100;

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  runtime = await createRuntime(config, silentLogger, { memoryStore: true, resolve: fakeResolver() });
  await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
  ({ app, server } = await startHttpApp(runtime, slack, { identity }));
});

afterAll(async () => {
  await app?.stop();
  await runtime?.close();
  nock.disableNetConnect();
});

afterEach(async () => {
  nock.cleanAll();
  // Each test fakes its own LLM replies for the same story: start every test with no cached brief.
  await runtime.store.briefCache.prune(new Date(Date.now() + 86_400_000));
});

/** A fake Slack: chat.postMessage answers with a fresh ts (or `postError`); other methods say ok. */
function fakeSlack(opts: { postError?: string } = {}) {
  const postedTs: string[] = [];
  const posted = slackMethod('chat.postMessage', (call) => {
    if (opts.postError) return { ok: false, error: opts.postError };
    const ts = `1700000000.${++tsCounter}`;
    postedTs.push(ts);
    return { ok: true, channel: call.channel, ts };
  });
  const updated = slackMethod('chat.update', (call) => ({ ok: true, channel: call.channel, ts: call.ts }));
  const deleted = slackMethod('chat.delete', () => ({ ok: true }));
  // A thread's answer streams in: the stream's message has its own ts, updated at the end.
  const streamed = slackMethod('chat.startStream', (call) => ({
    ok: true,
    channel: call.channel,
    ts: `1700000000.${++tsCounter}`,
  }));
  slackMethod(
    'chat.appendStream',
    (call) => ({ ok: true, channel: call.channel, ts: call.ts }),
    streamed.calls,
  );
  slackMethod(
    'chat.stopStream',
    (call) => ({ ok: true, channel: call.channel, ts: call.ts }),
    streamed.calls,
  );
  const responses: Record<string, unknown>[] = [];
  nock(RESPONSE_HOST)
    .persist()
    .post(/\/commands\/.*/)
    .reply(200, (_uri, body) => {
      responses.push(body as Record<string, unknown>);
      return 'ok';
    });
  return {
    posted: posted.calls,
    postedTs,
    updated: updated.calls,
    deleted: deleted.calls,
    streamed: streamed.calls,
    responses,
  };
}

function fakeLlm(...fixtures: string[]) {
  const bodies: ChatBody[] = [];
  let scope = nock(LLM_HOST);
  for (const fixture of fixtures) {
    scope = scope
      .post(COMPLETIONS, (body) => {
        bodies.push(body as unknown as ChatBody);
        return true;
      })
      .reply(honouringStream(recorded(fixture), { chunkChars: 9, delayMs: 1 }));
  }
  return bodies;
}

async function briefInChannel(channel: string) {
  const slackCalls = fakeSlack();
  fakeLlm('port-deal');
  const ack = await slashCommand(server, 'chile vietnam', { channel_id: channel });
  await eventually(() => slackCalls.posted.length >= 1);
  // The brief's own ts: a continuation in its thread may already have taken the next one.
  const threadTs = slackCalls.postedTs[0] ?? '';
  // It is stored just after it is posted; a follow-up sent before that would find no brief.
  for (let i = 0; i < 250 && !(await runtime.store.briefs.byThread(channel, threadTs)); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return { ack, slackCalls, threadTs };
}

describe('/brief <topic>', () => {
  it('acks at once with a working note, then posts the brief in the channel', async () => {
    const { ack, slackCalls } = await briefInChannel('C0001');

    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toContain('Working on a brief for *chile vietnam*');
    const post = slackCalls.posted[0] ?? {};
    expect(post.channel).toBe('C0001');
    expect(post.unfurl_links).toBe('false');
    expect(JSON.stringify(post.blocks)).toContain('Chile and Vietnam sign port and shipping accord');
    expect(post.text).toContain('Chile and Vietnam sign port and shipping accord');
    expect(post.thread_ts).toBeUndefined();
  });

  it('briefs a link: fetches, stores and verifies it, so quotes from elsewhere never reach the channel', async () => {
    const slackCalls = fakeSlack();
    const html = readFileSync('fixtures/articles/summit-tokyo.html', 'utf8');
    nock('https://news.example')
      .get('/summit')
      .reply(200, html, { 'content-type': 'text/html; charset=utf-8' });
    fakeLlm('port-deal'); // a reply about another article: none of its quotes are in this page

    const ack = await slashCommand(server, '<https://news.example/summit>', { channel_id: 'C0005' });
    await eventually(() => slackCalls.posted.length === 1);

    expect(ack.text).toContain('Working on a brief for');
    const payload = JSON.stringify(slackCalls.posted[0]);
    expect(payload).toContain('none reported');
    expect(payload).toMatch(/\d+ unverified items removed/);
    expect(payload).not.toContain('van Klaveren');
    expect(payload).toContain('The Harbor Ledger');
    // The brief is stored by its thread right after it is posted.
    let stored = await runtime.store.briefs.latestInChannel('C0005');
    for (let i = 0; !stored && i < 100; i++) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await runtime.store.briefs.latestInChannel('C0005');
    }
    expect(stored?.articles[0]?.url).toBe('https://news.example/world/2025/08/23/lee-ishiba-tokyo-summit');
  });

  it('says plainly when no article matches, with how to add sources', async () => {
    const slackCalls = fakeSlack();

    await slashCommand(server, 'volcano iceland', { channel_id: 'C0002' });
    await eventually(() => slackCalls.responses.length === 1);

    expect(JSON.stringify(slackCalls.responses[0])).toContain('No story matches \\"volcano iceland\\"');
    expect(JSON.stringify(slackCalls.responses[0])).toContain('newsbrief ingest');
    expect(slackCalls.posted).toHaveLength(0);
  });

  it('reports an LLM failure to the requester with an error id, and posts nothing half-made', async () => {
    const slackCalls = fakeSlack();
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(500, { error: { message: 'boom' } });

    await slashCommand(server, 'chile vietnam', { channel_id: 'C0003' });
    await eventually(() => slackCalls.responses.length === 1);

    const response = JSON.stringify(slackCalls.responses[0]);
    expect(response).toMatch(/is failing \(500\); try again later/);
    expect(response).toMatch(/error id `[0-9a-f]{8}`/);
    expect(response).toContain('"response_type":"ephemeral"');
    expect(slackCalls.posted).toHaveLength(0);
  });

  it('falls back to the response_url when the bot is not in the channel, and says how to invite it', async () => {
    const slackCalls = fakeSlack({ postError: 'not_in_channel' });
    fakeLlm('port-deal');

    await slashCommand(server, 'chile vietnam', { channel_id: 'C0004' });
    await eventually(() => slackCalls.responses.length === 2);

    expect(slackCalls.posted).toHaveLength(1); // tried, refused
    expect(slackCalls.responses[0]).toMatchObject({ response_type: 'in_channel' });
    expect(JSON.stringify(slackCalls.responses[0])).toContain('Chile and Vietnam sign port');
    expect(JSON.stringify(slackCalls.responses[1])).toContain('/invite @newsbrief');
  });

  it('answers /brief help in the ack itself', async () => {
    const ack = await slashCommand(server, 'help');
    expect(ack.status).toBe(200);
    expect(ack.text).toContain('/brief ask');
  });
});

describe('stories', () => {
  beforeAll(async () => {
    // The same talks from three outlets, a football match, a later round of talks…, dated so the
    // latest is an hour ago and the first talks eight days ago (outside the default week).
    for (const f of storyFixtures({ latestAt: new Date(Date.now() - 3_600_000) })) {
      const { article } = await runtime.store.articles.add(f.article);
      await runtime.store.stories.assign(article);
    }
  });

  it('briefs the best story from all its outlets, and names the other matching stories', async () => {
    const slackCalls = fakeSlack();
    const llm = fakeLlm('port-deal');

    await slashCommand(server, 'photoresist "hydrogen fluoride" 30d', { channel_id: 'C0020' });
    await eventually(() => slackCalls.posted.length === 1);

    const payload = JSON.stringify(slackCalls.posted[0]);
    for (const outlet of ['The Harbor Ledger', 'Eastern Wire', 'Pacific Daily Brief']) {
      expect(payload).toContain(outlet);
    }
    expect(payload).toContain('From all 3 articles on this story');
    // All three articles went to the model, the most informative first.
    const userTurn = llm[0]?.messages.find((m) => m.role === 'user')?.content ?? '';
    const ledger = userTurn.indexOf('Busan Exhibition');
    expect(ledger).toBeGreaterThan(-1);
    expect(userTurn.indexOf('Analysts at a Seoul brokerage')).toBeGreaterThan(ledger);
  });

  it('mentions the other stories a topic matches, with how to ask for each', async () => {
    const slackCalls = fakeSlack();
    fakeLlm('port-deal');

    await slashCommand(server, 'korea japan 30d', { channel_id: 'C0021' });
    await eventually(() => slackCalls.posted.length === 1);

    expect(JSON.stringify(slackCalls.posted[0])).toMatch(
      /\d more stories: [^"]*\(\d sources?, `\/brief story \d+`\)/,
    );
  });

  it('says when the topic only matches stories older than the window, and suggests a wider one', async () => {
    const slackCalls = fakeSlack();

    await slashCommand(server, 'photoresist', { channel_id: 'C0022' });
    await eventually(() => slackCalls.responses.length === 1);

    const response = JSON.stringify(slackCalls.responses[0]);
    expect(response).toContain('No story about \\"photoresist\\" in the last 7 days');
    expect(response).toMatch(/try `\/brief photoresist (9|10)d`/);
    expect(slackCalls.posted).toHaveLength(0);
  });

  it('sets and lists topic aliases for the workspace', async () => {
    const slackCalls = fakeSlack();

    const ack = await slashCommand(server, 'alias harbour = dock workers, valparaíso', {
      channel_id: 'C0023',
    });
    await eventually(() => slackCalls.responses.length === 1);
    await slashCommand(server, 'aliases', { channel_id: 'C0023' });
    await eventually(() => slackCalls.responses.length === 2);

    expect(ack.status).toBe(200);
    expect(JSON.stringify(slackCalls.responses[0])).toContain('now also finds: dock workers, valparaíso');
    expect(JSON.stringify(slackCalls.responses[1])).toContain('*harbour* → dock workers, valparaíso');
    const found = await runtime.store.stories.search('harbour', { teamId: 'T0001', windowDays: 30 });
    expect(found[0]?.headline).toBe('Dock workers in Valparaíso walk out over automation plans');
  });
});

describe('follow-ups', () => {
  it('answers a reply in the brief thread in that thread, once, even when Slack retries', async () => {
    const { threadTs, slackCalls } = await briefInChannel('C0010');
    const llm = fakeLlm('e2e-port-deal-answer');
    const event = {
      type: 'message',
      channel: 'C0010',
      user: 'U0002',
      text: 'What did they agree on shipping &amp; customs?',
      ts: '1700000099.000200',
      thread_ts: threadTs,
      channel_type: 'channel',
    };

    const first = await eventCallback(server, event, 'Ev0001');
    await eventually(() => slackCalls.updated.length === 1);
    const retry = await eventCallback(server, event, 'Ev0001', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    await new Promise((r) => setTimeout(r, 300));

    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    const placeholder = slackCalls.posted[1] ?? {};
    expect(placeholder.thread_ts).toBe(threadTs);
    // The answer streamed into the thread, for the asker; the placeholder went when it started.
    expect(slackCalls.streamed[0]).toMatchObject({ channel: 'C0010', thread_ts: threadTs });
    expect(slackCalls.streamed[0]).toMatchObject({ recipient_user_id: 'U0002', recipient_team_id: 'T0001' });
    expect(slackCalls.deleted).toEqual([expect.objectContaining({ ts: slackCalls.postedTs[1] })]);
    const answer = JSON.stringify(slackCalls.updated[0]);
    expect(answer).toContain('direct container route');
    expect(slackCalls.updated).toHaveLength(1);
    expect(slackCalls.updated[0]?.ts).toBe(slackCalls.streamed.at(-1)?.ts);
    expect(llm).toHaveLength(1);
    // The question reached the model unescaped, outside the article block.
    const userTurn = llm[0]?.messages.find((m) => m.role === 'user')?.content ?? '';
    expect(userTurn).toContain('shipping & customs');
  });

  it('answers /brief ask in the latest brief thread and points the asker there', async () => {
    const { threadTs, slackCalls } = await briefInChannel('C0011');
    fakeLlm('e2e-port-deal-answer');

    await slashCommand(server, 'ask what did they agree?', { channel_id: 'C0011' });
    await eventually(() => slackCalls.updated.length === 1 && slackCalls.responses.length === 1);

    expect(slackCalls.posted[1]?.thread_ts).toBe(threadTs);
    expect(JSON.stringify(slackCalls.updated[0])).toContain('joint working group on customs');
    expect(JSON.stringify(slackCalls.responses[0])).toContain('I answered in the thread');
  });

  it('removes the progress note and says what failed when the LLM fails on a follow-up', async () => {
    const { threadTs, slackCalls } = await briefInChannel('C0013');
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(500, { error: { message: 'boom' } });

    await eventCallback(
      server,
      {
        type: 'message',
        channel: 'C0013',
        user: 'U0002',
        text: 'when?',
        ts: '1700000300.000001',
        thread_ts: threadTs,
      },
      'Ev0201',
    );
    await eventually(() => slackCalls.posted.length === 3);

    const placeholder = slackCalls.posted[1] ?? {};
    const error = slackCalls.posted[2] ?? {};
    await eventually(() => slackCalls.deleted.length === 1);
    expect(slackCalls.deleted[0]).toMatchObject({ channel: 'C0013' });
    expect(error.thread_ts).toBe(threadTs);
    expect(JSON.stringify(error)).toMatch(/is failing \(500\).*error id `[0-9a-f]{8}`/);
    expect(placeholder.thread_ts).toBe(threadTs);
    expect(slackCalls.updated).toHaveLength(0);
  });

  it('ignores the bot itself, other bots, edits, and threads that are not briefs', async () => {
    const { threadTs, slackCalls } = await briefInChannel('C0012');
    const llm = fakeLlm('e2e-port-deal-answer');
    const base = { type: 'message', channel: 'C0012', ts: '1700000200.000001', thread_ts: threadTs };

    await eventCallback(server, { ...base, user: 'UBOT', bot_id: 'BBOT', text: 'my own post' }, 'Ev0101');
    await eventCallback(server, { ...base, user: 'U0009', bot_id: 'BOTHER', text: 'another bot' }, 'Ev0102');
    await eventCallback(
      server,
      {
        type: 'message',
        subtype: 'message_changed',
        channel: 'C0012',
        ts: '1700000200.000003',
        message: { text: 'x' },
      },
      'Ev0103',
    );
    await eventCallback(
      server,
      { ...base, user: 'U0002', thread_ts: '1600000000.000001', text: 'unrelated thread' },
      'Ev0104',
    );
    await new Promise((r) => setTimeout(r, 400));

    expect(slackCalls.posted).toHaveLength(1); // the brief only
    expect(llm).toHaveLength(0);
  });
});

describe('request signing', () => {
  it('refuses a request signed with the wrong secret', async () => {
    const res = await slashCommand(server, 'chile vietnam', {}, { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
  });

  it('refuses a correctly signed request older than five minutes (replay)', async () => {
    const res = await slashCommand(
      server,
      'chile vietnam',
      {},
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(res.status).toBe(401);
  });
});

describe('daily digests from Slack', () => {
  beforeAll(() => {
    // serveSlack sets this once digests can post; this suite builds the app without it.
    runtime.deps.runDigestNow = async (teamId, channel) => ({
      teamId,
      channel,
      date: null,
      outcome: 'not-due',
      stories: 0,
    });
  });

  it("follows a topic for a channel member, in the creator's zone, confirms it in the channel, and lists it in the App Home", async () => {
    const slackCalls = fakeSlack();
    slackMethod('conversations.members', () => ({ ok: true, members: ['U0001', 'U0002'] }));
    slackMethod('conversations.info', () => ({ ok: true, channel: { id: 'C0070', creator: 'U0009' } }));
    slackMethod('users.info', () => ({ ok: true, user: { id: 'U0009', tz: 'Asia/Seoul' } }));
    const published = slackMethod('views.publish', () => ({ ok: true }));

    const ack = await slashCommand(server, 'follow korea-japan at 7:30', { channel_id: 'C0070' });
    expect(ack.status).toBe(200);
    await eventually(() => slackCalls.posted.length === 1);
    const confirmation = JSON.stringify(slackCalls.posted[0]);
    expect(slackCalls.posted[0]?.channel).toBe('C0070');
    expect(confirmation).toContain(
      '<@U0001> set this channel to get a daily digest on *korea-japan* at 07:30 Asia/Seoul',
    );

    await eventCallback(
      server,
      { type: 'app_home_opened', user: 'U0001', channel: 'D1', tab: 'home' },
      'EvHome1',
    );
    await eventually(() => published.calls.length === 1);
    const home = JSON.stringify(published.calls[0]);
    expect(home).toContain('<#C0070>');
    expect(home).toContain('Daily at 07:30 Asia/Seoul');
    expect(home).toContain('home_post_now');
  });

  it('follows a topic from the App Home: the button opens the form, a submission follows and confirms in the channel', async () => {
    const slackCalls = fakeSlack();
    slackMethod('conversations.members', () => ({ ok: true, members: ['U0001'] }));
    slackMethod('conversations.info', () => ({ ok: true, channel: { id: 'C0072' } }));
    slackMethod('users.info', () => ({ ok: true, user: { id: 'U0001', is_admin: false } }));
    const opened = slackMethod('views.open', () => ({ ok: true }));
    const published = slackMethod('views.publish', () => ({ ok: true }));
    const interaction = (payload: Record<string, unknown>) =>
      send(
        server,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      );

    await interaction({
      type: 'block_actions',
      team: { id: 'T0001', domain: 'news' },
      user: { id: 'U0001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trigger-1',
      container: { type: 'view', view_id: 'VHOME' },
      actions: [{ action_id: 'home_follow', block_id: 'b1', type: 'button', action_ts: '1.2' }],
    });
    await eventually(() => opened.calls.length === 1);
    expect(JSON.stringify(opened.calls[0])).toContain('follow_topic');

    const submitted = await interaction({
      type: 'view_submission',
      team: { id: 'T0001', domain: 'news' },
      user: { id: 'U0001', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'legacy',
      trigger_id: 'trigger-2',
      view: {
        id: 'V1',
        callback_id: 'follow_topic',
        type: 'modal',
        state: {
          values: {
            channel: { value: { type: 'conversations_select', selected_conversation: 'C0072' } },
            topic: { value: { type: 'plain_text_input', value: 'climate finance' } },
            time: { value: { type: 'plain_text_input', value: '18:15' } },
            zone: { value: { type: 'plain_text_input', value: 'Europe/Paris' } },
          },
        },
      },
    });
    expect(submitted.status).toBe(200);
    await eventually(() => slackCalls.posted.length === 1 && published.calls.length === 1);
    expect(JSON.stringify(slackCalls.posted[0])).toContain(
      'daily digest on *climate finance* at 18:15 Europe/Paris',
    );
    expect((await runtime.store.digests.channel('T0001', 'C0072'))?.topics).toEqual(['climate finance']);
  });

  it('refuses a follow from someone who is not in the channel, and changes nothing', async () => {
    const slackCalls = fakeSlack();
    slackMethod('conversations.members', () => ({ ok: true, members: ['U0002'] }));
    await slashCommand(server, 'follow ports', { channel_id: 'C0071' });
    await eventually(() => slackCalls.responses.length === 1);
    expect(JSON.stringify(slackCalls.responses[0])).toContain(
      'Only people in a channel can change what it follows',
    );
    expect(slackCalls.posted).toHaveLength(0);
    expect(await runtime.store.digests.channel('T0001', 'C0071')).toBeNull();
  });
});

describe('health', () => {
  it('serves /healthz, and /readyz checks the store and Slack', async () => {
    const port = (server.address() as AddressInfo).port;
    nock(SLACK_API)
      .post('/api/auth.test')
      .reply(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' });

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, store: 'ok', slack: 'ok' });
  });

  it('reports not ready when Slack rejects the token', async () => {
    const port = (server.address() as AddressInfo).port;
    nock(SLACK_API).post('/api/auth.test').reply(200, { ok: false, error: 'invalid_auth' });

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);

    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('invalid_auth');
  });
});

describe('/brief feeds', () => {
  const FEED_RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour &amp; Port News</title>
<item><title>One</title><link>https://news.example.com/one</link></item>
<item><title>Two</title><link>https://news.example.com/two</link></item></channel></rss>`;

  it('adds a feed for the workspace after checking it, lists it, and removes it', async () => {
    const slackCalls = fakeSlack();
    const feed = nock('https://feeds.example.com')
      .get('/port.xml')
      .reply(200, FEED_RSS, { 'content-type': 'application/rss+xml' });

    const ack = await slashCommand(server, 'feeds add <https://feeds.example.com/port.xml>');
    expect(ack.status).toBe(200);
    expect(JSON.parse(ack.text)).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toContain('Checking the feed');
    await eventually(() => slackCalls.responses.length === 1);
    expect(feed.isDone()).toBe(true);
    expect(slackCalls.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    const added = JSON.stringify(slackCalls.responses[0]);
    expect(added).toContain('Added <https://feeds.example.com/port.xml|Harbour &amp; Port News>');
    expect(added).toContain('2 items');
    expect(slackCalls.posted).toEqual([]);

    // The feed belongs to the workspace that added it, not to the CLI's global list.
    expect((await runtime.store.feeds.list('T0001')).map((f) => f.url)).toEqual([
      'https://feeds.example.com/port.xml',
    ]);
    expect(await runtime.store.feeds.list(null)).toEqual([]);

    const listAck = await slashCommand(server, 'feeds list');
    expect(listAck.text).toBe('');
    await eventually(() => slackCalls.responses.length === 2);
    expect(JSON.stringify(slackCalls.responses[1])).toContain('not polled yet');

    await slashCommand(server, 'feeds remove https://feeds.example.com/port.xml');
    await eventually(() => slackCalls.responses.length === 3);
    expect(JSON.stringify(slackCalls.responses[2])).toContain('Removed');
    expect(await runtime.store.feeds.list('T0001')).toEqual([]);
  });

  it('says clearly when the URL is not a feed, with an error id, and adds nothing', async () => {
    const slackCalls = fakeSlack();
    nock('https://feeds.example.com')
      .get('/page')
      .reply(200, '<!doctype html><html><body><p>Hello</p></body></html>', { 'content-type': 'text/html' });

    await slashCommand(server, 'feeds add https://feeds.example.com/page');
    await eventually(() => slackCalls.responses.length === 1);
    const response = JSON.stringify(slackCalls.responses[0]);
    expect(response).toContain('is a web page that names no feed');
    expect(response).toContain('error id');
    expect(await runtime.store.feeds.list('T0001')).toEqual([]);
  });
});

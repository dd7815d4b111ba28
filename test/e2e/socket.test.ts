import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { parseConfig } from '../../src/config.ts';
import type { Runtime } from '../../src/main.ts';
import { createSlackApp, startSlackApp } from '../../src/slack/app.ts';
import { COMPLETIONS, LLM_HOST, recorded, silentLogger } from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';
import {
  decodeApiBody,
  dmMessageEvent,
  E2E_IDENTITY,
  e2eEnv,
  eventually,
  summitFollowedRuntime,
} from '../helpers/slack.ts';

/*
 * The assistant end to end in Socket Mode: Bolt's real SocketModeReceiver connects to a fake Slack
 * on 127.0.0.1 — a Web API whose apps.connections.open hands out the ws:// address of a local
 * WebSocket server — which sends the envelopes Slack would (hello, assistant_thread_started, then
 * DM messages) and records the acks and every Web API call in order.
 */

interface Call {
  method: string;
  body: Record<string, unknown>;
}

const DM = 'D0S01';
const THREAD = '1700000000.000900';

let runtime: Runtime;
let app: App;
let server: Server;
let sockets: WebSocketServer;
let link: WebSocket | null = null;
let tsCounter = 100;
const calls: Call[] = [];
const acks: string[] = [];
let connectionsOpened = 0;

const of = (method: string) => calls.filter((c) => c.method === method);

async function read(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  if (/json/.test(req.headers['content-type'] ?? '')) return JSON.parse(raw || '{}');
  const body = decodeApiBody(raw);
  if (typeof body.chunks === 'string') body.chunks = JSON.parse(body.chunks);
  return body;
}

/** An events_api envelope, as Slack sends one over the socket. */
function envelope(id: string, event: Record<string, unknown>) {
  return JSON.stringify({
    envelope_id: id,
    type: 'events_api',
    accepts_response_payload: false,
    retry_attempt: 0,
    retry_reason: '',
    payload: {
      token: 'legacy',
      team_id: 'T0001',
      api_app_id: 'A0001',
      event,
      type: 'event_callback',
      event_id: `Ev${id}`,
      event_time: 1700000000,
      authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    },
  });
}

function dm(id: string, text: string, ts: string) {
  link?.send(envelope(id, dmMessageEvent(DM, THREAD, text, ts)));
}

beforeAll(async () => {
  nock.enableNetConnect('127.0.0.1');
  server = createServer(async (req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '').replace(/\?.*$/, '');
    const body = await read(req);
    calls.push({ method, body });
    res.writeHead(200, { 'content-type': 'application/json' });
    if (method === 'apps.connections.open') {
      connectionsOpened++;
      const { port } = server.address() as AddressInfo;
      res.end(JSON.stringify({ ok: true, url: `ws://127.0.0.1:${port}/link` }));
      return;
    }
    const ts = `1700000200.${String(++tsCounter).padStart(6, '0')}`;
    res.end(JSON.stringify({ ok: true, channel: body.channel ?? body.channel_id, ts }));
  });
  sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket) => {
    link = socket;
    socket.on('message', (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id?: string };
      if (ack.envelope_id) acks.push(ack.envelope_id);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake', approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0001' },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const env = e2eEnv({
    SLACK_APP_TOKEN: 'xapp-1-A0001-1-test',
    SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
  });
  delete env.SLACK_SIGNING_SECRET;
  const config = parseConfig(env);
  runtime = await summitFollowedRuntime(config);
  app = createSlackApp({
    slack: config.slack ?? (undefined as never),
    port: 0,
    deps: runtime.deps,
    logger: silentLogger,
    identity: E2E_IDENTITY,
    ready: () => runtime.store.ping(),
  });
  await startSlackApp(app, 0);
  await eventually(() => link !== null, 20_000);
});

afterAll(async () => {
  await app?.stop();
  await runtime?.close();
  // Let the client's close handshake finish before the server goes.
  await eventually(() => (sockets?.clients.size ?? 0) === 0, 2_000).catch(() => {});
  for (const client of sockets?.clients ?? []) client.terminate();
  sockets?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  nock.cleanAll();
  nock.disableNetConnect();
});

describe('the assistant in Socket Mode', () => {
  it('connects through apps.connections.open on the configured API, and greets a new thread with prompts', async () => {
    expect(connectionsOpened).toBe(1);
    expect(of('apps.connections.open')).toHaveLength(1);
    link?.send(
      envelope('env-1', {
        type: 'assistant_thread_started',
        assistant_thread: {
          user_id: 'U0001',
          context: { channel_id: 'CNEWS', team_id: 'T0001', enterprise_id: null },
          channel_id: DM,
          thread_ts: THREAD,
        },
        event_ts: '1700000000.000901',
      }),
    );
    await eventually(() => of('assistant.threads.setSuggestedPrompts').length === 1, 20_000);

    expect(acks).toContain('env-1');
    expect(of('chat.postMessage')[0]?.body).toMatchObject({ channel: DM, thread_ts: THREAD });
    const prompts = of('assistant.threads.setSuggestedPrompts')[0]?.body.prompts;
    const list = (typeof prompts === 'string' ? JSON.parse(prompts) : prompts) as { message: string }[];
    expect(list[0]?.message).toBe('korea-japan');
  });

  it('acks a DM message and streams its brief, then streams a follow-up answer in the thread', async () => {
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(200, () => sseBody(recorded('korea-japan-lying'), { chunkChars: 9, delayMs: 1 }), SSE_HEADERS);
    const before = calls.length;
    dm('env-2', 'korea-japan', '1700000000.000902');
    await eventually(() => of('assistant.threads.setTitle').length === 1, 30_000);

    expect(acks).toContain('env-2');
    const methods = calls.slice(before).map((c) => c.method);
    const first = (m: string) => methods.indexOf(m);
    expect(first('assistant.threads.setStatus')).toBeGreaterThan(-1);
    expect(first('assistant.threads.setStatus')).toBeLessThan(first('chat.startStream'));
    expect(first('chat.startStream')).toBeLessThan(first('chat.appendStream'));
    expect(methods.lastIndexOf('chat.appendStream')).toBeLessThan(first('chat.stopStream'));
    expect(first('chat.stopStream')).toBeLessThan(first('chat.update'));
    expect(of('chat.startStream')[0]?.body).toMatchObject({
      channel: DM,
      thread_ts: THREAD,
      recipient_user_id: 'U0001',
    });
    const brief = JSON.stringify(of('chat.update')[0]?.body.blocks);
    expect(brief).toContain('Shigeru Ishiba');
    expect(brief).not.toContain('Kim Jong-un');

    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(
        200,
        () => sseBody(recorded('korea-japan-answer-lying'), { chunkChars: 6, delayMs: 1 }),
        SSE_HEADERS,
      );
    const beforeAnswer = calls.length;
    dm('env-3', 'what did they agree on?', '1700000000.000903');
    await eventually(() => of('chat.update').length === 2, 30_000);

    expect(acks).toContain('env-3');
    expect(of('chat.startStream')).toHaveLength(2);
    const streamed = JSON.stringify(
      calls.slice(beforeAnswer).filter((c) => /^chat\.(start|append)Stream$/.test(c.method)),
    );
    expect(streamed).toContain('They agreed to launch a working group on supply chains.');
    expect(streamed).toContain('Lee and Ishiba also agreed to strengthen strategic communication.');
    for (const dropped of ['Kim Jong-un', '40 billion']) expect(streamed).not.toContain(dropped);
    expect(JSON.stringify(of('chat.update')[1]?.body.blocks)).toContain('feedback_buttons');
    expect(of('chat.postMessage')).toHaveLength(1); // the greeting only: both replies streamed
  });
});

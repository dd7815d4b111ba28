import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import nock from 'nock';
import type { Config, SlackConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { createSlackApp, type SlackAppOptions, startSlackApp } from '../../src/slack/app.ts';
import { fakeResolver } from './dns.ts';
import { LLM_BASE, silentLogger } from './llm.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const SLACK_API = 'https://slack.com';
export const RESPONSE_HOST = 'https://hooks.slack.test';

/** Signs a request body the way Slack does: v0=HMAC-SHA256(secret, "v0:{ts}:{body}"). */
export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret?: string;
  timestamp?: number;
  headers?: Record<string, string>;
}

/** POSTs a signed request to the app's real HTTP receiver. */
export async function send(server: Server, body: string, contentType: string, opts: SendOptions = {}) {
  const port = (server.address() as AddressInfo).port;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(body, timestamp, opts.secret),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

export function slashCommand(
  server: Server,
  text: string,
  fields: Record<string, string> = {},
  opts?: SendOptions,
) {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'newsroom',
    channel_id: 'C0001',
    channel_name: 'news',
    user_id: 'U0001',
    user_name: 'ana',
    command: '/brief',
    text,
    api_app_id: 'A0001',
    response_url: `${RESPONSE_HOST}/commands/T0001/1/abc`,
    trigger_id: '1.2.3',
    ...fields,
  }).toString();
  return send(server, body, 'application/x-www-form-urlencoded', opts);
}

export function eventCallback(
  server: Server,
  event: Record<string, unknown>,
  eventId: string,
  opts?: SendOptions,
) {
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    event,
  });
  return send(server, body, 'application/json', opts);
}

/** Web API calls arrive form-encoded, with blocks as a JSON string. */
export function decodeApiBody(body: unknown): Record<string, unknown> {
  const fields: Record<string, unknown> =
    typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as object) };
  if (typeof fields.blocks === 'string') fields.blocks = JSON.parse(fields.blocks);
  return fields;
}

/** Records the Web API calls of one method and answers each with `reply(call)`. */
export function slackMethod(
  method: string,
  reply: (call: Record<string, unknown>) => Record<string, unknown>,
  calls: Record<string, unknown>[] = [],
) {
  const scope = nock(SLACK_API)
    .persist()
    .post(`/api/${method}`)
    .reply(200, (_uri, body) => {
      const call = decodeApiBody(body);
      calls.push(call);
      return reply(call);
    });
  return { scope, calls };
}

/** Waits until `check` passes or the deadline ends; the listener works after Slack's ack. */
export async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The settings of an app under end-to-end test: one workspace over HTTP on a free port, the LLM at
 * LLM_BASE (no retries, no fallback), quiet logs, and no request limits (suites send many requests
 * from one user; the limits have their own test).
 */
export function e2eEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: LLM_BASE,
    OPENAI_MAX_RETRIES: '0',
    BRIEF_FALLBACK: 'none',
    LOG_LEVEL: 'silent',
    PORT: '0',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_CHANNEL_PER_MINUTE: '0',
    ...overrides,
  };
}

/** The bot as auth.test would describe it in the end-to-end suites. */
export const E2E_IDENTITY = { botUserId: 'UBOT', botId: 'BBOT', teamId: 'T0001' };

/**
 * The Bolt app in HTTP mode on a free port over a test runtime, as the end-to-end suites start it;
 * `extra` overrides the logger, the identity or the in-flight tracker.
 */
export async function startHttpApp(
  runtime: Runtime,
  slack: SlackConfig,
  extra: Partial<Pick<SlackAppOptions, 'logger' | 'identity' | 'inFlight'>> = {},
): Promise<{ app: App; server: Server }> {
  const app = createSlackApp({
    slack,
    port: 0,
    deps: runtime.deps,
    logger: silentLogger,
    identity: E2E_IDENTITY,
    ready: () => runtime.store.ping(),
    ...extra,
  });
  const server = await startSlackApp(app, 0);
  if (!server) throw new Error('HTTP mode should return its server');
  return { app, server };
}

/**
 * A runtime in memory holding the Tokyo summit article, with channel CNEWS following
 * korea-japan: what the assistant suites greet (suggested prompts) and brief from.
 */
export async function summitFollowedRuntime(config: Config): Promise<Runtime> {
  const runtime = await createRuntime(config, silentLogger, { memoryStore: true, resolve: fakeResolver() });
  const { article } = await runtime.store.articles.add(
    await runtime.deps.loadUrl('fixtures/articles/summit-tokyo.txt'),
  );
  await runtime.store.stories.assign(article);
  await runtime.store.digests.follow({
    teamId: 'T0001',
    channel: 'CNEWS',
    topic: 'korea-japan',
    user: 'U0001',
    schedule: null,
    defaults: { minutes: 480, timeZone: 'UTC', zoneSource: 'utc' },
  });
  return runtime;
}

/** A person's message in an assistant thread of their DM with the bot (the `message.im` event). */
export function dmMessageEvent(channel: string, threadTs: string, text: string, ts: string) {
  return {
    type: 'message',
    channel,
    channel_type: 'im',
    user: 'U0001',
    text,
    ts,
    thread_ts: threadTs,
    event_ts: ts,
  };
}

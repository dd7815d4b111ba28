/**
 * Local stand-ins for the network the benchmarks must not touch: an OpenAI-compatible chat
 * completions server and a Slack Web API (plus response_url), both on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { estimateTokens } from '../src/brief/budget.ts';

export async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface FakeLlm {
  server: Server;
  url: string;
  readonly calls: number;
  /** Distinct user prompts seen (one per distinct article set). */
  readonly distinctPrompts: number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * An OpenAI-compatible chat completions endpoint answering a minimal valid brief after `delayMs`.
 * Its usage figures are estimates of what it was sent and what it answers (no tokenizer here).
 */
export async function fakeLlm(delayMs: number): Promise<FakeLlm> {
  const state = { calls: 0, prompts: new Set<string>() };
  const server = createServer(async (req, res) => {
    const request = JSON.parse(await body(req)) as { messages: { content: string }[] };
    state.calls++;
    const text = request.messages.at(-1)?.content ?? '';
    state.prompts.add(text);
    const title = /Title: (.*)/.exec(text)?.[1] ?? 'News';
    const brief = {
      headline: title,
      // As the model writes it (brief-v4): sentences, each with the quotes it rests on.
      summary: [[`${title}.`, title]],
      who: [],
      where: [],
      when: [],
      agreements: [],
      nextSteps: [],
    };
    const content = JSON.stringify(brief);
    const promptTokens = request.messages.reduce((n, m) => n + estimateTokens(m.content ?? ''), 0);
    const completionTokens = estimateTokens(content);
    await new Promise((r) => setTimeout(r, delayMs));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `cmpl-${state.calls}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'bench-model',
        choices: [
          { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' },
        ],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
        },
      }),
    );
  });
  const url = await listen(server);
  return {
    server,
    url,
    get calls() {
      return state.calls;
    },
    get distinctPrompts() {
      return state.prompts.size;
    },
    reset() {
      state.calls = 0;
      state.prompts.clear();
    },
    close: () => close(server),
  };
}

export interface FakeSlack {
  server: Server;
  url: string;
  /** chat.postMessage calls (briefs and thread replies). */
  readonly calls: number;
  /** chat.postMessage calls that start a thread (a brief in the channel). */
  readonly posts: number;
  /** Every Web API call and response_url post. */
  readonly requests: number;
  /** Posts to response_url (ephemeral replies), and those that carry an error (":warning:"). */
  readonly responses: number;
  readonly errorResponses: number;
  /** performance.now() of the latest brief posted in a channel. */
  readonly lastPostAt: number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A Slack Web API that says ok to everything and counts chat.postMessage; auth.test names a bot.
 * POSTs under /response/ stand for a command's response_url.
 */
export async function fakeSlack(): Promise<FakeSlack> {
  const state = { calls: 0, posts: 0, requests: 0, responses: 0, errors: 0, ts: 0, lastPostAt: 0 };
  const server = createServer(async (req, res) => {
    const text = await body(req);
    state.requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.startsWith('/response/')) {
      state.responses++;
      if (text.includes(':warning:')) state.errors++;
      res.end(JSON.stringify({ ok: true }));
      return;
    }
    if (req.url?.includes('auth.test')) {
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' }));
      return;
    }
    if (req.url?.includes('chat.postMessage')) {
      state.calls++;
      if (!/(^|&)thread_ts=/.test(text) && !text.includes('"thread_ts"')) {
        state.posts++;
        state.lastPostAt = performance.now();
      }
    }
    res.end(JSON.stringify({ ok: true, ts: `1780000000.${String(++state.ts).padStart(6, '0')}` }));
  });
  const url = await listen(server);
  return {
    server,
    url,
    get calls() {
      return state.calls;
    },
    get posts() {
      return state.posts;
    },
    get requests() {
      return state.requests;
    },
    get responses() {
      return state.responses;
    },
    get errorResponses() {
      return state.errors;
    },
    get lastPostAt() {
      return state.lastPostAt;
    },
    reset() {
      Object.assign(state, { calls: 0, posts: 0, requests: 0, responses: 0, errors: 0, lastPostAt: 0 });
    },
    close: () => close(server),
  };
}

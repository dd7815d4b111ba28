import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recorded } from '../helpers/llm.ts';
import { eventually, SIGNING_SECRET, signature } from '../helpers/slack.ts';

/*
 * `newsbrief start` as a real process, stopped with SIGTERM while a brief waits on a slow LLM.
 * One local server plays Slack's Web API, the response_url, the news site and the LLM.
 */

interface Fake {
  server: Server;
  port: number;
  posted: Record<string, string>[];
  responses: Record<string, unknown>[];
  llmCalls: number;
}

async function fakeWorld(llmDelayMs: number): Promise<Fake> {
  const fake = { posted: [], responses: [], llmCalls: 0 } as unknown as Fake;
  let ts = 100;
  fake.server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += String(d);
    });
    req.on('end', () => {
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const path = req.url ?? '';
      if (path === '/api/auth.test')
        return json(200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0001' });
      if (path === '/api/chat.postMessage') {
        fake.posted.push(Object.fromEntries(new URLSearchParams(body)));
        return json(200, { ok: true, channel: 'C1', ts: `1700000000.${++ts}` });
      }
      if (path.startsWith('/api/')) return json(200, { ok: true });
      if (path.startsWith('/respond/')) {
        fake.responses.push(JSON.parse(body));
        return json(200, { ok: true });
      }
      if (path === '/story') {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end(readFileSync('fixtures/articles/port-deal.txt'));
      }
      if (path === '/v1/chat/completions') {
        fake.llmCalls++;
        setTimeout(() => json(200, recorded('port-deal')), llmDelayMs).unref();
        return;
      }
      json(404, { error: path });
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.port = (fake.server.address() as AddressInfo).port;
  return fake;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(() => nock.enableNetConnect('127.0.0.1'));
afterAll(() => nock.disableNetConnect());

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
  cleanup = [];
});

async function startApp(fake: Fake) {
  const dataDir = await mkdtemp(join(tmpdir(), 'newsbrief-shutdown-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/newsbrief.js', 'start'], {
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: `http://127.0.0.1:${fake.port}/api/`,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: `http://127.0.0.1:${fake.port}/v1`,
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '60000',
      BRIEF_FALLBACK: 'none',
      FETCH_ALLOW_PRIVATE: 'true',
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
  });
  const out = { text: '', code: undefined as number | null | undefined };
  child.stdout.on('data', (d) => {
    out.text += String(d);
  });
  child.stderr.on('data', (d) => {
    out.text += String(d);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      out.code = code;
      resolve(code);
    }),
  );
  cleanup.push(async () => {
    if (out.code === undefined) child.kill('SIGKILL');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  });
  await eventually(() => out.text.includes('listening for Slack') || out.code !== undefined, 90_000);
  if (out.code !== undefined) throw new Error(`the app did not start:\n${out.text}`);
  return { child: child as ChildProcess, port, out, exited };
}

async function slash(port: number, fakePort: number, text: string) {
  const body = new URLSearchParams({
    team_id: 'T0001',
    channel_id: 'C1',
    user_id: 'U1',
    command: '/brief',
    text,
    response_url: `http://127.0.0.1:${fakePort}/respond/1`,
    trigger_id: '1.2.3',
    api_app_id: 'A0001',
  }).toString();
  const timestamp = Math.floor(Date.now() / 1000);
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature(body, timestamp),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe('newsbrief start, stopped with SIGTERM', () => {
  it('finishes posting the brief in flight, refuses new commands meanwhile, then exits 0', async () => {
    const fake = await fakeWorld(2000);
    cleanup.push(() => new Promise((r) => fake.server.close(() => r())));
    const app = await startApp(fake);

    const ack = await slash(app.port, fake.port, `http://127.0.0.1:${fake.port}/story`);
    expect(ack.text).toContain('Working on a brief');
    await eventually(() => fake.llmCalls === 1, 30_000);
    app.child.kill('SIGTERM');
    await eventually(() => app.out.text.includes('shutting down'), 10_000);
    const refused = await slash(app.port, fake.port, 'chile vietnam');
    const code = await app.exited;

    expect(refused.text).toMatch(/restarting/);
    expect(code).toBe(0);
    expect(fake.posted).toHaveLength(1);
    expect(fake.posted[0]?.text).toContain('Chile and Vietnam sign port');
    expect(fake.responses).toHaveLength(0); // no error, no "gave up"
    expect(app.out.text).toContain('"finished":1');
  }, 120_000);

  it('exits at once on a second signal, posting nothing', async () => {
    const fake = await fakeWorld(60_000);
    cleanup.push(() => new Promise((r) => fake.server.close(() => r())));
    const app = await startApp(fake);

    await slash(app.port, fake.port, `http://127.0.0.1:${fake.port}/story`);
    await eventually(() => fake.llmCalls === 1, 30_000);
    app.child.kill('SIGTERM');
    await eventually(() => app.out.text.includes('shutting down'), 10_000);
    const started = Date.now();
    app.child.kill('SIGTERM');
    const code = await app.exited;

    expect(code).toBe(143);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fake.posted).toHaveLength(0);
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { App } from '@slack/bolt';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { maskTokens, scrubber } from '../../src/secrets.ts';
import { createSlackApp, startSlackApp } from '../../src/slack/app.ts';
import { COMPLETIONS, LLM_BASE, LLM_HOST, recorded } from '../helpers/llm.ts';
import { eventually, RESPONSE_HOST, SLACK_API, slackMethod, slashCommand } from '../helpers/slack.ts';

/*
 * Runs that use recognisable secrets, with every log line captured at the most verbose level,
 * through the error paths most likely to carry them: an LLM error whose body and headers echo
 * the key, a Slack API error echoing the token, a Socket Mode start that fails, and the real CLI
 * as a child process. No secret may appear in any line, nor in what users are shown.
 */

const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-SeCrEtBoTtOkEn',
  SLACK_SIGNING_SECRET: 'c0ffee5ecretsigning5ecret0123',
  SLACK_APP_TOKEN: 'xapp-1-A111-222-SeCrEtApPtOkEn',
  OPENAI_API_KEY: 'sk-proj-SeCrEtOpEnAiKeY0123456789',
};
const VALUES = Object.values(SECRETS);

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, sink };
}

function expectNoSecret(texts: readonly string[]) {
  const all = texts.join('\n');
  for (const v of VALUES) {
    expect(all, 'a secret leaked').not.toContain(v);
    // Nor its distinctive tail, in case a prefix was kept and the rest split off.
    expect(all).not.toContain(v.slice(-12));
  }
}

describe('scrubbing', () => {
  it('removes configured values, JSON-escaped and URL-encoded too, and token shapes', () => {
    const scrub = scrubber(['p@ss"word-123', 'short']);
    expect(scrub('{"msg":"p@ss\\"word-123"} p%40ss%22word-123 short')).toBe(
      '{"msg":"[redacted]"} [redacted] short',
    );
    expect(maskTokens('Incorrect API key provided: sk-proj-abcdefgh1234 and xoxb-12-34-abcdef')).toBe(
      'Incorrect API key provided: sk-[redacted] and xoxb-[redacted]',
    );
  });
});

describe('secrets never reach the logs', () => {
  const config = parseConfig({
    ...SECRETS,
    SLACK_APP_TOKEN: undefined, // HTTP mode here; Socket Mode below
    OPENAI_BASE_URL: LLM_BASE,
    OPENAI_MAX_RETRIES: '0',
    BRIEF_FALLBACK: 'none',
    LOG_LEVEL: 'trace',
    LOG_FORMAT: 'json',
    PORT: '0',
  });
  const { lines, sink } = capture();
  let logger: Logger;
  let runtime: Runtime;
  let app: App;
  let server: Server;
  const responses: string[] = [];
  const catchResponses = () =>
    nock(RESPONSE_HOST)
      .persist()
      .post(/\/commands\/.*/)
      .reply(200, (_uri, body) => {
        responses.push(JSON.stringify(body));
        return 'ok';
      });

  beforeAll(async () => {
    nock.enableNetConnect('127.0.0.1');
    logger = createLogger(config.log, sink);
    runtime = await createRuntime(config, logger, { memoryStore: true });
    await runtime.store.articles.add(await runtime.deps.loadUrl('fixtures/articles/port-deal.txt'));
    app = createSlackApp({
      slack: config.slack ?? (undefined as never),
      port: 0,
      deps: runtime.deps,
      logger,
      identity: { botUserId: 'UBOT', botId: 'BBOT', teamId: 'T0001' },
      ready: () => runtime.store.ping(),
    });
    server = (await startSlackApp(app, 0)) as Server;
    catchResponses();
  });

  afterAll(async () => {
    await app?.stop();
    await runtime?.close();
    nock.cleanAll();
    nock.disableNetConnect(); // back to test/setup.ts
  });

  // Each test installs its own fakes; the response_url catcher stays.
  afterEach(() => {
    nock.cleanAll();
    catchResponses();
  });

  it('when the LLM rejects the key and echoes it in its body and headers', async () => {
    const before = responses.length;
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(
        401,
        {
          error: {
            message: `Incorrect API key provided: ${SECRETS.OPENAI_API_KEY}`,
            code: 'invalid_api_key',
          },
        },
        { 'x-echo-authorization': `Bearer ${SECRETS.OPENAI_API_KEY}` },
      );
    await slashCommand(server, 'chile vietnam', {}, { secret: SECRETS.SLACK_SIGNING_SECRET });
    await eventually(() => responses.length > before);
    expect(lines.join('')).toContain('LLM call failed');
    expectNoSecret([...lines, ...responses]);
  });

  it('when the LLM returns another error quoting the key, and the user is told about it', async () => {
    const before = responses.length;
    nock(LLM_HOST)
      .post(COMPLETIONS)
      .reply(418, { error: { message: `proxy refused key ${SECRETS.OPENAI_API_KEY}` } });
    await slashCommand(server, 'chile vietnam', {}, { secret: SECRETS.SLACK_SIGNING_SECRET });
    await eventually(() => responses.length > before);
    expect(responses.at(-1)).toContain('returned an error (418)');
    expectNoSecret([...lines, ...responses]);
  });

  it('when Slack refuses a post and echoes the token', async () => {
    slackMethod('chat.postMessage', () => ({
      ok: false,
      error: 'invalid_auth',
      echo: { token: SECRETS.SLACK_BOT_TOKEN, header: `Bearer ${SECRETS.SLACK_BOT_TOKEN}` },
    }));
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('port-deal'));
    const before = lines.length;
    const answered = responses.length;
    await slashCommand(server, 'chile vietnam', {}, { secret: SECRETS.SLACK_SIGNING_SECRET });
    // A revoked or invalid token is a UserError since the hardening work ("reinstall the app").
    await eventually(() => lines.slice(before).some((l) => l.includes('request failed')));
    await eventually(() => responses.length > answered);
    expectNoSecret([...lines, ...responses]);
  });

  it('when a Socket Mode start fails', async () => {
    nock(SLACK_API)
      .post('/api/apps.connections.open')
      .reply(200, { ok: false, error: 'invalid_auth', token: SECRETS.SLACK_APP_TOKEN });
    const socketConfig = parseConfig({ ...SECRETS, LOG_LEVEL: 'trace', LOG_FORMAT: 'json', PORT: '0' });
    const socketLogger = createLogger(socketConfig.log, sink);
    const socketApp = createSlackApp({
      slack: socketConfig.slack ?? (undefined as never),
      port: 0,
      deps: runtime.deps,
      logger: socketLogger,
      identity: { botUserId: 'UBOT', botId: 'BBOT', teamId: 'T0001' },
      ready: async () => {},
    });
    const err = await startSlackApp(socketApp, 0).then(
      () => null,
      (e: unknown) => e,
    );
    await socketApp.stop().catch(() => {});
    expect(err).not.toBeNull();
    socketLogger.error({ err }, 'unexpected failure'); // as src/cli/main.ts does
    expectNoSecret(lines);
  });

  it('the logger, given the configured secrets, never writes them whatever carries them', () => {
    const before = lines.length;
    logger.info(
      { config, env: SECRETS, nested: { deep: { deeper: { header: SECRETS.OPENAI_API_KEY } } } },
      'x',
    );
    logger.warn(`a message string with ${SECRETS.SLACK_SIGNING_SECRET} inside`);
    expect(lines.length).toBe(before + 2);
    expectNoSecret(lines);
  });
});

/** A local stand-in for the LLM that refuses the key and quotes it back. */
function echoingLlm(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/json', 'x-echo': String(req.headers.authorization) });
      res.end(JSON.stringify({ error: { message: `bad request with ${req.headers.authorization}` } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('the CLI as a process', () => {
  it('prints and logs no secret when the LLM call fails', async () => {
    const llm = await echoingLlm();
    const port = (llm.address() as AddressInfo).port;
    const child = spawn(
      process.execPath,
      ['bin/newsbrief.js', 'brief', 'fixtures/articles/port-deal.txt', '--engine', 'llm'],
      {
        env: {
          PATH: process.env.PATH,
          ...SECRETS,
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
          OPENAI_MAX_RETRIES: '0',
          BRIEF_FALLBACK: 'none',
          LOG_LEVEL: 'trace',
          LOG_FORMAT: 'json',
          DATA_DIR: 'data-test-secrets',
        },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      out += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    llm.close();
    expect(code).toBe(1);
    expect(out).toContain('LLM call failed');
    expect(out).toContain('refused the request (400');
    expectNoSecret([out]);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { UserError } from '../src/errors.ts';

describe('parseConfig', () => {
  it('runs with no settings at all: no LLM, extractive engine, JSON logs off a terminal', () => {
    const config = parseConfig({});
    expect(config.llm).toBeNull();
    expect(config.brief).toEqual({
      engine: 'auto',
      fallback: 'extractive',
      articlesPerBrief: 3,
      historyTurns: 6,
      stream: true,
    });
    expect(parseConfig({ LLM_STREAM: 'false' }).brief.stream).toBe(false);
    expect(config.slack).toBeNull();
    expect(config.dataDir).toBe('./data');
    expect(config.port).toBe(3000);
    expect(config.log).toEqual({ level: 'info', format: 'json' });
    expect(config.fetch).toEqual({
      timeoutMs: 15_000,
      connectTimeoutMs: 5_000,
      maxBytes: 5 * 1024 * 1024,
      allowPrivate: false,
    });
  });

  it('reads the fetch settings; the connect timeout never exceeds the total', () => {
    expect(
      parseConfig({
        FETCH_TIMEOUT_MS: '3000',
        FETCH_CONNECT_TIMEOUT_MS: '20000',
        FETCH_ALLOW_PRIVATE: 'true',
      }).fetch,
    ).toMatchObject({ timeoutMs: 3_000, connectTimeoutMs: 3_000, allowPrivate: true });
    expect(() => parseConfig({ FETCH_CONNECT_TIMEOUT_MS: '0' })).toThrow(/FETCH_CONNECT_TIMEOUT_MS/);
  });

  it('configures the LLM from a key, with a small structured-output model by default', () => {
    const config = parseConfig({ OPENAI_API_KEY: 'sk-abc', OPENAI_TIMEOUT_MS: '30000' });
    expect(config.llm).toMatchObject({
      apiKey: 'sk-abc',
      model: 'gpt-4.1-mini',
      timeoutMs: 30_000,
      responseFormat: 'json_schema',
    });
  });

  it('accepts a local OpenAI-compatible server without a key', () => {
    const config = parseConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'qwen3:8b' });
    expect(config.llm?.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(config.llm?.model).toBe('qwen3:8b');
  });

  it('names every bad setting in one message, and never echoes a secret', () => {
    let error: unknown;
    try {
      parseConfig({
        OPENAI_API_KEY: 'sk-secret-value',
        OPENAI_BASE_URL: 'not a url',
        OPENAI_TIMEOUT_MS: '-5',
        LLM_RESPONSE_FORMAT: 'xml',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    for (const name of ['OPENAI_BASE_URL', 'OPENAI_TIMEOUT_MS', 'LLM_RESPONSE_FORMAT', 'LOG_LEVEL']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('sk-secret-value');
  });

  it('refuses BRIEF_ENGINE=llm when no LLM is configured', () => {
    expect(() => parseConfig({ BRIEF_ENGINE: 'llm' })).toThrow(/BRIEF_ENGINE=llm needs OPENAI_API_KEY/);
  });

  it('runs Slack in HTTP mode with a signing secret, or in Socket Mode with an app token', () => {
    const http = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh' });
    expect(http.slack).toMatchObject({ botToken: 'xoxb-1', signingSecret: 'shh', appToken: undefined });
    const socket = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket.slack?.appToken).toBe('xapp-1');
  });

  it('asks for the signing secret in HTTP mode, and checks token kinds', () => {
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET is required in HTTP mode/,
    );
    expect(() => parseConfig({ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_APP_TOKEN: 'xoxb-2' })).toThrow(
      /SLACK_BOT_TOKEN: must be a bot token.*SLACK_APP_TOKEN: must be an app-level token/,
    );
  });

  it('treats empty values as unset, as .env files often leave them', () => {
    expect(parseConfig({ OPENAI_API_KEY: '', OPENAI_MODEL: '' }).llm).toBeNull();
  });

  it('reads pretty logs in a terminal and JSON in production', () => {
    expect(parseConfig({}, { isTTY: true }).log.format).toBe('pretty');
    expect(parseConfig({ NODE_ENV: 'production' }, { isTTY: true }).log.format).toBe('json');
  });
});

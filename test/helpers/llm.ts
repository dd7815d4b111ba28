import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import pino from 'pino';
import type { LlmSettings } from '../../src/brief/generate.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import type { Article } from '../../src/ingest/article.ts';

export const LLM_HOST = 'https://llm.test';
export const LLM_BASE = `${LLM_HOST}/v1`;
export const COMPLETIONS = '/v1/chat/completions';

/** A recorded chat.completion response body from fixtures/llm. */
export function recorded(name: string): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../fixtures/llm/${name}.completion.json`, import.meta.url), 'utf8'),
  );
}

export function fixtureText(name: string): string {
  return readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url), 'utf8');
}

export const silentLogger = pino({ level: 'silent' });

export function settings(overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    model: 'gpt-4.1-mini',
    responseFormat: 'json_schema',
    maxArticleTokens: 6000,
    maxOutputTokens: 2000,
    baseURL: LLM_BASE,
    timeoutMs: 2000,
    ...overrides,
  };
}

export function client(opts: { maxRetries?: number; timeoutMs?: number } = {}): OpenAI {
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: LLM_BASE,
    maxRetries: opts.maxRetries ?? 2,
    timeout: opts.timeoutMs ?? 2000,
  });
}

export function llmDeps(
  opts: { maxRetries?: number; timeoutMs?: number; settings?: Partial<LlmSettings> } = {},
) {
  return {
    client: client(opts),
    settings: settings({ ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...opts.settings }),
    prompt: loadPrompt('brief'),
    logger: silentLogger,
  };
}

/** The JSON body nock saw, typed loosely for assertions. */
export type ChatBody = {
  model: string;
  messages: { role: string; content: string }[];
  response_format: { type: string; json_schema?: { strict: boolean; schema: unknown } };
};

/** fixtures/articles/port-deal.txt as an Article (the article the recorded `port-deal` brief is of). */
export function portDealArticle(overrides: Partial<Article> = {}): Article {
  return {
    text: fixtureText('port-deal.txt'),
    title: 'Chile and Vietnam sign port and shipping accord in Valparaíso',
    source: 'fixtures/articles/port-deal.txt',
    url: null,
    siteName: null,
    lang: 'en',
    publishedAt: null,
    ...overrides,
  };
}

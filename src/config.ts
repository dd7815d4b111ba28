import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from './errors.ts';

/*
 * Every setting comes from the environment (optionally a .env file), validated once at start-up.
 * A bad setting stops the program with one message that names each problem.
 * Keep the README's configuration table in step with this schema.
 */

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const positiveInt = (fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));
const boolean = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(
    emptyAsUndefined,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['json', 'pretty']).optional()),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  OPENAI_MODEL: z.preprocess(emptyAsUndefined, z.string().default('gpt-4.1-mini')),
  OPENAI_TIMEOUT_MS: positiveInt(60_000),
  OPENAI_MAX_RETRIES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10).default(2)),
  LLM_RESPONSE_FORMAT: z.preprocess(
    emptyAsUndefined,
    z.enum(['json_schema', 'json_object']).default('json_schema'),
  ),
  LLM_MAX_ARTICLE_TOKENS: positiveInt(6_000),
  LLM_MAX_OUTPUT_TOKENS: positiveInt(2_000),

  BRIEF_ENGINE: z.preprocess(emptyAsUndefined, z.enum(['auto', 'llm', 'extractive']).default('auto')),
  BRIEF_FALLBACK: z.preprocess(emptyAsUndefined, z.enum(['extractive', 'none']).default('extractive')),

  FETCH_TIMEOUT_MS: positiveInt(15_000),
  FETCH_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  FETCH_ALLOW_PRIVATE: boolean(false),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  /** null when no LLM is configured (no key and no base URL). */
  llm: LlmConfig | null;
  brief: { engine: Env['BRIEF_ENGINE']; fallback: Env['BRIEF_FALLBACK'] };
  fetch: { timeoutMs: number; maxBytes: number; allowPrivate: boolean };
}

export interface LlmConfig {
  apiKey: string;
  baseURL: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  responseFormat: Env['LLM_RESPONSE_FORMAT'];
  maxArticleTokens: number;
  maxOutputTokens: number;
}

/** Parses an environment into a Config; throws a UserError listing every problem at once. */
export function parseConfig(
  source: Record<string, string | undefined>,
  opts: { isTTY?: boolean } = {},
): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new UserError('config', `invalid configuration — ${problems.join('; ')}`);
  }
  const e = parsed.data;
  // A local server (Ollama, vLLM, LM Studio) needs no key, but the SDK insists on one.
  const llmConfigured = e.OPENAI_API_KEY !== undefined || e.OPENAI_BASE_URL !== undefined;
  if (e.BRIEF_ENGINE === 'llm' && !llmConfigured) {
    throw new UserError(
      'config',
      'invalid configuration — BRIEF_ENGINE=llm needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)',
    );
  }
  return {
    env: e.NODE_ENV,
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (opts.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    },
    llm: llmConfigured
      ? {
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseURL: e.OPENAI_BASE_URL,
          model: e.OPENAI_MODEL,
          timeoutMs: e.OPENAI_TIMEOUT_MS,
          maxRetries: e.OPENAI_MAX_RETRIES,
          responseFormat: e.LLM_RESPONSE_FORMAT,
          maxArticleTokens: e.LLM_MAX_ARTICLE_TOKENS,
          maxOutputTokens: e.LLM_MAX_OUTPUT_TOKENS,
        }
      : null,
    brief: { engine: e.BRIEF_ENGINE, fallback: e.BRIEF_FALLBACK },
    fetch: {
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
      allowPrivate: e.FETCH_ALLOW_PRIVATE,
    },
  };
}

/** Reads `.env` from the working directory when present; real environment variables win. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, { isTTY: Boolean(process.stderr.isTTY) });
}

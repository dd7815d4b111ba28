import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from './errors.ts';
import { parseKey } from './secretBox.ts';
import { secretsOf } from './secrets.ts';

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
  // Stream verified items into Slack (assistant threads, DMs) as the model writes them.
  LLM_STREAM: boolean(true),

  SLACK_BOT_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('xoxb-', 'must be a bot token (xoxb-…)').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('xapp-', 'must be an app-level token (xapp-…)').optional(),
  ),
  SLACK_API_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  // OAuth (many workspaces): the app's credentials instead of one bot token.
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_REDIRECT_URI: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  // One key, or several separated by commas: the first seals new values, all open old ones.
  INSTALLATION_KEY: optionalString,
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65_535).default(3000)),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  TOPIC_WINDOW_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(365).default(7)),
  FEED_POLL_MINUTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1440).default(15)),
  RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(3650).default(30)),
  BRIEF_ARTICLES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10).default(3)),
  THREAD_HISTORY_TURNS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(40).default(6)),

  LLM_MAX_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(4)),
  LLM_DAILY_TOKEN_BUDGET: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(1_000_000)),
  RATE_LIMIT_USER_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(6)),
  RATE_LIMIT_CHANNEL_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).default(20)),
  DIGEST_STORIES_PER_TOPIC: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10).default(3)),
  DIGEST_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(50)),

  FETCH_TIMEOUT_MS: positiveInt(15_000),
  FETCH_CONNECT_TIMEOUT_MS: positiveInt(5_000),
  FETCH_MAX_BYTES: positiveInt(5 * 1024 * 1024),
  FETCH_ALLOW_PRIVATE: boolean(false),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  /** `secrets`: the configured secret values, for the logger to scrub; absent when none is set. */
  log: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty'; secrets?: string[] };
  /** null when no LLM is configured (no key and no base URL). */
  llm: LlmConfig | null;
  brief: {
    engine: Env['BRIEF_ENGINE'];
    fallback: Env['BRIEF_FALLBACK'];
    articlesPerBrief: number;
    historyTurns: number;
    /** Stream the model's reply and show each verified item as it is written (LLM_STREAM). */
    stream: boolean;
  };
  /** null when SLACK_BOT_TOKEN is not set: the console (or OAuth mode) runs instead. */
  slack: SlackConfig | null;
  /** Many workspaces via OAuth (SLACK_CLIENT_ID set); null in single-workspace mode. */
  slackOAuth: SlackOAuthConfig | null;
  port: number;
  /** Embedded PGlite lives here unless databaseUrl names a PostgreSQL server. */
  dataDir: string;
  databaseUrl: string | undefined;
  stories: { windowDays: number; retentionDays: number };
  feeds: { pollMinutes: number };
  limits: {
    llmConcurrency: number;
    dailyTokenBudget: number;
    userPerMinute: number;
    channelPerMinute: number;
  };
  digests: { storiesPerTopic: number; concurrency: number };
  fetch: { timeoutMs: number; connectTimeoutMs: number; maxBytes: number; allowPrivate: boolean };
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set; otherwise HTTP mode, which needs the signing secret. */
  appToken: string | undefined;
  signingSecret: string | undefined;
  apiUrl: string | undefined;
}

/** HTTP mode only: Slack's install flow needs public URLs; tokens come from the installation store. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  signingSecret: string;
  /** Must match a redirect URL in the app's settings when set; Slack uses the first one otherwise. */
  redirectUri: string | undefined;
  apiUrl: string | undefined;
  /** 32-byte keys for tokens at rest; the first seals, all open. */
  installationKeys: Buffer[];
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
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new UserError(
      'config',
      'invalid configuration — SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  const secrets = secretsOf(e);
  const slackOAuth = oauthConfig(e);
  return {
    env: e.NODE_ENV,
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (opts.isTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
      ...(secrets.length > 0 ? { secrets } : {}),
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
    brief: {
      engine: e.BRIEF_ENGINE,
      fallback: e.BRIEF_FALLBACK,
      articlesPerBrief: e.BRIEF_ARTICLES,
      historyTurns: e.THREAD_HISTORY_TURNS,
      stream: e.LLM_STREAM,
    },
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          apiUrl: e.SLACK_API_URL,
        }
      : null,
    slackOAuth,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    stories: { windowDays: e.TOPIC_WINDOW_DAYS, retentionDays: e.RETENTION_DAYS },
    feeds: { pollMinutes: e.FEED_POLL_MINUTES },
    limits: {
      llmConcurrency: e.LLM_MAX_CONCURRENCY,
      /** Tokens per workspace per UTC day; 0 → no limit. */
      dailyTokenBudget: e.LLM_DAILY_TOKEN_BUDGET,
      userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE,
      channelPerMinute: e.RATE_LIMIT_CHANNEL_PER_MINUTE,
    },
    digests: { storiesPerTopic: e.DIGEST_STORIES_PER_TOPIC, concurrency: e.DIGEST_CONCURRENCY },
    fetch: {
      timeoutMs: e.FETCH_TIMEOUT_MS,
      connectTimeoutMs: Math.min(e.FETCH_CONNECT_TIMEOUT_MS, e.FETCH_TIMEOUT_MS),
      maxBytes: e.FETCH_MAX_BYTES,
      allowPrivate: e.FETCH_ALLOW_PRIVATE,
    },
  };
}

/** OAuth mode when SLACK_CLIENT_ID is set: every piece it needs, or one error naming what is missing. */
function oauthConfig(e: Env): SlackOAuthConfig | null {
  const wantsOAuth = e.SLACK_CLIENT_ID !== undefined || e.SLACK_CLIENT_SECRET !== undefined;
  if (!wantsOAuth) return null;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN) {
    problems.push(
      'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set: choose one workspace (the token) or many (OAuth)',
    );
  }
  if (e.SLACK_APP_TOKEN) problems.push('OAuth install runs in HTTP mode: unset SLACK_APP_TOKEN');
  for (const name of [
    'SLACK_CLIENT_ID',
    'SLACK_CLIENT_SECRET',
    'SLACK_STATE_SECRET',
    'SLACK_SIGNING_SECRET',
  ] as const) {
    if (!e[name]) problems.push(`${name} is required in OAuth mode`);
  }
  const keys: Buffer[] = [];
  if (!e.INSTALLATION_KEY) {
    problems.push(
      "INSTALLATION_KEY is required in OAuth mode: it encrypts the workspaces' tokens (make one with `openssl rand -base64 32`)",
    );
  } else {
    e.INSTALLATION_KEY.split(',').forEach((part, i) => {
      const key = parseKey(part);
      if (typeof key === 'string') problems.push(`INSTALLATION_KEY${i > 0 ? ` (key ${i + 1})` : ''}: ${key}`);
      else keys.push(key);
    });
  }
  if (problems.length > 0) throw new UserError('config', `invalid configuration — ${problems.join('; ')}`);
  return {
    clientId: e.SLACK_CLIENT_ID ?? '',
    clientSecret: e.SLACK_CLIENT_SECRET ?? '',
    stateSecret: e.SLACK_STATE_SECRET ?? '',
    signingSecret: e.SLACK_SIGNING_SECRET ?? '',
    redirectUri: e.SLACK_REDIRECT_URI,
    apiUrl: e.SLACK_API_URL,
    installationKeys: keys,
  };
}

/** Reads `.env` from the working directory when present; real environment variables win. */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env, { isTTY: Boolean(process.stderr.isTTY) });
}

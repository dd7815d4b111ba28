import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { webApi } from '@slack/bolt';
import type { AppDeps } from './app/handlers.ts';
import type { EngineDeps } from './brief/engine.ts';
import { loadPrompt } from './brief/prompt.ts';
import type { Config } from './config.ts';
import { UserError } from './errors.ts';
import { extractiveBrief } from './extractive/index.ts';
import { fetchPage } from './ingest/fetch.ts';
import { loadArticle } from './ingest/load.ts';
import { feedJobs } from './jobs/feedJobs.ts';
import { FEED_CONTENT_TYPES, type PollDeps } from './jobs/poll.ts';
import { type JobsBackend, type RunningJobs, startJobs } from './jobs/scheduler.ts';
import { createOpenAIClient } from './llm/client.ts';
import type { LlmSettings } from './llm/structured.ts';
import type { Logger } from './log.ts';
import { createSlackApp, type SlackIdentity, startSlackApp } from './slack/app.ts';
import { type Db, openPglite } from './store/db.ts';
import { lockDataDir } from './store/lock.ts';
import { openPostgres } from './store/pg.ts';
import { createStore, type Store } from './store/store.ts';

/*
 * The composition root: config → store → services → adapters. Nothing else reads the config
 * or builds clients; everything below receives what it needs.
 */

export interface Overrides {
  /** Replaces the global fetch for the LLM client and page fetches (tests). */
  fetch?: typeof fetch;
  /** An in-memory store instead of DATA_DIR (tests). */
  memoryStore?: boolean;
  /** false: never start the scheduled jobs (tests, so no timers outlive them). */
  jobs?: boolean;
}

export function llmSettings(config: Config): LlmSettings | null {
  const llm = config.llm;
  if (!llm) return null;
  return {
    model: llm.model,
    responseFormat: llm.responseFormat,
    maxArticleTokens: llm.maxArticleTokens,
    maxOutputTokens: llm.maxOutputTokens,
    baseURL: llm.baseURL ?? 'https://api.openai.com/v1',
    timeoutMs: llm.timeoutMs,
  };
}

export function engineDeps(
  config: Config,
  logger: Logger,
  overrides: Overrides = {},
  engine = config.brief.engine,
): EngineDeps {
  const settings = llmSettings(config);
  return {
    engine,
    fallback: config.brief.fallback,
    extractive: extractiveBrief,
    logger,
    llm:
      config.llm && settings
        ? { client: createOpenAIClient(config.llm, overrides.fetch), settings, prompt: loadPrompt('brief') }
        : null,
  };
}

export function articleLoader(config: Config, overrides: Overrides = {}) {
  return (input: string) =>
    loadArticle(input, {
      fetchPage: (url) =>
        fetchPage(url, { ...config.fetch, ...(overrides.fetch ? { fetchImpl: overrides.fetch } : {}) }),
    });
}

/** fetchPage for feeds: their XML media types, plus conditional-GET headers. */
export function feedFetcher(config: Config, overrides: Overrides = {}): PollDeps['fetchFeed'] {
  return (url, headers) =>
    fetchPage(url, {
      ...config.fetch,
      contentTypes: FEED_CONTENT_TYPES,
      headers,
      ...(overrides.fetch ? { fetchImpl: overrides.fetch } : {}),
    });
}

export function pollDeps(config: Config, logger: Logger, overrides: Overrides, store: Store): PollDeps {
  return {
    store,
    fetchFeed: feedFetcher(config, overrides),
    loadUrl: articleLoader(config, overrides),
    intervalMinutes: config.feeds.pollMinutes,
    logger,
  };
}

export interface Runtime {
  store: Store;
  deps: AppDeps;
  /** Starts feed polling and retention (once; a no-op when jobs are disabled); close() stops them. */
  startJobs: () => Promise<RunningJobs | null>;
  close: () => Promise<void>;
}

/** Opens the store (locking an embedded one) and builds the services both adapters share. */
export async function createRuntime(
  config: Config,
  logger: Logger,
  overrides: Overrides = {},
): Promise<Runtime> {
  // A PostgreSQL server is shared by design; only the embedded folder needs the one-process lock.
  const embedded = overrides.memoryStore || !config.databaseUrl;
  const unlock = !embedded || overrides.memoryStore ? () => {} : lockDataDir(config.dataDir);
  let db: Db;
  try {
    db =
      embedded || !config.databaseUrl
        ? await openPglite(overrides.memoryStore ? null : config.dataDir)
        : await openPostgres(config.databaseUrl);
  } catch (err) {
    unlock();
    throw err;
  }
  const store = createStore(db);
  const settings = llmSettings(config);
  const deps: AppDeps = {
    store,
    engine: engineDeps(config, logger, overrides),
    answerLlm:
      config.llm && settings
        ? { client: createOpenAIClient(config.llm, overrides.fetch), settings, prompt: loadPrompt('answer') }
        : null,
    loadUrl: articleLoader(config, overrides),
    fetchFeed: feedFetcher(config, overrides),
    logger,
    articlesPerBrief: config.brief.articlesPerBrief,
    historyTurns: config.brief.historyTurns,
  };
  let jobs: Promise<RunningJobs | null> | undefined;
  return {
    store,
    deps,
    startJobs: () => {
      jobs ??=
        overrides.jobs === false
          ? Promise.resolve(null)
          : startJobs({
              jobs: feedJobs({
                store,
                poll: pollDeps(config, logger, overrides, store),
                retentionDays: config.stories.retentionDays,
                logger,
              }),
              backend: jobsBackend(config, db, embedded),
              logger,
            });
      return jobs;
    },
    close: async () => {
      // Jobs first: a run in flight still needs the store.
      const running = await jobs?.catch(() => null);
      await running?.stop();
      await store.close();
      unlock();
    },
  };
}

function jobsBackend(config: Config, db: Db, embedded: boolean): JobsBackend {
  return embedded || !config.databaseUrl
    ? { kind: 'pglite', db }
    : { kind: 'postgres', connectionString: config.databaseUrl };
}

/** Asks Slack who we are; a bad token is a clear start-up error rather than a failure per request. */
export async function slackIdentity(config: NonNullable<Config['slack']>): Promise<SlackIdentity> {
  const client = new webApi.WebClient(config.botToken, config.apiUrl ? { slackApiUrl: config.apiUrl } : {});
  try {
    const auth = await client.auth.test();
    if (!auth.user_id || !auth.bot_id) throw new Error('auth.test returned no bot identity');
    return { botUserId: auth.user_id, botId: auth.bot_id, teamId: auth.team_id ?? null };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    throw new UserError(
      'slack-auth',
      code
        ? `Slack rejected SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token from your app's OAuth & Permissions page`
        : `cannot reach Slack to check SLACK_BOT_TOKEN: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

/** Runs the Slack app until the process is stopped. */
export async function serveSlack(config: Config, runtime: Runtime, logger: Logger) {
  const slack = config.slack;
  if (!slack) throw new UserError('config', 'SLACK_BOT_TOKEN is not set');
  const identity = await slackIdentity(slack);
  const app = createSlackApp({
    slack,
    port: config.port,
    deps: runtime.deps,
    logger,
    identity,
    ready: () => runtime.store.ping(),
  });
  const server = await startSlackApp(app, config.port);
  logger.info(
    { mode: slack.appToken ? 'socket' : 'http', port: config.port, team: identity.teamId },
    slack.appToken
      ? 'newsbrief is connected to Slack (Socket Mode)'
      : 'newsbrief is listening for Slack on /slack/events',
  );
  return { app, server };
}

/** The articles shipped in fixtures/articles, so the embedded demo has news. */
export async function seedArticles(
  store: Store,
  load: (input: string) => Promise<import('./ingest/article.ts').Article>,
) {
  const dir = fileURLToPath(new URL('../fixtures/articles/', import.meta.url));
  const names = (await readdir(dir)).filter((n) => /\.(txt|md|html)$/.test(n)).sort();
  let added = 0;
  const skipped: string[] = [];
  for (const name of names) {
    try {
      const { created } = await store.articles.add(await load(join(dir, name)));
      if (created) added++;
    } catch (err) {
      skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { added, total: names.length, skipped };
}

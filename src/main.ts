import type { App, webApi } from '@slack/bolt';
import type { AppDeps } from './app/handlers.ts';
import { type DrainResult, type InFlight, inFlight } from './app/inflight.ts';
import { offlineReplies, warmUp } from './app/warm.ts';
import type { EngineDeps } from './brief/engine.ts';
import { loadPrompt } from './brief/prompt.ts';
import type { Brief } from './brief/schema.ts';
import type { Config } from './config.ts';
import type { DigestDeps } from './digest/run.ts';
import { digestDeps, digestJob, runDigestNow } from './digest/service.ts';
import { UserError } from './errors.ts';
import { extractiveBrief } from './extractive/index.ts';
import { fetchPage, type Resolver } from './ingest/fetch.ts';
import { loadArticle } from './ingest/load.ts';
import { loadSamples } from './ingest/samples.ts';
import { feedJobs } from './jobs/feedJobs.ts';
import { FEED_CONTENT_TYPES, type PollDeps } from './jobs/poll.ts';
import type { JobsBackend, RunningJobs } from './jobs/scheduler.ts';
import { requestLimits } from './limits/rate.ts';
import { createOpenAIClient } from './llm/client.ts';
import { meteredFetch } from './llm/meter.ts';
import type { LlmSettings } from './llm/structured.ts';
import type { Logger } from './log.ts';
import { secretBox } from './secretBox.ts';
import type { SlackIdentity } from './slack/app.ts';
import { slackDigestPoster } from './slack/digest.ts';
import { type Db, openPglite } from './store/db.ts';
import { lockDataDir } from './store/lock.ts';
import { openPostgres } from './store/pg.ts';
import { settingsHooks } from './store/settings.ts';
import { createStore, type Store } from './store/store.ts';
import { openPgliteThread } from './store/thread.ts';

/*
 * The composition root: config → store → services → adapters. Nothing else reads the config
 * or builds clients; everything below receives what it needs. The Slack adapter and the job queue
 * load when first used, so CLI commands that need neither do not pay for them.
 */

export interface Overrides {
  /** Replaces the global fetch for the LLM client (tests). */
  fetch?: typeof fetch;
  /** Replaces DNS for page fetches, e.g. "news.example is 93.184.215.14" (tests; nock answers). */
  resolve?: Resolver;
  /** An in-memory store instead of DATA_DIR (tests). */
  memoryStore?: boolean;
  /** false: never start the scheduled jobs (tests, so no timers outlive them). */
  jobs?: boolean;
  /**
   * The embedded store (PGlite) in a worker thread (store/thread.ts), so its statements never hold
   * the event loop; `newsbrief start` sets it. Ignored with DATABASE_URL.
   */
  storeThread?: boolean;
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
  llmFetch = overrides.fetch,
): EngineDeps {
  const settings = llmSettings(config);
  return {
    engine,
    fallback: config.brief.fallback,
    stream: config.brief.stream,
    extractive: extractiveBrief,
    logger,
    llm:
      config.llm && settings
        ? { client: createOpenAIClient(config.llm, llmFetch), settings, prompt: loadPrompt('brief') }
        : null,
  };
}

/** The fetch every LLM request of the app goes through: concurrency cap, daily budget, usage. */
export function llmFetch(
  config: Config,
  store: Store,
  logger: Logger,
  overrides: Overrides = {},
): typeof fetch {
  const fallback = config.limits.dailyTokenBudget;
  return meteredFetch(overrides.fetch ?? globalThis.fetch, {
    usage: store.usage,
    maxConcurrent: config.limits.llmConcurrency,
    // A workspace's own budget (its settings) wins over the deployment's; 0 means no limit.
    dailyBudget: async (teamId) => {
      const own = teamId ? (await store.settings.get(teamId)).dailyTokenBudget : null;
      return (own ?? fallback) || null;
    },
    logger,
  });
}

export function articleLoader(config: Config, overrides: Overrides = {}, logger?: Logger) {
  return (input: string) =>
    loadArticle(input, {
      fetchPage: (url) =>
        fetchPage(url, {
          ...config.fetch,
          ...(overrides.resolve ? { resolve: overrides.resolve } : {}),
          ...(logger ? { logger } : {}),
        }),
    });
}

/** fetchPage for feeds: their XML media types, plus conditional-GET headers. */
export function feedFetcher(
  config: Config,
  overrides: Overrides = {},
  logger?: Logger,
): PollDeps['fetchFeed'] {
  return (url, headers) =>
    fetchPage(url, {
      ...config.fetch,
      contentTypes: FEED_CONTENT_TYPES,
      headers,
      ...(overrides.resolve ? { resolve: overrides.resolve } : {}),
      ...(logger ? { logger } : {}),
    });
}

export function pollDeps(config: Config, logger: Logger, overrides: Overrides, store: Store): PollDeps {
  return {
    store,
    fetchFeed: feedFetcher(config, overrides, logger),
    loadUrl: articleLoader(config, overrides, logger),
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
    const dataDir = overrides.memoryStore ? null : config.dataDir;
    db =
      embedded || !config.databaseUrl
        ? overrides.storeThread
          ? await openPgliteThread(dataDir, {
              onFailure: (err) =>
                logger.error(
                  { err },
                  'the embedded store stopped; every request that needs it fails until a restart',
                ),
            })
          : await openPglite(dataDir)
        : await openPostgres(config.databaseUrl);
  } catch (err) {
    unlock();
    throw err;
  }
  const store = createStore(db);
  const settings = llmSettings(config);
  const metered = llmFetch(config, store, logger, overrides);
  const deps: AppDeps = {
    store,
    // One cache per store: every adapter briefing through these deps shares it (and its single flight).
    engine: {
      ...engineDeps(config, logger, overrides, config.brief.engine, metered),
      cache: store.briefCache,
    },
    answerLlm:
      config.llm && settings
        ? { client: createOpenAIClient(config.llm, metered), settings, prompt: loadPrompt('answer') }
        : null,
    loadUrl: articleLoader(config, overrides, logger),
    limits: requestLimits(config.limits),
    fetchFeed: feedFetcher(config, overrides, logger),
    logger,
    articlesPerBrief: config.brief.articlesPerBrief,
    topicWindowDays: config.stories.windowDays,
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
          : import('./jobs/scheduler.ts').then(({ startJobs }) =>
              startJobs({
                jobs: feedJobs({
                  store,
                  poll: pollDeps(config, logger, overrides, store),
                  retentionDays: config.stories.retentionDays,
                  logger,
                }),
                backend: jobsBackend(config, db, embedded),
                logger,
              }),
            );
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
  const { webApi } = await import('@slack/bolt');
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

/** Many workspaces: Bolt's OAuth install flow, tokens sealed in our store with INSTALLATION_KEY. */
export async function serveSlackOAuth(config: Config, runtime: Runtime, logger: Logger) {
  const oauth = config.slackOAuth;
  if (!oauth) throw new UserError('config', 'SLACK_CLIENT_ID is not set');
  const installations = runtime.store.installations(secretBox(oauth.installationKeys));
  const { createSlackApp, startSlackApp, teamClientOf } = await import('./slack/app.ts');
  await warm(config, runtime, logger);
  const work = inFlight();
  const app = createSlackApp({
    slack: null,
    oauth: { config: oauth, installations },
    port: config.port,
    deps: runtime.deps,
    logger,
    identity: null,
    ready: () => runtime.store.ping(),
    inFlight: work,
  });
  const server = await startSlackApp(app, config.port);
  logger.info(
    { mode: 'oauth', port: config.port },
    'newsbrief is listening for Slack on /slack/events; install it from /slack/install',
  );
  const clientForTeam = teamClientOf(app);
  if (!clientForTeam) throw new Error('OAuth app without a team client');
  // Jobs (digests) post with clientForTeam(teamId): the workspace's own, refreshed token.
  await startDigests(config, runtime, logger, (teamId) => clientForTeam(teamId));
  return { app, server, clientForTeam, inFlight: work };
}

export interface ServeOptions {
  /** Slack's answer to auth.test, when the caller asked already (a start asks while the store opens). */
  identity?: Promise<SlackIdentity>;
}

/** Runs the Slack app until the process is stopped. */
export async function serveSlack(config: Config, runtime: Runtime, logger: Logger, opts: ServeOptions = {}) {
  if (config.slackOAuth) return serveSlackOAuth(config, runtime, logger);
  const slack = config.slack;
  if (!slack) throw new UserError('config', 'SLACK_BOT_TOKEN is not set');
  const [identity, { createSlackApp, startSlackApp }] = await Promise.all([
    opts.identity ?? slackIdentity(slack),
    import('./slack/app.ts'),
  ]);
  const work = inFlight();
  const app = createSlackApp({
    slack,
    port: config.port,
    deps: runtime.deps,
    logger,
    identity,
    ready: () => runtime.store.ping(),
    inFlight: work,
  });
  // Together: the jobs' statements run in the store while the warm-up's parsing and rendering run
  // here (with the store in its worker thread). Jobs that cannot start still fail the start.
  await Promise.all([startDigests(config, runtime, logger, () => app.client), warm(config, runtime, logger)]);
  const server = await startSlackApp(app, config.port);
  logger.info(
    { mode: slack.appToken ? 'socket' : 'http', port: config.port, team: identity.teamId },
    slack.appToken
      ? 'newsbrief is connected to Slack (Socket Mode)'
      : 'newsbrief is listening for Slack on /slack/events',
  );
  return { app, server, inFlight: work };
}

/** Warms the request path before the app listens (see app/warm.ts); a failure only costs speed. */
async function warm(config: Config, runtime: Runtime, logger: Logger): Promise<void> {
  try {
    // Never the metered client: the warm-up's LLM brief is answered in-process and costs nothing.
    let fed: Brief | null = null;
    const offlineLlm = config.llm
      ? {
          client: createOpenAIClient(
            config.llm,
            offlineReplies(() => fed),
          ),
          feed: (brief: Brief) => {
            fed = brief;
          },
        }
      : undefined;
    const { ms, briefed } = await warmUp(runtime.deps, offlineLlm ? { offlineLlm } : {});
    logger.info({ ms: Math.round(ms), briefed }, 'warmed up before taking requests');
  } catch (err) {
    logger.warn({ err }, 'warm-up failed; the first requests may be slower');
  }
}

/**
 * The first half of a graceful stop: refuse new requests, let those in flight finish posting (or
 * tell their requesters it gave up), then stop the receiver. runtime.close() does the rest (jobs,
 * then the store).
 */
export async function stopServing(
  served: { app: App; inFlight: InFlight },
  logger: Logger,
  opts: { timeoutMs?: number; graceMs?: number } = {},
): Promise<DrainResult> {
  logger.info({ inFlight: served.inFlight.size }, 'shutting down: finishing requests in flight');
  const drained = await served.inFlight.drain(opts);
  (drained.leftRunning > 0 ? logger.warn.bind(logger) : logger.info.bind(logger))(
    drained,
    'requests drained',
  );
  await served.app.stop();
  return drained;
}

/**
 * Daily digests, once Slack can be posted to: the minute tick joins the running jobs (when jobs
 * run in this process), and the App Home's "Post now" gets its runner.
 */
/** The digest runner over this app's store, cached engine and settings, posting with `clientFor`. */
export function appDigestDeps(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>,
): DigestDeps {
  return {
    ...digestDeps({
      store: runtime.store,
      engine: runtime.deps.engine,
      poster: slackDigestPoster({ clientFor }),
      logger,
      storiesPerTopic: config.digests.storiesPerTopic,
      articlesPerBrief: config.brief.articlesPerBrief,
      concurrency: config.digests.concurrency,
    }),
    postNothingNew: settingsHooks(runtime.store.settings).postNothingNew,
  };
}

async function startDigests(
  config: Config,
  runtime: Runtime,
  logger: Logger,
  clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>,
): Promise<void> {
  const deps = appDigestDeps(config, runtime, logger, clientFor);
  runtime.deps.runDigestNow = (teamId, channel) => runDigestNow(deps, teamId, channel);
  const jobs = await runtime.startJobs();
  await jobs?.add(digestJob(deps));
}

/**
 * The sample articles (fixtures/samples), published relative to now, so the embedded demo has
 * recent news. Articles already stored (same address) are counted, not added again.
 */
export async function seedArticles(store: Store, now: Date = new Date()) {
  const samples = await loadSamples(now);
  let added = 0;
  const skipped: string[] = [];
  for (const sample of samples) {
    try {
      const { article, created } = await store.articles.add(sample);
      await store.stories.assign(article);
      if (created) added++;
    } catch (err) {
      skipped.push(`${sample.source}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { added, total: samples.length, skipped };
}

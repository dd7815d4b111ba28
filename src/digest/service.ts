import { createHash } from 'node:crypto';
import { briefArticles, type EngineDeps } from '../brief/engine.ts';
import type { Job } from '../jobs/scheduler.ts';
import { withLlmScope } from '../llm/meter.ts';
import type { Logger } from '../log.ts';
import { briefLanguageOf } from '../store/settings.ts';
import type { Store } from '../store/store.ts';
import { articlesForBrief } from '../stories/select.ts';
import {
  DEFAULT_LEASE_MS,
  type DigestDeps,
  type DigestPoster,
  type DigestRunResult,
  type DigestStory,
  runDueDigests,
  summarisePending,
} from './run.ts';
import { localTime } from './schedule.ts';

/** A digest looks back this far for new stories; older ones were news for an earlier digest. */
export const DIGEST_WINDOW_DAYS = 2;

export interface DigestServiceOptions {
  store: Store;
  engine: EngineDeps;
  poster: DigestPoster;
  logger: Logger;
  storiesPerTopic: number;
  /** How many articles of a story one brief reads (BRIEF_ARTICLES). */
  articlesPerBrief: number;
  concurrency: number;
  now?: () => Date;
}

/**
 * The digest runner's dependencies from the app's services: stories from the store's topic search,
 * briefs from the cached engine (so channels following the same story share one LLM call), posts
 * through Slack.
 */
export function digestDeps(opts: DigestServiceOptions): DigestDeps {
  const { store, engine } = opts;
  return {
    digests: store.digests,
    briefs: store.briefs,
    articlesById: (ids) => store.articles.byIds(ids),
    async findStories(topic, teamId, now) {
      const matches = await store.stories.search(topic, {
        teamId: teamId || null,
        windowDays: DIGEST_WINDOW_DAYS,
        now,
      });
      return matches.map(
        (story): DigestStory => ({
          key: String(story.id),
          // Every article counts: one joining the story makes it "updated" for the channels.
          contentKey: createHash('sha256')
            .update(
              story.articles
                .map((a) => a.id)
                .sort((x, y) => x - y)
                .join(','),
            )
            .digest('hex')
            .slice(0, 32),
          articles: articlesForBrief(story.articles, {
            maxArticles: opts.articlesPerBrief,
            maxTokens: engine.llm?.settings.maxArticleTokens ?? null,
          }),
        }),
      );
    },
    async brief(articles, teamId, channel) {
      // The channel's brief language, else the workspace's (issue 19); the cache keeps each apart.
      const language = await briefLanguageOf(store, teamId, channel);
      const deps = language === 'en' ? engine : { ...engine, briefLanguage: language };
      return withLlmScope({ teamId, purpose: 'digest' }, () => briefArticles(articles, deps));
    },
    poster: opts.poster,
    logger: opts.logger,
    now: opts.now ?? (() => new Date()),
    storiesPerTopic: opts.storiesPerTopic,
    leaseMs: DEFAULT_LEASE_MS,
    concurrency: opts.concurrency,
  };
}

/** The minute tick: every due digest, then summaries that waited for the LLM. */
export function digestJob(deps: DigestDeps): Job {
  return {
    name: 'digests',
    cron: '* * * * *',
    async run() {
      const results = await runDueDigests(deps);
      const summarised = await summarisePending(deps);
      const counts: Record<string, number> = {};
      for (const r of results) if (r.outcome !== 'not-due') counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
      // A quiet minute logs nothing at info.
      return Object.keys(counts).length > 0 || summarised > 0 ? { ...counts, summarised } : undefined;
    },
  };
}

/** Today's digest (in the channel's zone) for one channel, now: the App Home's "Post now". */
export async function runDigestNow(
  deps: DigestDeps,
  teamId: string,
  channel: string,
): Promise<DigestRunResult> {
  const ch = await deps.digests.channel(teamId, channel);
  if (!ch)
    return {
      teamId,
      channel,
      date: null,
      outcome: 'not-due',
      stories: 0,
      error: 'the channel follows no topics',
    };
  const date = localTime(deps.now(), ch.timeZone).date;
  const [result] = await runDueDigests(deps, { teamId, channel, date });
  return result ?? { teamId, channel, date, outcome: 'not-due', stories: 0 };
}

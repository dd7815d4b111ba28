import type { Store } from '../store/store.ts';
import { type PollDeps, type PollResult, pollFeed } from './poll.ts';
import type { Job } from './scheduler.ts';

export interface FeedJobsDeps {
  store: Pick<Store, 'feeds' | 'maintain'>;
  poll: PollDeps;
  retentionDays: number;
  logger: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  now?: () => Date;
}

/*
 * The poll job looks every minute for feeds whose next poll is due: each feed's own schedule
 * (FEED_POLL_MINUTES after its last poll, longer after failures) lives in feeds.next_poll_at, so a
 * minute tick keeps both the interval and the backoff exact for the cost of one indexed query.
 */
export const FEED_POLL_CRON = '* * * * *';
/** Daily, at a quiet minute. */
export const RETENTION_CRON = '17 3 * * *';
/** Daily, after retention has pruned. */
export const MAINTENANCE_CRON = '47 3 * * *';

export function feedJobs(deps: FeedJobsDeps): Job[] {
  const now = () => deps.now?.() ?? new Date();
  return [
    {
      name: 'feeds-poll',
      cron: FEED_POLL_CRON,
      run: async ({ signal }) => {
        const results = await pollDue(deps, now(), signal);
        return results.length > 0 ? summarize(results) : undefined;
      },
    },
    {
      name: 'retention',
      cron: RETENTION_CRON,
      atStart: true,
      run: async () => {
        const olderThan = new Date(now().getTime() - deps.retentionDays * 86_400_000);
        const pruned = await deps.store.feeds.pruneArticles(olderThan);
        return { pruned, olderThan: olderThan.toISOString() };
      },
    },
    {
      // Not at start: on the embedded store it holds the only connection for a second or two.
      name: 'maintenance',
      cron: MAINTENANCE_CRON,
      run: async () => ({ vacuumed: await deps.store.maintain() }),
    },
  ];
}

/** Polls every due feed; one feed's unexpected failure is logged and the others still run. */
export async function pollDue(
  deps: Omit<FeedJobsDeps, 'retentionDays'>,
  at: Date,
  signal?: AbortSignal,
): Promise<PollResult[]> {
  const results: PollResult[] = [];
  for (const feed of await deps.store.feeds.due(at)) {
    // Shutting down: the feeds not reached stay due for the next run.
    if (signal?.aborted) break;
    try {
      const result = await pollFeed(feed, deps.poll);
      if (result.status === 'failed') {
        deps.logger.warn(
          { feedId: feed.id, failures: feed.failures + 1, error: result.error },
          'feed poll failed',
        );
      } else if (result.items > 0 || result.warning) {
        const { articles: _articles, ...counts } = result;
        deps.logger.info(counts, 'feed polled');
      }
      results.push(result);
    } catch (err) {
      deps.logger.warn({ feedId: feed.id, err }, 'feed poll failed unexpectedly');
      results.push({
        feedId: feed.id,
        status: 'failed',
        items: 0,
        added: 0,
        fromFeed: 0,
        skipped: 0,
        error: String(err),
      });
    }
  }
  return results;
}

export function summarize(results: readonly PollResult[]) {
  return {
    feeds: results.length,
    failed: results.filter((r) => r.status === 'failed').length,
    notModified: results.filter((r) => r.status === 'not-modified').length,
    added: results.reduce((n, r) => n + r.added, 0),
  };
}

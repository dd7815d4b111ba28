import { probeFeed, removeFeed, saveFeed } from '../app/feeds.ts';
import type { Config } from '../config.ts';
import { UsageError, UserError } from '../errors.ts';
import { pollDue, summarize } from '../jobs/feedJobs.ts';
import type { PollResult } from '../jobs/poll.ts';
import type { Logger } from '../log.ts';
import { createRuntime, feedFetcher, type Overrides, pollDeps } from '../main.ts';
import type { Feed } from '../store/feeds.ts';
import { parseOptions } from './args.ts';
import type { CommandContext } from './command.ts';

/*
 * `newsbrief feeds add|list|remove|poll`: the global feeds (team null). These open the store, so on
 * the embedded store they stop at once while the app holds it (see store/lock.ts).
 */

/** Far enough ahead that every feed counts as due. */
const EVERYTHING_DUE = new Date('9999-12-31T00:00:00Z');

export async function feedsCommand(
  args: string[],
  { config, logger, io, overrides }: CommandContext,
): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseOptions(`feeds ${action ?? ''}`.trim(), rest, OPTIONS);
  const one = (what: string) => {
    if (positionals.length !== 1 || !positionals[0]) throw new UsageError(`feeds ${action} needs ${what}`);
    return positionals[0];
  };
  const none = () => {
    if (positionals.length > 0) throw new UsageError(`feeds ${action} takes no arguments`);
  };
  if (values.title !== undefined && action !== 'add') throw new UsageError('--title goes with feeds add');
  if (values.all && action !== 'poll') throw new UsageError('--all goes with feeds poll');
  switch (action) {
    case 'add': {
      // Checked before the store is opened: a typo or a web page fails without touching it.
      const probed = await probeFeed(one('one feed URL'), feedFetcher(config, overrides, logger));
      return withRuntime(config, logger, overrides, async (runtime) => {
        const added = await saveFeed(probed, { teamId: null, title: values.title }, runtime);
        const label = added.feed.title ?? added.title ?? '(untitled)';
        const found = added.discovered;
        if (found) {
          io.stdout(
            `${found.page} is a web page naming ${found.found} feed${found.found === 1 ? '' : 's'}; chose ${
              found.chosen.title ? `"${found.chosen.title}" ` : ''
            }${found.chosen.url}\n`,
          );
        }
        io.stdout(
          `${added.created ? 'added' : 'already following'}: #${added.feed.id} ${label} — ${added.format}, ${
            added.items
          } item${added.items === 1 ? '' : 's'} (${added.feed.url})\n`,
        );
        if (added.warning) io.stdout(`warning: ${added.warning}\n`);
        return 0;
      });
    }
    case 'list':
      none();
      return withRuntime(config, logger, overrides, async (runtime) => {
        io.stdout(renderFeedList(await runtime.store.feeds.list(null), new Date()));
        return 0;
      });
    case 'remove': {
      const target = one('a feed URL or id (see newsbrief feeds list)');
      return withRuntime(config, logger, overrides, async (runtime) => {
        const removed = await removeFeed(target, null, runtime.deps);
        if (!removed) throw new UserError('no-feed', `no feed ${target} (see newsbrief feeds list)`);
        io.stdout(`removed: #${removed.id} ${removed.url}\n`);
        return 0;
      });
    }
    case 'poll':
      none();
      return withRuntime(config, logger, overrides, async (runtime) => {
        const deps = pollDeps(config, logger, overrides, runtime.store);
        const results = await pollDue(
          { store: runtime.store, poll: deps, logger },
          values.all ? EVERYTHING_DUE : new Date(),
        );
        const feeds = new Map((await allFeeds(runtime.store)).map((f) => [f.id, f]));
        for (const r of results) io.stdout(renderPollResult(r, feeds.get(r.feedId)));
        const total = summarize(results);
        io.stdout(
          results.length === 0
            ? 'no feed is due (try --all)\n'
            : `${total.feeds} feed${total.feeds === 1 ? '' : 's'} polled, ${total.added} article${
                total.added === 1 ? '' : 's'
              } added, ${total.failed} failed\n`,
        );
        return total.failed > 0 ? 1 : 0;
      });
    case undefined:
      throw new UsageError('feeds needs add, list, remove or poll');
    default:
      throw new UsageError(`unknown feeds command "${action}" (add, list, remove or poll)`);
  }
}

const OPTIONS = {
  title: { type: 'string' },
  all: { type: 'boolean', default: false },
} as const;

async function withRuntime(
  config: Config,
  logger: Logger,
  overrides: Overrides,
  fn: (runtime: Awaited<ReturnType<typeof createRuntime>>) => Promise<number>,
): Promise<number> {
  const runtime = await createRuntime(config, logger, { ...overrides, jobs: false });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

/** Global and workspace feeds alike, for naming poll results. */
async function allFeeds(store: { feeds: { due(now: Date, opts?: { limit?: number }): Promise<Feed[]> } }) {
  return store.feeds.due(EVERYTHING_DUE, { limit: 10_000 });
}

export function renderFeedList(feeds: readonly Feed[], now: Date): string {
  if (feeds.length === 0) return 'no feeds yet (newsbrief feeds add <url>)\n';
  return feeds
    .map((f) => {
      const lines = [`#${f.id}  ${f.url}${f.title ? `  "${f.title}"` : ''}`];
      lines.push(
        `    last polled ${f.lastPolledAt ?? 'never'} · next poll ${
          new Date(f.nextPollAt) <= now ? 'due now' : f.nextPollAt
        } · failures ${f.failures}`,
      );
      if (f.lastError) lines.push(`    ${f.failures > 0 ? 'last error' : 'warning'}: ${f.lastError}`);
      return `${lines.join('\n')}\n`;
    })
    .join('');
}

function renderPollResult(r: PollResult, feed: Feed | undefined): string {
  const name = `#${r.feedId} ${feed?.url ?? ''}`.trim();
  if (r.status === 'failed') return `${name}: failed — ${r.error ?? 'unknown error'}\n`;
  if (r.status === 'not-modified') return `${name}: not modified\n`;
  const extra = [
    r.fromFeed > 0 ? `${r.fromFeed} from the feed's own text` : '',
    r.skipped > 0 ? `${r.skipped} skipped, retried next poll` : '',
  ].filter(Boolean);
  const added = (r.articles ?? []).map((a) => `  + #${a.id} ${a.title ?? '(untitled)'} — ${a.url ?? ''}\n`);
  return `${name}: ${r.items} new item${r.items === 1 ? '' : 's'}, ${r.added} added${
    extra.length ? ` (${extra.join('; ')})` : ''
  }${r.warning ? ` — ${r.warning}` : ''}\n${added.join('')}`;
}

import { UserError } from '../errors.ts';
import { decodeBytes } from '../ingest/decode.ts';
import { parseFeed } from '../ingest/feeds.ts';
import type { PollDeps } from '../jobs/poll.ts';
import type { Feed } from '../store/feeds.ts';
import type { Store } from '../store/store.ts';

/*
 * Feed management shared by the CLI (global feeds, team null) and `/brief feeds …` (one workspace's).
 */

export interface FeedAdminDeps {
  store: Pick<Store, 'feeds'>;
  fetchFeed: PollDeps['fetchFeed'];
}

export interface AddedFeed {
  feed: Feed;
  created: boolean;
  /** The feed's own title, as fetched now. */
  title: string | null;
  items: number;
}

/** Fetches the URL once, so only a real RSS/Atom feed is added; its first poll ingests the items. */
export async function addFeed(
  input: { url: string; teamId: string | null; title?: string | undefined },
  deps: FeedAdminDeps,
): Promise<AddedFeed> {
  const probed = await probeFeed(input.url, deps.fetchFeed);
  return saveFeed(probed, input, deps);
}

export interface ProbedFeed {
  url: string;
  title: string | null;
  items: number;
}

/** Fetches and parses a feed URL without storing anything; a non-feed is a UserError saying so. */
export async function probeFeed(rawUrl: string, fetchFeed: PollDeps['fetchFeed']): Promise<ProbedFeed> {
  const url = feedUrl(rawUrl);
  const page = await fetchFeed(url, {});
  try {
    const parsed = parseFeed(decodeBytes(page.bytes, { contentType: page.contentType }).text);
    return { url, title: parsed.title, items: parsed.items.length };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError('bad-feed', `${url} is not an RSS or Atom feed: ${err.message}`, { cause: err });
  }
}

/** Stores a probed feed for the team (null: global); the given title wins over the feed's own. */
export async function saveFeed(
  probed: ProbedFeed,
  input: { teamId: string | null; title?: string | undefined },
  deps: Pick<FeedAdminDeps, 'store'>,
): Promise<AddedFeed> {
  const { feed, created } = await deps.store.feeds.add({
    teamId: input.teamId,
    url: probed.url,
    title: input.title?.trim() || probed.title,
  });
  return { feed, created, title: probed.title, items: probed.items };
}

/** Removes a feed by URL or by its number in `feeds list`; false when the team has no such feed. */
export async function removeFeed(
  target: string,
  teamId: string | null,
  deps: Pick<FeedAdminDeps, 'store'>,
): Promise<Feed | null> {
  const feeds = await deps.store.feeds.list(teamId);
  const wanted = target.trim();
  const feed = /^\d+$/.test(wanted)
    ? feeds.find((f) => f.id === Number(wanted))
    : feeds.find((f) => f.url === wanted || f.url === safeUrl(wanted));
  if (!feed) return null;
  return (await deps.store.feeds.remove(teamId, feed.url)) ? feed : null;
}

/** An http(s) URL, normalised the way it is stored (WHATWG serialisation). */
export function feedUrl(raw: string): string {
  const url = safeUrl(raw.trim());
  if (!url) throw new UserError('bad-url', `not a feed URL: ${raw} (give an http or https address)`);
  return url;
}

function safeUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

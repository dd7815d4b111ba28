import { UserError } from '../errors.ts';
import { decodeBytes } from '../ingest/decode.ts';
import { chooseFeedLink, type FeedLink, findFeedLinks } from '../ingest/feedDiscovery.ts';
import { emptyFeedReason, type FeedFormat, type ParsedFeed, parseFeedBytes } from '../ingest/feeds.ts';
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
  format: FeedFormat;
  discovered?: Discovery | undefined;
  warning?: string | undefined;
}

/** Fetches the URL once, so only a real feed is added; its first poll ingests the items. */
export async function addFeed(
  input: { url: string; teamId: string | null; title?: string | undefined },
  deps: FeedAdminDeps,
): Promise<AddedFeed> {
  const probed = await probeFeed(input.url, deps.fetchFeed);
  return saveFeed(probed, input, deps);
}

/** A web page given to `feeds add`, and the feed chosen among those it links to. */
export interface Discovery {
  page: string;
  chosen: FeedLink;
  /** How many feeds the page lists in all. */
  found: number;
}

export interface ProbedFeed {
  url: string;
  title: string | null;
  items: number;
  format: FeedFormat;
  /** Set when the URL was a web page and the feed was found through its `<link rel="alternate">`. */
  discovered?: Discovery | undefined;
  /** Said when adding: the feed has no entries yet. */
  warning?: string | undefined;
}

/**
 * Fetches and parses a feed URL without storing anything. A web page is searched for the feed it
 * links to. A non-feed, or a feed whose entries are all unusable, is a UserError saying why.
 */
export async function probeFeed(rawUrl: string, fetchFeed: PollDeps['fetchFeed']): Promise<ProbedFeed> {
  const url = feedUrl(rawUrl);
  const page = await fetchFeed(url, {});
  let parsed: ParsedFeed;
  let feedAt = url;
  let discovered: Discovery | undefined;
  try {
    parsed = parseFeedBytes(page.bytes, { contentType: page.contentType, url: page.url });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    if (err.code !== 'web-page') throw notAFeed(url, err);
    const html = decodeBytes(page.bytes, { contentType: page.contentType }).text;
    const links = findFeedLinks(html, page.url);
    const chosen = chooseFeedLink(links);
    if (!chosen) {
      throw new UserError(
        'no-feed',
        `${url} is a web page that names no feed (no <link rel="alternate"> to an RSS, Atom or JSON feed); give the feed's own address`,
      );
    }
    discovered = { page: url, chosen, found: links.length };
    feedAt = chosen.url;
    const feedPage = await fetchFeed(feedAt, {});
    try {
      parsed = parseFeedBytes(feedPage.bytes, { contentType: feedPage.contentType, url: feedPage.url });
    } catch (inner) {
      if (!(inner instanceof UserError)) throw inner;
      throw new UserError('bad-feed', `${url} links to the feed ${feedAt}, but ${lower(inner.message)}`, {
        cause: inner,
      });
    }
  }
  const empty = emptyFeedReason(parsed);
  if (empty && parsed.entries > 0) {
    throw new UserError('empty-feed', `${feedAt} has no usable items, so it was not added: ${empty}`);
  }
  return {
    url: feedAt,
    title: parsed.title,
    items: parsed.items.length,
    format: parsed.format,
    discovered,
    warning: empty ? `${upper(empty)}: its articles are taken once it publishes some.` : undefined,
  };
}

function notAFeed(url: string, err: UserError): UserError {
  return new UserError('bad-feed', `${url} is not an RSS, Atom or JSON feed: ${err.message}`, { cause: err });
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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
  return {
    feed,
    created,
    title: probed.title,
    items: probed.items,
    format: probed.format,
    discovered: probed.discovered,
    warning: probed.warning,
  };
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

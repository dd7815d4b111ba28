import { UserError } from '../errors.ts';
import type { Article } from '../ingest/article.ts';
import { extractHtml } from '../ingest/extract.ts';
import { emptyFeedReason, type FeedItem, parseFeedBytes } from '../ingest/feeds.ts';
import type { FetchedPage } from '../ingest/fetch.ts';
import type { Feed } from '../store/feeds.ts';
import type { Store } from '../store/store.ts';

/** Media types a feed may be served as. */
export const FEED_CONTENT_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/xml',
  'text/xml',
  'application/rdf+xml',
  'application/x-rss+xml',
  'application/x-atom+xml',
  'application/feed+json',
  'application/json',
  'text/plain',
  // Misconfigured servers send feeds as web pages, and `feeds add` finds a site's feed from its page.
  'text/html',
  'application/xhtml+xml',
];

export interface PollDeps {
  store: Pick<Store, 'articles' | 'feeds'> & {
    stories?: Pick<Store['stories'], 'ingest'>;
  };
  /** fetchPage with the feed content types and the given headers (If-None-Match, If-Modified-Since). */
  fetchFeed: (url: string, headers: Record<string, string>) => Promise<FetchedPage>;
  /** The app's article loader (fetch + extract). */
  loadUrl: (url: string) => Promise<Article>;
  now?: () => Date;
  intervalMinutes: number;
  logger?: { warn(obj: object, msg: string): void };
}

export interface PollResult {
  feedId: number;
  status: 'ok' | 'not-modified' | 'failed';
  /** New items seen in the feed. */
  items: number;
  /** Articles stored (new or already known). */
  added: number;
  /** Of those, built from the feed's own content because the page could not be fetched. */
  fromFeed: number;
  /** New items neither fetchable nor with usable content (retried next poll). */
  skipped: number;
  /** The articles stored by this poll, for `feeds poll` to show. */
  articles?: { id: number; title: string | null; url: string | null }[];
  error?: string;
  /** The poll worked but the feed gave no usable items: why (also kept for `feeds list`). */
  warning?: string;
}

/** Polls one feed: conditional GET, parse, ingest the items not seen before; records the outcome. */
export async function pollFeed(feed: Feed, deps: PollDeps): Promise<PollResult> {
  const now = deps.now?.() ?? new Date();
  const result: PollResult = { feedId: feed.id, status: 'ok', items: 0, added: 0, fromFeed: 0, skipped: 0 };
  const headers: Record<string, string> = {};
  if (feed.etag) headers['if-none-match'] = feed.etag;
  if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
  let page: FetchedPage;
  let items: FeedItem[];
  let title: string | null;
  let warning: string | null;
  try {
    page = await deps.fetchFeed(feed.url, headers);
    if (page.notModified) {
      await deps.store.feeds.recordSuccess(feed.id, {
        now,
        intervalMinutes: deps.intervalMinutes,
        etag: feed.etag,
        lastModified: feed.lastModified,
      });
      return { ...result, status: 'not-modified' };
    }
    const parsed = parseFeedBytes(page.bytes, { contentType: page.contentType, url: page.url });
    items = parsed.items;
    title = parsed.title;
    const empty = emptyFeedReason(parsed);
    warning = empty ? `no usable items: ${empty}` : null;
  } catch (err) {
    const error = err instanceof UserError ? err.message : `unexpected error: ${String(err)}`;
    await deps.store.feeds.recordFailure(feed.id, { now, intervalMinutes: deps.intervalMinutes, error });
    return { ...result, status: 'failed', error };
  }
  const fresh = new Set(await deps.store.feeds.markSeen(feed.id, [...new Set(items.map((i) => i.url))]));
  const retry: string[] = [];
  for (const item of items) {
    if (!fresh.has(item.url)) continue;
    fresh.delete(item.url);
    result.items++;
    let article: Article | null = null;
    try {
      article = await deps.loadUrl(item.url);
    } catch (err) {
      article = fromFeedContent(item, feed);
      if (article) result.fromFeed++;
      else
        deps.logger?.warn(
          { url: item.url, err: String(err) },
          'feed item: page unfetchable and no usable content',
        );
    }
    if (!article) {
      result.skipped++;
      retry.push(item.url);
      continue;
    }
    // The page's own date, else the feed's, else (an undated item) the time it was first seen.
    if (!article.publishedAt) article = { ...article, publishedAt: item.publishedAt ?? now.toISOString() };
    // Stored and put in its story in one transaction (stories.ingest), or only stored.
    const { article: stored } = deps.store.stories
      ? await deps.store.stories.ingest(article)
      : await deps.store.articles.add(article);
    result.added++;
    result.articles = [...(result.articles ?? []), { id: stored.id, title: stored.title, url: stored.url }];
  }
  await deps.store.feeds.unmarkSeen(feed.id, retry);
  await deps.store.feeds.recordSuccess(feed.id, {
    now,
    intervalMinutes: deps.intervalMinutes,
    etag: page.etag ?? null,
    lastModified: page.lastModified ?? null,
    title,
    warning,
  });
  return warning ? { ...result, warning } : result;
}

/** An article from the feed item's own HTML (content, else summary); null when too short to read. */
export function fromFeedContent(item: FeedItem, feed: Pick<Feed, 'url'>): Article | null {
  const html = item.contentHtml ?? item.summaryHtml;
  if (!html) return null;
  const title = item.title ? `<title>${escapeHtml(item.title)}</title>` : '';
  const doc = `<!doctype html><html><head>${title}</head><body><article>${
    item.title ? `<h1>${escapeHtml(item.title)}</h1>` : ''
  }${html}</article></body></html>`;
  try {
    const article = extractHtml(doc, { source: `feed:${feed.url}`, url: item.url });
    return { ...article, publishedAt: article.publishedAt ?? item.publishedAt };
  } catch {
    return null;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Polls every due feed, one after another. */
export async function pollDueFeeds(deps: PollDeps): Promise<PollResult[]> {
  const due = await deps.store.feeds.due(deps.now?.() ?? new Date());
  const results: PollResult[] = [];
  for (const feed of due) results.push(await pollFeed(feed, deps));
  return results;
}

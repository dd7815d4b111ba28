import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../errors.ts';

/** One entry of a feed: the link, its title, when it was published, and the feed's own text. */
export interface FeedItem {
  url: string;
  title: string | null;
  /** ISO 8601, or null when the feed gives no (readable) date. */
  publishedAt: string | null;
  /** RSS `description` or Atom `summary` (HTML or text). */
  summaryHtml: string | null;
  /** RSS `content:encoded` or Atom `content` (usually the full text, HTML). */
  contentHtml: string | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

/** At most this many items are read from one feed (the newest first, as feeds list them). */
export const MAX_FEED_ITEMS = 200;
/** Feeds larger than this are refused before parsing. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/** Parses RSS 2.0 (with content:encoded) or Atom. Throws UserError('bad-feed') on anything else. */
export function parseFeed(xml: string): ParsedFeed {
  if (Buffer.byteLength(xml, 'utf8') > MAX_FEED_BYTES) {
    throw new UserError('bad-feed', `The feed is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB.`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UserError(
      'bad-feed',
      `The feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`,
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    throw new UserError('bad-feed', `The feed could not be parsed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const rss = obj(doc.rss);
  if (rss) {
    const channel = obj(rss.channel) ?? {};
    return {
      title: text(channel.title),
      items: arr(channel.item).slice(0, MAX_FEED_ITEMS).flatMap(rssItem),
    };
  }
  const feed = obj(doc.feed);
  if (feed) {
    return {
      title: text(feed.title),
      items: arr(feed.entry).slice(0, MAX_FEED_ITEMS).flatMap(atomEntry),
    };
  }
  throw new UserError('bad-feed', 'This is XML but neither an RSS 2.0 nor an Atom feed.');
}

function rssItem(raw: unknown): FeedItem[] {
  const item = obj(raw);
  if (!item) return [];
  const link = arr(item.link)
    .map(text)
    .find((l) => l);
  const guid = obj(item.guid);
  const guidUrl =
    guid && guid['@_isPermaLink'] !== 'false' ? text(guid) : typeof item.guid === 'string' ? item.guid : null;
  const url = httpUrl(link ?? guidUrl ?? null);
  if (!url) return [];
  return [
    {
      url,
      title: text(item.title),
      publishedAt: date(text(item.pubDate) ?? text(item['dc:date'])),
      summaryHtml: text(item.description),
      contentHtml: text(item['content:encoded']),
    },
  ];
}

function atomEntry(raw: unknown): FeedItem[] {
  const entry = obj(raw);
  if (!entry) return [];
  const links = arr(entry.link)
    .map(obj)
    .filter((l): l is Record<string, unknown> => l !== null);
  const alt =
    links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate' && l['@_href']) ??
    links.find((l) => l['@_href']);
  const url = httpUrl(alt ? String(alt['@_href']) : null);
  if (!url) return [];
  return [
    {
      url,
      title: text(entry.title),
      publishedAt: date(text(entry.published) ?? text(entry.updated)),
      summaryHtml: text(entry.summary),
      contentHtml: text(entry.content),
    },
  ];
}

function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function arr(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

/** Text of an element that may be a bare string or `{ '#text': …, '@_attr': … }`. */
function text(v: unknown): string | null {
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v).trim();
    return s === '' ? null : s;
  }
  const o = obj(v);
  return o ? text(o['#text']) : null;
}

function httpUrl(s: string | null): string | null {
  if (!s) return null;
  try {
    const u = new URL(s.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function date(s: string | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

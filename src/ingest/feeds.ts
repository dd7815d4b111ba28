import { UserError } from '../errors.ts';
import { decodeBytes, resolveLabel } from './decode.ts';
import { parseFeedDate } from './feedDates.ts';
import {
  attr,
  child,
  children,
  decodeEntities,
  descendants,
  htmlOf,
  NS,
  parseXml,
  textOf,
  type XmlElement,
  xmlBases,
} from './feedXml.ts';

/*
 * Feeds as readers find them: RSS 0.9x, 1.0 (RDF) and 2.0, Atom 0.3 and 1.0, JSON Feed 1.0 and 1.1,
 * read through a forgiving XML tree (see feedXml.ts), with relative links resolved the way readers
 * resolve them and dates read in the forms CMSs print (see feedDates.ts).
 */

/** One entry of a feed: the link, its title, when it was published, and the feed's own text. */
export interface FeedItem {
  url: string;
  title: string | null;
  /** ISO 8601, or null when the feed gives no (readable) date. */
  publishedAt: string | null;
  /** RSS `description`, Atom `summary`, JSON Feed `summary` (HTML or text). */
  summaryHtml: string | null;
  /** RSS `content:encoded`, Atom `content`, JSON Feed `content_html` (usually the full text, HTML). */
  contentHtml: string | null;
}

export type FeedFormat =
  | 'RSS 0.9x'
  | 'RSS 1.0'
  | 'RSS 2.0'
  | 'Atom 0.3'
  | 'Atom 1.0'
  | 'JSON Feed 1.0'
  | 'JSON Feed 1.1';

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** The site the feed belongs to (its own `<link>` / `home_page_url`), absolute, or null. */
  siteUrl: string | null;
  items: FeedItem[];
  /** Entries in the feed (at most MAX_FEED_ITEMS counted), usable or not. */
  entries: number;
  /** Why entries were dropped, one reason per dropped entry (e.g. a relative link with no base). */
  dropped: string[];
}

export interface ParseOptions {
  /** Where the feed was fetched from (after redirects): the last base for relative links. */
  url?: string | null | undefined;
}

/** At most this many items are read from one feed (the newest first, as feeds list them). */
export const MAX_FEED_ITEMS = 200;
/** Feeds larger than this are refused before parsing. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

const RSS_CORE = [null, NS.rss1, NS.rss090] as const;
const ATOM_CORE = [NS.atom, NS.atom03, null] as const;

/**
 * Parses a feed's text. Throws UserError('web-page') for an HTML page (the caller may look for the
 * feed it links to) and UserError('bad-feed') for anything else that is not a feed.
 */
export function parseFeed(text: string, opts: ParseOptions = {}): ParsedFeed {
  if (Buffer.byteLength(text, 'utf8') > MAX_FEED_BYTES) {
    throw new UserError('bad-feed', `The feed is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB.`);
  }
  const body = text.replace(/^[\s\ufeff]+/, '');
  if (body.startsWith('{') || body.startsWith('[')) return parseJsonFeed(body, opts);
  if (/^<!doctype\s+html\b/i.test(body)) throw webPage();
  const root = parseXml(body)[0];
  if (!root) {
    throw new UserError('bad-feed', 'This is neither XML (RSS, Atom) nor JSON (JSON Feed).');
  }
  const parsed =
    root.local === 'rss'
      ? readRss(root, opts, root.attrs.version?.startsWith('0.9') ? 'RSS 0.9x' : 'RSS 2.0')
      : root.local === 'rdf'
        ? readRss(root, opts, rdfFormat(root))
        : root.local === 'feed'
          ? readAtom(root, opts)
          : null;
  if (!parsed) {
    if (['html', 'head', 'body'].includes(root.local)) throw webPage();
    throw new UserError(
      'bad-feed',
      `This is XML but not an RSS, Atom or JSON feed (its root element is <${root.name}>).`,
    );
  }
  if (parsed.entries === 0 && !root.closed) {
    throw new UserError(
      'bad-feed',
      `The feed is not well-formed XML: it ends before </${root.name}> and has no entries.`,
    );
  }
  return parsed;
}

/** Decodes the fetched bytes (see decodeFeedBytes) and parses them. */
export function parseFeedBytes(
  bytes: Uint8Array,
  opts: ParseOptions & { contentType?: string | null | undefined },
): ParsedFeed {
  return parseFeed(decodeFeedBytes(bytes, opts.contentType), opts);
}

function webPage(): UserError {
  return new UserError('web-page', 'This is a web page, not a feed.');
}

/**
 * A feed's bytes as text. Valid UTF-8 is taken as UTF-8 whatever the header or the XML declaration
 * say (servers and CMSs label UTF-8 feeds as Latin-1 all the time); otherwise the declared charset
 * (header, then `<?xml encoding>`, found even after leading whitespace); otherwise windows-1252,
 * which also reads Latin-1 bytes wrongly labelled UTF-8.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): string {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const declared =
    /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1] ??
    /^[\s\ufeff\xef\xbb\xbf]*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1] ??
    null;
  const charset = declared ? resolveLabel(declared) : null;
  let use: string;
  if (charset?.startsWith('utf-16')) use = charset;
  else if (charset === 'iso-2022-jp' && bytes.includes(0x1b)) use = charset;
  else if (isUtf8(bytes)) use = 'utf-8';
  else if (charset && charset !== 'utf-8') use = charset;
  else use = 'windows-1252';
  return decodeBytes(bytes, { contentType: `application/xml; charset=${use}` }).text;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------
// RSS 0.9x, 1.0 (RDF) and 2.0

function readRss(root: XmlElement, opts: ParseOptions, format: FeedFormat | null): ParsedFeed | null {
  if (!format) return null;
  const channel = child(root, 'channel', RSS_CORE) ?? root;
  const siteUrl = resolveHttp(textOrNull(child(channel, 'link', RSS_CORE)), [
    opts.url ?? null,
    ...xmlBases(channel),
  ]);
  const entries = descendants(root, 'item', RSS_CORE).slice(0, MAX_FEED_ITEMS);
  const base = baseResolver(opts, siteUrl);
  const items: FeedItem[] = [];
  const dropped: string[] = [];
  for (const item of entries) {
    const candidates: { value: string | null; el: XmlElement }[] = [];
    const push = (el: XmlElement | null, value: string | null) => {
      if (el) candidates.push({ value, el });
    };
    push(child(item, 'origlink', [NS.feedburner]), textOrNull(child(item, 'origlink', [NS.feedburner])));
    for (const link of children(item, 'link', RSS_CORE)) push(link, textOrNull(link) ?? attr(link, 'href'));
    const guid = child(item, 'guid', RSS_CORE);
    const permaLink = guid ? attr(guid, 'isPermaLink')?.trim().toLowerCase() : undefined;
    if (guid && permaLink !== 'false') {
      const g = textOrNull(guid);
      // Without isPermaLink="true", a guid is a link only when it looks like one.
      if (g && (permaLink === 'true' || /^https?:\/\//i.test(g))) push(guid, g);
    }
    for (const link of children(item, 'link', [NS.atom])) {
      const rel = attr(link, 'rel') ?? 'alternate';
      if (rel === 'alternate') push(link, attr(link, 'href'));
    }
    const about = attr(item, 'about');
    if (about) push(item, about);
    const url = pickUrl(candidates, base, dropped);
    if (!url) continue;
    const title = child(item, 'title', RSS_CORE) ?? child(item, 'title', [NS.dc]);
    items.push({
      url,
      title: title ? plainTitle(textOf(title), true) : null,
      publishedAt: firstDate(item, [
        ['pubdate', RSS_CORE],
        ['date', [NS.dc]],
        ['issued', [NS.dcterms]],
        ['created', [NS.dcterms]],
        ['modified', [NS.dcterms]],
        ['published', [NS.atom]],
        ['updated', [NS.atom]],
      ]),
      summaryHtml: htmlOrNull(child(item, 'description', RSS_CORE)),
      contentHtml: htmlOrNull(child(item, 'encoded', [NS.content])),
    });
  }
  const title = child(channel, 'title', RSS_CORE) ?? child(channel, 'title', [NS.dc]);
  return {
    format,
    title: title ? plainTitle(textOf(title), true) : null,
    siteUrl,
    items,
    entries: entries.length,
    dropped,
  };
}

/** RSS 1.0 or its ancestor 0.90 (Netscape's namespace), or null for RDF that is not a feed. */
function rdfFormat(root: XmlElement): FeedFormat | null {
  if (child(root, 'channel', [NS.rss090])) return 'RSS 0.9x';
  return child(root, 'channel', RSS_CORE) || descendants(root, 'item', RSS_CORE).length > 0
    ? 'RSS 1.0'
    : null;
}

// ---------------------------------------------------------------------------------------------------
// Atom 0.3 and 1.0

function readAtom(root: XmlElement, opts: ParseOptions): ParsedFeed | null {
  const format: FeedFormat =
    root.ns === NS.atom03 || root.attrs.version?.trim() === '0.3' ? 'Atom 0.3' : 'Atom 1.0';
  const siteLink = alternateHref(children(root, 'link', ATOM_CORE));
  const siteUrl = siteLink ? resolveHttp(siteLink.href, [opts.url ?? null, ...xmlBases(siteLink.el)]) : null;
  const entries = descendants(root, 'entry', ATOM_CORE).slice(0, MAX_FEED_ITEMS);
  const base = baseResolver(opts, siteUrl);
  const items: FeedItem[] = [];
  const dropped: string[] = [];
  for (const entry of entries) {
    const candidates: { value: string | null; el: XmlElement }[] = [];
    const origLink = child(entry, 'origlink', [NS.feedburner]);
    if (origLink) candidates.push({ value: textOrNull(origLink), el: origLink });
    const links = children(entry, 'link', ATOM_CORE);
    const alt = alternateHref(links);
    if (alt) candidates.push({ value: alt.href, el: alt.el });
    // A link written as text (<link>https://…</link>) is wrong Atom but means what it says.
    for (const link of links) if (!attr(link, 'href')) candidates.push({ value: textOrNull(link), el: link });
    const id = child(entry, 'id', ATOM_CORE);
    const idText = id ? textOrNull(id) : null;
    if (id && idText && /^https?:\/\//i.test(idText)) candidates.push({ value: idText, el: id });
    const url = pickUrl(candidates, base, dropped);
    if (!url) continue;
    const title = child(entry, 'title', ATOM_CORE);
    items.push({
      url,
      title: title ? atomText(title) : null,
      publishedAt: firstDate(entry, [
        ['published', ATOM_CORE],
        ['issued', ATOM_CORE],
        ['created', ATOM_CORE],
        ['updated', ATOM_CORE],
        ['modified', ATOM_CORE],
        ['date', [NS.dc]],
      ]),
      summaryHtml: atomHtml(child(entry, 'summary', ATOM_CORE)),
      contentHtml: atomHtml(child(entry, 'content', ATOM_CORE)),
    });
  }
  const title = child(root, 'title', ATOM_CORE);
  return { format, title: title ? atomText(title) : null, siteUrl, items, entries: entries.length, dropped };
}

/** The entry's alternate link: rel="alternate" or no rel, an HTML one before others. */
function alternateHref(links: XmlElement[]): { href: string; el: XmlElement } | null {
  const alternates = links.filter(
    (l) => (attr(l, 'rel')?.trim().toLowerCase() || 'alternate') === 'alternate',
  );
  const html = alternates.find(
    (l) => /html/i.test(attr(l, 'type') ?? 'text/html') && attr(l, 'href')?.trim(),
  );
  const chosen = html ?? alternates.find((l) => attr(l, 'href')?.trim());
  const href = chosen ? attr(chosen, 'href') : null;
  return chosen && href ? { href, el: chosen } : null;
}

/** Atom text constructs: type="text" as is, "html" and "xhtml" reduced to their text. */
function atomText(el: XmlElement): string | null {
  const type = attr(el, 'type')?.toLowerCase() ?? 'text';
  const mode = attr(el, 'mode')?.toLowerCase();
  if (type === 'xhtml' || type.includes('html') || mode === 'escaped') return plainTitle(textOf(el), true);
  return plainTitle(textOf(el), false);
}

/** Atom content as HTML: html as given, xhtml serialized, text escaped. */
function atomHtml(el: XmlElement | null): string | null {
  if (!el || attr(el, 'src')) return null;
  const type = attr(el, 'type')?.toLowerCase() ?? 'text';
  if (type === 'xhtml') {
    const div = child(el, 'div', [NS.xhtml, NS.atom, null]);
    return nonEmpty(htmlOf(div ?? el));
  }
  if (type === 'html' || type === 'text/html' || attr(el, 'mode')?.toLowerCase() === 'escaped') {
    return nonEmpty(htmlOf(el));
  }
  if (type === 'text' || type === 'text/plain') {
    const text = nonEmpty(textOf(el));
    return text ? escapeHtml(text) : null;
  }
  return nonEmpty(htmlOf(el));
}

// ---------------------------------------------------------------------------------------------------
// JSON Feed 1.0 and 1.1

function parseJsonFeed(body: string, opts: ParseOptions): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw new UserError('bad-feed', `This looks like JSON but does not parse: ${(err as Error).message}`);
  }
  const feed = record(doc);
  const version = typeof feed?.version === 'string' ? feed.version : '';
  if (!feed || (!/jsonfeed\.org\/version\//i.test(version) && !Array.isArray(feed.items))) {
    throw new UserError('bad-feed', 'This is JSON but not a JSON Feed (no "version" from jsonfeed.org).');
  }
  const siteUrl = resolveHttp(str(feed.home_page_url), [opts.url ?? null]);
  const base = baseResolver(opts, siteUrl);
  const entries = (Array.isArray(feed.items) ? feed.items : []).slice(0, MAX_FEED_ITEMS);
  const items: FeedItem[] = [];
  const dropped: string[] = [];
  for (const raw of entries) {
    const item = record(raw);
    if (!item) {
      dropped.push('an item that is not a JSON object');
      continue;
    }
    const id = str(item.id);
    const values = [str(item.url), str(item.external_url), id && /^https?:\/\//i.test(id) ? id : null];
    const url = pickUrl(
      values.map((value) => ({ value, el: null })),
      base,
      dropped,
    );
    if (!url) continue;
    const text = str(item.content_text);
    items.push({
      url,
      title: str(item.title) ? plainTitle(str(item.title) ?? '', false) : null,
      publishedAt: parseFeedDate(str(item.date_published)) ?? parseFeedDate(str(item.date_modified)),
      summaryHtml: str(item.summary),
      contentHtml: str(item.content_html) ?? (text ? escapeHtml(text) : null),
    });
  }
  return {
    format: /version\/1\.1/.test(version) ? 'JSON Feed 1.1' : 'JSON Feed 1.0',
    title: str(feed.title),
    siteUrl,
    items,
    entries: entries.length,
    dropped,
  };
}

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}

// ---------------------------------------------------------------------------------------------------
// Links, titles, dates

type Resolve = (value: string, el: XmlElement | null) => string | null;

/**
 * Relative links resolve against the element's xml:base (itself against the fetched URL) when there
 * is one, else the feed's own site link, else the URL the feed was fetched from.
 */
function baseResolver(opts: ParseOptions, siteUrl: string | null): Resolve {
  return (value, el) => {
    const bases = el ? xmlBases(el) : [];
    const start = bases.length > 0 ? (opts.url ?? null) : (siteUrl ?? opts.url ?? null);
    return resolveHttp(value, [start, ...bases]);
  };
}

/** The value as an absolute http(s) URL, resolving each base against the one before it. */
function resolveHttp(value: string | null, bases: readonly (string | null)[]): string | null {
  if (!value) return null;
  const cleaned = value.replace(/[\t\r\n]/g, '').trim();
  if (!cleaned) return null;
  let base: string | null = null;
  for (const b of bases) {
    if (!b) continue;
    try {
      base = new URL(b, base ?? undefined).toString();
    } catch {
      // An unusable base is skipped; the next one may be absolute.
    }
  }
  try {
    const url = new URL(cleaned, base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

function pickUrl(
  candidates: readonly { value: string | null; el: XmlElement | null }[],
  resolve: Resolve,
  dropped: string[],
): string | null {
  for (const { value, el } of candidates) {
    const url = value ? resolve(value, el) : null;
    if (url) return url;
  }
  const seen = candidates.map((c) => c.value?.trim()).find((v) => v);
  if (!seen) dropped.push('no link');
  else if (/^[a-z][a-z0-9+.-]*:/i.test(seen)) dropped.push(`a link that is not http(s) ("${clip(seen)}")`);
  else dropped.push(`a relative link ("${clip(seen)}") with no address to resolve it against`);
  return null;
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * A title as a reader shows it. RSS titles are often HTML in disguise (escaped tags, double-escaped
 * entities such as `&amp;#8217;`): those are reduced to their text.
 */
function plainTitle(raw: string, mayBeHtml: boolean): string | null {
  let s = raw;
  if (mayBeHtml && /<\/?[a-z][^>]*>|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(s)) {
    s = decodeEntities(s.replace(/<[^>]*>/g, ''));
  }
  return nonEmpty(s.replace(/\s+/g, ' '));
}

function firstDate(el: XmlElement, fields: [string, readonly (string | null)[]][]): string | null {
  for (const [local, ns] of fields) {
    for (const c of children(el, local, ns)) {
      const date = parseFeedDate(textOf(c));
      if (date) return date;
    }
  }
  return null;
}

function textOrNull(el: XmlElement | null): string | null {
  return el ? nonEmpty(textOf(el)) : null;
}

function htmlOrNull(el: XmlElement | null): string | null {
  return el ? nonEmpty(htmlOf(el)) : null;
}

function nonEmpty(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Why a feed gave no usable items, for `feeds add` and `feeds list`; null when it gave some. */
export function emptyFeedReason(feed: ParsedFeed): string | null {
  if (feed.items.length > 0) return null;
  if (feed.entries === 0) return `the ${feed.format} feed has no entries`;
  const [first] = feed.dropped;
  const n = feed.entries;
  return `none of the ${n} entr${n === 1 ? 'y' : 'ies'} in the ${feed.format} feed can be used (${
    n === 1 ? 'it has' : 'the first has'
  } ${first ?? 'no link'})`;
}

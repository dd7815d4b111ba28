import type { DomDocument, DomElement } from './dom.ts';
import { stripInvisible } from './invisible.ts';

/** What a page says about itself, read before extraction changes the document. */
export interface PageMetadata {
  url: string | null;
  siteName: string | null;
  lang: string | null;
  publishedAt: string | null;
  /** The page says it is an article: og:type article, or a JSON-LD Article type. */
  declaresArticle: boolean;
  /** The best title; Readability's own guess is passed in because it is known only after parsing. */
  title(readabilityTitle: string | null): string | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARTICLE_TYPE = /Article|BlogPosting|Report|NewsArticle|SocialMediaPosting|LiveBlogPosting/i;
/** Meta names that carry a publication date, after the ones read explicitly (most common first). */
const DATE_META = [
  'og:published_time',
  'published_time',
  'article.published',
  'article_date_original',
  'publish-date',
  'publish_date',
  'publishdate',
  'pubdate',
  'parsely-pub-date',
  'sailthru.date',
  'dc.date.issued',
  'dcterms.issued',
  'dcterms.created',
  'dc.date',
  'date',
];

export function readMetadata(doc: DomDocument | null, pageUrl: string | null): PageMetadata {
  if (!doc) {
    return {
      url: httpUrl(pageUrl),
      siteName: null,
      lang: null,
      publishedAt: null,
      declaresArticle: false,
      title: (t) => clean(t),
    };
  }
  const metas = metaMap(doc);
  const ld = jsonLd(doc);
  const siteName =
    clean(metas.get('og:site_name')) ?? publisherName(ld) ?? clean(metas.get('application-name'));
  const url = canonicalUrl(doc, metas, pageUrl);
  const lang = readLang(doc, metas);
  const publishedAt = readPublished(doc, metas, ld);
  const docTitle = clean(doc.getElementsByTagName('title')[0]?.textContent);
  const ogTitle = clean(metas.get('og:title')) ?? clean(metas.get('twitter:title'));
  const declaresArticle =
    /^article\b/i.test(metas.get('og:type') ?? '') || ld.some((o) => ARTICLE_TYPE.test(typeOf(o)));
  return {
    url,
    siteName,
    lang,
    publishedAt,
    declaresArticle,
    title: (readabilityTitle) => {
      const t = ogTitle ?? clean(readabilityTitle) ?? docTitle;
      return t ? stripSiteName(t, siteName) : null;
    },
  };
}

/** Removes " | Site", " - Site", "Site: " and the like when that part is the site's name. */
export function stripSiteName(title: string, siteName: string | null): string {
  if (!siteName) return title;
  const site = comparable(siteName);
  const seps = [...title.matchAll(/\s+[|\-–—:·•»]\s+|\s*[|｜]\s*/g)];
  const first = seps[0];
  const last = seps[seps.length - 1];
  if (!first || !last) return title;
  const head = title.slice(0, last.index).trim();
  if (head && comparable(title.slice(last.index + last[0].length)) === site) return head;
  const tail = title.slice(first.index + first[0].length).trim();
  if (tail && comparable(title.slice(0, first.index)) === site) return tail;
  return title;
}

function comparable(s: string): string {
  return s
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/\.(com|net|org|co\.\w+)$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function metaMap(doc: DomDocument | DomElement): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of Array.from(doc.getElementsByTagName('meta'))) {
    const content = m.getAttribute('content');
    if (content == null || content.trim() === '') continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = m.getAttribute(attr)?.trim().toLowerCase();
      if (key && !map.has(key)) map.set(key, content.trim());
    }
  }
  return map;
}

function jsonLd(doc: DomDocument): JsonObject[] {
  const out: JsonObject[] = [];
  for (const s of Array.from(doc.getElementsByTagName('script'))) {
    if (!/ld\+json/i.test(s.getAttribute('type') ?? '')) continue;
    const raw = (s.textContent ?? '')
      .replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')
      .replace(/^\s*<!--|-->\s*$/g, '')
      .trim();
    if (!raw) continue;
    let data: Json;
    try {
      data = JSON.parse(raw) as Json;
    } catch {
      continue;
    }
    collect(data, out, 0);
  }
  return out;
}

function collect(data: Json, out: JsonObject[], depth: number): void {
  if (depth > 4 || data === null || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    for (const d of data) collect(d, out, depth + 1);
    return;
  }
  out.push(data);
  const graph = data['@graph'];
  if (graph) collect(graph, out, depth + 1);
  const main = data.mainEntity ?? data.mainEntityOfPage;
  if (main && typeof main === 'object') collect(main, out, depth + 1);
}

function typeOf(o: JsonObject): string {
  const t = o['@type'];
  return Array.isArray(t) ? t.join(' ') : typeof t === 'string' ? t : '';
}

function publisherName(ld: JsonObject[]): string | null {
  const ordered = [...ld.filter((o) => ARTICLE_TYPE.test(typeOf(o))), ...ld];
  for (const o of ordered) {
    const pubs = Array.isArray(o.publisher) ? o.publisher : [o.publisher];
    for (const p of pubs) {
      if (p && typeof p === 'object' && !Array.isArray(p)) {
        const name = p.name;
        if (typeof name === 'string' && clean(name)) return clean(name);
      } else if (typeof p === 'string' && clean(p) && !/^https?:/.test(p)) return clean(p);
    }
  }
  return null;
}

function canonicalUrl(
  doc: DomDocument | DomElement,
  metas: Map<string, string>,
  pageUrl: string | null,
): string | null {
  const page = httpUrl(pageUrl);
  const og = resolveUrl(metas.get('og:url'), page);
  const link = Array.from(doc.getElementsByTagName('link')).find((l) =>
    (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const canonical = resolveUrl(link?.getAttribute('href'), page ?? og);
  return canonical ?? og ?? page;
}

function resolveUrl(href: string | null | undefined, base: string | null): string | null {
  const h = href?.trim();
  if (!h) return null;
  try {
    return httpUrl(base ? new URL(h, base).href : new URL(h).href);
  } catch {
    return null;
  }
}

function httpUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const parsed = new URL(u);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const LANG_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

function readLang(doc: DomDocument, metas: Map<string, string>): string | null {
  const candidates = [
    doc.documentElement?.getAttribute('lang'),
    doc.documentElement?.getAttribute('xml:lang'),
    metas.get('og:locale'),
    metas.get('content-language'),
    metas.get('language'),
    metas.get('dc.language'),
  ];
  for (const c of candidates) {
    const tag = c
      ?.split(/[,;\s]/)[0]
      ?.trim()
      .replace(/_/g, '-');
    if (tag && LANG_TAG.test(tag)) return tag;
  }
  return null;
}

function readPublished(doc: DomDocument, metas: Map<string, string>, ld: JsonObject[]): string | null {
  const fromMeta = normaliseDate(metas.get('article:published_time'));
  if (fromMeta) return fromMeta;
  const ordered = [...ld.filter((o) => ARTICLE_TYPE.test(typeOf(o))), ...ld];
  for (const o of ordered) {
    const d = o.datePublished ?? o.dateCreated;
    const v = normaliseDate(typeof d === 'string' ? d : Array.isArray(d) ? String(d[0] ?? '') : null);
    if (v) return v;
  }
  // itemprop="datePublished" on a <meta> is in the map already; other elements carry it too.
  const fromItemprop = normaliseDate(metas.get('datepublished'));
  if (fromItemprop) return fromItemprop;
  for (const el of Array.from(doc.querySelectorAll('[itemprop="datePublished"]'))) {
    const v = normaliseDate(dateAttr(el));
    if (v) return v;
  }
  // <time datetime> inside the article (or marked pubdate), else inside <main>.
  const times = Array.from(doc.getElementsByTagName('time')).filter((t) => t.hasAttribute('datetime'));
  const time =
    times.find((t) => t.closest('article') || t.hasAttribute('pubdate')) ??
    times.find((t) => t.closest('main'));
  const fromTime = normaliseDate(time ? dateAttr(time) : null);
  if (fromTime) return fromTime;
  for (const name of DATE_META) {
    const v = normaliseDate(metas.get(name));
    if (v) return v;
  }
  return null;
}

function dateAttr(el: DomElement): string | null {
  return el.getAttribute('datetime') ?? el.getAttribute('content') ?? el.textContent;
}

/**
 * An ISO 8601 date or date-time for what the page wrote, or null. ISO inputs are kept as written (so a
 * local offset survives); other parseable forms become UTC date-times.
 */
export function normaliseDate(raw: string | null | undefined): string | null {
  const s = raw?.trim();
  if (!s) return null;
  const iso =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h, mi, sec, frac, tz] = iso;
    if (!validYmd(Number(y), Number(mo), Number(d))) return null;
    if (h === undefined) return `${y}-${mo}-${d}`;
    const zone = tz ? (tz.toUpperCase() === 'Z' ? 'Z' : tz.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : '';
    return `${y}-${mo}-${d}T${h}:${mi}:${sec ?? '00'}${frac ?? ''}${zone}`;
  }
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) {
    const [, y, mo, d] = compact;
    return validYmd(Number(y), Number(mo), Number(d)) ? `${y}-${mo}-${d}` : null;
  }
  if (!/[a-z]{3}|\d{4}/i.test(s)) return null;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  return year >= 1990 && year <= 2100 ? new Date(t).toISOString() : null;
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

function clean(s: string | null | undefined): string | null {
  const t = s && stripInvisible(s).replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

import { Parser } from 'htmlparser2';

/*
 * Feed autodiscovery: the `<link rel="alternate" type="application/rss+xml" href="…">` a site puts
 * in its pages (RSS, Atom, RDF and JSON Feed types), as browsers and feed readers find it.
 */

export interface FeedLink {
  url: string;
  title: string | null;
  type: string;
}

const FEED_TYPES = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/feed+json',
  'application/json',
  'application/x-rss+xml',
  'application/x-atom+xml',
]);

/** The feeds a page links to, in page order, absolute http(s) URLs, without duplicates. */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  let base = pageUrl;
  const found: FeedLink[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) {
          base = absolute(attrs.href, pageUrl) ?? base;
          return;
        }
        if (name !== 'link' || !attrs.href) return;
        const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        const type = (attrs.type ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!rel.includes('alternate') || !FEED_TYPES.has(type)) return;
        const url = absolute(attrs.href, base);
        if (!url || found.some((f) => f.url === url)) return;
        found.push({ url, title: attrs.title?.trim() || null, type });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return found;
}

/**
 * The site's main feed: the first one it lists, passing over comment feeds (WordPress lists the
 * posts' feed first and "Comments Feed" after it) unless they are all there is.
 */
export function chooseFeedLink(links: readonly FeedLink[]): FeedLink | null {
  const comments = (l: FeedLink) =>
    /\bcomments?\b|comentarios|comentários|kommentare|commentaires/i.test(`${l.title ?? ''} ${l.url}`);
  return links.find((l) => !comments(l)) ?? links[0] ?? null;
}

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

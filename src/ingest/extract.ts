import { Readability } from '@mozilla/readability';
import { DOMParser } from 'linkedom';
import type { Article } from './article.ts';
import { cleanText } from './clean.ts';
import type { DomDocument, DomElement, DomNode } from './dom.ts';
import { domToText } from './html-text.ts';
import { indexPageError, indexPageTeasers } from './indexPage.ts';
import { readMetadata } from './metadata.ts';
import { postCleanContent, preClean } from './prune.ts';

/**
 * Readability collects elements with `querySelectorAll("a,b")`, which linkedom answers by running a
 * CSS matcher on every element; one `getElementsByTagName` walk per tag gives the same elements
 * several times faster. Readability's own fallback (used with its JSDOMParser) does exactly this.
 */
class LinkedomReadability extends Readability<DomElement> {
  /** Same test as Readability's, read from the style attribute instead of linkedom's CSSStyleDeclaration. */
  _isProbablyVisible(node: DomElement): boolean {
    const style = node.getAttribute('style');
    if (style && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:;|$|!)/i.test(style))
      return false;
    if (node.hasAttribute('hidden')) return false;
    return (
      node.getAttribute('aria-hidden') !== 'true' ||
      (node.getAttribute('class') ?? '').includes('fallback-image')
    );
  }

  _getAllNodesWithTag(node: DomElement, tagNames: string[]): DomElement[] {
    if (tagNames.length === 1) return Array.from(node.getElementsByTagName(tagNames[0] as string));
    return tagNames.flatMap((tag) => Array.from(node.getElementsByTagName(tag)));
  }
}

/** Below this many characters Readability's pick is treated as a miss and the body text is used. */
const MIN_CONTENT_CHARS = 200;

/**
 * Reads one HTML page: the article body as plain text (paragraphs separated by a blank line, title not
 * included) and what the page says about itself. Never throws on malformed markup; when no article
 * can be found the page's visible body text is used. `refuseIndexPages`: a section front or list of
 * articles throws a UserError naming some of them (a person asked to brief it; batch extraction
 * and feeds take pages as they come).
 */
export function extractHtml(
  html: string,
  opts: { source: string; url?: string | null; refuseIndexPages?: boolean },
): Article {
  const doc = parse(html);
  const meta = readMetadata(doc, opts.url ?? null);
  if (doc && opts.refuseIndexPages) {
    // Before Readability, which would pick one teaser's box or glue them all into one "article".
    const teasers = indexPageTeasers(doc, { declaresArticle: meta.declaresArticle, pageUrl: meta.url });
    if (teasers) throw indexPageError(teasers, opts.source);
  }
  let text = '';
  let readabilityTitle: string | null = null;
  if (doc) {
    try {
      preClean(doc);
      const result = new LinkedomReadability(doc as never, {
        serializer: (node: unknown) => node as DomElement,
        charThreshold: 500,
        disableJSONLD: true,
      }).parse();
      readabilityTitle = result?.title?.trim() || null;
      const content = result?.content as DomElement | null | undefined;
      if (content) {
        postCleanContent(content);
        text = cleanText(domToText(content));
      }
    } catch {
      text = '';
    }
  }
  if (text.length < MIN_CONTENT_CHARS) {
    const fallback = bodyText(html);
    if (fallback.length > text.length) text = fallback;
  }
  return {
    text,
    title: meta.title(readabilityTitle),
    source: opts.source,
    url: meta.url,
    siteName: meta.siteName,
    lang: meta.lang,
    publishedAt: meta.publishedAt,
  };
}

/**
 * Comments and elements that never hold article text (scripts, styles, inline SVG, noscript
 * fallbacks), cut from the markup before parsing: a third of a typical news page, and the DOM is
 * smaller for everything after. JSON-LD scripts are kept for the metadata.
 */
const NEVER_TEXT = /<!--[\s\S]*?-->|<(script|style|svg|noscript|template)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi;

/**
 * Attributes nothing downstream reads (data-*, event handlers, responsive-image lists, ARIA labels…):
 * a tenth of the remaining markup, and each one costs an Attr node in linkedom.
 */
const OPENING_TAG = /<[a-zA-Z][^>]*>/g;
const UNUSED_ATTR =
  /\s(?:data-[\w:.-]*|on[a-z]+|srcset|sizes|loading|decoding|tabindex|target|integrity|crossorigin|aria-(?!hidden)[\w-]+)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+)/gi;

export function stripNonText(html: string): string {
  return cutElements(html, 'nav')
    .replace(NEVER_TEXT, (match, tag: string | undefined, attrs: string | undefined) =>
      tag?.toLowerCase() === 'script' && attrs && /ld\+json/i.test(attrs) ? match : ' ',
    )
    .replace(OPENING_TAG, (tag) => (tag.length > 40 ? tag.replace(UNUSED_ATTR, '') : tag));
}

/**
 * Removes every <tag>…</tag> (nesting balanced) from the markup. Used for <nav>: menus are a fifth of
 * a typical news page, never article text, and cheaper to cut from the string than to parse.
 * An unclosed element is left alone.
 */
export function cutElements(html: string, tag: string): string {
  const re = new RegExp(`<(/?)${tag}(?=[\\s>/])[^>]*>`, 'gi');
  let out = '';
  let kept = 0;
  let depth = 0;
  let start = -1;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (!m[1]) {
      if (depth++ === 0) start = m.index;
    } else if (depth > 0 && --depth === 0) {
      out += `${html.slice(kept, start)} `;
      kept = m.index + m[0].length;
    }
  }
  return kept === 0 ? html : out + html.slice(kept);
}

function parse(html: string): DomDocument | null {
  try {
    const doc = new DOMParser().parseFromString(stripNonText(html), 'text/html') as unknown as DomDocument;
    // linkedom's body/head getters throw on a document without a root element.
    return doc.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/** Visible text of the whole body, minus navigation and page chrome: the last resort. */
function bodyText(html: string): string {
  try {
    const doc = parse(html);
    const body = doc?.body ?? doc?.documentElement;
    if (!body) return cleanText(stripTags(html));
    for (const el of Array.from(body.querySelectorAll('nav, header, footer, aside, form, menu, h1')))
      el.remove();
    return cleanText(domToText(body as DomNode));
  } catch {
    return cleanText(stripTags(html));
  }
}

function stripTags(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

import { UserError } from '../errors.ts';
import { type DomDocument, type DomElement, TEXT_NODE } from './dom.ts';

/*
 * A section front, index or search-results page: many short teasers, each a headline linking to
 * an article elsewhere, and no article body of its own. Briefing one would mix several stories, so
 * it is refused, naming a few of the articles it links to.
 */

export interface Teaser {
  title: string;
  url: string;
}

/** Fewer headline links than this is a page with related links, not an index. */
const MIN_TEASERS = 4;
/** A headline link has at least this many words ("More world news" has three). */
const MIN_HEADLINE_WORDS = 4;
/** Text this long (a paragraph, or a run between <br>s) that is no teaser's summary is article body. */
const BODY_PARAGRAPH_WORDS = 20;
/** Two such paragraphs make an article, whatever else the page links to. */
const MIN_BODY_PARAGRAPHS = 2;
/** A teaser's box (headline, summary, byline) holds at most this many words. */
const MAX_TEASER_WORDS = 120;
/** Teasers sit inside a small container with their summary; this many levels up at most. */
const TEASER_DEPTH = 3;

const words = (text: string | null) => (text ?? '').trim().split(/\s+/).filter(Boolean).length;

function chrome(el: DomElement): boolean {
  return el.closest('nav, header, footer, aside, menu, form') !== null;
}

function absolute(href: string, base: string | null): string | null {
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return base ? null : href.startsWith('/') ? href : null;
  }
}

/**
 * The page's teasers when it is an index page, else null. `declaresArticle`: the page says it is an
 * article (og:type article, JSON-LD NewsArticle…), and is then never taken for an index.
 */
export function indexPageTeasers(
  doc: DomDocument,
  opts: { declaresArticle: boolean; pageUrl: string | null },
): Teaser[] | null {
  if (opts.declaresArticle || !doc.body) return null;
  const teasers: Teaser[] = [];
  const anchors: DomElement[] = [];
  const seen = new Set<string>();
  for (const a of Array.from(doc.body.getElementsByTagName('a'))) {
    const href = a.getAttribute('href')?.trim();
    const title = (a.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!href || href.startsWith('#') || chrome(a) || words(title) < MIN_HEADLINE_WORDS) continue;
    const url = absolute(href, opts.pageUrl);
    if (!url || url === opts.pageUrl || seen.has(url)) continue;
    seen.add(url);
    anchors.push(a);
    teasers.push({ title, url });
  }
  if (teasers.length < MIN_TEASERS) return null;
  let body = 0;
  for (const el of elements(doc.body)) {
    const long = longRuns(el);
    if (long === 0 || chrome(el) || inTeaserBox(el, anchors)) continue;
    body += long;
    if (body >= MIN_BODY_PARAGRAPHS) return null;
  }
  return teasers;
}

/** Every element under `root`, in document order (linkedom has no getElementsByTagName('*')). */
function* elements(root: DomElement): Generator<DomElement> {
  for (const child of Array.from(root.children)) {
    yield child;
    yield* elements(child);
  }
}

/** Runs of body-length text: a paragraph, or each text between <br>s of any other element. */
function longRuns(el: DomElement): number {
  if (el.localName === 'p') return words(el.textContent) >= BODY_PARAGRAPH_WORDS ? 1 : 0;
  let n = 0;
  for (const node of Array.from(el.childNodes)) {
    if (node.nodeType === TEXT_NODE && words(node.textContent) >= BODY_PARAGRAPH_WORDS) n++;
  }
  return n;
}

/** The text is a teaser's summary: it shares a small box (headline and a few lines) with a headline link. */
function inTeaserBox(el: DomElement, anchors: readonly DomElement[]): boolean {
  let box: DomElement | null = el.parentElement;
  for (let depth = 0; box && depth < TEASER_DEPTH; depth++, box = box.parentElement) {
    if (box.localName === 'body' || box.localName === 'main') return false;
    const b = box;
    if (anchors.some((a) => !containsNode(el, a) && containsNode(b, a))) {
      return words(b.textContent) <= MAX_TEASER_WORDS;
    }
  }
  return false;
}

function containsNode(box: DomElement, node: DomElement): boolean {
  for (let n: DomElement | null = node; n; n = n.parentElement) if (n === box) return true;
  return false;
}

/** The refusal: what the page is, and a few of its articles to brief instead. */
export function indexPageError(teasers: readonly Teaser[], source: string): UserError {
  const shown = teasers.slice(0, 3).map((t) => `“${t.title}” ${t.url}`);
  const more = teasers.length > shown.length ? `; ${teasers.length - shown.length} more on the page` : '';
  return new UserError(
    'index-page',
    `${source === '-' ? 'This page' : source} is a section front or list of articles (${teasers.length} headlines linking elsewhere, no article of its own), so I did not brief it. Brief one of its articles instead: ${shown.join('; ')}${more}.`,
  );
}

import { type DomDocument, type DomElement, type DomNode, isElement } from './dom.ts';

/**
 * DOM pruning around Readability. Readability finds the article container well but keeps what sits
 * inside it: photo captions and credits, bylines and timestamps, related-story lists, share bars and
 * newsletter boxes. These rules are general (tag names, ARIA roles, class/id vocabulary), never keyed
 * to particular sites, and an element that holds several real paragraphs is never removed by a hint.
 */

/** Never article text, wherever they are. */
const DROP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'iframe',
  'object',
  'embed',
  'canvas',
  'button',
  'input',
  'select',
  'textarea',
  'label',
  'dialog',
  'figcaption',
]);
/** Page chrome: removed unless they turn out to hold the article itself. */
const CHROME_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'form', 'menu']);
const CHROME_ROLES = new Set([
  'navigation',
  'complementary',
  'banner',
  'contentinfo',
  'search',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
  'toolbar',
  'tablist',
]);

/**
 * Class/id vocabulary of non-article blocks. Matched as whole words of the class/id string, where
 * words are split at "-", "_", spaces and camelCase humps ("relatedLinks" → "related links").
 */
const HINT_WORDS = [
  // captions and credits
  'caption',
  'captions',
  'credit',
  'credits',
  'cutline',
  'photo credit',
  'image credit',
  'media credit',
  'copyright',
  // bylines and timestamps
  'byline',
  'bylines',
  'author',
  'authors',
  'author info',
  'author bio',
  'dateline',
  'timestamp',
  'publish date',
  'pub date',
  'article date',
  'post date',
  'post meta',
  'entry meta',
  'article meta',
  'story meta',
  // related content
  'related',
  'recommended',
  'recommendations',
  'more stories',
  'more articles',
  'read more',
  'readmore',
  'read next',
  'also read',
  'see also',
  'further reading',
  'trending',
  'most popular',
  'most read',
  'popular',
  'outbrain',
  'taboola',
  'teaser',
  'teasers',
  // promotion
  'promo',
  'promos',
  'newsletter',
  'newsletters',
  'subscribe',
  'subscription',
  'signup',
  'sign up',
  'paywall',
  'advert',
  'advertisement',
  'ad',
  'ads',
  'ad container',
  'ad slot',
  'ad unit',
  'dfp',
  'sponsor',
  'sponsored',
  'affiliate',
  // sharing and tools
  'share',
  'shares',
  'sharing',
  'sharebar',
  'social',
  'social links',
  'toolbar',
  'tools',
  'print',
  'breadcrumb',
  'breadcrumbs',
  'tags',
  'tag list',
  'topics',
  'comments',
  'comment',
  'disqus',
  // overlays and screen-reader-only text
  'modal',
  'popup',
  'cookie',
  'consent',
  'sr only',
  'visually hidden',
  'screen reader',
  'skip',
  'skip link',
];
const HINT_RE = new RegExp(`(?:^| )(?:${HINT_WORDS.map((w) => w.replace(/ /g, ' ')).join('|')})(?: |$)`);
/** Comment threads: never the article, however much text they hold, so no content guard. */
const COMMENTS_RE =
  /^(?:comments?|comment (?:list|area|section|thread|s area|s section|s container|s wrapper)|disqus thread|respond)(?: |$)/;
/** Words that mark the article body itself; an element carrying one is not removed by a hint. */
const BODY_RE =
  /(?:^| )(?:article body|story body|post body|entry content|article content|post content|body text|article text|story text)(?: |$)/;

/** Prunes the parsed page before Readability sees it. */
export function preClean(doc: DomDocument): void {
  const body = doc.body;
  if (!body) return;
  pruneTree(body, true);
  dropTeaserArticles(body);
}

/**
 * On pages with several <article> elements (a story plus teasers for other stories), keeps the
 * longest and those of comparable length, and removes the short ones outside it.
 */
function dropTeaserArticles(body: DomElement): void {
  const articles = Array.from(body.getElementsByTagName('article'));
  if (articles.length < 3) return;
  const total = new Map(articles.map((el) => [el, textLength(el)]));
  // Own text: without the articles nested inside (broken markup can nest every teaser in the story).
  const own = new Map(total);
  for (const el of articles) {
    const parent = el.parentElement?.closest('article');
    if (parent && own.has(parent)) own.set(parent, (own.get(parent) ?? 0) - (total.get(el) ?? 0));
  }
  let main = articles[0] as DomElement;
  for (const el of articles) if ((own.get(el) ?? 0) > (own.get(main) ?? 0)) main = el;
  const mainLen = own.get(main) ?? 0;
  for (const el of articles) {
    if (el === main || (own.get(el) ?? 0) > mainLen * 0.5) continue;
    if (contains(el, main) || contains(main, el)) continue;
    el.remove();
  }
}

function contains(outer: DomElement, inner: DomElement): boolean {
  for (let n: DomNode | null = inner; n; n = n.parentNode) if (n === outer) return true;
  return false;
}

/** Prunes Readability's chosen article container before it is turned into text. */
export function postCleanContent(root: DomElement): void {
  pruneTree(root, false);
  dropRelatedBlocks(root);
  for (const tag of ['ul', 'ol', 'p', 'div', 'section']) {
    for (const el of Array.from(root.getElementsByTagName(tag)))
      if (el.parentNode && isLinkList(el)) el.remove();
  }
}

function pruneTree(root: DomElement, chrome: boolean): void {
  const doomed: DomElement[] = [];
  const visit = (el: DomElement): void => {
    if (shouldDrop(el, chrome)) {
      doomed.push(el);
      return;
    }
    const kids = el.children;
    for (let i = 0; i < kids.length; i++) visit(kids[i] as DomElement);
  };
  const kids = root.children;
  for (let i = 0; i < kids.length; i++) visit(kids[i] as DomElement);
  for (const el of doomed) el.remove();
}

function shouldDrop(el: DomElement, chrome: boolean): boolean {
  const tag = el.localName;
  if (DROP_TAGS.has(tag)) return true;
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  if (style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return !holdsArticle(el);
  if (tag === 'figure') return !holdsArticle(el) && !hasTag(el, 'blockquote');
  const role = el.getAttribute('role');
  if (role && CHROME_ROLES.has(role.toLowerCase())) return !holdsArticle(el);
  if (chrome && CHROME_TAGS.has(tag)) return !holdsArticle(el);
  // The headline is the title, not body text; Readability would keep it (as an h2) when <title> differs.
  if (chrome && tag === 'h1') return true;
  if (!chrome && (tag === 'nav' || tag === 'aside' || tag === 'form')) return !holdsArticle(el);
  if (tag === 'body' || tag === 'main' || tag === 'html') return false;
  const words = hintWords(el);
  if (!words || BODY_RE.test(words)) return false;
  if (COMMENTS_RE.test(words) && tag !== 'article') return true;
  if (!HINT_RE.test(words)) return false;
  // Embedded posts (tweets, Instagram) sit in "social-embed" wrappers and are quoted by the story.
  if (hasTag(el, 'blockquote')) return false;
  return !holdsArticle(el);
}

function hintWords(el: DomElement): string {
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  const itemprop = el.getAttribute('itemprop') ?? '';
  const raw = `${cls} ${id} ${itemprop}`.trim();
  if (!raw) return '';
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * True when an element holds what looks like the article: several substantial paragraphs. Used as a
 * guard so that a misleading class name ("share-enabled article") never removes the story.
 */
function holdsArticle(el: DomElement): boolean {
  let long = 0;
  for (const p of Array.from(el.getElementsByTagName('p'))) {
    if (textLength(p) > 140 && ++long >= 3) return true;
  }
  return false;
}

function textLength(node: DomNode): number {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim().length;
}

/** Headings that introduce lists of other stories. */
const RELATED_HEADING =
  /^(?:you may (?:also )?like|you might (?:also )?like|don'?t miss|must read|latest news|top stories|related(?: news| stories| articles| coverage| posts?| content| links| reading)?|more (?:news|stories|articles|coverage) (?:from|on|about)\b.{0,40}|more (?:great |top )?[\w'’ ]{0,30} stories|recommended(?: for you| stories| articles| reading)?|popular (?:now|stories|articles)|trending(?: now| stories)?|most (?:read|popular|viewed)|read (?:next|more)|up next|also read|further reading|see also|more on this(?: story| topic)?)\s*[.…:!]*$/i;

/**
 * Removes a "Related stories" / "Don't miss" heading together with the list of links that follows
 * it (the next sibling when that is a list or a block made mostly of links).
 */
function dropRelatedBlocks(root: DomElement): void {
  const candidates = ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'strong', 'b', 'span', 'div'].flatMap((tag) =>
    Array.from(root.getElementsByTagName(tag)),
  );
  for (const el of candidates) {
    // Containers with several children are not headings; skipping them avoids reading their text.
    if (!el.parentNode || el.children.length > 2) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text.length > 60 || !RELATED_HEADING.test(text)) continue;
    const next = nextElement(el);
    if (next && (next.localName === 'ul' || next.localName === 'ol' || linkDensity(next) > 0.5))
      next.remove();
    el.remove();
  }
}

function nextElement(el: DomElement): DomElement | null {
  const parent = el.parentNode;
  if (!parent) return null;
  const kids = parent.childNodes;
  let seen = false;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as DomNode;
    if (k === el) seen = true;
    else if (seen && isElement(k)) return k;
  }
  return null;
}

function linkDensity(el: DomElement): number {
  const total = textLength(el);
  if (total === 0) return 0;
  let linked = 0;
  for (const a of Array.from(el.getElementsByTagName('a'))) linked += textLength(a);
  return linked / total;
}

/** A block that is nothing but links (a related-stories list, a "Read more" teaser). */
function isLinkList(el: DomElement): boolean {
  const list = el.localName === 'ul' || el.localName === 'ol';
  if (!list && el.children.length > 8) return false;
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (!text || (!list && text.length >= 200)) return false;
  const density = linkDensity(el);
  if (list) return density > 0.8 && listItems(el) >= 2;
  return density > 0.9 && isBlockOnly(el);
}

function hasTag(el: DomElement, tag: string): boolean {
  return el.getElementsByTagName(tag).length > 0;
}

function listItems(el: DomElement): number {
  let n = 0;
  const kids = el.children;
  for (let i = 0; i < kids.length; i++) if ((kids[i] as DomElement).localName === 'li') n++;
  return n;
}

/** A block whose element children are all inline (so it is one paragraph, not a container). */
function isBlockOnly(el: DomElement): boolean {
  const kids = el.childNodes;
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i] as DomNode;
    if (isElement(k) && /^(p|div|section|ul|ol|table|blockquote|h[1-6])$/.test(k.localName)) return false;
  }
  return true;
}

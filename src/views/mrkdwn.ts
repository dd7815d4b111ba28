/*
 * Slack mrkdwn in one place. Everything a model or an article wrote is untrusted: it must not
 * ping anyone, must not become a link, and must not be able to inject markup.
 *
 * Order for untrusted text (see `untrustedText`):
 *   0. stripInvisible    — control characters, bidi overrides, tag characters (src/ingest/invisible.ts):
 *                          a model can write them even when the article had none;
 *      stripFormatting   — `*bold*`, `_it_`, `~s~`, backticks and ``` fences, which mrkdwn cannot escape;
 *                          first, so the backticks stripLinks adds around URLs survive.
 *   1. stripLinks        — on the raw text, where `<url|label>` and bare URLs are still recognisable;
 *                          it can surface a label such as `@here`, so it runs before 2.
 *   2. neutralizeMentions — on the raw text, where `<!channel>`/`<@U…>` are still recognisable
 *                          (after escaping they would read `&lt;!channel&gt;` and no longer match).
 *   3. escapeMrkdwn      — last, so nothing an earlier step produced can carry a raw `&`, `<` or `>`.
 * Truncate after escaping with `truncate`, which never cuts an entity or a `<…>` link in half.
 */
import { stripInvisible } from '../ingest/invisible.ts';

/** U+200D ZERO WIDTH JOINER: `@\u200Dhere` reads as "@here" but is not a mention. */
const ZWJ = '\u200D';
const BROADCASTS = 'channel|here|everyone|group';

/** Escape Slack's three control characters, and only those. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Incoming message text arrives escaped; turn `&lt;` `&gt;` `&amp;` back into characters. */
export function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Defuse a bare `@channel`/`@here`/`@everyone`/`@group` by putting a zero-width joiner after the @. */
function defuseBroadcasts(s: string): string {
  return s.replace(new RegExp(`(?<![\\w.+-])@(${BROADCASTS})(?![\\w-])`, 'gi'), `@${ZWJ}$1`);
}

/**
 * Render Slack mention syntax as inert words: `<!here>` → "@here", `<@U123|ann>` → "@ann",
 * `<#C123|general>` → "#general", `<!subteam^S1|@team>` → "@team", `<!date^…|fallback>` → "fallback";
 * and defuse bare `@channel`, `@here`, `@everyone`. Works on raw (unescaped) text.
 */
export function neutralizeMentions(s: string): string {
  const out = s
    .replace(new RegExp(`<!(${BROADCASTS})(?:\\|[^>]*)?>`, 'gi'), (_m, name: string) => `@${ZWJ}${name}`)
    .replace(/<!subteam\^([^|>]*)(?:\|([^>]*))?>/gi, (_m, id: string, label?: string) =>
      label ? `@${ZWJ}${label.replace(/^@/, '')}` : `@${ZWJ}${id}`,
    )
    .replace(/<!([^|>]*)(?:\|([^>]*))?>/g, (_m, name: string, label?: string) => label ?? name)
    .replace(/<@([^|>]*)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `@${ZWJ}${label ?? id}`)
    .replace(/<#([^|>]*)(?:\|([^>]*))?>/g, (_m, id: string, label?: string) => `#${ZWJ}${label ?? id}`);
  return defuseBroadcasts(out);
}

/** Untrusted text made inert for mrkdwn: neutralize mentions, then escape (in that order). */
export function safeText(s: string): string {
  return escapeMrkdwn(neutralizeMentions(s));
}

/** Trailing characters that end a sentence rather than a URL. */
const URL_TAIL = /[.,;:!?'")\]]+$/;

function inertUrl(url: string): string {
  const tail = url.match(URL_TAIL)?.[0] ?? '';
  const body = url.slice(0, url.length - tail.length).replace(/`/g, '');
  // Inline code is never turned into a link (and the text object is also `verbatim`).
  return body ? `\`${body}\`${tail}` : tail;
}

/**
 * Make every link in model or article text plain, non-clickable text: `<url|label>` and
 * `[label](url)` become "label (url)", and bare `http(s)://` / `www.` URLs are set as inline code.
 * Only the brief's own sources get links (see `link`). Works on raw (unescaped) text.
 */
export function stripLinks(s: string): string {
  const placeholders: string[] = [];
  const hold = (text: string) => {
    placeholders.push(text);
    return `\uE000${placeholders.length - 1}\uE001`;
  };
  const out = s
    .replace(/[\uE000\uE001]/g, '')
    // Slack link syntax: <https://x|label>, <mailto:a@b|label>, <https://x>
    .replace(/<((?:https?|mailto|ftp|slack):[^|>\s]*)(?:\|([^>]*))?>/gi, (_m, url: string, label?: string) =>
      hold(label && label.trim() !== '' && label !== url ? `${label} (${inertUrl(url)})` : inertUrl(url)),
    )
    // Markdown links: [label](https://x)
    .replace(/\[([^\]\n]*)\]\(((?:https?:\/\/|www\.)[^)\s]*)\)/gi, (_m, label: string, url: string) =>
      hold(label.trim() ? `${label} (${inertUrl(url)})` : inertUrl(url)),
    )
    // Bare URLs
    .replace(/\b(?:https?:\/\/|www\.)[^\s<>`]+/gi, (url) => inertUrl(url));
  return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => placeholders[Number(i)] ?? '');
}

/**
 * Remove mrkdwn formatting marks: mrkdwn has no escape for them, and in untrusted text they would
 * restyle our layout (a ``` fence swallows the rest of a section). `*`, `~` and backticks go
 * everywhere; `_` only at the edge of a word, so snake_case and URLs keep theirs.
 */
export function stripFormatting(s: string): string {
  return s.replace(/[`*~]/g, '').replace(/(^|[^\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '$1');
}

/**
 * Model or article text ready for a mrkdwn field: formatting removed, links made plain, mentions
 * defused, escaped. (A label surfaced by stripLinks may itself say "@here", so links go first.)
 */
export function untrustedText(s: string): string {
  return escapeMrkdwn(neutralizeMentions(stripLinks(stripFormatting(stripInvisible(s)))));
}

/**
 * A mrkdwn link `<url|label>` for an http(s) URL we trust (a brief's source). The label is made safe;
 * in the URL `|`, `<`, `>` are percent-encoded and `&` is escaped. Anything else (no URL, another
 * scheme, unparsable) gives the safe label alone, not a link.
 */
export function link(url: string | null | undefined, label: string): string {
  const text = safeText(label.replace(/[\r\n]+/g, ' ').trim() || (url ?? ''));
  if (!url) return text;
  let href: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return text;
    href = parsed.href;
  } catch {
    return text;
  }
  const encoded = href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20')
    .replace(/&/g, '&amp;');
  return `<${encoded}|${text}>`;
}

/**
 * Shorten to at most `max` characters (the "…" included), at a word boundary when one is reasonably
 * close. Never leaves half an entity (`&am`), half a `<…>` link or half a surrogate pair behind, so it is
 * safe on escaped mrkdwn as well as on plain text.
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let cut = max - 1;
  const space = s.lastIndexOf(' ', cut);
  const newline = s.lastIndexOf('\n', cut);
  const boundary = Math.max(space, newline);
  if (boundary >= Math.floor(cut * 0.6)) cut = boundary;
  let head = s.slice(0, cut);
  // An unclosed "<…" (a link or mention) would swallow the rest of the message.
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  // Half an entity such as "&am" would show as garbage.
  const amp = head.lastIndexOf('&');
  if (amp >= 0 && amp >= head.length - 8 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return `${head.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/**
 * Text-level cleaning shared by HTML extraction and plain-text input: removes what pages leave
 * behind around an article (UI strings, duplicated photo captions, photo credits, bylines, timestamps,
 * site trailers) and keeps every sentence of the article itself.
 *
 * Rules are deliberately narrow: a line is removed only when the whole line matches a pattern for
 * noise (a short credit, a byline with no sentence around it, a copyright notice), and inline removal
 * is limited to unambiguous UI strings and credits at the edge of a line.
 */

import { stripInvisible } from './invisible.ts';

/** Whole lines that are interface residue (compared case-insensitively, trailing punctuation ignored). */
const UI_LINES = new Set(
  [
    'advertisement',
    'advertisements',
    'advert',
    'ad',
    'sponsored',
    'sponsored content',
    'story continues below advertisement',
    'continue reading below',
    'continue reading',
    'article continues below',
    'share',
    'share this',
    'share this article',
    'share this story',
    'share on facebook',
    'share on twitter',
    'tweet',
    'email',
    'print',
    'comments',
    'comment',
    'leave a comment',
    'click to expand',
    'click to enlarge',
    'enlarge this image',
    'enlarge image',
    'toggle caption',
    'hide caption',
    'show caption',
    'caption',
    'close',
    'expand',
    'read more',
    'read full article',
    'skip to content',
    'skip to main content',
    'loading',
    'loading content',
    'by',
    'text size',
    'tags',
    'join the conversation',
    'iklan',
    'publicidade',
    'publicidad',
    'anzeige',
    'werbung',
    'pubblicità',
    'реклама',
    'annonce',
    'this slideshow requires javascript',
    'media playback is unsupported on your device',
    'view gallery',
    'view photos',
    'watch',
    'listen',
    'listen to this article',
    'getty',
    'getty images',
    'istock',
    'shutterstock',
    '사진 확대',
    '사진확대',
    '写真を拡大',
    '画像を拡大',
    '拡大',
    '点击查看大图',
    '광고',
    '広告',
    '广告',
  ].map((s) => s.toLowerCase()),
);

/** UI strings that are removed even in the middle of a line (they never occur in prose). */
const INLINE_UI =
  /\s*(?:사진\s?확대|写真を拡大|画像を拡大|Enlarge this image|toggle caption|hide caption|Click to expand|Click to enlarge)\s*/giu;

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\\.?';
const ZONE = '(?:[ecmpa][sd]t|utc|gmt|kst|jst|cet|cest|bst|ist|aest|aedt|et|pt|ct)';
/** A date/time expression: month names, numbers, clock times, zones, "ago". */
const DATE_TOKEN = new RegExp(
  `^(?:${MONTH}|${WEEKDAY}|${ZONE}|\\d{1,4}(?:st|nd|rd|th)?[.,]?|\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?[ap]\\.?m\\.?)?|[ap]\\.?m\\.?|at|on|of|the|ago|hours?|minutes?|mins?|days?|today|yesterday|local time|\\d{4}-\\d{2}-\\d{2}(?:t[\\d:.+z-]*)?|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|[|·•,/–—-]|\\(|\\))$`,
  'i',
);
const STAMP_PREFIX =
  /^(?:(?:last\s+)?updated|published|posted|first published|originally published|modified|created|date|updated on|published on|posted on)\s*:?\s*(?:on|at)?\s*:?\s*/i;

/** "Photo: X / AP", "Photo by X / Reuters", "(AP Photo/…)", "Image credit: …", "© Reuters". */
const CREDIT_LINE = new RegExp(
  [
    String.raw`^\(?(?:photo|photos|photograph|image|picture|pic|foto|video|illustration|graphic|source|credit|courtesy|image source|photo credit|image credit|picture credit|photo illustration)s?(?:\s+(?:by|courtesy(?:\s+of)?|credit|source))?\s*[:©/|]\s*.{1,100}\)?$`,
    String.raw`^\(?(?:photo|photos|image|picture|illustration|photo illustration)\s+by\s+.{1,100}\)?$`,
    String.raw`^\(?(?:©|\(c\)|ⓒ|copyright\s*(?:©|\(c\)|\d{4}))\s*[^.!?]{1,80}\)?$`,
    String.raw`^\(?(?:AP|AFP|Reuters|EPA|Getty Images|Bloomberg|Shutterstock|iStock|Alamy|Xinhua|Yonhap|Kyodo|PA|ANI|PTI|Zuma|Sipa|NASA)(?:\s+(?:Photo|Images?|Wire|via Getty Images))?(?:\s*[/|]\s*[^.!?]{1,80})?\)?$`,
    String.raw`^[^.!?]{1,60}\s*[/|]\s*(?:AP|AFP|Reuters|EPA|Getty Images|Getty|Bloomberg|Shutterstock|iStock|Alamy|Xinhua|Yonhap|Kyodo|Associated Press|NurPhoto|Sipa USA|Zuma Press)(?:\s+(?:Photo|Images?|via Getty Images))?\)?$`,
    String.raw`^\((?:image|photo|picture)(?: credit)?\s*:.{1,100}\)$`,
    String.raw`^(?:image|photo|picture)\s+\d+\s+of\s+\/?\s*\d+$`,
    String.raw`^\d+\s*of\s*\d+$`,
    String.raw`^(?:image|media)\s+(?:copyright|caption)\b.{0,200}$`,
  ].join('|'),
  'iu',
);
/** A credit at the end of a caption line: "… in Tokyo on Monday. (AP Photo/Eugene Hoshiko)". */
const TRAILING_CREDIT =
  /\s*[([]?(?:(?:AP|AFP|Reuters|EPA|Xinhua|Yonhap)\s+Photo\s*\/\s*[^)\]]{1,60}|Photo(?:graph)?(?:\s+by)?\s*[:/]?\s*[^)\]]{1,60}\/\s*(?:AP|AFP|Reuters|Getty Images|EPA)|(?:Image|Photo|Picture)\s+(?:credit|source)\s*:\s*[^)\]]{1,60})[)\]]?\s*$/iu;

/** Case variants of keywords ("reporter" → "reporter|Reporter|REPORTER") for regexes that cannot use /i. */
function kw(...words: string[]): string {
  const cap = (w: string) =>
    w.replace(/(^|\s)(\p{Ll})/gu, (_, sp: string, c: string) => sp + c.toUpperCase());
  return `(?:${words.flatMap((w) => [w, cap(w), w.toUpperCase()]).join('|')})`;
}

/**
 * A personal name: one to four capitalised words. The regexes using it are case-sensitive on
 * purpose: with /i, \p{Lu} would match any word and "By the time we arrived" would look like a byline.
 */
const NAME = String.raw`\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3}`;
const ROLE = `(?:${kw('staff', 'senior', 'chief', 'political', 'business')}\\s+)?${kw(
  'reporter',
  'correspondent',
  'writer',
  'editor',
  'journalist',
  'photographer',
  'columnist',
  'contributor',
)}`;
/** Reporter credits: "Reporter Kim Ho-young in Tokyo", "Kim Ho-young, Staff Writer". */
const REPORTER_CREDIT = `(?:(?:${NAME}\\s+)?${ROLE}\\s+${NAME}(?:\\s+in\\s+${NAME})?|${NAME},?\\s+${ROLE}(?:\\s+in\\s+${NAME})?)`;
const BYLINE_LINE = new RegExp(
  [
    // By Jane Doe | By Jane Doe and John Roe, Staff Writers | By JANE DOE, Associated Press
    String.raw`^${kw('by')}\s+${NAME}(?:\s*(?:,|and|&)\s*${NAME})*(?:\s*[,|·•–—-]\s*[^.!?]{0,60})?$`,
    // [Tokyo Reporter Oh Soo-hyun / Correspondent Lee Seung-hoon]
    String.raw`^[[(][^\])]{0,80}\b${ROLE}\b[^\])]{0,80}[\])]$`,
    // Reporter Kim Ho-young in Tokyo / Kim Ho-young, Staff Writer
    `^${REPORTER_CREDIT}$`,
    // Tom Doe, AP Auto Writer / Jane Roe, Associated Press
    String.raw`^${NAME}(?:\s+(?:and|&)\s+${NAME})?,\s+(?:the\s+)?${kw('associated press', 'ap', 'reuters', 'afp', 'bloomberg', 'press association', 'cnn', 'bbc')}(?:\s+[\p{L} ]{0,30}${ROLE})?$`,
    // 홍길동 기자, 홍길동 특파원 (optionally with an e-mail address)
    String.raw`^\[?[가-힣]{2,4}\s?(?:기자|특파원|선임기자|논설위원)\]?(?:\s*[\w.+-]+@[\w.-]+)?$`,
    // With Post wires / Additional reporting by … / Reporting by …; Editing by …
    String.raw`^${kw('with')}\s+[\p{L}. ]{1,30}\s+${kw('wires', 'wire')}$`,
    String.raw`^\(?(?:${kw('additional')}\s+)?${kw('reporting', 'writing', 'editing')}\s+${kw('by')}\s+[^.!?]{1,200}\)?\.?$`,
  ].join('|'),
  'u',
);

const TRAILING_REPORTER = new RegExp(`[.!?。」”"’)]\\s+${REPORTER_CREDIT}\\s*$`, 'u');

/** Copyright notices, "All rights reserved", newsletter pitches and similar trailers. */
const TRAILER_LINE = new RegExp(
  [
    String.raw`^(?:©|\(c\)|ⓒ|copyright\s*(?:©|\(c\)|ⓒ|\d{4}|by\b)).{0,200}$`,
    String.raw`^(?:subscribe|sign up|signup)\b.{0,150}$`,
    String.raw`^(?:get|receive)\b.{0,60}\b(?:in|to) your inbox\b.{0,80}$`,
    String.raw`^(?:follow|like)\s+us\s+on\b.{0,120}$`,
    String.raw`^click here\b.{0,120}$`,
    String.raw`^(?:read|see)\s+(?:more|also)\s*[:：].{0,200}$`,
    String.raw`^(?:related|recommended|more|also read|also on [\w.]+|read next|watch|trending)\s*[:：].{0,200}$`,
    String.raw`^(?:[\w-]+\.)+(?:com|net|org|co\.uk|co\.kr|co\.jp|news|info|io|jp|kr)\/?$`,
    String.raw`^https?:\/\/\S+$`,
    String.raw`^(?:this article|this story) (?:was|has been) (?:originally )?(?:published|updated)\b.{0,160}$`,
    // Related-content headings: "You may also like", "Don't miss", "More Great WIRED Stories".
    String.raw`^(?:you may (?:also )?like|you might (?:also )?like|don'?t miss|must read|latest news|breaking news|top stories|related (?:news|stories|articles|coverage|posts?|content|links)|more (?:news|stories|articles) from\b.{0,40}|more (?:great |top |from )?[\w'’ ]{0,30} stories|recommended(?: for you| stories| articles)?|popular (?:now|stories|articles)|trending(?: now| stories)?|most (?:read|popular|viewed)|read next|up next|also read|further reading)\s*[.…:!]*$`,
    // Contact and follow lines: "Email Jane at jane@x.com", "Follow her on Twitter @jane".
    String.raw`^(?:follow|email|e-mail|write to|reach|contact|have a tip\?|you can reach)\s.{0,200}(?:@|\btwitter\b|\bfacebook\b|\binstagram\b).{0,120}$`,
    String.raw`^(?:filed under|posted in|categories|category|tagged|tags)\s*:.{0,200}$`,
    String.raw`^(?:reading time|read time|tempo de leitura|tiempo de lectura|lesezeit|temps de lecture)\b.{0,40}$`,
    String.raw`^\d+\s*(?:min|mins|minutes?)\s+read$`,
    String.raw`^if you (?:enjoyed|liked|like|value) this (?:article|story|post)\b.{0,200}$`,
    String.raw`^(?:this (?:post|article|page|story|site)|we|our)\b.{0,100}\baffiliate\b.{0,160}$`,
    String.raw`^like this (?:story|article)\?.{0,60}$`,
  ].join('|'),
  'iu',
);

/**
 * Trailer patterns that can start anywhere in the line; tried only when the line contains one of the
 * telling words, because leading `.{0,n}` makes them slow on every other line.
 */
const TRAILER_HINT = /rights reserved|전재|newsletter|contributed|commission/i;
const TRAILER_CONTAINS = new RegExp(
  [
    String.raw`^.{0,150}\ball rights reserved\b.{0,80}$`,
    String.raw`^.{0,60}무단\s?전재.{0,60}$`,
    String.raw`^.{0,100}\b(?:sign up|subscribe)\b.{0,40}\bnewsletters?\b.{0,100}$`,
    String.raw`^[^.!?]{0,60}\s+contributed\s+(?:reporting|to this (?:report|story|article))\b.{0,120}$`,
    String.raw`^(?:[\w .,'’-]{2,200})\s+contributed to this (?:report|story|article)\.?$`,
    String.raw`^.{0,60}\bmay (?:earn|receive|get) (?:an? )?(?:small )?(?:affiliate )?commission\b.{0,160}$`,
  ].join('|'),
  'iu',
);

/**
 * Cleans article text: paragraphs are kept (separated by a blank line), noise lines removed, a caption
 * repeated within a paragraph collapsed to one copy, repeated paragraphs dropped.
 */
export function cleanText(text: string): string {
  // Invisible characters go first, so noise patterns and quote verification see the visible text.
  const paragraphs = stripInvisible(text)
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/);
  const out: string[] = [];
  let previous = '';
  for (const para of paragraphs) {
    const lines: string[] = [];
    for (const raw of para.split('\n')) {
      for (const line of cleanLine(raw)) {
        // A caption printed twice in a row (caption + alt text, a gallery's repeated slide) is kept once.
        // Only adjacent repeats: lists and recipes legitimately repeat lines further apart.
        if (line.length >= 25 && similarLength(line, previous) && fingerprint(line) === fingerprint(previous))
          continue;
        previous = line;
        lines.push(line);
      }
    }
    if (lines.length) out.push(lines.join('\n'));
  }
  return out.join('\n\n');
}

/** One input line → zero or more clean lines. */
function cleanLine(raw: string): string[] {
  let line = raw.replace(/[ \t\u00a0]+/g, ' ').trim();
  if (!line) return [];
  // UI strings glued into prose split the line; the pieces are cleaned on their own.
  const pieces = line.split(INLINE_UI).filter((p) => p.trim());
  if (pieces.length > 1) {
    const cleaned = pieces.flatMap((p) => cleanLine(p));
    return collapseRepeats(cleaned);
  }
  line = pieces[0]?.trim() ?? '';
  if (!line || isNoiseLine(line)) return [];
  line = stripEdgeCredits(line);
  if (!line || isNoiseLine(line)) return [];
  const halves = collapseRepeats([line]);
  return halves;
}

/** True when the whole line is interface residue, a credit, a byline, a timestamp or a trailer. */
export function isNoiseLine(line: string): boolean {
  const bare = line
    .replace(/^[\s\-–—•·*|:]+|[\s\-–—•·*|:.!…]+$/g, '')
    .trim()
    .toLowerCase();
  if (!bare) return true;
  if (UI_LINES.has(bare)) return true;
  if (line.length <= 160 && CREDIT_LINE.test(line)) return true;
  if (line.length <= 160 && BYLINE_LINE.test(line)) return true;
  if (line.length <= 260 && TRAILER_LINE.test(line)) return true;
  if (line.length <= 260 && TRAILER_HINT.test(line) && TRAILER_CONTAINS.test(line)) return true;
  if (line.length <= 120 && isTimestamp(line)) return true;
  return false;
}

/** "Updated 3:45 PM", "Published 4:00 am CST, Wednesday, November 20, 2019", "Nov. 20, 2019 5:52 AM EST". */
function isTimestamp(line: string): boolean {
  const hadPrefix = STAMP_PREFIX.test(line);
  let rest = line.replace(STAMP_PREFIX, '');
  // "Posted on March 30, 2015 by Admin"
  if (hadPrefix) rest = rest.replace(new RegExp(`\\s+${kw('by')}\\s+${NAME}$`, 'u'), '');
  const parts = rest
    .replace(/([|·•,/()])/g, ' $1 ')
    .replace(/(^|\s)@(?=\d)/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  if (parts.length === 0) return hadPrefix;
  let strong = false;
  let numbers = 0;
  for (const part of parts) {
    if (STAMP_PREFIX.test(part) && /^[a-z]/i.test(part)) continue;
    if (!DATE_TOKEN.test(part)) return false;
    if (/\d/.test(part)) numbers++;
    // What makes a line a date rather than "Day 1" or "Chapter 2": a month, a year, a clock time,
    // a numeric date, or "… ago".
    if (STRONG_DATE.test(part)) strong = true;
  }
  return hadPrefix ? numbers > 0 || strong : strong && numbers > 0;
}

const STRONG_DATE = new RegExp(
  `^(?:${MONTH}|\\d{4}[.,]?|\\d{1,2}:\\d{2}.*|\\d{4}-\\d{2}-\\d{2}.*|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|ago)$`,
  'i',
);

/** Removes a reporter credit or photo credit glued to the start or end of a line. */
function stripEdgeCredits(line: string): string {
  let s = line;
  const trailingCredit = TRAILING_CREDIT.exec(s);
  if (trailingCredit && trailingCredit.index > 0) s = s.slice(0, trailingCredit.index).trim();
  // "…for the first time in 17 years. Reporter Kim Ho-young in Tokyo": a credit after the last sentence.
  const trailingReporter = TRAILING_REPORTER.exec(s);
  if (trailingReporter) s = s.slice(0, trailingReporter.index + 1).trim();
  return s;
}

/**
 * Collapses a caption repeated within one line or across adjacent pieces ("A. B. Credit 사진 확대 A. B.
 * Credit"), comparing after normalising quotes, dashes and spacing.
 */
function collapseRepeats(lines: string[]): string[] {
  const out: string[] = [];
  const keys: string[] = [];
  for (const line of lines) {
    for (const piece of splitRepeatedHalves(line)) {
      if (out.length === 0) {
        out.push(piece);
        continue;
      }
      if (keys.length < out.length) keys.push(...out.slice(keys.length).map(fingerprint));
      const key = fingerprint(piece);
      if (keys.some((prev) => nearlySame(prev, key))) continue;
      out.push(piece);
      keys.push(key);
    }
  }
  return out;
}

/** "S S'" where S' is S again (maybe with other quotes) → ["S"]. */
function splitRepeatedHalves(line: string): string[] {
  if (line.length < 40) return [line];
  const sentences = line.match(/[^.!?。]+(?:[.!?。]+["'”’」)]*|$)/gu)?.map((s) => s.trim()) ?? [line];
  const n = sentences.length;
  if (n < 2 || n % 2 !== 0) return [line];
  const half = n / 2;
  const a = sentences.slice(0, half).join(' ');
  const b = sentences.slice(half).join(' ');
  if (!similarLength(a, b)) return [line];
  return nearlySame(fingerprint(a), fingerprint(b)) ? [a] : [line];
}

function similarLength(a: string, b: string): boolean {
  const long = Math.max(a.length, b.length);
  return long > 0 && Math.min(a.length, b.length) / long >= 0.8;
}

/** Normalised form for comparisons: NFKC, straight quotes, no dashes or punctuation, lower case. */
export function fingerprint(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[“”„‟«»]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function nearlySame(a: string, b: string): boolean {
  if (a === b) return a.length > 0;
  if (a.length < 20 || b.length < 20) return false;
  const short = a.length < b.length ? a : b;
  const long = a.length < b.length ? b : a;
  if (short.length / long.length < 0.85) return false;
  if (long.includes(short)) return true;
  // Token overlap for small edits (a changed word, a missing credit).
  const ta = a.split(' ');
  const tb = new Set(b.split(' '));
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return common / Math.max(ta.length, tb.size) >= 0.9;
}

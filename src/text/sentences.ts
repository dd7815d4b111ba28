/*
 * Sentences with their offsets in the article text, so every piece of evidence the extractive
 * engine gives is a verbatim slice of the article. Also: which sentences are page furniture
 * (bylines, photo credits, "Updated …" stamps, captions, repeated blocks) and the dateline.
 */

export type SentenceKind =
  /** Ordinary article prose. */
  | 'body'
  /** A photo caption: usable for names and places, not for the summary, agreements or next steps. */
  | 'caption'
  /** Bylines, credits, stamps, site names, repeats: ignored. */
  | 'noise';

export interface Sentence {
  index: number;
  /** Offsets into the article text: text === article.text.slice(start, end). */
  start: number;
  end: number;
  text: string;
  paragraph: number;
  kind: SentenceKind;
}

export interface Dateline {
  /** The place as printed ("SAN JOSE"), its offsets, and a readable form ("San Jose"). */
  raw: string;
  place: string;
  start: number;
  end: number;
  /** Offset where the story proper begins (after the dash). */
  bodyStart: number;
  /** The dateline as printed, dash included: "SEOUL, Sept. 23 (Yonhap) -- ". */
  prefix: string;
}

/** Abbreviations after which a period does not end a sentence. Lowercase, without the period. */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sen',
  'rep',
  'gov',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'rev',
  'st',
  'mt',
  'ft',
  'jr',
  'sr',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'inc',
  'corp',
  'co',
  'ltd',
  'no',
  'vs',
  'approx',
  'dept',
  'est',
  'fig',
  'vol',
  'a.m',
  'p.m',
]);

/** Letters of a script other than Latin, Greek or Cyrillic (e.g. a Korean "enlarge photo" label). */
const FOREIGN_RUN_RE =
  /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Devanagari}][\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}\p{Script=Devanagari}\s\p{P}]*/gu;
const LATIN_LETTER_RE = /\p{Script=Latin}/gu;

const BYLINE_RE =
  /^[\s\-—–[(]*(?:by|(?:additional\s+)?reporting\s+by|written\s+by|edit(?:ed|ing)\s+by|compiled\s+by|photos?\s+by|reporter|correspondent|staff\s+writer)\b/i;
const BYLINE_INNER_RE = /\b(?:reporter|correspondent|editing\s+by|reporting\s+by)\s+\p{Lu}/iu;
const CREDIT_RE =
  /^(?:photo|photograph|image|picture|caption|video|file\s+photo|graphic)\s*[:|/]|\((?:AP|AFP|Reuters|EPA|Getty|Yonhap|Xinhua|Kyodo|Bloomberg)?\s*(?:Photo|Images)\b|\bPhoto\s*\/|\bphoto\s+credit\b/i;
const STAMP_RE =
  /^(?:updated|published|posted|last\s+updated|first\s+published|advertisement|related|read\s+more|share|sign\s+up|subscribe)\b/i;
const END_MARK_RE = /^[([]?(?:end|ends|\*{3}|#{3})[)\]]?$/i;
const SITE_RE = /^[\w.-]+\.(?:com|net|org|co|io|news|info|kr|jp|uk)(?:\.\w{2})?$/i;
const CAPTION_RE =
  /\((?:left|right|center|centre|second\s+from\s+(?:left|right)|top|bottom|front|back|L|R)\)/i;

/** Break a text into sentences; offsets index the original string. Repeated sentences become noise. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = -1;
  let inParagraph = false;
  const lineRe = /[^\n]+/g;
  for (const line of text.matchAll(lineRe)) {
    const lineStart = line.index;
    const lineText = line[0];
    if (lineText.trim() === '') {
      inParagraph = false;
      continue;
    }
    // A line after a blank line (or the first) opens a paragraph; single newlines also break sentences.
    const prevChar = lineStart >= 2 ? text.slice(lineStart - 2, lineStart) : '\n\n';
    if (!inParagraph || /\n\s*\n$/.test(prevChar) || lineStart === 0) paragraph++;
    inParagraph = true;
    for (const seg of segments(lineText)) {
      for (const [s, e] of splitSegment(lineText, seg[0], seg[1])) {
        out.push({
          index: out.length,
          start: lineStart + s,
          end: lineStart + e,
          text: lineText.slice(s, e),
          paragraph,
          kind: 'body',
        });
      }
    }
  }
  const seen = new Set<string>();
  for (const s of out) {
    s.kind = classify(s.text);
    const key = s.text.normalize('NFKC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
    if (seen.has(key)) s.kind = 'noise';
    else seen.add(key);
  }
  return out;
}

/** Stretches of a line between runs of a foreign script (kept only when the line is mostly Latin). */
function segments(line: string): Array<[number, number]> {
  const latin = line.match(LATIN_LETTER_RE)?.length ?? 0;
  const runs = [...line.matchAll(FOREIGN_RUN_RE)].filter((m) => m[0].trim().length >= 2);
  const foreign = runs.reduce((n, m) => n + m[0].length, 0);
  if (runs.length === 0 || foreign * 4 > latin) return [[0, line.length]];
  const segs: Array<[number, number]> = [];
  let at = 0;
  for (const m of runs) {
    if (m.index > at) segs.push([at, m.index]);
    at = m.index + m[0].length;
  }
  if (at < line.length) segs.push([at, line.length]);
  return segs;
}

const CLOSERS = '"\'”’)]»」』）';
const FULL_STOPS = '。！？';

/** Sentence boundaries inside line[from, to): returns trimmed [start, end) pairs. */
function splitSegment(line: string, from: number, to: number): Array<[number, number]> {
  const pieces: Array<[number, number]> = [];
  let start = from;
  for (let i = from; i < to; i++) {
    const c = line[i] as string;
    if (FULL_STOPS.includes(c)) {
      // Japanese and Chinese end a sentence with 。！？ and need no space after it.
      let j = i + 1;
      while (j < to && CLOSERS.includes(line[j] as string)) j++;
      if (j < to) {
        pieces.push([start, j]);
        start = j;
        i = j - 1;
      }
      continue;
    }
    if (c !== '.' && c !== '!' && c !== '?') continue;
    let j = i + 1;
    while (j < to && CLOSERS.includes(line[j] as string)) j++;
    if (j >= to || !/\s/.test(line[j] as string)) continue;
    let k = j;
    while (k < to && /\s/.test(line[k] as string)) k++;
    if (k >= to) continue;
    const next = line[k] as string;
    // Korean has no capitals: 다. followed by Hangul ends a sentence too.
    if (
      !/[\p{Lu}\p{N}"“‘'([\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(next)
    )
      continue;
    if (c === '.' && isAbbreviation(line, i, next)) continue;
    pieces.push([start, j]);
    start = k;
    i = k - 1;
  }
  pieces.push([start, to]);
  return pieces
    .map(([s, e]): [number, number] => {
      while (s < e && /\s/.test(line[s] as string)) s++;
      while (e > s && /\s/.test(line[e - 1] as string)) e--;
      return [s, e];
    })
    .filter(([s, e]) => e > s);
}

function isAbbreviation(line: string, dot: number, next: string): boolean {
  const before = /([\p{L}.]+)$/u.exec(line.slice(Math.max(0, dot - 12), dot))?.[1] ?? '';
  const word = before.toLowerCase().replace(/^\.+/, '');
  if (word === '') return false;
  if (ABBREVIATIONS.has(word)) {
    // "a.m." and "p.m." end sentences often enough; only a following digit or lowercase keeps them.
    if (word === 'a.m' || word === 'p.m') return /\p{N}/u.test(next);
    return true;
  }
  // An initial ("J. Smith") or dotted acronym ("U.S.", "D.C.") — unless a new sentence obviously starts.
  if (/^\p{Lu}$/u.test(before)) return true;
  // "U.S. President", "Washington, D.C., immediately": dotted acronyms rarely end a sentence.
  return /^(?:\p{L}\.)+\p{L}$/u.test(before);
}

function classify(text: string): SentenceKind {
  const t = text.trim();
  if (BYLINE_RE.test(t) || (BYLINE_INNER_RE.test(t) && wordCount(t) <= 12)) return 'noise';
  if (CREDIT_RE.test(t) || STAMP_RE.test(t) || END_MARK_RE.test(t) || SITE_RE.test(t)) return 'noise';
  if (/^\[.*\]$/.test(t) || /^\(.*\)$/.test(t)) return 'noise';
  if (wordCount(t) < 4) return 'noise';
  if (CAPTION_RE.test(t)) return 'caption';
  return 'body';
}

export function wordCount(s: string): number {
  const spaced = s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  // Japanese and Chinese write no spaces: count a word per two Han or kana characters.
  const unspaced = s.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  return spaced + Math.floor(unspaced / 2);
}

const MONTH_ABBR = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?';
const DATELINE_RE = new RegExp(
  `^(\\p{Lu}[\\p{Lu}.'’ -]*\\p{Lu})` + // SEOUL, SAN JOSE, ST. LOUIS
    `((?:,\\s*\\p{Lu}[\\p{L}.'’ -]{1,30}?)?)` + // , California
    `(?:,\\s*${MONTH_ABBR}\\s+\\d{1,2})?` + // , Sept. 23
    `(?:\\s*\\([\\p{L} .&-]{1,30}\\))?` + // (Yonhap)
    `\\s*(?:--|—|–|-|:)\\s+`,
  'u',
);

/** "SEOUL, Sept. 23 (Yonhap) --" at the start of the first body sentence. */
export function findDateline(sentences: readonly Sentence[]): Dateline | null {
  const first = sentences.find((s) => s.kind !== 'noise');
  if (!first) return null;
  const m = DATELINE_RE.exec(first.text);
  if (!m?.[1]) return null;
  const raw = m[1];
  if (raw.replace(/[^\p{L}]/gu, '').length < 3) return null;
  return {
    raw,
    place: titleCase(raw),
    start: first.start,
    end: first.start + raw.length,
    bodyStart: first.start + m[0].length,
    prefix: m[0],
  };
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'’.-])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase());
}

/** Above this length evidence is cut at a clause boundary (still a verbatim slice). */
export const MAX_EVIDENCE = 300;

/**
 * The sentence as evidence; when it is longer than MAX_EVIDENCE, the run of clauses around the anchor
 * (absolute offsets) that fits. Always a verbatim substring of the article.
 */
export function evidenceOf(text: string, s: Sentence, anchor?: { start: number; end: number }): string {
  if (s.end - s.start <= MAX_EVIDENCE) return text.slice(s.start, s.end);
  const a = anchor ?? { start: s.start, end: s.start };
  // Clause boundaries: after , ; : — – and before a quotation mark opening a quote.
  const cuts = [s.start];
  const re = /[,;:]\s+|\s+[—–]\s+|\s+-\s+/g;
  for (const m of s.text.matchAll(re)) cuts.push(s.start + m.index + m[0].length);
  cuts.push(s.end);
  let lo = 0;
  while (lo + 1 < cuts.length && (cuts[lo + 1] as number) <= a.start) lo++;
  let hi = lo + 1;
  while (hi < cuts.length - 1 && (cuts[hi] as number) < a.end) hi++;
  let from = cuts[lo] as number;
  let to = cuts[hi] as number;
  if (to - from > MAX_EVIDENCE) return hardWindow(text, s, a);
  // Grow by whole clauses, preferring what follows the anchor, while it fits.
  let grew = true;
  while (grew) {
    grew = false;
    if (hi < cuts.length - 1 && (cuts[hi + 1] as number) - from <= MAX_EVIDENCE) {
      hi++;
      to = cuts[hi] as number;
      grew = true;
    } else if (lo > 0 && to - (cuts[lo - 1] as number) <= MAX_EVIDENCE) {
      lo--;
      from = cuts[lo] as number;
      grew = true;
    }
  }
  return trimClause(text.slice(from, to));
}

function hardWindow(text: string, s: Sentence, a: { start: number; end: number }): string {
  const mid = Math.floor((a.start + a.end) / 2);
  let from = Math.max(s.start, mid - MAX_EVIDENCE / 2);
  let to = Math.min(s.end, from + MAX_EVIDENCE);
  from = Math.max(s.start, to - MAX_EVIDENCE);
  while (from > s.start && /\S/.test(text[from - 1] as string)) from++;
  while (to < s.end && /\S/.test(text[to] as string)) to--;
  return trimClause(text.slice(from, to));
}

function trimClause(s: string): string {
  return s.replace(/^[\s,;:—–-]+/, '').replace(/[\s,;:—–-]+$/, '');
}

/** Attribution tails that say who said it, not what happened: ", the ministry said." */
const ATTRIBUTION_RE =
  /,\s+(?:(?:the|a|an|his|her|its|their)\s+)?[\p{L}\p{N}' .-]{1,60}?\s+(?:said|says|told\s+[\p{L} ]+|announced|reported|added)(?:\s+on\s+\p{Lu}\p{L}+)?\.?$|,\s+according\s+to\s+[^,]{1,80}\.?$/u;

/** A short statement from evidence: dateline and attribution dropped, at most `maxWords` words. */
export function statementOf(evidence: string, datelinePrefix: string | null, maxWords = 30): string {
  let s = evidence;
  if (datelinePrefix && s.startsWith(datelinePrefix)) s = s.slice(datelinePrefix.length);
  s = s.replace(ATTRIBUTION_RE, '.').trim();
  return trimWords(s, maxWords);
}

/** At most n words, cut at a word boundary (an ellipsis marks the cut). */
export function trimWords(s: string, n: number): string {
  const words = s.trim().split(/\s+/);
  if (words.length <= n) return s.trim();
  return `${words
    .slice(0, n)
    .join(' ')
    .replace(/[\s,;:—–-]+$/, '')}…`;
}

const wordsOf = (s: string): string =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/…/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * True when a brief item's statement only repeats its quote: the same words, or the quote's opening
 * words trimmed (statementOf drops an attribution and cuts long sentences with "…"). Renderers
 * then show the quote once instead of the same sentence twice.
 */
export function restatesQuote(statement: string, evidence: string): boolean {
  const s = wordsOf(statement);
  const e = wordsOf(evidence);
  if (s === '' || e === '') return false;
  // a short statement that opens the quote ("Lee") is a summary, not a repeat
  return e === s || (s.split(' ').length >= 5 && e.startsWith(`${s} `));
}

/*
 * Time expressions: chrono-node finds the spans ("on Wednesday", "Sept. 18", "next year"); a few
 * patterns add what chrono skips ("the 23rd", "by 2028", "by the end of the year", "in the first half
 * of 2026"). The calendar value always comes from resolveDate against the publication date, so
 * nothing is invented: no publication date and no month or year in the text means null.
 */
import * as chrono from 'chrono-node/en';
import type { When } from '../brief/schema.ts';
import { datelineDay, resolveDate, type Tense } from '../text/dates.ts';
import { evidenceOf, type Sentence } from '../text/sentences.ts';
import { type Analysis, inQuote } from './names.ts';

export const MAX_WHEN = 5;

export interface TimeSpan {
  sentence: number;
  /** Absolute offsets; text === article.text.slice(start, end). */
  start: number;
  end: number;
  text: string;
  tense: Tense;
  date: string | null;
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const NOT_A_DAY =
  'century|centuries|anniversary|annual|birthday|time|times|round|minute|session|congress|amendment|floor|place|edition|straight|consecutive|year|years|generation|party|parliament|overall|seed|pick|percentile|day|week|month|largest|biggest|highest|lowest|most|minute|hole|lap|inning|innings|over|stage';

const EXTRA_PATTERNS: RegExp[] = [
  // "on the 23rd", "the 25th" (a day of an unnamed month)
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:on\\s+)?the\\s+\\d{1,2}(?:st|nd|rd|th)(?![\\p{L}\\p{N}])(?!\\s*(?:of\\s+)?(?:${MONTHS})\\b)(?!\\s+(?:${NOT_A_DAY})\\b)`,
    'giu',
  ),
  // "by 2028", "in the first half of 2026", "by the end of 2025", "in spring 2027", "mid-2026"
  /(?<![\p{L}\p{N}])(?:(?:by|in|until|till|before|after|from|through|during|around|for)\s+)?(?:(?:the\s+)?(?:end|middle|start|beginning|first\s+half|second\s+half|(?:first|second|third|fourth)\s+quarter)\s+of\s+|(?:early|mid|late)[-\s]|(?:spring|summer|autumn|fall|winter)\s+)?(?:19|20)\d{2}(?![\p{L}\p{N}%]|[,.]\d|-\d)/giu,
  // "by the end of the year", "before the end of the week", "from the start of next term"
  /(?<![\p{L}\p{N}])(?:(?:by|before|until|at|from|towards?|after)\s+)?the\s+(?:end|start|beginning|middle)\s+of\s+(?:the|this|next|last)\s+(?:year|month|week|decade|season|term|quarter)\b/giu,
  // "later this year", "earlier this month"
  /(?<![\p{L}\p{N}])(?:later|earlier)\s+this\s+(?:year|month|week)\b/giu,
];

/** "on the 24th": a day of an unnamed month. */
const DAY_OF_MONTH = /^(?:on\s+)?the\s+\d{1,2}(?:st|nd|rd|th)$/i;

/** A year pattern needs a preposition or period word; a bare "2026" in "the 2026 budget" is not a date. */
const BARE_YEAR = /^(?:19|20)\d{2}$/;

const DURATION =
  /^(?:(?:in|within|for|over|after|about|around|the|some|nearly|almost|more\s+than|less\s+than)\s+)*(?:the\s+)?(?:next|last|past|coming|first|previous)?\s*(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|a\s+few)\s+(?:days?|weeks?|months?|years?|decades?|hours?|minutes?|seconds?)\b(?!\s+ago)/i;

const LEFT_WORDS = new Set([
  'on',
  'by',
  'in',
  'until',
  'till',
  'before',
  'from',
  'around',
  'starting',
  'early',
  'late',
  'since',
  'after',
  'through',
  'during',
]);

const FUTURE_RE =
  /\b(?:will|would|shall)\b|'ll\b|\b(?:due|scheduled|set|slated|expected|planned)\s+(?:to|for)\b|\b(?:is|are)\s+to\b|\b(?:plans?|planning|aims?|intends?|hopes?|expects?|forecasts?)\s+(?:\w+\s+){0,3}?to\b|\b(?:pledged|promised|agreed|vowed)\s+to\b|\bupcoming\b|\bnext\b/i;
/** Present-tense verbs of a photo caption ("Lee and Ishiba walk into the summit room on the 23rd"): a
 * picture of the past, not a timetable like "talks continue in January". */
const CAPTION_PRESENT =
  /\b(?:walk|shake|pose|wave|greet|smile|gesture|listen|stand|embrace|hug|salute|react|celebrate|mourn)s?\b/i;

/** Clause ends: punctuation and conjunctions ("held their summit on the 23rd and agreed to …"). */
const SEGMENT_BREAK =
  /[,;]\s+|\s+(?:and|but|while|where|whereas)\s+|\b(?:said|says|told\s+\p{L}+|announced|added|confirmed)\s+(?:that\s+)?/gu;

/**
 * Which way to read a time expression: the comma-delimited segment around it decides when it has a
 * future cue or a past-tense verb; otherwise the sentence's future cue; otherwise a present-tense
 * verb reads as a schedule ("They play Newcastle on Wednesday"); otherwise past.
 */
/** A past-tense verb in [from, to); "a revised treaty", "the planned meeting" are adjectives. */
function pastVerbIn(a: Analysis, from: number, to: number): boolean {
  for (const m of a.text.slice(from, to).matchAll(/\p{L}+/gu)) {
    const at = from + m.index;
    if (!a.tagsAt(at, at + m[0].length).has('PastTense')) continue;
    if (
      // an adjective ("a revised treaty") or a passive ("will be signed") is no past event
      /\b(?:a|an|the|its|their|his|her|our|this|that|these|those|newly|recently|be|been|being|get|gets)\s+$/i.test(
        a.text.slice(Math.max(from, at - 12), at),
      )
    )
      continue;
    return true;
  }
  return false;
}

function spanTense(a: Analysis, s: Sentence, start: number, end: number): Tense {
  let from = s.start;
  let to = s.end;
  for (const m of s.text.matchAll(SEGMENT_BREAK)) {
    const at = s.start + m.index;
    if (at + m[0].length <= start) from = at + m[0].length;
    else if (at >= end) {
      to = at;
      break;
    }
  }
  const segment = a.text.slice(from, to);
  const cue = FUTURE_RE.exec(segment);
  // "will pay … under an agreement signed with the city in June": a past participle between the
  // future cue and the expression dates a past event
  if (cue && from + cue.index < start && pastVerbIn(a, from + cue.index + cue[0].length, start))
    return 'past';
  if (cue) return 'future';
  const tags = a.tagsAt(from, to);
  if (pastVerbIn(a, from, to) || tags.has('Perfect') || tags.has('Pluperfect')) return 'past';
  if (FUTURE_RE.test(s.text)) return 'future';
  // present tense is a timetable, except in a caption describing its picture
  if (tags.has('PresentTense') && !tags.has('Copula') && !CAPTION_PRESENT.test(segment)) return 'future';
  return 'past';
}

/** Period phrases read as the calendar unit they sit in: "by the end of the year" → "this year". */
function calendarText(text: string): string {
  const t = text
    .replace(
      /^(?:(?:by|before|until|till|at|from|towards?|after|in|during)\s+)?(?:the\s+)?(?:end|middle|start|beginning|first\s+half|second\s+half|(?:first|second|third|fourth)\s+quarter)\s+of\s+/i,
      '',
    )
    .replace(
      /^(?:(?:by|in|until|from)\s+)?(?:spring|summer|autumn|fall|winter|early|mid|late)[-\s]+(?=(?:19|20)\d{2}\b)/i,
      '',
    );
  return t.replace(/^the\s+(year|month|week)$/i, 'this $1');
}

function extendLeft(text: string, sStart: number, start: number): number {
  let at = start;
  for (let k = 0; k < 2; k++) {
    const m = /([\p{L}]+)(\s+)$/u.exec(text.slice(sStart, at));
    if (!m?.[1] || !LEFT_WORDS.has(m[1].toLowerCase())) break;
    at = sStart + m.index;
  }
  return at;
}

/** Every time expression in the article's prose (not the dateline, credits or quotes). */
export function findTimeSpans(a: Analysis, publishedAt: string | null): TimeSpan[] {
  const ref = new Date(2000, 0, 1, 12);
  const laterDay = datelineDay(a.dateline?.prefix ?? null, publishedAt);
  const spans: TimeSpan[] = [];
  for (const s of a.sentences) {
    if (s.kind === 'noise') continue;
    const from = a.dateline && a.dateline.start === s.start ? a.dateline.bodyStart : s.start;
    const body = a.text.slice(from, s.end);
    const found: Array<[number, number]> = [];
    for (const r of chrono.casual.parse(body, ref)) {
      const known = (k: 'day' | 'weekday' | 'month' | 'year') => r.start.isCertain(k);
      if (!known('day') && !known('weekday') && !known('month') && !known('year')) {
        if (!/\b(?:year|month|week|today|tomorrow|yesterday|tonight)\b/i.test(r.text)) continue;
      }
      found.push([from + r.index, from + r.index + r.text.length]);
    }
    for (const re of EXTRA_PATTERNS) {
      re.lastIndex = 0;
      for (const m of body.matchAll(re)) {
        if (BARE_YEAR.test(m[0])) continue;
        found.push([from + m.index, from + m.index + m[0].length]);
      }
    }
    // longest first; drop spans inside others
    found.sort((x, y) => y[1] - y[0] - (x[1] - x[0]) || x[0] - y[0]);
    const kept: Array<[number, number]> = [];
    for (const [st, en] of found) {
      if (kept.some(([ks, ke]) => st < ke && en > ks)) continue;
      kept.push([st, en]);
    }
    kept.sort((x, y) => x[0] - y[0]);
    for (const [st0, en0] of kept) {
      let st = st0;
      let en = en0;
      while (en > st && /[\s,.;:]/.test(a.text[en - 1] as string)) en--;
      st = extendLeft(a.text, from, st);
      const text = a.text.slice(st, en);
      if (/^since\b/i.test(text) || DURATION.test(text) || /\b(?:earlier|later|ago)$/i.test(text)) continue;
      if (/^(?:now|today|midnight|noon)$/i.test(text.trim())) continue;
      if (inQuote(a, st, en)) continue;
      // "since she took office in October": background to the news
      if (/\bsince\b[^,;]*$/i.test(a.text.slice(s.start, st))) continue;
      const tense = spanTense(a, s, st, en);
      const date = resolveDate(calendarText(text), publishedAt, { tense, laterDay });
      spans.push({ sentence: s.index, start: st, end: en, text, tense, date });
    }
  }
  return spans;
}

function publicationYear(publishedAt: string | null): number | null {
  const m = /^\s*(\d{4})/.exec(publishedAt ?? '');
  return m ? Number(m[1]) : null;
}

const core = (t: string): string =>
  t
    .toLowerCase()
    .replace(
      /^(?:(?:on|by|in|until|till|before|from|around|starting|early|late|after|through|during)\s+)+/,
      '',
    )
    .replace(/\s+/g, ' ');

export function findWhen(
  a: Analysis,
  publishedAt: string | null,
  spans = findTimeSpans(a, publishedAt),
): When[] {
  const pubYear = publicationYear(publishedAt);
  const out: When[] = [];
  const seen = new Set<string>();
  for (const sp of spans) {
    // background more than a year before publication ("in 1998", "since 2005") is not the news
    const year = sp.date ? Number(sp.date.slice(0, 4)) : null;
    if (pubYear !== null && year !== null && year < pubYear - 1) continue;
    // with a publication date, an expression that still has no date is too vague to report — except
    // a day of the month after it in a past-tense clause: a real date the page does not pin down
    if (pubYear !== null && sp.date === null && !(sp.tense === 'past' && DAY_OF_MONTH.test(sp.text)))
      continue;
    const key = sp.date && sp.date.length === 10 ? sp.date : `${core(sp.text)}|${sp.date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = a.sentences[sp.sentence] as Sentence;
    out.push({
      text: sp.text,
      date: sp.date,
      evidence: evidenceOf(a.text, s, { start: sp.start, end: sp.end }),
    });
    if (out.length >= MAX_WHEN) break;
  }
  return out;
}

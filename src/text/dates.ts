/*
 * Turning an article's time expression ("on Monday", "the 23rd", "by 2028") into a calendar value.
 * The reference is the article's publication date (its own calendar day, never shifted through UTC).
 * The output is only as precise as the text: YYYY-MM-DD, YYYY-MM, YYYY, or null when the text and
 * the publication date together do not determine a value. Nothing is guessed.
 */

import type { ParsedComponents, Parser, ParsingContext } from 'chrono-node';
import * as chrono from 'chrono-node/en';
import { findCjkDates, isCjkDate, resolveCjkDate } from './cjkDates.ts';

export type Tense = 'past' | 'future';

export interface ResolveDateOptions {
  /** Which way to read an expression that names no month or year ("on Monday", "the 23rd"). Default 'past'. */
  tense?: Tense;
  /**
   * A later day the page speaks from (a dateline "SEOUL, Aug. 24", an update time): a past-tense
   * day of the month after the publication day, unknown otherwise, resolves against it.
   */
  laterDay?: string | null;
}

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function addDays({ y, m, d }: Ymd, days: number): Ymd {
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function compareYmd(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Shift a (year, month) pair by whole months. */
function shiftMonth(y: number, m: number, by: number): { y: number; m: number } {
  const i = y * 12 + (m - 1) + by;
  return { y: Math.floor(i / 12), m: (i % 12) + 1 };
}

const DATE_VALUE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** True for "YYYY", "YYYY-MM" or "YYYY-MM-DD" naming a real calendar year, month or day. */
export function isDateValue(s: string): boolean {
  const m = DATE_VALUE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  if (m[2] === undefined) return true;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return false;
  if (m[3] === undefined) return true;
  const d = Number(m[3]);
  return d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * The publication's own calendar date, read from the date part of an ISO 8601 string
 * ("2025-09-24T23:30:00-04:00" → 24 September, whatever the machine's timezone). Null if unknown.
 */
export function publicationDay(publishedAt: string | null): string | null {
  const ymd = parsePublication(publishedAt);
  return ymd ? `${ymd.y}-${pad(ymd.m)}-${pad(ymd.d)}` : null;
}

function parsePublication(publishedAt: string | null): Ymd | null {
  if (!publishedAt) return null;
  const m = /^\s*(\d{4})-?(\d{2})-?(\d{2})(?![\d])/.exec(publishedAt);
  if (!m) return null;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return isDateValue(`${m[1]}-${m[2]}-${m[3]}`) ? ymd : null;
}

/** Chrono works in the machine's local time; noon of the publication day keeps every zone on that day. */
function localNoon({ y, m, d }: Ymd): Date {
  return new Date(y, m - 1, d, 12, 0, 0, 0);
}

function refYmd(context: ParsingContext): Ymd {
  const r = context.reference.getDateWithAdjustedTimezone();
  return { y: r.getFullYear(), m: r.getMonth() + 1, d: r.getDate() };
}

const MONTH_NAMES =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** "the 20th century", "the 17th round": ordinals that are not days of the month. */
const NOT_A_DAY =
  'century|centuries|anniversary|annual|birthday|time|times|round|minute|session|congress|amendment|floor|place|edition|straight|consecutive|year|years|generation|party|parliament|overall|seed|pick|percentile|day|week|month|largest|biggest|highest|lowest|most';

/**
 * "the 23rd", "on the 5th", "the 23rd of this month": a day of month with no month name. Chrono's
 * English parsers skip these. The month comes from the reference: its own month when reading in the
 * past tense and the day is not after it (a later day is unknown, never last month's), the nearest
 * occurrence on or after it in the future tense (forwardDate).
 */
const dayOfMonthParser: Parser = {
  pattern: () =>
    new RegExp(
      '(?<![\\p{L}\\p{N}])(?:on\\s+)?the\\s+(\\d{1,2})(?:st|nd|rd|th)' +
        '(?:\\s+of\\s+(this|last|next|the\\s+same|that)\\s+month)?' +
        '(?![\\p{L}\\p{N}])' +
        `(?!\\s*(?:of\\s+)?(?:${MONTH_NAMES})(?![\\p{L}]))` +
        `(?!\\s+(?:${NOT_A_DAY})(?![\\p{L}]))`,
      'iu',
    ),
  extract(context, match) {
    const day = Number(match[1]);
    if (!(day >= 1 && day <= 31)) return null;
    const ref = refYmd(context);
    const which = match[2]?.toLowerCase().replace(/\s+/g, ' ');
    let ym: { y: number; m: number };
    if (which !== undefined) {
      ym = shiftMonth(ref.y, ref.m, which === 'last' ? -1 : which === 'next' ? 1 : 0);
      if (day > daysInMonth(ym.y, ym.m)) return null;
    } else if (context.option.forwardDate === true) {
      ym = { y: ref.y, m: ref.m };
      if (day < ref.d) ym = shiftMonth(ym.y, ym.m, 1);
      // The 31st does not exist in every month: keep walking forward.
      for (let i = 0; day > daysInMonth(ym.y, ym.m) && i < 12; i++) ym = shiftMonth(ym.y, ym.m, 1);
    } else {
      // A past event on a day after the reference is no evidence of the previous month: the page was
      // most likely updated after its publication date ("left for Washington on the 24th" in a story
      // dated the 23rd). Unknown, unless a later reference (a dateline, an update time) covers it.
      if (day > ref.d) return null;
      ym = { y: ref.y, m: ref.m };
    }
    return context.createParsingComponents({ day }).imply('month', ym.m).imply('year', ym.y);
  },
};

/** "in 2028", "by 2028", "mid-2026", "end of 2027", "Q3 2026": a year on its own. Chrono skips these. */
const yearParser: Parser = {
  pattern: () =>
    /(?<![\p{L}\p{N}])(?:in|by|until|till|before|after|from|since|through|throughout|during|around|of|year|mid-?|q[1-4]|h[12])\s*((?:19|20)\d{2})(?![\p{L}\p{N}]|[,.]\p{N}|-\p{N}|\s*(?:%|percent))/iu,
  extract(context, match) {
    return context.createParsingComponents({ year: Number(match[1]) });
  },
};

const parser = chrono.casual.clone();
parser.parsers.push(dayOfMonthParser, yearParser);

/** Expressions that name a span chrono would pin to one arbitrary day: not a date we can give. */
const SPAN_RE = /\b(?:this|next|last|past|coming|previous|the)\s+week\b|\bweek(?:end|day)s?\b/i;
/** "after two hours", "in 30 minutes": offsets from the moment of publication, not dates of events. */
const CLOCK_OFFSET_RE = /\b(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)\b/i;
/** Words that make an expression point backwards; forwardDate must not push those into the future. */
const BACKWARD_RE = /\b(?:last|past|previous|ago|yesterday|earlier)\b/i;
const DURATION_RE =
  /^(?:with)?in\s+(?:the\s+next\s+)?(?:\d+|[a-z]+)\s+(?:years?|months?|weeks?|days?|decades?)\b/i;
/** "for the first time in 17 years", "the highest in 20 years": a duration, not a future date. */
const DURATION_IDIOM_RE =
  /\b(?:first|time|times|highest|lowest|biggest|largest|worst|best|most|least|ever)\b[^.;]*$/i;

/** The value the first date-bearing expression in `text` denotes, relative to `ref`. */
function resolveAgainst(text: string, ref: Ymd, tense: Tense): string | null {
  return resolveAllAgainst(text, ref, tense)[0] ?? null;
}

/** The values of every date-bearing expression in `text`, in order, relative to `ref`. */
/** "by the end of the year" dates this year; chrono reads "the year" as a year from the reference. */
const PART_OF_PERIOD_RE =
  /\b(?:the\s+)?(?:end|middle|start|beginning|close|rest|remainder|first\s+half|second\s+half)\s+of\s+the\s+(year|month)\b/gi;

/** "in spring 2027", "by mid-2026": the year is what the text determines. */
const SEASON_BEFORE_YEAR_RE = /\b(?:spring|summer|autumn|fall|winter|early|late)[-\s]+(?=(?:19|20)\d{2}\b)/gi;

function resolveAllAgainst(rawText: string, ref: Ymd, tense: Tense): string[] {
  const text = rawText.replace(PART_OF_PERIOD_RE, 'this $1').replace(SEASON_BEFORE_YEAR_RE, '');
  const forwardDate = tense === 'future' && !BACKWARD_RE.test(text);
  const results = parser.parse(text, localNoon(ref), { forwardDate });
  const values: string[] = [];
  for (const r of results) {
    if (SPAN_RE.test(r.text) || CLOCK_OFFSET_RE.test(r.text)) continue;
    if (DURATION_RE.test(r.text) && DURATION_IDIOM_RE.test(text.slice(Math.max(0, r.index - 60), r.index)))
      continue;
    const value = calendarValue(r.start, r.text, ref, tense);
    if (value !== null) values.push(value);
  }
  return values;
}

function calendarValue(c: ParsedComponents, matched: string, ref: Ymd, tense: Tense): string | null {
  const known = (k: 'day' | 'weekday' | 'month' | 'year') => c.isCertain(k);
  const y = c.get('year');
  const m = c.get('month');
  const d = c.get('day');
  if (y === null || m === null || d === null) return null;

  if (known('day') || known('weekday')) {
    let ymd: Ymd = { y, m, d };
    // A bare weekday in a past-tense report is the most recent one, not the nearest (chrono's default).
    if (tense === 'past' && !known('day') && !known('month') && !/\b(?:next|this|coming)\b/i.test(matched)) {
      while (compareYmd(ymd, ref) > 0) ymd = addDays(ymd, -7);
    }
    return `${ymd.y}-${pad(ymd.m)}-${pad(ymd.d)}`;
  }
  if (known('month')) {
    let year = y;
    if (!known('year')) {
      // "in March": the nearest March on or before (past) or on or after (future) the reference month.
      year = tense === 'past' ? (m <= ref.m ? ref.y : ref.y - 1) : m >= ref.m ? ref.y : ref.y + 1;
    }
    return `${year}-${pad(m)}`;
  }
  if (known('year')) return String(y);
  return null;
}

/** Two references differing in year, month, day and weekday: a value both agree on owes nothing to either. */
const PROBE_REFS: readonly Ymd[] = [
  { y: 2001, m: 3, d: 14 },
  { y: 2012, m: 10, d: 27 },
];

const BARE_YEAR_RE = /^\s*(?:in\s+)?(?:the\s+year\s+)?((?:19|20)\d{2})\s*\.?\s*$/i;

/**
 * Resolve a time expression to "YYYY-MM-DD", "YYYY-MM" or "YYYY", or null.
 * `publishedAt` (ISO 8601, date part used as is) anchors relative expressions; when it is null only
 * expressions that carry their own year resolve ("September 2025", "by 2028"), never "the 23rd",
 * "on Monday" or "next month".
 */
export function resolveDate(
  text: string,
  publishedAt: string | null,
  opts: ResolveDateOptions = {},
): string | null {
  const tense = opts.tense ?? 'past';
  if (isCjkDate(text)) return resolveCjkDate(text, publishedAt, tense);
  const bare = BARE_YEAR_RE.exec(text);
  if (bare?.[1]) return bare[1];

  const ref = parsePublication(publishedAt);
  if (ref) {
    const value = resolveAgainst(text, ref, tense);
    const later = parsePublication(opts.laterDay ?? null);
    if (value !== null || tense !== 'past' || !later || compareYmd(later, ref) <= 0) return value;
    // only what the publication day left unknown: a day between it and the later day
    const again = resolveAgainst(text, later, tense);
    const pub = `${ref.y}-${pad(ref.m)}-${pad(ref.d)}`;
    return again !== null && again.length === 10 && again > pub ? again : null;
  }

  const values = PROBE_REFS.map((r) => resolveAgainst(text, r, tense));
  return values.every((v) => v !== null && v === values[0]) ? (values[0] ?? null) : null;
}

/**
 * Every date value `text` determines (see resolveDate), in order of appearance and without repeats.
 * A sentence can date two events ("left on the 24th, … will meet Trump on the 25th"): a checker
 * accepts a claimed date that is any of them, and never swaps one event's date for another's.
 */
export function resolveDates(
  text: string,
  publishedAt: string | null,
  opts: ResolveDateOptions = {},
): string[] {
  const tense = opts.tense ?? 'past';
  if (isCjkDate(text)) {
    const dates = findCjkDates(text).map((span) => resolveCjkDate(span.text, publishedAt, tense));
    return [...new Set(dates.filter((d): d is string => d !== null))];
  }
  const bare = BARE_YEAR_RE.exec(text);
  if (bare?.[1]) return [bare[1]];
  const ref = parsePublication(publishedAt);
  if (ref) return [...new Set(resolveAllAgainst(text, ref, tense))];
  const [a, b] = PROBE_REFS.map((r) => resolveAllAgainst(text, r, tense)) as [string[], string[]];
  return [...new Set(a.filter((v) => b.includes(v)))];
}

/*
 * Tense of the clause a time expression sits in, from the words alone (no tagger): a future or
 * scheduling cue in the clause reads it forward, a past-tense verb backward. Clauses end at , ; :
 * and at conjunctions, so "held their summit on the 23rd and agreed to meet again" dates a past
 * summit, and "left on the 24th, where he is scheduled to meet Trump on the 25th" two events.
 */
const CLAUSE_BREAK =
  /[,;:]\s+|\s+[—–]\s+|\s+(?:and|but|while|where|when|after|before|whereas|although)\s+|\b(?:said|says|told\s+\p{L}+|announced|added|confirmed)\s+(?:that\s+)?/giu;
/** Future, scheduled or promised: what lies ahead of the clause's speaker. */
export const FUTURE_CUE_RE =
  /\b(?:will|shall|would)\b|'ll\b|\b(?:is|are|was|were)\s+(?:due|scheduled|set|slated|expected|planned)\s+(?:to|for|in|on)\b|\b(?:is|are)\s+to\b|\b(?:plans?|planning|aims?|intends?|hopes?)\s+to\b|\b(?:agreed|pledged|promised|vowed|committed)\s+to\b|\bupcoming\b|\bnext\b|예정|계획|방침|전망|오는\s|열린다|열릴|予定|方針|見通し|見込み|計画/i;
/** Past-tense verbs: regular "-ed" forms (not the scheduling participles) and common irregular ones. */
const PAST_VERB_RE =
  /(?<!\b(?:a|an|the|its|their|his|her|our|this|that|these|those|newly|recently|be|been|being|get|gets)\s)\b(?:(?!(?:scheduled|expected|planned|slated|proposed|based|called|named|related|limited|united|detailed|advanced|need|needed|seed|speed|feed|breed|indeed|proceed|succeed|exceed|embed)\b)\p{L}{2,}ed|was|were|had|did|met|held|left|said|told|took|made|went|came|gave|began|won|lost|struck|sent|spoke|saw|became|fell|rose|kept|brought|bought|sold|paid|led|built|ran|flew|wrote|drew|chose|found|broke|spent|stood|ago|yesterday|last)\b/iu;

export function clauseTense(text: string, start: number, end: number): Tense | null {
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length <= start) from = m.index + m[0].length;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  const clause = text.slice(from, to);
  const cue = FUTURE_CUE_RE.exec(clause);
  if (cue) {
    // "will pay … under an agreement signed with the city in June": a past participle between the
    // cue and the expression dates a past event
    const between =
      cue.index + cue[0].length <= start - from ? clause.slice(cue.index + cue[0].length, start - from) : '';
    return PAST_VERB_RE.test(between) ? 'past' : 'future';
  }
  if (PAST_VERB_RE.test(clause)) return 'past';
  return null;
}

/**
 * The day a dateline speaks from ("SEOUL, Aug. 24 (Yonhap) -- ") when it is after the publication
 * day, within a week: the story was filed or updated later than its publication date says.
 */
export function datelineDay(datelinePrefix: string | null, publishedAt: string | null): string | null {
  const pub = publicationDay(publishedAt);
  if (!datelinePrefix || !pub) return null;
  const day = resolveDate(datelinePrefix, publishedAt, { tense: 'future' });
  if (day === null || day.length !== 10 || day <= pub) return null;
  const gap = (Date.parse(day) - Date.parse(pub)) / 86_400_000;
  return gap <= 7 ? day : null;
}

/*
 * Dates written in Korean and Japanese (23일, 8월 25일, ２３日, 来月, 다음 달, 내년), found in a
 * sentence and resolved against the publication day the way src/text/dates.ts resolves English
 * ones: a day or month with no year is read in the sentence's tense (the nearest such day on or
 * before the publication day for the past, on or after it for the future); a past-tense day of
 * the month that lies after the publication day is not moved into the previous month but left
 * unknown. Chrono reads neither language well enough (no Korean at all), hence our own.
 */
import type { Tense } from './dates.ts';

export interface CjkDateSpan {
  text: string;
  start: number;
  end: number;
}

const D = '(?<!\\d)(\\d{1,2})';
const Y = '(?<!\\d)(\\d{4})';
/** Every form we read, longest first, over NFKC text (full-width digits are ASCII by then). */
const FORMS: readonly { re: string; read: (m: RegExpExecArray, ref: Ymd, tense: Tense) => string | null }[] =
  [
    {
      re: `${Y}\\s*[년年]\\s*${D}\\s*[월月]\\s*${D}\\s*[일日]`,
      read: (m) => ymd(num(m, 1), num(m, 2), num(m, 3)),
    },
    { re: `${Y}\\s*[년年]\\s*${D}\\s*[월月]`, read: (m) => ym(num(m, 1), num(m, 2)) },
    {
      re: `${D}\\s*[월月]\\s*${D}\\s*[일日]`,
      read: (m, ref, tense) => monthDay(num(m, 1), num(m, 2), ref, tense),
    },
    { re: `${Y}\\s*[년年]`, read: (m) => m[1] ?? null },
    { re: `${D}\\s*[월月](?![\\d曜])`, read: (m, ref, tense) => monthOnly(num(m, 1), ref, tense) },
    { re: `${D}\\s*[일日](?!本|曜|間|目|째)`, read: (m, ref, tense) => dayOnly(num(m, 1), ref, tense) },
    { re: '다음\\s*달|내달|来月|翌月', read: (_m, ref) => shiftMonth(ref, 1) },
    { re: '지난\\s*달|지난달|先月|前月', read: (_m, ref) => shiftMonth(ref, -1) },
    { re: '이번\\s*달|이달|今月', read: (_m, ref) => ym(ref.y, ref.m) },
    { re: '내년|来年|翌年', read: (_m, ref) => String(ref.y + 1) },
    { re: '지난해|작년|昨年|去年', read: (_m, ref) => String(ref.y - 1) },
    { re: '올해|今年', read: (_m, ref) => String(ref.y) },
    { re: '내일|明日', read: (_m, ref) => shiftDay(ref, 1) },
    { re: '어제|昨日', read: (_m, ref) => shiftDay(ref, -1) },
    { re: '오늘|今日|本日', read: (_m, ref) => ymd(ref.y, ref.m, ref.d) },
    // Relative to the day the text last named (RELATIVE_DAY); the publication day when it named none.
    { re: '이날|당일|同日|当日', read: (_m, ref) => ymd(ref.y, ref.m, ref.d) },
    { re: '전날|前日', read: (_m, ref) => shiftDay(ref, -1) },
    { re: '다음\\s*날|이튿날|翌日', read: (_m, ref) => shiftDay(ref, 1) },
  ];

/** Forms read from the day the text last named ("that day", "the day before"), not from today. */
export const RELATIVE_DAY = /^(?:이날|당일|同日|当日|전날|前日|다음\s*날|이튿날|翌日)$/u;

/**
 * The time a page says it was updated (수정 2026.08.21 10:30, 更新：2026年8月21日), when it is after
 * the publication day and within a week of it: past-tense days up to it are this month's.
 */
export function updateDay(text: string, publishedAt: string | null): string | null {
  const pub = parseDay(publishedAt);
  const m = UPDATED.exec(text.normalize('NFKC'));
  if (!pub || !m) return null;
  const day = ymd(num(m, 1), num(m, 2), num(m, 3));
  const from = ymd(pub.y, pub.m, pub.d) as string;
  const weekLater = shiftDay(pub, 7) as string;
  return day && day > from && day <= weekLater ? day : null;
}

/** An update line; its date is the page's, not an event's. */
export const UPDATED =
  /(?:최종\s*수정|수정|업데이트|最終更新|更新)\s*(?:일시|日時)?\s*[:：]?\s*(\d{4})\s*[.\-/년年]\s*(\d{1,2})\s*[.\-/월月]\s*(\d{1,2})/u;
/** A captured number (the forms' groups are all digits). */
function num(m: RegExpExecArray, group: number): number {
  return Number(m[group]);
}

const ANY_FORM = new RegExp(FORMS.map((f) => `(?:${f.re})`).join('|'), 'gu');
const ANY_FORM_ONCE = new RegExp(ANY_FORM.source, 'u');

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ym = (y: number, m: number) => (m >= 1 && m <= 12 ? `${y}-${pad(m)}` : null);

function ymd(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : null;
}

function shiftMonth(ref: Ymd, by: number): string | null {
  const date = new Date(Date.UTC(ref.y, ref.m - 1 + by, 1));
  return ym(date.getUTCFullYear(), date.getUTCMonth() + 1);
}

function shiftDay(ref: Ymd, by: number): string | null {
  const date = new Date(Date.UTC(ref.y, ref.m - 1, ref.d + by));
  return ymd(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function monthDay(m: number, d: number, ref: Ymd, tense: Tense): string | null {
  const sameYear = ymd(ref.y, m, d);
  if (!sameYear) return null;
  const refDay = ymd(ref.y, ref.m, ref.d) as string;
  if (tense === 'future') return sameYear >= refDay ? sameYear : ymd(ref.y + 1, m, d);
  return sameYear <= refDay ? sameYear : ymd(ref.y - 1, m, d);
}

function monthOnly(m: number, ref: Ymd, tense: Tense): string | null {
  if (m < 1 || m > 12) return null;
  if (tense === 'future') return ym(m >= ref.m ? ref.y : ref.y + 1, m);
  return ym(m <= ref.m ? ref.y : ref.y - 1, m);
}

function dayOnly(d: number, ref: Ymd, tense: Tense): string | null {
  if (d < 1 || d > 31) return null;
  if (tense === 'future') {
    if (d >= ref.d) return ymd(ref.y, ref.m, d);
    const next = new Date(Date.UTC(ref.y, ref.m, 1));
    return ymd(next.getUTCFullYear(), next.getUTCMonth() + 1, d);
  }
  // A past day after the publication day names no month we can tell: unknown, not last month.
  return d <= ref.d ? ymd(ref.y, ref.m, d) : null;
}

function parseDay(publishedAt: string | null): Ymd | null {
  const m = publishedAt ? /^\s*(\d{4})-(\d{2})-(\d{2})/.exec(publishedAt) : null;
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

/** Date expressions in a Korean or Japanese sentence, with offsets into it. */
export function findCjkDates(sentence: string): CjkDateSpan[] {
  // NFKC keeps the length of full-width digits and letters (one code unit each), so offsets hold.
  const folded = sentence.normalize('NFKC');
  if (folded.length !== sentence.length) return [];
  return [...folded.matchAll(ANY_FORM)].map((m) => ({
    text: sentence.slice(m.index, m.index + m[0].length),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Whether text holds a Korean or Japanese date expression (then resolveCjkDate reads it). */
export function isCjkDate(text: string): boolean {
  return ANY_FORM_ONCE.test(text.normalize('NFKC'));
}

/** ISO date, month or year of a Korean or Japanese expression; null when it cannot be told. */
export function resolveCjkDate(
  text: string,
  publishedAt: string | null,
  tense: Tense = 'past',
): string | null {
  const folded = text.normalize('NFKC');
  const ref = parseDay(publishedAt);
  for (const form of FORMS) {
    const m = new RegExp(form.re, 'u').exec(folded);
    if (!m) continue;
    // A year-qualified form needs no publication day; the others do.
    if (!ref)
      return /[년年]/u.test(m[0]) && /^\d{4}/.test(m[0]) ? form.read(m, { y: 0, m: 1, d: 1 }, tense) : null;
    return form.read(m, ref, tense);
  }
  return null;
}

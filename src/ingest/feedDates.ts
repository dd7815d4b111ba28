/*
 * Dates as feeds write them: RFC 822 with or without the weekday (and with two-digit years or zone
 * names), ISO 8601 / W3C-DTF, and the local forms CMSs print in Portuguese, Spanish, French, German,
 * Korean and Japanese. Written here rather than with Date.parse, which accepts only English names and
 * guesses at anything else, or chrono-node (used for dates inside articles), which reads free text
 * relative to a reference day, one locale at a time, and has no Korean. A date without a zone is read
 * as UTC; an unreadable one is null.
 */

/** Latin accents off (março → marco); NFC again so Hangul syllables are whole for matching. */
const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** Month names and abbreviations (accents removed, lower case) in the languages feeds use most. */
const MONTH_NAMES: readonly (readonly string[])[] = [
  ['jan', 'january', 'janeiro', 'ene', 'enero', 'janv', 'janvier', 'januar', 'janner', 'jaenner'],
  ['feb', 'february', 'fev', 'fevereiro', 'febrero', 'fevr', 'fevrier', 'februar'],
  ['mar', 'march', 'marco', 'marzo', 'mars', 'marz', 'maerz', 'mrz'],
  ['apr', 'april', 'abr', 'abril', 'avr', 'avril'],
  ['may', 'mai', 'maio', 'mayo'],
  ['jun', 'june', 'junho', 'junio', 'juin', 'juni'],
  ['jul', 'july', 'julho', 'julio', 'juil', 'juillet', 'juli'],
  ['aug', 'august', 'ago', 'agosto', 'aout'],
  ['sep', 'sept', 'september', 'set', 'setembro', 'septiembre', 'setiembre', 'septembre'],
  ['oct', 'october', 'out', 'outubro', 'octubre', 'octobre', 'okt', 'oktober'],
  ['nov', 'november', 'novembro', 'noviembre', 'novembre'],
  ['dec', 'december', 'dez', 'dezembro', 'dic', 'diciembre', 'decembre', 'dezember'],
];
const MONTHS = new Map(MONTH_NAMES.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));

/** Full weekday names (abbreviations only come first, before a comma, and are dropped there). */
const WEEKDAYS = new Set(
  [
    'monday tuesday wednesday thursday friday saturday sunday',
    'segunda terca quarta quinta sexta sabado domingo',
    'lunes martes miercoles jueves viernes sabado domingo',
    'lundi mardi mercredi jeudi vendredi samedi dimanche',
    'montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag',
  ]
    .join(' ')
    .split(' '),
);

/** Zone abbreviations → minutes east of UTC (the common ones; ambiguous ones as feeds mean them). */
const ZONES: Record<string, number> = {
  z: 0,
  ut: 0,
  utc: 0,
  gmt: 0,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  met: 60,
  cest: 120,
  mest: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  ist: 330,
  hkt: 480,
  sgt: 480,
  awst: 480,
  kst: 540,
  jst: 540,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
  brt: -180,
  art: -180,
  ast: -240,
  adt: -180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
};

interface Clock {
  h: number;
  m: number;
  s: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** An ISO 8601 instant, or null when the text is not a date we can read. */
export function parseFeedDate(raw: string | null | undefined): string | null {
  if (!raw) return null;
  // NFKC turns full-width digits and colons (２０２６年３月) into ASCII.
  const s = strip(raw.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ').trim();
  if (!s) return null;
  return numericDate(s) ?? cjkDate(s) ?? namedMonthDate(s);
}

/** 2026-03-03T09:15:00+09:00, 2026-03-03 09:15, 2026/03/03, 2026.03.03 오후 3:15 */
function numericDate(s: string): string | null {
  const m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])\.?(.*)$/.exec(s);
  if (!m) return null;
  return build(Number(m[1]), Number(m[3]), Number(m[4]), clock(m[5] ?? ''));
}

/** 2026年3月3日 9時15分, 2026년 3월 3일 (화) 오후 3:15 */
function cjkDate(s: string): string | null {
  const m = /(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?(.*)$/.exec(s);
  if (!m) return null;
  return build(Number(m[1]), Number(m[2]), Number(m[3]), clock(m[4] ?? ''));
}

/** Tue, 03 Mar 2026 09:15:00 GMT; 3 de março de 2026 às 09:15; Di, 3. März 2026; 화, 03 3월 2026 */
function namedMonthDate(s: string): string | null {
  // A leading word before a comma is the weekday, in whatever language ("mar," is Tuesday in Spanish).
  const body = s.replace(/^\p{L}+\.?\s*,\s*/u, '').replace(/\([^)]*\)/g, ' ');
  const clockAt = /\d{1,2}\s*(?::|h(?=\d)|시|時)/.exec(body);
  const datePart = clockAt ? body.slice(0, clockAt.index) : body;
  const months: { at: number; month: number }[] = [];
  const numbers: string[] = [];
  datePart
    .split(/[\s,]+/)
    .filter(Boolean)
    .forEach((rawToken, at) => {
      const token = rawToken.replace(/[.]+$/, '').replace(/[일日]$/, '');
      if (!token || WEEKDAYS.has(token.replace(/-feira$/, ''))) return;
      const named = MONTHS.get(token) ?? monthNumber(token);
      if (named) months.push({ at, month: named });
      else if (/^\d{1,4}$/.test(token)) numbers.push(token);
      else if (/^\d{1,2}-\p{L}+-\d{2,4}$/u.test(token)) {
        // 03-Mar-2026
        const [d, mon, y] = token.split('-') as [string, string, string];
        const m = MONTHS.get(mon);
        if (m) months.push({ at, month: m });
        numbers.push(d, y);
      }
    });
  // "mar. 03 nov. 2026": a first word that reads as a month is the weekday when another month follows.
  const month = (months.length > 1 && months[0]?.at === 0 ? months[1] : months[0])?.month;
  if (month === undefined) return null;
  const yearAt = numbers.findIndex((n) => n.length === 4);
  let year: number;
  let day: number;
  if (yearAt >= 0) {
    year = Number(numbers[yearAt]);
    const dayToken = numbers.find((n, i) => i !== yearAt && n.length <= 2);
    if (!dayToken) return null;
    day = Number(dayToken);
  } else {
    // RFC 822's two-digit year: "03 Mar 26".
    if (numbers.length < 2) return null;
    day = Number(numbers[0]);
    const yy = Number(numbers[1]);
    year = yy < 70 ? 2000 + yy : 1900 + yy;
  }
  return build(year, month, day, clock(clockAt ? body.slice(clockAt.index) : ''));
}

function monthNumber(token: string): number | null {
  const m = /^(\d{1,2})[월月]$/.exec(token);
  return m ? Number(m[1]) : null;
}

/** The time of day and zone in what follows the date; midnight UTC when there is none. */
function clock(rest: string): Clock | null {
  const t =
    /(\d{1,2})\s*(?::|시|時|h(?=\d))\s*(?:(\d{1,2})\s*(?::|분|分)?\s*(?:(\d{1,2})(?:[.,]\d+)?\s*(?:초|秒)?)?)?/.exec(
      rest,
    );
  let h = 0;
  let m = 0;
  let sec = 0;
  let after = rest;
  if (t) {
    h = Number(t[1]);
    m = Number(t[2] ?? 0);
    sec = Math.min(Number(t[3] ?? 0), 59);
    const marker = /(오후|午後|\bp\.?m\b)|(오전|午前|\ba\.?m\b)/.exec(rest);
    if (marker?.[1] && h < 12) h += 12;
    if (marker?.[2] && h === 12) h = 0;
    after = rest.slice(t.index + t[0].length);
  }
  if (h > 23 || m > 59) return null;
  return { h, m, s: sec, offset: zone(after) ?? 0 };
}

function zone(s: string): number | null {
  const numeric = /(?:^|[\s\d]|gmt|utc)([+-])(\d{2}):?(\d{2})?(?!\d)/.exec(s);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  for (const word of s.split(/[^a-z]+/)) {
    const offset = ZONES[word];
    if (offset !== undefined) return offset;
  }
  return null;
}

function build(y: number, mo: number, d: number, c: Clock | null): string | null {
  if (!c || y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1) return null;
  if (d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  const t = Date.UTC(y, mo - 1, d, c.h, c.m, c.s) - c.offset * 60_000;
  return new Date(t).toISOString();
}

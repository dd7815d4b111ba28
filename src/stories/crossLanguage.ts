/*
 * Reports of one event in different languages. Clustering joins articles by shared words, and a
 * Korean and a Japanese report of the same summit share none, so they stay two stories. A topic
 * brief joins them when a language-neutral signature agrees: the places named (by the place
 * table's keys, 도쿄 = 東京 = Tokyo), days of the month (23일 = ２３日 = the 23rd), numbers and
 * scores, Latin names and acronyms (AI, TSMC), and what kind of event it is (정상회담 = 首脳会談 =
 * summit). Precision before recall: a football match between the same two countries on the day
 * before must stay apart, so a disagreement on days or on the kind of event vetoes a join.
 * Pure.
 */
import { scriptLanguage } from '../text/cjk.ts';
import { isCountryOrRegion, placesNamedIn } from './placeNames.ts';

export interface LanguageSignature {
  /** Place keys (stories/placeNames.ts) and venues below, by their English key. */
  places: Set<string>;
  /** Days of the month named ("23"). */
  days: Set<string>;
  /** Numbers that are neither days nor years, and scores ("score 1-2", either order). */
  numbers: Set<string>;
  /** Latin-script names and acronyms, lower-case. */
  latin: Set<string>;
  /** Kinds of event (the SUBJECTS keys). */
  subjects: Set<string>;
}

/** Venues and regions the country table leaves out, for comparison only (not topic search). */
const VENUES: readonly (readonly string[])[] = [
  ['korean peninsula', '한반도', '朝鮮半島'],
  ["prime minister's office", '총리관저', '首相官邸', 'kantei'],
  ['national stadium', '국립경기장', '国立競技場'],
  ['jeju', '제주', '済州'],
  ['okinawa', '오키나와', '沖縄'],
  ['kumamoto', '구마모토', '熊本'],
  ['pyeongtaek', '평택', '平沢'],
  ['incheon', '인천', '仁川'],
  ['kyoto', '교토', '京都'],
  ['fukuoka', '후쿠오카', '福岡'],
  ['hokkaido', '홋카이도', '北海道'],
  ['kyushu', '규슈', '九州'],
  ['yongsan', '용산', '龍山'],
  ['dokdo', '독도', '竹島', 'takeshima'],
];

/**
 * Kinds of event, by the words Korean, Japanese and English news use for them. Two reports that
 * both say what kind of event they are about, and share no kind, are different events.
 */
const SUBJECTS: readonly (readonly string[])[] = [
  ['summit', '정상회담', '정상 회담', '首脳会談', '首脳会議', 'summit'],
  ['talks', '회담', '会談', 'talks'],
  ['football', '축구', 'サッカー', 'football', 'soccer'],
  ['baseball', '야구', '野球', 'baseball'],
  ['sport', '경기장', '決勝', '결승', '試合', '대표팀', '代表戦', '日本代表', '韓国代表', 'match', 'final'],
  ['strike', '파업', 'スト', 'strike'],
  ['typhoon', '태풍', '台風', 'typhoon'],
  ['earthquake', '지진', '地震', 'earthquake'],
  ['interest rate', '금리', '金利', 'interest rate'],
  ['semiconductor', '반도체', '半導体', 'chip', 'semiconductor'],
  ['election', '선거', '選挙', 'election'],
  ['tariff', '관세', '関税', 'tariff'],
  ['trade', '무역', '通商', '통상', '貿易', 'trade'],
  ['missile', '미사일', 'ミサイル', 'missile'],
  ['nuclear', '핵무기', '핵실험', '비핵화', '核兵器', '核実験', '非核化', 'nuclear'],
  ['hydrogen', '수소', '水素', 'hydrogen'],
  ['artificial intelligence', '인공지능', '人工知能', 'artificial intelligence'],
  ['festival', '축제', '祭', 'まつり', 'festival'],
  ['concert', '공연', '公演', 'コンサート', '콘서트', 'concert'],
  ['exhibition', '전시', '展示', '박람회', '博覧会', 'exhibition', 'expo'],
  ['fisheries', '어업', '漁業', 'fisheries', 'fishing'],
];

const VENUE_OF = keyed(VENUES);
const SUBJECT_OF = keyed(SUBJECTS);

function keyed(rows: readonly (readonly string[])[]): [string, string][] {
  return rows.flatMap((names) => names.map((n) => [n, names[0] as string] as [string, string]));
}

/** Days of the month: 23일, ２３日 (not 3일간, 3日目, 日本), "the 23rd", "August 23", "23 August". */
const DAY_PATTERNS: readonly RegExp[] = [
  /(?<![\d.])(\d{1,2})\s?일(?!간|째|동안)/gu,
  /(?<![\d.])(\d{1,2})日(?!間|目|本|連続)/gu,
  /\b(\d{1,2})(?:st|nd|rd|th)\b/gi,
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})\b/g,
  /\b(\d{1,2})\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b/g,
];
/** A score or result, "2-1", "１－２": the same however the report orders the sides. */
const SCORE = /(?<![\d.])(\d{1,2})\s?[-–:－]\s?(\d{1,2})(?![\d.])/gu;
const NUMBER = /(?<![\d.,])\d+(?:[.,]\d+)*/g;
const LATIN = /[A-Za-z][A-Za-z0-9]*(?:[-&][A-Za-z0-9]+)*/g;

export function languageSignature(text: string): LanguageSignature {
  const folded = text.normalize('NFKC');
  const lower = folded.toLowerCase();
  const places = placesNamedIn(folded);
  for (const [name, key] of VENUE_OF) if (named(lower, name)) places.add(key);
  const subjects = new Set<string>();
  for (const [name, key] of SUBJECT_OF) if (named(lower, name)) subjects.add(key);

  const days = new Set<string>();
  for (const re of DAY_PATTERNS) {
    for (const m of folded.matchAll(re)) {
      const day = Number(m[1]);
      if (day >= 1 && day <= 31) days.add(String(day));
    }
  }
  const numbers = new Set<string>();
  let rest = folded;
  for (const m of folded.matchAll(SCORE)) {
    numbers.add(`score ${[Number(m[1]), Number(m[2])].sort((a, b) => a - b).join('-')}`);
    rest = rest.replace(m[0], ' ');
  }
  // Days are counted as days; years and single digits are in every story of their time.
  for (const re of DAY_PATTERNS) rest = rest.replace(re, ' ');
  for (const [n] of rest.matchAll(NUMBER)) {
    const value = n.replace(/,(?=\d{3}\b)/g, '');
    if (/^(?:19|20)\d\d$/.test(value) || /^\d$/.test(value)) continue;
    numbers.add(String(Number(value.replace(',', '.'))));
  }
  const latin = new Set<string>();
  for (const [word] of folded.matchAll(LATIN)) {
    // Acronyms, names and model numbers: capitalised or with a digit, two letters at least.
    if (word.length >= 2 && /^[A-Z]|\d/.test(word)) latin.add(word.toLowerCase());
  }
  return { places, days, numbers, latin, subjects };
}

/** A Latin name as a whole word; a Korean or Japanese one anywhere (particles attach). */
function named(lower: string, name: string): boolean {
  if (!/^[a-z' ]+$/.test(name)) return lower.includes(name);
  return new RegExp(`\\b${name}s?\\b`).test(lower);
}

export interface LanguageStory {
  /** The report's language ("ko"), else read from its script; English when neither says. */
  languages: Set<string>;
  signature: LanguageSignature;
  /** Epoch ms of its first and last article. */
  firstAt: number;
  lastAt: number;
}

interface ArticleLike {
  title: string | null;
  text: string;
  lang?: string | null;
}

/** The articles of one story as the join compares them: their languages and one signature. */
export function languageStory(
  articles: readonly ArticleLike[],
  span: { firstAt: string | number; lastAt: string | number },
): LanguageStory {
  const languages = new Set(articles.map(languageOf));
  const signature = languageSignature(articles.map((a) => `${a.title ?? ''}\n${a.text}`).join('\n'));
  return { languages, signature, firstAt: toMs(span.firstAt), lastAt: toMs(span.lastAt) };
}

export function languageOf(article: ArticleLike): string {
  const tagged = article.lang?.trim().toLowerCase().split(/[-_]/)[0];
  return tagged || scriptLanguage(`${article.title ?? ''} ${article.text}`) || 'en';
}

function toMs(t: string | number): number {
  return typeof t === 'number' ? t : Date.parse(t);
}

export const JOIN_RULES = {
  /** Reports further apart than this (between their spans) are not joined. */
  maxGapHours: 48,
  /** Shared days, numbers, names, venues and kinds of event needed to join. */
  minEvidence: 3,
} as const;

/** Why two stories in different languages are one event, or null when they are not (or may not be). */
export function sameEventAcrossLanguages(
  a: LanguageStory,
  b: LanguageStory,
  rules = JOIN_RULES,
): { evidence: string[] } | null {
  if ([...a.languages].some((l) => b.languages.has(l))) return null;
  const gap = Math.max(a.firstAt - b.lastAt, b.firstAt - a.lastAt, 0);
  if (gap > rules.maxGapHours * 3_600_000) return null;
  const [sa, sb] = [a.signature, b.signature];
  const places = shared(sa.places, sb.places);
  if (places.length === 0) return null;
  const days = shared(sa.days, sb.days);
  // Both say which day, or what kind of event, and disagree: two events.
  if (sa.days.size > 0 && sb.days.size > 0 && days.length === 0) return null;
  const subjects = shared(sa.subjects, sb.subjects);
  if (sa.subjects.size > 0 && sb.subjects.size > 0 && subjects.length === 0) return null;
  const evidence = [
    ...days.map((d) => `day ${d}`),
    ...shared(sa.numbers, sb.numbers),
    ...shared(sa.latin, sb.latin),
    ...places.filter((p) => !isCountryOrRegion(p)),
    ...subjects,
  ];
  return evidence.length >= rules.minEvidence ? { evidence } : null;
}

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a].filter((x) => b.has(x)).sort();
}

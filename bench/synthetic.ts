import type { Article } from '../src/ingest/article.ts';

/*
 * Deterministic synthetic news for the store benchmarks: the same index gives the same article on
 * every run, so figures compare across machines and commits. About 1.5 kB of text per article,
 * spread over 60 days, drawn from a few hundred subjects so topic searches match realistic shares.
 */

const COUNTRIES = [
  'Korea',
  'Japan',
  'China',
  'India',
  'Brazil',
  'Mexico',
  'Canada',
  'France',
  'Germany',
  'Italy',
  'Spain',
  'Poland',
  'Kenya',
  'Nigeria',
  'Egypt',
  'Turkey',
  'Vietnam',
  'Thailand',
  'Indonesia',
  'Australia',
  'Chile',
  'Peru',
  'Norway',
  'Sweden',
  'Ghana',
  'Morocco',
  'Qatar',
  'Ukraine',
];
const SUBJECTS = [
  'trade talks',
  'port strike',
  'climate finance',
  'election',
  'central bank',
  'rail link',
  'fishing quota',
  'chip exports',
  'wheat harvest',
  'summit',
  'ceasefire',
  'heatwave',
  'floods',
  'pension reform',
  'football match',
  'teachers union',
  'power grid',
  'vaccine deal',
  'tax treaty',
  'steel tariffs',
];
const VERBS = [
  'agreed',
  'announced',
  'rejected',
  'postponed',
  'signed',
  'criticised',
  'welcomed',
  'proposed',
];
const ROLES = ['minister', 'spokesperson', 'governor', 'union leader', 'analyst', 'mayor', 'ambassador'];
const NAMES = ['Kim', 'Sato', 'Okafor', 'Silva', 'Novak', 'Haddad', 'Larsen', 'Mehta', 'Dubois', 'Ortiz'];
const SITES = ['Harbour Times', 'Daily Ledger', 'Wire Service', 'Morning Post', 'Eastern Herald'];

const START = Date.UTC(2026, 8, 1);
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32), seeded per article. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

export function syntheticArticle(i: number): Article & { url: string; publishedAt: string } {
  const rnd = random(i * 2_654_435_761);
  const a = pick(rnd, COUNTRIES);
  let b = pick(rnd, COUNTRIES);
  if (b === a) b = COUNTRIES[(COUNTRIES.indexOf(a) + 1) % COUNTRIES.length] as string;
  const subject = pick(rnd, SUBJECTS);
  const site = pick(rnd, SITES);
  const published = new Date(START + Math.floor(rnd() * 60 * DAY));
  const sentences: string[] = [];
  for (let k = 0; k < 12; k++) {
    const name = `${pick(rnd, NAMES)} ${pick(rnd, NAMES)}`;
    sentences.push(
      // A third country now and then, as real reports mention neighbours, not every country.
      `${name}, the ${pick(rnd, [a, b])} ${pick(rnd, ROLES)}, said the ${subject} ${pick(rnd, VERBS)} on day ${k + 1} would affect ${Math.floor(rnd() * 900 + 100)} companies in ${rnd() < 0.1 ? pick(rnd, COUNTRIES) : pick(rnd, [a, b])}.`,
    );
  }
  return {
    title: `${a} and ${b} ${subject}: ${pick(rnd, VERBS)} after talks (${i})`,
    text: `${sentences.slice(0, 4).join(' ')}\n\n${sentences.slice(4, 8).join(' ')}\n\n${sentences.slice(8).join(' ')}`,
    source: `https://${site.toLowerCase().replace(/\s+/g, '-')}.example/${i}`,
    url: `https://${site.toLowerCase().replace(/\s+/g, '-')}.example/${i}`,
    siteName: site,
    lang: 'en',
    publishedAt: published.toISOString(),
  };
}

/** A topic as a user would type it: a country pair, a subject, or both. */
export function syntheticTopic(i: number): string {
  const rnd = random(i * 40_503 + 7);
  const a = pick(rnd, COUNTRIES).toLowerCase();
  const b = pick(rnd, COUNTRIES).toLowerCase();
  const subject = pick(rnd, SUBJECTS);
  switch (i % 3) {
    case 0:
      return `${a}-${b}`;
    case 1:
      return `"${subject}"`;
    default:
      return `${a} ${subject}`;
  }
}

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

const DAY = 86_400_000;
/**
 * The first day of the synthetic articles. BENCH_SYNTHETIC_END (an ISO time) moves the 60 days to end
 * then instead, so an app that searches "now" (bench/startup.ts --articles) finds them in its window.
 */
const START = process.env.BENCH_SYNTHETIC_END
  ? Date.parse(process.env.BENCH_SYNTHETIC_END) - 60 * DAY
  : Date.UTC(2026, 8, 1);
/** The end of the synthetic articles' 60 days: "now" for topic searches. */
export const SYNTHETIC_END = new Date(START + 60 * DAY);
/** The days `size` articles span: 60, or as many as a newsroom's 5,000 a day fill (1M: 200 days). */
export function syntheticSpanDays(size: number): number {
  return Math.max(60, Math.ceil(size / 5000));
}
/** "Now" for topic searches over articles spread over `spanDays`. */
export function syntheticEnd(spanDays = 60): Date {
  return new Date(START + spanDays * DAY);
}

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

/** An article's first draws: its countries, subject, outlet and time. */
function heading(rnd: () => number, spanDays = 60) {
  const a = pick(rnd, COUNTRIES);
  let b = pick(rnd, COUNTRIES);
  if (b === a) b = COUNTRIES[(COUNTRIES.indexOf(a) + 1) % COUNTRIES.length] as string;
  const subject = pick(rnd, SUBJECTS);
  const site = pick(rnd, SITES);
  const published = new Date(START + Math.floor(rnd() * spanDays * DAY));
  return { a, b, subject, site, published };
}

function articleRandom(i: number) {
  return random(i * 2_654_435_761);
}

/** When article `i` was published (epoch ms), without writing its text. */
export function syntheticPublishedAt(i: number, spanDays = 60): number {
  return heading(articleRandom(i), spanDays).published.getTime();
}

export function syntheticArticle(i: number, spanDays = 60): Article & { url: string; publishedAt: string } {
  const rnd = articleRandom(i);
  const { a, b, subject, site, published } = heading(rnd, spanDays);
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

/** The digest benchmark's topics: ten subjects a channel might follow. */
export const TOPICS = [
  'lithium mining',
  'ferry safety',
  'grain exports',
  'wind farms',
  'bird flu',
  'metro strike',
  'water tariffs',
  'space launch',
  'coral bleaching',
  'steel tariffs',
];

const PEOPLE = [
  'Amara Osei',
  'Lucas Brandt',
  'Mei Tanaka',
  'Ravi Kapoor',
  'Sofia Lindqvist',
  'Tomás Ferreira',
];
const CITIES = ['Antofagasta', 'Gdansk', 'Mombasa', 'Porto', 'Da Nang', 'Tromsø', 'Cebu', 'Valencia'];
const SYLLABLES = [
  'ka',
  'lo',
  'ven',
  'dar',
  'mis',
  'tor',
  'bel',
  'quin',
  'ru',
  'sa',
  'fen',
  'gal',
  'pri',
  'hom',
  'zet',
  'nu',
];

/** Made-up content words, distinct per story, so stories of one topic do not read alike. */
function storyWords(seed: number, n: number): string[] {
  const rnd = random(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: 3 }, () => SYLLABLES[Math.floor(rnd() * SYLLABLES.length)]).join(''),
  );
}

/**
 * Three stories per topic, each told by two outlets in their own order, all from the day before
 * `now`: the digest benchmark's news. Stories of one topic share the topic's words, not their own.
 */
export function benchStories(now: Date): Article[] {
  const out: Article[] = [];
  TOPICS.forEach((topic, t) => {
    for (let s = 0; s < 3; s++) {
      const person = PEOPLE[(t + s * 2) % PEOPLE.length] as string;
      const city = CITIES[(t * 3 + s) % CITIES.length] as string;
      const figure = 100 + t * 37 + s * 211;
      const w = storyWords(t * 97 + s * 13 + 1, 24);
      const at = new Date(now.getTime() - (6 + t + s * 3) * 3_600_000).toISOString();
      const facts = [
        `The ${topic} ruling in ${city} names ${w[0]} ${w[1]} and ${w[2]} after ${figure} days.`,
        `${person} said ${w[3]} ${w[4]} ${w[5]} would cost ${figure} million from ${2027 + s}.`,
        `${w[6]} ${w[7]} ${w[8]} ${w[9]} in ${city} answered with ${w[10]} ${w[11]}.`,
        `${w[12]} ${w[13]} ${w[14]} ${w[15]} expect ${figure} ${w[16]} ${w[17]}.`,
        `${w[18]} ${w[19]} ${w[20]} ${w[21]} ${w[22]} ${w[23]} on ${topic}.`,
      ];
      out.push(
        {
          title: `${city} moves on ${topic}: ${person} sets out ${figure} million plan`,
          text: facts.join(' '),
          source: `https://wire.example/${t}-${s}`,
          url: `https://wire.example/${t}-${s}`,
          siteName: 'Wire Service',
          lang: 'en',
          publishedAt: at,
        },
        {
          title: `${person} defends ${topic} ruling in ${city}`,
          text: [facts[1], facts[0], facts[3], facts[2], facts[4]].join(' '),
          source: `https://ledger.example/${t}-${s}`,
          url: `https://ledger.example/${t}-${s}`,
          siteName: 'Daily Ledger',
          lang: 'en',
          publishedAt: at,
        },
      );
    }
  });
  return out;
}

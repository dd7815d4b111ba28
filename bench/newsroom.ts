import type { Article } from '../src/ingest/article.ts';

/*
 * A newsroom's stream for the clustering benchmark (bench/cluster.ts) and the volume tests: planted
 * stories, each told by 3–30 different outlets over up to 72 hours, with the ground truth. Every
 * story has its own people, place, organisation and figures, told in sentences each outlet picks and
 * words in its own way. A fifth of the stories have a decoy: another story between the same two
 * countries on the same subject (a second football final, another round of trade talks) in the
 * same days, sharing the country names and the subject's words but none of the facts. Deterministic:
 * the same options give the same stream.
 */

export interface NewsroomOptions {
  days: number;
  perDay: number;
  /** Default 1. */
  seed?: number;
  /** Epoch ms of the stream's first day; default 2026-09-01. */
  start?: number;
}

export interface NewsroomArticle {
  article: Article & { url: string; publishedAt: string };
  /** Ground truth: articles with the same value are one story. */
  story: number;
  at: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic generator (mulberry32). */
export function random(seed: number) {
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

function shuffled<T>(rnd: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

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
  'Chile',
  'Peru',
  'Norway',
];

/** Subjects with the words every story of that kind uses, whoever is involved. */
const SUBJECTS: { name: string; words: string[] }[] = [
  { name: 'trade talks', words: ['tariffs', 'negotiators', 'exports', 'quotas', 'deal'] },
  { name: 'football final', words: ['match', 'goal', 'coach', 'stadium', 'squad'] },
  { name: 'port strike', words: ['dockworkers', 'union', 'wages', 'cargo', 'terminal'] },
  { name: 'election', words: ['ballots', 'candidates', 'turnout', 'campaign', 'voters'] },
  { name: 'floods', words: ['rainfall', 'rescuers', 'evacuated', 'rivers', 'shelters'] },
  { name: 'central bank', words: ['inflation', 'rates', 'currency', 'lending', 'bonds'] },
  { name: 'rail link', words: ['tracks', 'tunnel', 'contractors', 'freight', 'stations'] },
  { name: 'vaccine deal', words: ['doses', 'clinics', 'regulators', 'trials', 'supply'] },
  { name: 'heatwave', words: ['temperatures', 'hospitals', 'power', 'drought', 'crops'] },
  { name: 'ceasefire', words: ['troops', 'mediators', 'border', 'shelling', 'truce'] },
];

const OUTLETS = Array.from({ length: 40 }, (_, i) => {
  const a = ['Harbour', 'Daily', 'Morning', 'Eastern', 'Western', 'Capital', 'Coastal', 'Northern'][i % 8];
  const b = ['Times', 'Ledger', 'Post', 'Herald', 'Wire'][Math.floor(i / 8)];
  return `${a} ${b}`;
});

const SYLLABLES = `ka lo ven dar mis tor bel quin ru sa fen gal pri hom zet nu ar bo cel di mo
  tak ish pel yor vam ek sun lid gor fa ne wi hul ost ran jeb cor tim`.split(/\s+/);

function coined(rnd: () => number, syllables: number): string {
  const word = Array.from({ length: syllables }, () => pick(rnd, SYLLABLES)).join('');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Content words a story may be about, beyond its subject's: each story draws a few. */
const TOPIC_WORDS = `lithium ferry grain turbines pipeline refinery airport bridge hospital reactor
  satellite vaccine fishing copper harvest warehouse tanker shipyard smelter subway highway dam
  orchard vineyard telescope laboratory cathedral museum bakery brewery textile pharmacy mine
  quarry forest glacier volcano island canal harbour lighthouse factory semiconductor battery
  drone helicopter submarine frigate locomotive tram bus taxi bicycle scooter ferryboat`.split(/\s+/);

const ROLES = [
  'minister',
  'spokesperson',
  'governor',
  'union leader',
  'analyst',
  'mayor',
  'ambassador',
  'chief executive',
];

/** Things said in any story, whatever it is about. */
const FILLER = [
  'Analysts said the coming days would show how much had really changed.',
  'Officials declined to give further details on Friday evening.',
  'The announcement was broadcast live on national television.',
  'Markets reacted calmly to the news in early trading.',
  'Opposition figures called for a full public debate on the matter.',
  'Local newspapers devoted their front pages to the developments.',
];

interface Story {
  id: number;
  a: string;
  b: string;
  subject: (typeof SUBJECTS)[number];
  people: string[];
  place: string;
  org: string;
  words: string[];
  figures: string[];
  start: number;
  span: number;
  size: number;
  facts: [string, string][];
  headlines: string[];
}

function makeStory(
  rnd: () => number,
  id: number,
  start: number,
  pair?: { a: string; b: string; subject: Story['subject'] },
): Story {
  const s = makeFacts(rnd, id, start, pair);
  const story = { ...s, facts: [] as [string, string][], headlines: [] as string[] };
  story.facts = facts(rnd, story);
  story.headlines = [headline(rnd, story), headline(rnd, story)];
  return story;
}

function makeFacts(
  rnd: () => number,
  id: number,
  start: number,
  pair?: { a: string; b: string; subject: Story['subject'] },
): Omit<Story, 'facts' | 'headlines'> {
  const a = pair?.a ?? pick(rnd, COUNTRIES);
  let b = pair?.b ?? pick(rnd, COUNTRIES);
  if (b === a) b = COUNTRIES[(COUNTRIES.indexOf(a) + 1) % COUNTRIES.length] as string;
  return {
    id,
    a,
    b,
    subject: pair?.subject ?? pick(rnd, SUBJECTS),
    people: Array.from({ length: 3 }, () => `${coined(rnd, 2)} ${coined(rnd, 3)}`),
    place: coined(rnd, 3),
    org: coined(rnd, 3),
    words: shuffled(rnd, TOPIC_WORDS).slice(0, 4),
    figures: [
      `${Math.floor(rnd() * 900 + 100)} million`,
      `${Math.floor(rnd() * 80 + 11)} percent`,
      `${Math.floor(rnd() * 9000 + 1000)} workers`,
    ],
    start,
    span: (1 + rnd() * 71) * HOUR,
    size: 3 + Math.floor(rnd() * 28),
  };
}

/**
 * Sentence frames a story's facts are told in: each story uses six of them, so stories do not
 * read alike sentence by sentence (real reports on different events share few phrasings).
 * P/Q/R people, X place, O organisation, A/B countries, W1–W4 the story's words, S1–S4 the
 * subject's, F1–F3 figures.
 */
const FRAMES: [string, string][] = [
  [
    'P, the A ROLE, said the W1 S1 agreed in X were worth F1.',
    'The W1 S1 settled in X are worth F1, according to P.',
  ],
  [
    'Q of O warned that F3 at the W2 in X could be affected.',
    'O said F3 at the W2 could feel the effects, Q told reporters.',
  ],
  [
    'The B delegation led by R wants the W3 S2 cut by F2.',
    'R, leading the B side, is pressing for F2 less W3 S2.',
  ],
  [
    'Talks on the W4 and the S3 continue in X next week, P said.',
    'P expects the W4 S3 to be discussed again in X.',
  ],
  ['O has already moved W2 S4 worth F1 to X.', 'Some W2 S4 worth F1 have gone to X through O.'],
  [
    'Q said R had promised the W1 and W3 would not be forgotten.',
    'R promised Q that the W1 and the W3 would be protected.',
  ],
  ['Crowds gathered outside the W1 in X as P arrived.', 'P arrived at the X W1 to a waiting crowd.'],
  [
    'R accused O of hiding the true cost of the W4, put at F1.',
    'The W4 will cost F1, R said, accusing O of concealing it.',
  ],
  [
    'A court in X suspended the W2 S1 after a complaint by Q.',
    'Q won a suspension of the W2 S1 from judges in X.',
  ],
  [
    'Engineers at the X W3 estimated repairs would take F2 longer.',
    'Repairs at the W3 in X will run F2 over schedule, engineers estimate.',
  ],
  ['P told parliament the W1 S2 had been rushed.', 'The W1 S2 was rushed, P admitted before lawmakers.'],
  ['Shares in O fell F2 after the W4 figures came out.', 'O lost F2 of its market value on the W4 news.'],
  ['Residents of X staged a protest over the W2 on Sunday.', 'Hundreds marched through X against the W2.'],
  ['R pledged F1 in new funds for the W3 S3.', 'New money for the W3 S3, F1 in all, was pledged by R.'],
  ['The W1 inspectors from O found faults in F3 cases.', 'O inspectors reported F3 faulty W1 cases.'],
  ['Q resigned from O, citing the handling of the W4 S4.', 'The W4 S4 cost Q the job at O.'],
  ['A B envoy, R, flew to X to sign the W2 protocol.', 'R signed the W2 protocol in X on behalf of B.'],
  [
    'P said F3 people had applied for the W3 S1 scheme.',
    'Applications to the W3 S1 scheme reached F3, P said.',
  ],
];

const FILLER_MORE = [
  'The full text is expected to be published later.',
  'Further meetings have not yet been scheduled.',
  'Observers described the mood as cautious.',
  'Critics were quick to respond online.',
  'Neighbouring states are watching closely.',
  'Commentators were divided over the outcome.',
];

function facts(rnd: () => number, s: Omit<Story, 'facts' | 'headlines'>): [string, string][] {
  const fill = (t: string) =>
    t.replace(/\b(ROLE|W[1-4]|S[1-4]|F[1-3]|[PQRXOAB])\b/g, (m) => {
      const [p, q, r] = s.people;
      const table: Record<string, string | undefined> = {
        P: p,
        Q: q,
        R: r,
        X: s.place,
        O: s.org,
        A: s.a,
        B: s.b,
        ROLE: ROLES[s.id % ROLES.length],
        W1: s.words[0],
        W2: s.words[1],
        W3: s.words[2],
        W4: s.words[3],
        S1: s.subject.words[0],
        S2: s.subject.words[1],
        S3: s.subject.words[2],
        S4: s.subject.words[3],
        F1: s.figures[0],
        F2: s.figures[1],
        F3: s.figures[2],
      };
      return table[m] ?? m;
    });
  return shuffled(rnd, FRAMES)
    .slice(0, 6)
    .map(([x, y]) => [fill(x), fill(y)]);
}

function headline(rnd: () => number, s: Omit<Story, 'facts' | 'headlines'>): string {
  const [w1, w2] = s.words as [string, string];
  const [p1, p2] = s.people as [string, string];
  return pick(rnd, [
    `${s.a} and ${s.b} ${s.subject.name}: ${w1} ${s.subject.words[0]} settled in ${s.place}`,
    `${s.org} under pressure over ${s.place} ${w2}`,
    `${s.figures[0]} ${w1} plan splits ${s.place}`,
    `Inside the ${s.place} ${w2} row`,
    `${s.place} ${w1} ${s.subject.words[0]}: ${s.org} backs ${p1}`,
    `${p1} hails ${s.place} ${w1} accord as ${w2} worries linger`,
    `${s.a}-${s.b} ${s.subject.name} in ${s.place} turn on ${w1} and ${w2}`,
    `${p2} of ${s.org} questions ${w2} plan`,
    `${s.subject.name}: what the ${s.place} ${w1} outcome means`,
  ]);
}

function tell(rnd: () => number, s: Story, k: number, outlet: string, at: number): NewsroomArticle {
  const told = shuffled(rnd, s.facts).slice(0, 3 + Math.floor(rnd() * 3));
  const sentences = told.map((f) => (rnd() < 0.5 ? f[0] : f[1]));
  sentences.push(pick(rnd, rnd() < 0.5 ? FILLER : FILLER_MORE));
  const site = outlet.toLowerCase().replace(/\s+/g, '-');
  const url = `https://${site}.example/${s.id}-${k}`;
  return {
    story: s.id,
    at,
    article: {
      title: pick(rnd, s.headlines),
      text: `${sentences.slice(0, 3).join(' ')}\n\n${sentences.slice(3).join(' ')}`,
      source: url,
      url,
      siteName: outlet,
      lang: 'en',
      publishedAt: new Date(at).toISOString(),
    },
  };
}

/** The stream, oldest first: about `perDay` articles a day for `days` days. */
export function newsroomStream(opts: NewsroomOptions): NewsroomArticle[] {
  const rnd = random(opts.seed ?? 1);
  const start = opts.start ?? Date.UTC(2026, 8, 1);
  const total = opts.days * opts.perDay;
  const stories: Story[] = [];
  let planted = 0;
  while (planted < total) {
    const s = makeStory(rnd, stories.length, start + rnd() * opts.days * DAY);
    stories.push(s);
    planted += s.size;
    if (rnd() < 0.2 && planted < total) {
      // A decoy: the same countries and subject in the same days, other facts.
      const d = makeStory(rnd, stories.length, s.start + (rnd() - 0.5) * DAY, s);
      stories.push(d);
      planted += d.size;
    }
  }
  const out: NewsroomArticle[] = [];
  for (const s of stories) {
    const outlets = shuffled(rnd, OUTLETS).slice(0, s.size);
    outlets.forEach((outlet, k) => {
      // The first report opens the story; the others follow within its span.
      const at = Math.round(s.start + (k === 0 ? 0 : rnd() * s.span));
      out.push(tell(rnd, s, k, outlet, at));
    });
  }
  return out.sort((x, y) => x.at - y.at || x.story - y.story);
}

/**
 * Pairwise precision and recall of story membership: of the article pairs put in one story, the
 * share that are one story in truth, and of the pairs that are, the share put together.
 */
export function pairwiseScores(truth: readonly number[], predicted: readonly number[]) {
  const pairs = (counts: Map<string | number, number>) => {
    let n = 0;
    for (const c of counts.values()) n += (c * (c - 1)) / 2;
    return n;
  };
  const count = <K>(keys: K[]) => {
    const m = new Map<K, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const both = pairs(count(truth.map((t, i) => `${t}:${predicted[i]}`)));
  const predictedPairs = pairs(count([...predicted]));
  const truePairs = pairs(count([...truth]));
  return {
    precision: predictedPairs === 0 ? 1 : both / predictedPairs,
    recall: truePairs === 0 ? 1 : both / truePairs,
  };
}

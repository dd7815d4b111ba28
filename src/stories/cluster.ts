/*
 * Which articles tell the same story. Pure: texts and times in, decisions out.
 *
 * Two articles are one story when they are close in time AND say the same things: a weighted
 * cosine over content words (stop words, news boilerplate and country/capital names removed), plus
 * "anchors" shared between them: names that are not places everyone mentions (Park Min-seo,
 * Busan, Osaka) and numbers that are not years (90 days, 12 percent, 2-1). Country names alone say
 * where, not what: a football match between the same two countries shares them with the trade
 * talks, so they count for nothing here.
 *
 * Two reports of one event name at least one of the same people, places, organisations or
 * figures. So wording alone (a strong cosine) joins two articles that both name things only when
 * they share one of those names, or when the wording is so close that one is a rewrite of the
 * other: at newsroom volume, two stories of one kind ("X plan splits Y", "what the Z outcome
 * means") meet at cosines of 0.5 with nothing specific in common.
 *
 * When a story closes: an article joins a story when it is the same story as one of its members
 * no more than `maxGapHours` (72 h) away in time (single link), so a story that keeps being
 * reported, talks over weeks with a report at least every three days, keeps one story id for as
 * long as it continues; once three days pass with no report, the story is closed, and the next
 * round is a new story.
 */

export interface ClusterInput {
  title: string | null;
  text: string;
  /** Epoch ms: published, else ingested. */
  at: number;
}

export interface Features {
  /** Content terms, sorted (code-unit order), so two articles compare in one merge pass. */
  terms: string[];
  /** Each term's weight (1 + ln tf; title words count double), in the order of `terms`. */
  weights: number[];
  /** Euclidean norm of the weights, precomputed for the cosine. */
  norm: number;
  /** Distinctive names and numbers, lower-cased, sorted and unique. */
  anchors: string[];
  at: number;
  /** Most of its terms are Korean, Japanese or Chinese pieces (STORY_RULES.cjkStrongCosine). */
  cjk: boolean;
}

export interface Similarity {
  cosine: number;
  /** Anchors both articles have. */
  sharedAnchors: number;
}

export const STORY_RULES = {
  /** Articles further apart than this are different stories (a later round of talks is news again). */
  maxGapHours: 72,
  /**
   * At or above: the same story on wording, provided the two share an anchor when both have
   * `anchoredAt` anchors or more (see the header).
   */
  strongCosine: 0.5,
  /** At or above: the same story on wording alone, names or not (one text rewritten). */
  rewriteCosine: 0.8,
  /** An article with this many anchors names things: a strong match must share one of them. */
  anchoredAt: 2,
  /** At or above, with enough shared anchors: the same story. Below: never. */
  weakCosine: 0.2,
  minSharedAnchors: 3,
  /**
   * The strong threshold between two CJK articles. Their terms are character pairs, far more of
   * them per article than English words and with no names to anchor on, so unrelated reports meet
   * at lower cosines (≤ 0.12 on fixtures/stories-cjk, the same-countries football decoy included)
   * and two outlets' reports of one story at 0.19–0.65.
   */
  cjkStrongCosine: 0.17,
} as const;

import { cjkTerms, hasCjk } from '../text/cjk.ts';

const TOKEN = /[\p{L}\p{N}]+(?:[-'’.,%][\p{L}\p{N}]+)*%?/gu;

/** Function words and the words every news story uses, whatever it is about. */
const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each early end few for from
  further had has have having he her here hers him his how i if in into is it its itself just last
  late least less many may me might more most much must my near new next no nor not now of off on
  once one only or other our ours out over own per same she should since so some such than that the
  their theirs them then there these they this those through to too two three four five six seven
  eight nine ten under until up upon us very was we were what when where which while who whom why
  will with within without would you your yours year years month months week weeks day days today
  yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday january february march
  april may june july august september october november december said says say told tell according
  report reported reports news statement official officials minister ministers government
  governments country countries people time times percent first second third side sides both two
  meet meeting met held hold around already still however including two-day
  mr ms mrs dr`.split(/\s+/),
);

/**
 * Places nearly every story about a country names: they say where, not what. Every country (by
 * its common English name, the one-word parts of two-word names that are not also common words,
 * and the demonyms news uses most), the capitals of the most reported ones, and regions. The
 * cities where things happen (Busan, Osaka, Valparaíso) stay distinctive. Left out: country names
 * that are as often people's (Jordan, Chad).
 */
const GENERIC_PLACES = new Set(
  `korea korean koreans south north japan japanese china chinese beijing seoul tokyo
  pyongyang america american americans united states us u.s washington europe european eu
  asia asian africa african chile chilean vietnam vietnamese hanoi santiago india indian
  russia russian moscow britain british uk london france french paris germany german berlin
  afghanistan afghan albania algeria algerian andorra angola argentina argentine argentinian
  armenia australia australian austria austrian azerbaijan bahamas bahrain bangladesh barbados
  belarus belgium belgian belize benin bhutan bolivia bosnia herzegovina botswana brazil
  brazilian brunei bulgaria bulgarian burkina faso burundi cambodia cameroon canada canadian
  colombia colombian comoros congo croatia croatian cuba cuban cyprus czechia czech denmark
  danish djibouti dominica ecuador egypt egyptian eritrea estonia eswatini ethiopia ethiopian
  fiji finland finnish gabon gambia georgia ghana greece greek grenada guatemala guinea guyana
  haiti honduras hungary hungarian iceland indonesia indonesian iran iranian iraq iraqi ireland
  irish israel israeli italy italian jamaica kazakhstan kenya kenyan kiribati kosovo kuwait
  kyrgyzstan laos latvia lebanon lebanese lesotho liberia libya libyan liechtenstein lithuania
  luxembourg madagascar malawi malaysia malaysian maldives mali malta mauritania mauritius mexico
  mexican micronesia moldova monaco mongolia montenegro morocco moroccan mozambique myanmar burma
  namibia nauru nepal netherlands dutch nicaragua niger nigeria nigerian norway norwegian oman
  pakistan pakistani palau palestine palestinian panama paraguay peru peruvian philippines
  filipino poland portugal portuguese qatar romania romanian rwanda samoa saudi arabia senegal
  serbia serbian seychelles singapore slovakia slovenia somalia somali spain spanish sudan
  suriname sweden swedish switzerland swiss syria syrian taiwan taiwanese tajikistan tanzania
  thailand thai timor togo tonga tunisia trinidad turkey turkish türkiye turkmenistan tuvalu
  uganda ukraine ukrainian uruguay uzbekistan vanuatu vatican venezuela venezuelan yemen zambia
  zimbabwe lanka zealand emirates hong kong
  ottawa brasilia canberra delhi rome madrid warsaw nairobi abuja cairo ankara lima oslo kyiv
  kiev tehran baghdad jerusalem riyadh islamabad jakarta manila bangkok taipei`.split(/\s+/),
);
/**
 * The same for Korean, Japanese and Chinese, as the terms `cjkTerms` makes of them (particles off,
 * Han/kana as bigrams): country and capital names, and the words of reporting every story uses.
 */
const CJK_GENERIC = new Set(
  `한국 일본 중국 미국 북한 서울 도쿄 베이징 정부 대통령 총리 장관 기자 뉴스 밝혔다 말했다 했다 있다 것으로
  이번 지난 오는 위해 대해 통해 관련 이날 현지시간 韓国 日本 中国 米国 北朝 朝鮮 東京 北京 政府 首相 大統
  統領 記者 今回 ソウ ウル`.split(/\s+/),
);
/** CJK radicals, kana, Han and Hangul all lie above U+2E80; Latin, Greek and Cyrillic below. */
const CJK_START = 0x2e80;
const HAS_HIRAGANA = /\p{Script=Hiragana}/u;

/** Sentence-initial or calendar words are capitalised without being names. */
const NOT_NAMES = new Set(
  `the a an in on at for from after before under with by as but and or if when while this that these
  those his her their its our we they he she it i`.split(/\s+/),
);

function isYear(token: string): boolean {
  return /^(19|20)\d\d$/.test(token);
}

/** A light stemmer: enough to make "talks"/"talk" and "licences"/"licence" one term. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/u, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ches|shes|sses|xes)$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  return w;
}

function addTerm(terms: Map<string, number>, term: string, by: number): void {
  terms.set(term, (terms.get(term) ?? 0) + by);
}

/**
 * What `features` keeps of an article, in a form that survives JSON (and jsonb: arrays keep their
 * order, so the sums come out bit for bit the same): raw term counts and anchors, each sorted.
 * Stored per story member at assign time, so a new article is compared without re-reading texts.
 * Rows stored before the sorting (first-seen order) still read right: `featuresFrom` sorts them.
 */
export interface StoredFeatures {
  /** Content terms, sorted. */
  t: string[];
  /** Their counts (title words count 2), same order. */
  c: number[];
  /** Anchors, sorted. */
  a: string[];
}

/** Term counts and anchors of one article: the stored form of its features. */
export function featureCounts(input: Pick<ClusterInput, 'title' | 'text'>): StoredFeatures {
  const counts = new Map<string, number>();
  const anchors = new Set<string>();
  const read = (text: string, weight: number) => {
    for (const sentence of text.split(/(?<=[.!?"”])\s+|\n+/u)) {
      let first = true;
      for (const m of sentence.matchAll(TOKEN)) {
        const raw = m[0].replace(/[.,]$/u, '');
        const lower = raw.toLowerCase();
        const wasFirst = first;
        first = false;
        if (hasCjk(raw)) {
          // No capitals to find names by: CJK words are terms, and their numbers (30조원, ７３００億円)
          // anchors. A piece with hiragana in it is grammar (particles, endings), not content.
          for (const term of cjkTerms(lower)) {
            if ([...term].length >= 2 && !CJK_GENERIC.has(term) && !HAS_HIRAGANA.test(term))
              addTerm(counts, term, weight);
          }
          for (const n of raw.normalize('NFKC').match(/\d[\d.,]*\d|\d/gu) ?? []) {
            if (!isYear(n) && n.length >= 2) anchors.add(n);
          }
          continue;
        }
        if (/\p{N}/u.test(raw)) {
          // Numbers are anchors (not terms): 90 days, 12 percent, a 2-1 score. Years and lone
          // small numbers (dates, counts) are too common to tell stories apart.
          if (!isYear(raw) && (raw.length >= 2 || /\D/.test(raw))) anchors.add(lower);
          continue;
        }
        if (GENERIC_PLACES.has(lower) || STOP_WORDS.has(lower) || lower.length < 3) continue;
        // Two places as one word ("Brazil-Peru final", "US-China talks") say where, as each does.
        if (lower.includes('-') && lower.split('-').every((part) => GENERIC_PLACES.has(part))) continue;
        addTerm(counts, stem(lower), weight);
        if (/^\p{Lu}/u.test(raw) && !wasFirst && !NOT_NAMES.has(lower)) anchors.add(stem(lower));
      }
    }
  };
  if (input.title) read(input.title, 2);
  read(input.text, 1);
  const t = [...counts.keys()].sort();
  return { t, c: t.map((term) => counts.get(term) ?? 1), a: [...anchors].sort() };
}

function isSorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i - 1] as string) >= (list[i] as string)) return false;
  return true;
}

/** How many of an article's terms index its story for candidate selection (see `storyKeys`). */
export const STORY_KEY_COUNT = 10;

/**
 * An article's strongest terms: the `n` most frequent (title words count double, so the headline's
 * words lead), ties broken by the term in code-unit order. A story is indexed by its members' keys
 * (store/stories.ts, table story_keys), and a new article's candidate stories are those sharing
 * one of its keys: whatever else arrived meanwhile, two reports of one event share their strongest
 * words. Migration 011 computes the same keys in SQL (count desc, term COLLATE "C"): keep them equal.
 */
export function storyKeys(stored: StoredFeatures, n = STORY_KEY_COUNT): string[] {
  const order = stored.t.map((_, i) => i);
  order.sort((x, y) => {
    const dc = (stored.c[y] ?? 1) - (stored.c[x] ?? 1);
    if (dc !== 0) return dc;
    const a = stored.t[x] as string;
    const b = stored.t[y] as string;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return order.slice(0, n).map((i) => stored.t[i] as string);
}

/**
 * Features from their stored form; the same values `features` gives for the same article. Sorted
 * arrays rather than maps: assigning one article compares it with hundreds of stored members, and
 * these cost a fraction of the memory and need no hashing to compare.
 */
export function featuresFrom(stored: StoredFeatures, at: number): Features {
  let order = stored.t.map((_, i) => i);
  if (!isSorted(stored.t)) {
    order = order.sort((x, y) => {
      const a = stored.t[x] as string;
      const b = stored.t[y] as string;
      return a < b ? -1 : a > b ? 1 : 0;
    });
  }
  const terms: string[] = [];
  const weights: number[] = [];
  let sumSquares = 0;
  let cjkTermCount = 0;
  for (const i of order) {
    const w = 1 + Math.log(stored.c[i] ?? 1);
    const term = stored.t[i] as string;
    terms.push(term);
    weights.push(w);
    sumSquares += w * w;
    if (term.charCodeAt(0) >= CJK_START) cjkTermCount++;
  }
  const anchors = isSorted(stored.a) ? stored.a : [...new Set(stored.a)].sort();
  return { terms, weights, norm: Math.sqrt(sumSquares), anchors, at, cjk: cjkTermCount * 2 > terms.length };
}

/** Content terms and anchors of one article. */
export function features(input: ClusterInput): Features {
  return featuresFrom(featureCounts(input), input.at);
}

export function similarity(a: Features, b: Features): Similarity {
  // Merge passes over the sorted arrays: no allocation, which matters at hundreds per article.
  let dot = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    const x = a.terms[i] as string;
    const y = b.terms[j] as string;
    if (x === y) dot += (a.weights[i++] as number) * (b.weights[j++] as number);
    else if (x < y) i++;
    else j++;
  }
  const cosine = a.norm > 0 && b.norm > 0 ? dot / (a.norm * b.norm) : 0;
  let sharedAnchors = 0;
  for (let i = 0, j = 0; i < a.anchors.length && j < b.anchors.length; ) {
    const x = a.anchors[i] as string;
    const y = b.anchors[j] as string;
    if (x === y) {
      sharedAnchors++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return { cosine, sharedAnchors };
}

export function withinGap(a: Features, b: Features, rules = STORY_RULES): boolean {
  return Math.abs(a.at - b.at) <= rules.maxGapHours * 3_600_000;
}

/** Whether two articles are one story; null when not, else how similar they are (for ranking). */
export function sameStory(a: Features, b: Features, rules = STORY_RULES): Similarity | null {
  if (!withinGap(a, b, rules)) return null;
  const sim = similarity(a, b);
  if (a.cjk && b.cjk) {
    // CJK anchors are numbers only, which two reports of one story often do not share.
    if (sim.cosine >= rules.cjkStrongCosine) return sim;
  } else if (sim.cosine >= rules.rewriteCosine) return sim;
  else if (sim.cosine >= rules.strongCosine) {
    const named = a.anchors.length >= rules.anchoredAt && b.anchors.length >= rules.anchoredAt;
    if (!named || sim.sharedAnchors > 0) return sim;
  }
  if (sim.cosine >= rules.weakCosine && sim.sharedAnchors >= rules.minSharedAnchors) return sim;
  return null;
}

export interface Candidate<Id> {
  storyId: Id;
  members: Features[];
}

/**
 * The story an article joins: among stories with a member that is `sameStory` as it, the one with
 * the highest cosine to any member (single link, so a story can grow over days within the gap).
 * Null: the article starts a story of its own.
 */
export function chooseStory<Id>(
  article: Features,
  candidates: readonly Candidate<Id>[],
  rules = STORY_RULES,
): Id | null {
  let best: { id: Id; score: number } | null = null;
  for (const c of candidates) {
    for (const m of c.members) {
      const sim = sameStory(article, m, rules);
      const score = sim ? sim.cosine + 0.01 * sim.sharedAnchors : -1;
      if (sim && (!best || score > best.score)) best = { id: c.storyId, score };
    }
  }
  return best?.id ?? null;
}

/**
 * How much an article has to say: distinct anchors (names, numbers) count most, then vocabulary.
 * The brief reads the most informative articles first, so the budget goes to them.
 */
export function informativeness(f: Features): number {
  return f.anchors.length + Math.log2(1 + f.terms.length);
}

/** Greedy clustering of a batch, oldest first, as `assign` would do one by one (tuning, tests). */
export function clusterAll(inputs: readonly ClusterInput[], rules = STORY_RULES): number[] {
  const order = inputs.map((_, i) => i).sort((x, y) => (inputs[x]?.at ?? 0) - (inputs[y]?.at ?? 0));
  const storyOf: number[] = new Array(inputs.length).fill(-1);
  const stories: Candidate<number>[] = [];
  for (const i of order) {
    const input = inputs[i];
    if (!input) continue;
    const f = features(input);
    const chosen = chooseStory(f, stories, rules);
    if (chosen === null) {
      stories.push({ storyId: stories.length, members: [f] });
      storyOf[i] = stories.length - 1;
    } else {
      stories[chosen]?.members.push(f);
      storyOf[i] = chosen;
    }
  }
  return storyOf;
}

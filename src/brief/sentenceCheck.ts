/*
 * Claim-level checking of one model-written sentence against its own evidence: the article
 * sentences it says it rests on (issue 17). Checked in this order; the first failure is the reason.
 *
 *   no-evidence  none of its quotes is in the article;
 *   name         a name (person, organisation, place) its quotes do not contain, after folding
 *                titles, initials, possessives, dots ("U.S." = "US"), a few aliases, demonyms and
 *                capitals ("U.K." from "London");
 *   number       a number or amount its quotes do not give, compared as values: "1.5 million" =
 *                "1,500,000", "more than 300,000" for 312,000, "about 40%" for 41%, number words,
 *                durations computed from the publication date ("30 years" since 1995 in 2025),
 *                units of time as the quotes' ("30 days" for "30-day", not "one-month" for
 *                "one-year");
 *   date         a month, weekday or year neither in its quotes nor the value of their relative
 *                dates ("next year", "on Monday") from the publication date (src/text/dates.ts);
 *   recombined   two of its names/numbers in one clause never appear together in one quote (or in
 *                quotes from adjacent article sentences): true words from different sentences
 *                joined anew;
 *   negation     a word the quotes negate ("failed to agree") stated plainly, or the reverse;
 *   modality     a plain or "will" claim from a hedged one ("would consider", "may");
 *   tense        a past-tense claim from a future one ("agreed" from "will agree");
 *   antonym      a word its quotes lack whose opposite they have ("rose" where they say "fell",
 *                "crewed" where they say "uncrewed"; WordNet's antonyms: "sister" for "brother");
 *   quotation    a content word inside quotation marks found in neither its quotes nor the
 *                article: a quotation is the source's words, not a paraphrase;
 *   words        too few of its content words, or of one clause's, are covered: in its quotes
 *                (stems, a small synonym list) counts 1, elsewhere in the article (`context`) a
 *                half, nowhere 0.
 * Deterministic (WordNet's files are read on first use, src/text/wordnet.ts); heuristic by nature (SECURITY.md says what it misses).
 */
import { resolveDate } from '../text/dates.ts';
import { antonymous } from '../text/wordnet.ts';
import { normalizeKeepCase } from './normalize.ts';

export type SentenceFailure =
  | 'no-evidence'
  | 'name'
  | 'number'
  | 'date'
  | 'recombined'
  | 'negation'
  | 'modality'
  | 'tense'
  | 'antonym'
  | 'quotation'
  | 'words';

export interface SentenceVerdict {
  reason: SentenceFailure;
  /** What failed, for logs: the name, number or word concerned. */
  detail: string;
}

/** One piece of located evidence: its text and where it sits, so neighbours can be told apart. */
export interface EvidenceSpan {
  text: string;
  /** Index of the article it is in, and of its (first) sentence there; -1 when unknown. */
  article: number;
  sentence: number;
}

export interface SentenceCheckOptions {
  /** The publication date relative dates are computed from (ISO 8601), or null. */
  publishedAt: string | null;
  /** Share of content words that must be in the quotes (default MIN_SENTENCE_COVERAGE). */
  minCoverage?: number;
  /** Headlines are telegraphic: a lower coverage is enough, names and numbers are checked alike. */
  headline?: boolean;
  /**
   * The whole text the quotes come from (the article). A content word missing from the quotes but
   * used elsewhere in it counts as ARTICLE_WORD_CREDIT of a covered word: a paraphrase often draws a
   * word from the sentence next to its quote, while an invented word is found nowhere. Names,
   * numbers and dates still have to be in the quotes.
   */
  context?: string;
  /** Overrides ARTICLE_WORD_CREDIT (for tuning). */
  contextCredit?: number;
  /** Overrides MIN_CLAUSE_COVERAGE (for tuning). */
  minClauseCoverage?: number;
  /** Check quoted spans word by word (default on; off for tuning). */
  quotations?: boolean;
  /** WordNet senses per word searched for opposites (default WORDNET_SENSES); 0 turns it off. */
  wordnetSenses?: number;
}

/** Opposites from WordNet's first two senses of each word (1 and 3 measured on the tuning parts). */
export const WORDNET_SENSES = 2;

/** Tuned on the SummEdits tuning part (bench/eval-faithfulness.ts). */
export const MIN_SENTENCE_COVERAGE = 0.5;
export const MIN_HEADLINE_COVERAGE = 0.6;
export const ARTICLE_WORD_CREDIT = 0.5;
export const MIN_CLAUSE_COVERAGE = 0.5;

const STOPWORDS = new Set(
  `a an the and or but nor of to in on at by for with from into onto over under about as is are was were be been
  being has have had do does did will would can could should shall may might must it its this that these those
  they them their he him his she her we our you your i me my than then so such also after before amid
  while during between against among per via up out off says said say who whom whose which what when where
  why how all any both each more most other some only just very there here now according according told
  s t one two`.split(/\s+/),
);

/** Words that precede a name without being part of it: honorifics and ranks. */
const TITLES = new Set(
  `mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary senator sen rep representative
  gov governor gen general col colonel lt sgt capt captain cmdr adm admiral rev judge justice chief ceo chairman
  chairwoman chair king queen prince princess pope mayor commissioner director st saint jr sr`.split(/\s+/),
);

const MONTHS = `january february march april may june july august september october november december`.split(
  ' ',
);
const MONTH_ABBR: Record<string, number> = Object.fromEntries(
  MONTHS.flatMap((m, i) => [
    [m, i + 1],
    [m.slice(0, 3), i + 1],
  ]).concat([['sept', 9]]),
);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Same-entity spellings a name check must accept. Keys and values are folded name keys. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  us: ['united states', 'america', 'american', 'usa'],
  usa: ['united states', 'us', 'america'],
  uk: ['united kingdom', 'britain', 'british'],
  un: ['united nations'],
  eu: ['european union'],
  america: ['us', 'united states'],
  american: ['us', 'united states', 'america'],
  americans: ['us', 'united states', 'america'],
  britain: ['uk', 'united kingdom'],
  british: ['uk', 'britain', 'united kingdom'],
};

/** Capitals of often-named countries (folded name keys): the seat stands for the country. */
const CAPITALS: Readonly<Record<string, string>> = {
  uk: 'london',
  'united kingdom': 'london',
  britain: 'london',
  us: 'washington',
  'united states': 'washington',
  france: 'paris',
  germany: 'berlin',
  russia: 'moscow',
  china: 'beijing',
  japan: 'tokyo',
  india: 'new delhi',
  ukraine: 'kyiv',
  italy: 'rome',
  spain: 'madrid',
  canada: 'ottawa',
  australia: 'canberra',
  mexico: 'mexico city',
  iran: 'tehran',
  iraq: 'baghdad',
  egypt: 'cairo',
  turkey: 'ankara',
  'south korea': 'seoul',
  'north korea': 'pyongyang',
  syria: 'damascus',
  afghanistan: 'kabul',
  pakistan: 'islamabad',
};

/** Common paraphrases: a sentence word on the left is supported by any stem on the right. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  deal: ['agree', 'accor', 'pact', 'treat'],
  pact: ['agree', 'accor', 'deal', 'treat'],
  accor: ['agree', 'pact', 'deal'],
  agree: ['deal', 'pact', 'accor'],
  talks: ['meeti', 'negot', 'summi'],
  meeti: ['talks', 'summi', 'met'],
  summi: ['meeti', 'talks'],
  offic: ['autho', 'gover', 'minis'],
  autho: ['offic', 'gover'],
  gover: ['offic', 'autho', 'admin'],
  compa: ['firm', 'group', 'busin'],
  firm: ['compa', 'busin'],
  peopl: ['perso', 'resid', 'citiz', 'indiv'],
  resid: ['peopl', 'citiz'],
  kille: ['dead', 'death', 'died', 'die'],
  dead: ['kille', 'died', 'death'],
  died: ['dead', 'death', 'kille'],
  death: ['dead', 'died', 'kille'],
  said: ['state', 'told', 'annou'],
  annou: ['said', 'state', 'unvei', 'revea'],
  warne: ['said', 'cauti'],
  plans: ['plann', 'inten', 'will'],
  plann: ['plans', 'inten', 'will'],
  start: ['begin', 'began', 'launc'],
  begin: ['start', 'began', 'launc'],
  launc: ['start', 'begin', 'unvei'],
  rise: ['rose', 'incre', 'up', 'grow', 'grew'],
  rose: ['rise', 'incre', 'grew'],
  incre: ['rise', 'rose', 'grow', 'grew'],
  fall: ['fell', 'decre', 'drop', 'decli'],
  fell: ['fall', 'decre', 'drop', 'decli'],
  drop: ['fall', 'fell', 'decli', 'decre'],
  decli: ['fall', 'fell', 'drop', 'decre'],
  buy: ['bough', 'purch', 'acqui'],
  bough: ['buy', 'purch', 'acqui'],
  purch: ['buy', 'bough', 'acqui'],
  acqui: ['buy', 'bough', 'purch'],
  sell: ['sold', 'sale'],
  sold: ['sell', 'sale'],
  car: ['vehic', 'auto'],
  vehic: ['car', 'auto'],
  polic: ['offic', 'cops', 'law'],
  child: ['kids', 'minor'],
  kids: ['child'],
  banne: ['prohi', 'ban'],
  ban: ['banne', 'prohi'],
  prohi: ['ban', 'banne'],
  lawma: ['legis', 'congr', 'parli', 'senat'],
  legis: ['lawma'],
  count: ['natio', 'state'],
  natio: ['count', 'state'],
  stud: ['study', 'resea', 'repor'],
  study: ['resea', 'repor', 'surve'],
  resea: ['study', 'scien'],
  big: ['large', 'major'],
  large: ['big', 'major'],
  major: ['big', 'large'],
  help: ['assis', 'aid', 'suppo'],
  aid: ['help', 'assis', 'suppo'],
  also: [],
};

/** Opposites a changed predicate is made of: a sentence word whose opposite is in its quotes instead. */
const ANTONYM_PAIRS =
  `rise fall|rose fell|rise drop|increase decrease|increase cut|raise lower|gain loss|win lose|won lost
  accept reject|approve reject|allow ban|allow forbid|open close|opened closed|support oppose|start end|begin end
  agree disagree|include exclude|buy sell|bought sold|strong weak|largest smallest|biggest smallest|best worst
  highest lowest|higher lower|more fewer|more less|above below|maximum minimum|majority minority|import export
  confirm deny|guilty innocent|legal illegal|public private|early late|earlier later|first last|before after
  success failure|succeed fail|positive negative|expand shrink|hire fire|arrive depart|profit loss|up down
  increased decreased|rising falling|surge plunge|boost cut|lift lower|resign appoint|acquit convict
  permanent temporary|male female|north south|east west|day night|domestic foreign|internal external|old new
  younger older|cheaper dearer|safe dangerous|survive die|launch cancel|join leave|enter exit|add remove
  big small|large small|near distant|nearby distant|new old|recent old|rise tumble|rise slump`
    .split(/\s*\|\s*/)
    .map((pair) => pair.trim().split(/\s+/) as [string, string]);
const NEGATION_CUES = new Set(
  `not n't no never neither nor without failed fail fails refused refuse refuses declined denied
  denies deny rejected unable cannot nobody none nothing lack lacked`.split(/\s+/),
);
/** Words that weaken a claim to a possibility. "would" alone is reported "will", so not here. */
const HEDGE_CUES = new Set(
  `may might could consider considering considers considered mull mulling weigh weighing propose
  proposed proposes proposal possible possibly potential potentially likely unlikely perhaps maybe
  hopes hope hoped seek seeks seeking sought aims aim want wants expected reportedly allegedly
  alleged`.split(/\s+/),
);
const PAST_IRREGULAR = new Set(
  `met won lost held made said told sold bought rose fell grew began took gave went came left found signed agreed
  paid spent hit cut set put led brought sent kept became ran saw knew thought chose struck fought caught built`.split(
    /\s+/,
  ),
);

interface Tok {
  raw: string;
  /** Lowercase, NFKC-folded; dots, apostrophes and hyphens kept as typed. */
  low: string;
  /** Folded name key: lowercase without dots, apostrophes, hyphens or a possessive 's. */
  key: string;
  index: number;
  /** Punctuation (not just space) between this token and the one before. */
  break: boolean;
}

const TOKEN_RE =
  /\$?[\p{L}\p{M}\p{N}]+(?:(?:[-'.,](?=[\p{L}\p{M}\p{N}]))[\p{L}\p{M}\p{N}]+)*(?:\.(?=\s|$)(?<=\b\p{Lu}\.))?%?/gu;

function nameKey(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/^\$/, '')
    .replace(/'s$|s'$/, (m) => (m === "s'" ? 's' : ''))
    .replace(/[.'-]/g, '');
}

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  const norm = normalizeKeepCase(text);
  let last = 0;
  for (const m of norm.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const at = m.index ?? 0;
    const gap = norm.slice(last, at);
    last = at + raw.length;
    out.push({ raw, low: raw.toLowerCase(), key: nameKey(raw), index: out.length, break: /[^\s]/.test(gap) });
  }
  return out;
}

/**
 * A light stem: one inflection off ("funded" → "fund", "agreed"/"agree" → "agre"), then at most
 * five letters, as today's article-wide check (support.ts). Two stems match when one starts the
 * other and the shorter has four letters or more ("agre" and "agree" from "agreement").
 */
const STEM = 5;
function stem(w: string): string {
  let k = nameKey(w);
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (k.endsWith(suffix) && k.length - suffix.length >= 3) {
      k = k.slice(0, -suffix.length);
      break;
    }
  }
  if (k.endsWith('e') && k.length >= 4) k = k.slice(0, -1);
  return k.slice(0, STEM);
}
function stemsMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

const isCapitalised = (raw: string) => /^\p{Lu}/u.test(raw);
const hasDigit = (raw: string) => /\p{Nd}/u.test(raw);

// ---------------------------------------------------------------------------------------------
// Numbers

interface Quantity {
  value: number;
  percent: boolean;
  /** Where in the token list it starts, for the hedge words before it. */
  at: number;
  raw: string;
  /** A year (1900–2099 written as four digits without a unit). */
  year: boolean;
  /** "dozens", "hundreds", "thousands": a range, not a value. */
  vague?: boolean;
  /** A unit of time joined or next to it ("30-day", "one-year", "30 days"): compared with the other's. */
  unit?: string;
}

const TIME_UNIT = /^(year|month|week|day|hour|minute)s?$/;
/** "one-year", "30-day", "49-year-old": the number word or digits and the unit of time joined to it. */
const JOINED_UNIT = /^([a-z]+|\d+)-(year|month|week|day|hour|minute)s?(?:-old|-long)?$/;

const SMALL: Record<string, number> = Object.fromEntries(
  `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen`
    .split(/\s+/)
    .map((w, i) => [w, i]),
);
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALE: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  millions: 1e6,
  m: 1e6,
  mln: 1e6,
  billion: 1e9,
  billions: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  tn: 1e12,
  dozen: 12,
  dozens: 12,
  hundreds: 100,
  thousands: 1e3,
};
/** "one" is more often a pronoun than a count ("one of the…"): counted only before a noun-ish word. */
const WEAK_NUMBER_WORDS = new Set(['one', 'zero']);

function wordValue(low: string): number | null {
  if (low in SMALL) return SMALL[low] as number;
  if (low in TENS) return TENS[low] as number;
  const parts = low.split('-');
  if (parts.length === 2 && (parts[0] as string) in TENS && (parts[1] as string) in SMALL)
    return (TENS[parts[0] as string] as number) + (SMALL[parts[1] as string] as number);
  return null;
}

function quantities(toks: readonly Tok[]): Quantity[] {
  const out: Quantity[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok;
    let value: number | null = null;
    let percent = t.low.endsWith('%');
    // "49-year-old", "9pm", "Radio 4's": the number before a joined word.
    const digits = t.low
      .replace(/^\$/, '')
      .replace(/%$/, '')
      .replace(/^(\d[\d,.]*)(?:-\p{L}[\p{L}-]*(?:'s)?|am|pm|'s)$/u, '$1');
    let year = false;
    if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$/.test(digits)) {
      value = Number(digits.replace(/,/g, ''));
      year = /^(?:19|20)\d{2}$/.test(digits) && !t.low.startsWith('$');
    } else if (/^\d+(?:st|nd|rd|th)$/.test(digits)) {
      value = Number.parseInt(digits, 10);
    } else if (/^\d+(?:\.\d+)?(?:bn|m|k|tn|mln|b)$/.test(digits)) {
      const [, n, s] = /^(\d+(?:\.\d+)?)(\w+)$/.exec(digits) as RegExpExecArray;
      value = Number(n) * (SCALE[s as string] ?? 1);
    } else if (JOINED_UNIT.test(t.low) && wordValue(t.low.split('-')[0] as string) !== null) {
      value = wordValue(t.low.split('-')[0] as string);
    } else {
      const w = wordValue(t.low);
      if (
        w !== null &&
        !(WEAK_NUMBER_WORDS.has(t.low) && !(toks[i + 1] && SCALE[toks[i + 1]?.low as string]))
      )
        value = w;
      else if (
        t.low === 'a' &&
        toks[i + 1] &&
        ['dozen', 'million', 'billion', 'hundred', 'thousand'].includes(toks[i + 1]?.low as string)
      )
        value = 1;
      else if (['dozens', 'hundreds', 'thousands', 'millions', 'billions'].includes(t.low)) {
        // "hundreds of" is vague: a lower bound only, matched loosely below.
        out.push({
          value: SCALE[t.low] as number,
          percent: false,
          at: i,
          raw: t.raw,
          year: false,
          vague: true,
        });
        continue;
      }
    }
    if (value === null) continue;
    const start = i;
    // Multipliers and units after the number: "1.5 million", "40 per cent".
    while (toks[i + 1] && SCALE[toks[i + 1]?.low as string] && !year) {
      value *= SCALE[toks[i + 1]?.low as string] as number;
      i++;
    }
    const next = toks[i + 1]?.low;
    if (next === 'percent' || next === '%') {
      percent = true;
      i++;
    } else if (next === 'per' && toks[i + 2]?.low === 'cent') {
      percent = true;
      i += 2;
    }
    const unit = JOINED_UNIT.exec(t.low)?.[2] ?? (percent ? undefined : TIME_UNIT.exec(next ?? '')?.[1]);
    out.push({
      value,
      percent,
      at: start,
      raw: toks
        .slice(start, i + 1)
        .map((x) => x.raw)
        .join(' '),
      year,
      ...(unit && !year ? { unit } : {}),
    });
  }
  return out;
}

const ABOVE = [
  'more than',
  'over',
  'above',
  'exceeding',
  'at least',
  'upwards of',
  'in excess of',
  'north of',
  'just over',
];
const BELOW = [
  'less than',
  'under',
  'below',
  'fewer than',
  'up to',
  'as many as',
  'as much as',
  'nearly',
  'almost',
  'just under',
  'close to',
  'shy of',
];
const AROUND = [
  'about',
  'around',
  'approximately',
  'roughly',
  'some',
  'an estimated',
  'estimated',
  'circa',
  'nearly',
  'almost',
  'close to',
];

function hedgeBefore(toks: readonly Tok[], at: number): 'above' | 'below' | 'around' | null {
  const before = toks
    .slice(Math.max(0, at - 3), at)
    .map((t) => t.low)
    .join(' ');
  const ends = (list: readonly string[]) => list.some((h) => before === h || before.endsWith(` ${h}`));
  if (ends(ABOVE)) return 'above';
  if (ends(BELOW)) return 'below';
  if (ends(AROUND)) return 'around';
  return null;
}

/** X written with fewer significant figures than Y and equal to Y rounded to them. */
function roundsTo(x: number, y: number): boolean {
  if (x === 0 || y === 0) return x === y;
  const digits = String(x).replace(/[.-]/g, '').replace(/0+$/, '').length;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(y))) - digits + 1);
  return Math.abs(Math.round(y / scale) * scale - x) < 1e-9 * Math.max(1, Math.abs(x));
}

function numberSupported(
  q: Quantity,
  hedge: ReturnType<typeof hedgeBefore>,
  ys: readonly Quantity[],
): boolean {
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return ys.some((y) => {
    if (q.percent && !y.percent) return false;
    if (q.unit && y.unit && q.unit !== y.unit) return false;
    if (same(q.value, y.value)) return true;
    // "hundreds of homes" for 312 homes: at least two of the unit, less than the next one up.
    if (q.vague)
      return !y.year && y.value >= 2 * q.value && y.value < (q.value === 12 ? 100 : 1000 * q.value);
    if (q.year || y.year) return false;
    if (hedge === 'above') return y.value > q.value && y.value <= q.value * 1.5;
    if (hedge === 'below') return y.value < q.value && y.value >= q.value / 1.5;
    if (hedge === 'around') return Math.abs(y.value - q.value) <= 0.1 * Math.abs(y.value);
    return Math.abs(y.value - q.value) <= 0.05 * Math.abs(y.value) && roundsTo(q.value, y.value);
  });
}

// ---------------------------------------------------------------------------------------------
// Dates

const DATE_PHRASE_RE = new RegExp(
  [
    '\\b(?:next|last|this|coming|past|previous)\\s+(?:year|month|week|' +
      [...WEEKDAYS, ...MONTHS].join('|') +
      ')\\b',
    '\\b(?:yesterday|today|tomorrow)\\b',
    `\\b(?:on\\s+)?(?:${WEEKDAYS.join('|')})\\b`,
    '\\b(?:' +
      MONTHS.join('|') +
      '|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s+(?:19|20)\\d{2})?\\b',
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS.join('|')})(?:\\s+(?:19|20)\\d{2})?\\b`,
    '\\bthe\\s+\\d{1,2}(?:st|nd|rd|th)\\b',
  ].join('|'),
  'gi',
);

/** Every calendar value the time expressions of `text` denote, read as past and as future. */
function dateValues(text: string, publishedAt: string | null): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(DATE_PHRASE_RE)) {
    // "may" is mostly a verb: only a date with a day or year after it.
    if (/^may$/i.test(m[0])) continue;
    for (const tense of ['past', 'future'] as const) {
      const v = resolveDate(m[0], publishedAt, { tense });
      if (v) out.add(v);
    }
  }
  return [...out];
}

interface DateFacts {
  years: Set<number>;
  months: Set<number>;
  days: Set<number>;
  weekdays: Set<string>;
}

function dateFacts(values: readonly string[]): DateFacts {
  const f: DateFacts = { years: new Set(), months: new Set(), days: new Set(), weekdays: new Set() };
  for (const v of values) {
    const [y, m, d] = v.split('-').map(Number);
    if (y) f.years.add(y);
    if (m) f.months.add(m);
    if (d) f.days.add(d);
    if (y && m && d) f.weekdays.add(WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as string);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Names

interface NameMention {
  /** The words of one capitalised run, folded, titles left out. */
  keys: string[];
  raw: string;
  at: number;
}

const CONNECTORS = new Set([
  'of',
  'de',
  'da',
  'del',
  'van',
  'von',
  'bin',
  'al',
  'la',
  'le',
  'der',
  'the',
  'and',
  '&',
]);

function isDateWord(low: string): boolean {
  const k = low.replace(/\.$/, '');
  return MONTHS.includes(k) || WEEKDAYS.includes(k) || k in MONTH_ABBR;
}

/**
 * Capitalised runs that name something. A capitalised first word counts only when another
 * capitalised word follows it, or it is an acronym: "Officials said…" is not a name.
 */
function names(toks: readonly Tok[]): NameMention[] {
  const out: NameMention[] = [];
  let run: Tok[] = [];
  const flush = () => {
    while (run.length && CONNECTORS.has(run[run.length - 1]?.low as string)) run.pop();
    const keys = run
      .filter((t) => !CONNECTORS.has(t.low) && !TITLES.has(t.key) && !isDateWord(t.low))
      .map((t) => t.key)
      .filter((k) => k.length > 0 && !STOPWORDS.has(k));
    const first = run[0];
    if (first && keys.length > 0) {
      const sentenceStart = first.index === 0 || /^["'(]/.test(first.raw);
      const acronym = /^\p{Lu}[\p{Lu}.&]+$/u.test(first.raw.replace(/'s$/, ''));
      // A lone capitalised first word is an ordinary word ("Officials", "Earlier"), unless an acronym.
      if (!(sentenceStart && run.length === 1 && !acronym))
        out.push({ keys, raw: run.map((t) => t.raw).join(' '), at: first.index });
    }
    run = [];
  };
  for (const t of toks) {
    const cap = isCapitalised(t.raw) && !hasDigit(t.raw);
    if (t.break) flush();
    if (cap) run.push(t);
    else if (run.length && CONNECTORS.has(t.low) && t.low !== 'the') run.push(t);
    else flush();
  }
  flush();
  return out;
}

interface EvidenceFacts {
  text: string;
  toks: Tok[];
  keys: Set<string>;
  stems: Set<string>;
  /** Initials of capitalised runs, for acronyms ("UN" for "United Nations"). */
  initials: Set<string>;
  joined: string;
  quantities: Quantity[];
}

function factsOf(text: string): EvidenceFacts {
  const toks = tokens(text);
  const keys = new Set<string>();
  const stems = new Set<string>();
  for (const t of toks) {
    keys.add(t.key);
    stems.add(stem(t.raw));
    for (const part of t.low.split('-')) {
      keys.add(nameKey(part));
      stems.add(stem(part));
    }
  }
  const initials = new Set<string>();
  let run: string[] = [];
  const flushRun = () => {
    for (let a = 0; a < run.length; a++)
      for (let b = a + 2; b <= run.length; b++)
        initials.add(
          run
            .slice(a, b)
            .map((w) => w[0])
            .join(''),
        );
    run = [];
  };
  for (const t of toks) {
    if (t.break) flushRun();
    if (isCapitalised(t.raw)) run.push(t.key);
    else if (t.low !== 'of' && t.low !== 'and') flushRun();
  }
  flushRun();
  return {
    text,
    toks,
    keys,
    stems,
    initials,
    joined: ` ${toks.map((t) => t.key).join(' ')} `,
    quantities: quantities(toks),
  };
}

/** "Chilean" for "Chile", "Canadian" for "Canada": a demonym of a name in the quotes. */
function demonymOf(key: string, keys: ReadonlySet<string>): boolean {
  if (key.length < 5) return false;
  for (const k of keys) {
    if (k.length < 4 || k === key) continue;
    const [short, long] = k.length < key.length ? [k, key] : [key, k];
    const base = short.replace(/[aeiouy]$/, '');
    if (
      base.length >= 4 &&
      long.startsWith(base) &&
      long.length - short.length <= 3 &&
      /(?:an|ian|ese|ish|i|n|s)$/.test(long)
    )
      return true;
  }
  return false;
}

function nameKeyFound(key: string, f: EvidenceFacts): boolean {
  if (f.keys.has(key)) return true;
  const aliases = ALIASES[key];
  if (aliases?.some((a) => f.joined.includes(` ${a} `))) return true;
  // A country named where its quotes name its capital ("U.K. activists" from "activists in London").
  const capital = [key, ...(aliases ?? [])].map((k) => CAPITALS[k]).find((c) => c !== undefined);
  if (capital && f.joined.includes(` ${capital} `)) return true;
  if (/^[a-z]{2,6}$/.test(key) && f.initials.has(key)) return true;
  // An initial: "J" for "John".
  if (key.length === 1) return [...f.keys].some((k) => k.startsWith(key));
  return demonymOf(key, f.keys);
}

// ---------------------------------------------------------------------------------------------
// Polarity, modality, tense around a word

const CLAUSE_BOUNDARY = new Set([
  'and',
  'but',
  'while',
  'which',
  'who',
  'that',
  'because',
  'as',
  'after',
  'before',
  'when',
  'since',
  'although',
  'though',
  'whereas',
]);

/** A cue among the `width` words before word i, within its clause (no punctuation or conjunction between). */
function windowHas(toks: readonly Tok[], i: number, cues: ReadonlySet<string>, width: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - width); j--) {
    const t = toks[j] as Tok;
    if (cues.has(t.low) || (cues === NEGATION_CUES && t.low.endsWith("n't"))) return true;
    if (CLAUSE_BOUNDARY.has(t.low) || (toks[j + 1] as Tok).break) return false;
  }
  return false;
}

/** A negation before the word, or a "no"/"nothing" right after it ("found no evidence"). */
const negated = (toks: readonly Tok[], i: number) =>
  windowHas(toks, i, NEGATION_CUES, 5) ||
  toks.slice(i + 1, i + 3).some((t) => t.low === 'no' || t.low === 'nothing' || t.low === 'none');
const hedged = (toks: readonly Tok[], i: number) => windowHas(toks, i, HEDGE_CUES, 4);
const future = (toks: readonly Tok[], i: number) => {
  for (let j = Math.max(0, i - 3); j < i; j++) {
    const low = (toks[j] as Tok).low;
    if (low === 'will' || low === "'ll" || low === 'shall') return true;
    if (
      low === 'to' &&
      j === i - 1 &&
      /^(?:plans?|planned|set|due|going|expected|scheduled|aims?|hopes?|intends?|is|are)$/.test(
        toks[j - 1]?.low ?? '',
      )
    )
      return true;
  }
  return false;
};
const looksPast = (t: Tok) => (/ed$/.test(t.low) && t.low.length > 4) || PAST_IRREGULAR.has(t.low);

// ---------------------------------------------------------------------------------------------

const isContent = (t: Tok) =>
  !STOPWORDS.has(t.low) &&
  !STOPWORDS.has(t.key) &&
  !hasDigit(t.raw) &&
  wordValue(t.low) === null &&
  !(t.low in SCALE) &&
  !isDateWord(t.low) &&
  t.key.length > 1;

function stemIn(s: string, stems: ReadonlySet<string>): boolean {
  if (stems.has(s)) return true;
  for (const y of stems) if (stemsMatch(s, y)) return true;
  return false;
}

function stemFound(s: string, stems: ReadonlySet<string>): boolean {
  if (stemIn(s, stems)) return true;
  for (const [key, alts] of Object.entries(SYNONYMS)) {
    if (!stemsMatch(key, s) && key !== s) continue;
    if (alts.some((x) => stemIn(stem(x), stems) || [...stems].some((y) => y.startsWith(x)))) return true;
  }
  return false;
}

/**
 * Check one model sentence against its evidence; null when supported, else the first failure.
 * `evidence` is what the model cited, already found in the article (see verify.ts), or, in the
 * evaluation, what retrieval says it would have cited.
 */
export function checkSentence(
  sentence: string,
  evidence: readonly EvidenceSpan[],
  opts: SentenceCheckOptions,
): SentenceVerdict | null {
  return sentenceFailures(sentence, evidence, opts)[0] ?? null;
}

/** Every rule the sentence fails (the first failure of each), in check order. */
export function sentenceFailures(
  sentence: string,
  evidence: readonly EvidenceSpan[],
  opts: SentenceCheckOptions,
): SentenceVerdict[] {
  const failures: SentenceVerdict[] = [];
  const fail = (v: SentenceVerdict) => {
    if (!failures.some((f) => f.reason === v.reason)) failures.push(v);
  };
  const usable = evidence.filter((e) => e.text.trim() !== '');
  if (usable.length === 0) return [{ reason: 'no-evidence', detail: 'no quote found in the article' }];
  const all = factsOf(usable.map((e) => e.text).join(' \n '));
  const toks = tokens(sentence);

  // Names.
  const mentions = names(toks);
  for (const m of mentions) {
    for (const key of m.keys) {
      if (!nameKeyFound(key, all)) fail({ reason: 'name', detail: m.raw });
    }
  }

  // Dates and numbers: the quotes' own values plus what their relative dates and years give.
  const dates = dateValues(all.text, opts.publishedAt);
  const df = dateFacts(dates);
  const pubYear = Number(/^\s*(\d{4})/.exec(opts.publishedAt ?? '')?.[1] ?? Number.NaN);
  const derived: Quantity[] = [...all.quantities];
  const extra = (value: number, year = false) =>
    derived.push({ value, percent: false, at: -1, raw: '', year });
  for (const y of df.years) extra(y, true);
  for (const d of df.days) extra(d);
  for (const q of all.quantities) {
    if (q.year && Number.isFinite(pubYear) && pubYear >= q.value) extra(pubYear - q.value);
  }
  if (Number.isFinite(pubYear)) extra(pubYear, true);

  for (const t of toks) {
    const low = t.low.replace(/\.$/, '');
    const month = MONTH_ABBR[low];
    if (month && isCapitalised(t.raw) && !all.keys.has(low) && !df.months.has(month))
      fail({ reason: 'date', detail: t.raw });
    if (WEEKDAYS.includes(low) && !all.keys.has(low) && !df.weekdays.has(low))
      fail({ reason: 'date', detail: t.raw });
  }
  const sentenceQuantities = quantities(toks);
  for (const q of sentenceQuantities) {
    if (!numberSupported(q, hedgeBefore(toks, q.at), derived))
      fail({ reason: q.year ? 'date' : 'number', detail: q.raw });
  }

  // Recombination: every two anchors (names, numbers) of the sentence must be found together in
  // one unit: a quote, or quotes from adjacent sentences of one article.
  if (usable.length > 1) {
    const units = unitsOf(usable).map(factsOf);
    const anchors: { label: string; at: number; found: (f: EvidenceFacts) => boolean }[] = [
      ...mentions.map((m) => ({
        label: m.raw,
        at: m.at,
        found: (f: EvidenceFacts) => m.keys.every((k) => nameKeyFound(k, f)),
      })),
      ...sentenceQuantities
        .filter((q) => !q.year)
        .map((q) => ({
          label: q.raw,
          at: q.at,
          found: (f: EvidenceFacts) => numberSupported(q, hedgeBefore(toks, q.at), f.quantities),
        })),
    ];
    for (let a = 0; a < anchors.length; a++) {
      for (let b = a + 1; b < anchors.length; b++) {
        const x = anchors[a] as (typeof anchors)[number];
        const y = anchors[b] as (typeof anchors)[number];
        // Anchors found in no single unit (a derived date) are not pairable; skip them. Nor are
        // anchors in different clauses ("Tom Ballard, 26, plans to climb K2, 20 years after…"):
        // a summary joins facts that way; the claim that binds two anchors is within a clause.
        if (!units.some(x.found) || !units.some(y.found) || !sameClause(toks, x.at, y.at)) continue;
        if (!units.some((u) => x.found(u) && y.found(u)))
          fail({ reason: 'recombined', detail: `${x.label} + ${y.label}` });
      }
    }
  }

  // Negation, modality, tense: each content word the quotes share must be read the same way in
  // at least one place it occurs there.
  const content = toks.filter(isContent);
  // Words of a name were checked as names; titles and ranks inside a run are checked as words.
  const nameIdx = new Set(
    mentions.flatMap((m) =>
      toks
        .filter((t) => t.index >= m.at && t.index < m.at + m.raw.split(' ').length && m.keys.includes(t.key))
        .map((t) => t.index),
    ),
  );
  const sentenceNegated = toks.some((t) => NEGATION_CUES.has(t.low) || t.low.endsWith("n't"));
  const evidenceNegated = all.toks.some((t) => NEGATION_CUES.has(t.low) || t.low.endsWith("n't"));
  if (sentenceNegated && !evidenceNegated) {
    const cue = toks.find((t) => NEGATION_CUES.has(t.low) || t.low.endsWith("n't"));
    fail({ reason: 'negation', detail: cue?.raw ?? 'not' });
  }
  const sentenceHedged = toks.some((t) => HEDGE_CUES.has(t.low));
  for (const t of content) {
    if (nameIdx.has(t.index)) continue;
    const s = stem(t.raw);
    const occurrences = all.toks.filter((e) => stemsMatch(stem(e.raw), s));
    if (occurrences.length === 0) continue;
    const neg = negated(toks, t.index);
    if (!occurrences.some((e) => negated(all.toks, e.index) === neg))
      fail({ reason: 'negation', detail: t.raw });
    else if (!sentenceHedged && occurrences.every((e) => hedged(all.toks, e.index)))
      fail({ reason: 'modality', detail: t.raw });
    else if (looksPast(t) && !future(toks, t.index) && occurrences.every((e) => future(all.toks, e.index)))
      fail({ reason: 'tense', detail: t.raw });
  }

  // Words in quotation marks are the source's own: each content word of a quoted span of three
  // words or more must be in the quotes or the article, not a paraphrase ("software issue" quoted
  // where the article says "electrical connection issue").
  if (opts.quotations !== false) {
    const context = opts.context ? contextStems(opts.context) : null;
    for (const m of sentence.matchAll(/["“]([^"“”]+)["”]/gu)) {
      const inner = tokens(m[1] as string);
      if (inner.length < 3) continue;
      const bad = inner
        .filter(isContent)
        .find((t) => !stemIn(stem(t.raw), all.stems) && !(context && stemIn(stem(t.raw), context)));
      if (bad) fail({ reason: 'quotation', detail: `${bad.raw} in "${m[1]}"` });
    }
  }

  // Coverage of the remaining content words; a missing word whose opposite the quotes hold fails.
  const words = content.filter((t) => !nameIdx.has(t.index));
  if (words.length > 0) {
    const senses = opts.wordnetSenses ?? WORDNET_SENSES;
    const quoteWords = senses > 0 ? [...new Set(all.toks.filter(isContent).map((t) => t.low))] : [];
    const missing = words.filter((t) => !stemFound(stem(t.raw), all.stems));
    for (const t of missing) {
      const opposite = oppositeIn(t.low, all.keys) ?? quoteWords.find((q) => antonymous(t.low, q, senses));
      if (opposite) fail({ reason: 'antonym', detail: `${t.raw} (quotes: ${opposite})` });
    }
    const context = opts.context ? contextStems(opts.context) : null;
    const creditOf = opts.contextCredit ?? ARTICLE_WORD_CREDIT;
    const missingSet = new Set(missing.map((t) => t.index));
    /** Share of `ws` found: in the quotes 1, elsewhere in the article `creditOf`, nowhere 0. */
    const coverage = (ws: readonly Tok[]) =>
      ws.reduce(
        (sum, t) =>
          sum + (!missingSet.has(t.index) ? 1 : context && stemFound(stem(t.raw), context) ? creditOf : 0),
        0,
      ) / ws.length;
    const min = opts.minCoverage ?? (opts.headline ? MIN_HEADLINE_COVERAGE : MIN_SENTENCE_COVERAGE);
    if (coverage(words) < min) fail({ reason: 'words', detail: missing.map((t) => t.raw).join(' ') });
    else {
      // An invented clause joined to a true one ("…, and the governor promised federal funds"):
      // each clause of three content words or more must be covered on its own.
      const minClause = opts.minClauseCoverage ?? MIN_CLAUSE_COVERAGE;
      for (const clause of clauses(toks)) {
        const ws = words.filter((t) => t.index >= clause.from && t.index < clause.to);
        if (ws.length >= 3 && coverage(ws) < minClause)
          fail({
            reason: 'words',
            detail: ws
              .filter((t) => missingSet.has(t.index))
              .map((t) => t.raw)
              .join(' '),
          });
      }
    }
  }
  return failures;
}

/** Token ranges of a sentence's clauses: split where punctuation comes before a conjunction. */
const CLAUSE_STARTS = new Set([
  'and',
  'but',
  'while',
  'whereas',
  'although',
  'though',
  'which',
  'who',
  'as',
  'after',
  'because',
]);
function clauses(toks: readonly Tok[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let from = 0;
  for (const t of toks) {
    if (t.index > from && t.break && CLAUSE_STARTS.has(t.low)) {
      out.push({ from, to: t.index });
      from = t.index;
    }
  }
  out.push({ from, to: toks.length });
  return out;
}

/** The stems of a context text; the last one is kept, as one article's sentences are checked in a row. */
let lastContext: { text: string; stems: Set<string> } | null = null;
function contextStems(text: string): Set<string> {
  if (lastContext?.text !== text) lastContext = { text, stems: factsOf(text).stems };
  return lastContext.stems;
}

function oppositeIn(word: string, keys: ReadonlySet<string>): string | null {
  // A negating prefix: "crewed" where the quotes say "uncrewed", or the reverse.
  for (const prefix of ['un', 'non', 'non-']) {
    if (keys.has(nameKey(prefix + word))) return prefix + word;
    if (word.startsWith(prefix) && word.length - prefix.length >= 4 && keys.has(word.slice(prefix.length)))
      return word.slice(prefix.length);
  }
  for (const [a, b] of ANTONYM_PAIRS) {
    const other = word === a ? b : word === b ? a : null;
    if (other && keys.has(other)) return other;
    // Inflected forms: "increases"/"decreased" against "increase"/"decrease".
    const s = stem(word);
    if (other === null && (stem(a) === s || stem(b) === s)) {
      const target = stem(a) === s ? b : a;
      for (const k of keys) if (stem(k) === stem(target)) return k;
    }
  }
  return null;
}

/** No punctuation between token positions a and b (commas, dashes, parentheses start a new clause). */
function sameClause(toks: readonly Tok[], a: number, b: number): boolean {
  const [from, to] = a < b ? [a, b] : [b, a];
  for (let i = from + 1; i <= to; i++) if ((toks[i] as Tok).break) return false;
  return true;
}

/** Quotes grouped into units: same article and same or adjacent sentence. Unknown positions stand alone. */
function unitsOf(evidence: readonly EvidenceSpan[]): string[] {
  const sorted = [...evidence].sort((a, b) => a.article - b.article || a.sentence - b.sentence);
  const units: { article: number; last: number; texts: string[] }[] = [];
  for (const e of sorted) {
    const u = units[units.length - 1];
    if (u && e.sentence >= 0 && u.last >= 0 && u.article === e.article && e.sentence - u.last <= 1) {
      u.texts.push(e.text);
      u.last = e.sentence;
    } else units.push({ article: e.article, last: e.sentence, texts: [e.text] });
  }
  return units.map((u) => u.texts.join(' '));
}

/** Splits model-written text into sentences (for texts that come as one string). */
export function splitClaims(text: string): string[] {
  const norm = text.replace(/\s+/g, ' ').trim();
  if (!norm) return [];
  const parts: string[] = [];
  let start = 0;
  // A capital or digit after the stop, or tokenised text's spaced stop (" . ") before anything.
  const re = /(?:[.!?]["')\]]?|(?<=\s)[.!?])\s+(?=["'(]?\p{Lu}|\p{N}|(?<=\s[.!?]\s+)\S)/gu;
  for (const m of norm.matchAll(re)) {
    const end = (m.index ?? 0) + m[0].trimEnd().length;
    const piece = norm.slice(start, end);
    // "U.S. officials", "Mr. Lee": an abbreviation, not an end.
    if (
      /(?:\b\p{Lu}\.|\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)$/u.test(
        piece,
      )
    )
      continue;
    parts.push(piece.trim());
    start = end;
  }
  const rest = norm.slice(start).trim();
  if (rest) parts.push(rest);
  return parts;
}

/** A number's digits, so "28" is found in "28-year-old" and "31-year-old's". */
function numberKey(t: Tok): string | undefined {
  if (!/^\$?\d/.test(t.raw)) return undefined;
  return t.raw
    .replace(/^\$/, '')
    .match(/^[\d,.]*\d/)?.[0]
    .replace(/,/g, '');
}

/**
 * The article sentences a model would most likely cite for `sentence`: the best by shared stems
 * (rarer stems weigh more), then, up to `max`, the best for each name, number or date word of the
 * sentence not yet covered, as a model citing evidence for every part of its claim would. Used
 * where a sentence came without evidence (the evaluation; answer sentences against their quotes).
 */
export function likelyEvidence(
  sentence: string,
  candidates: readonly EvidenceSpan[],
  first = 1,
  max = 3,
): EvidenceSpan[] {
  const toks = tokens(sentence);
  const want = toks.filter((t) => isContent(t) || hasDigit(t.raw) || isCapitalised(t.raw));
  const wantStems = new Set(want.map((t) => stem(t.raw)));
  const anchors = new Set(
    toks
      .filter((t) => (isCapitalised(t.raw) && t.index > 0) || hasDigit(t.raw) || isDateWord(t.low))
      .filter((t) => !TITLES.has(t.key) && !STOPWORDS.has(t.key))
      .map((t) => numberKey(t) ?? t.key),
  );
  const candToks = candidates.map((c) => tokens(c.text));
  const candStems = candToks.map((ts) => new Set(ts.flatMap((t) => [stem(t.raw), numberKey(t) ?? ''])));
  // A number is found by its digits too: "28" in "28-year-old", "31-year-old's".
  const candKeys = candToks.map((ts) => new Set(ts.flatMap((t) => [t.key, numberKey(t) ?? t.key])));
  const df = new Map<string, number>();
  for (const set of candStems) for (const s of set) df.set(s, (df.get(s) ?? 0) + 1);
  const n = candidates.length;
  const scores = candidates.map((_, i) => {
    let score = 0;
    for (const s of wantStems)
      if ((candStems[i] as Set<string>).has(s)) score += Math.log(1 + n / (df.get(s) ?? 1));
    return score;
  });
  const order = scores
    .map((score, i) => ({ score, i }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((x) => x.i);
  const chosen = order.slice(0, first);
  const uncovered = () =>
    [...anchors].filter((a) => !chosen.some((i) => (candKeys[i] as Set<string>).has(a)));
  while (chosen.length < max) {
    const open = uncovered();
    if (open.length === 0) break;
    const next = order.find(
      (i) => !chosen.includes(i) && open.some((a) => (candKeys[i] as Set<string>).has(a)),
    );
    if (next === undefined) break;
    chosen.push(next);
  }
  return chosen.map((i) => candidates[i] as EvidenceSpan);
}

/** Does `quote` name the person or organisation `name` (at least its last word, e.g. a surname)? */
export function nameKeyMentioned(name: string, quote: string): boolean {
  const keys = tokens(name)
    .map((t) => t.key)
    .filter((k) => k.length > 0 && !TITLES.has(k));
  const last = keys[keys.length - 1];
  return last !== undefined && nameKeyFound(last, factsOf(quote));
}

/** A role ("Vietnamese Trade Minister") whose words, names and numbers are all in `quote`. */
export function roleSupported(role: string, quote: string): boolean {
  const span: EvidenceSpan = { text: quote, article: 0, sentence: 0 };
  return checkSentence(role, [span], { publishedAt: null, headline: true }) === null;
}

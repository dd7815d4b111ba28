/*
 * Words of a question and of article sentences as comparable terms, and what a question's words may
 * also be written as in the articles: inflections (Porter stems plus irregular verbs), common news
 * synonyms, abbreviations and their long forms (from a small common list and from the articles'
 * own "artificial intelligence (AI)"), demonyms and near stems that the articles use.
 */
import nlp from 'compromise';
import { stemmer } from 'stemmer';

/** Function words and question words: they say what is asked, not what about. */
const STOPWORDS = new Set(
  `a an the and or but of to in on at by for with from about as is are was were be been being am do does did
  doing done have has had having what which who whom whose when where why how will would can could should
  shall may might must there here their they them themselves this that these those it its he him himself she
  her herself his we us our you your i me my mine not no than then so such any some more most other into
  over after before again also just only very said says say tell told give gave let know get got ever
  article articles story report reported according whether many much yet if one anything something anyone
  anybody someone somebody everyone everybody nothing else again off up down out away back
  happen happens happened happening going gets getting new latest current recent`.split(/\s+/),
);

/** Irregular forms Porter cannot join to their base: "met" → "meet", "held" → "hold". */
const IRREGULAR: Record<string, string> = {
  met: 'meet',
  held: 'hold',
  won: 'win',
  lost: 'lose',
  rose: 'rise',
  risen: 'rise',
  fell: 'fall',
  fallen: 'fall',
  began: 'begin',
  begun: 'begin',
  bought: 'buy',
  sold: 'sell',
  left: 'leave',
  took: 'take',
  taken: 'take',
  spent: 'spend',
  paid: 'pay',
  went: 'go',
  gone: 'go',
  came: 'come',
  chose: 'choose',
  chosen: 'choose',
  struck: 'strike',
  flew: 'fly',
  flown: 'fly',
  ran: 'run',
  made: 'make',
  built: 'build',
  sent: 'send',
  brought: 'bring',
  caught: 'catch',
  fought: 'fight',
  grew: 'grow',
  grown: 'grow',
  hit: 'hit',
  kept: 'keep',
  led: 'lead',
  saw: 'see',
  seen: 'see',
  spoke: 'speak',
  spoken: 'speak',
  stood: 'stand',
  wrote: 'write',
  written: 'write',
  drew: 'draw',
  drawn: 'draw',
  froze: 'freeze',
  frozen: 'freeze',
  shut: 'shut',
  killed: 'kill',
  died: 'die',
  dead: 'die',
  deaths: 'die',
  death: 'die',
  signed: 'sign',
  talks: 'talk',
  people: 'person',
  men: 'man',
  women: 'woman',
  children: 'child',
};

/**
 * Words a news story uses for the same thing. Each group is one meaning; a question word in a
 * group also matches the others, at SYNONYM_WEIGHT.
 */
const SYNONYM_GROUPS = [
  'meet meeting summit talk talked hold holding visit conference',
  'agree agreement deal accord pact treaty sign settle settlement consensus memorandum',
  'die kill fatality toll perish victim',
  'injure wound hurt injury',
  'cost price spend spending worth value fund funding invest investment',
  'buy acquire acquisition purchase takeover merge merger',
  'rise increase grow growth climb jump raise',
  'fall drop decline decrease cut lower slump',
  'begin start launch open',
  'end stop halt suspend close',
  'cut lose loss layoff redundancy',
  'win victory beat defeat',
  'resign quit',
  'elect election vote ballot',
  'announce unveil reveal',
  'plan intend schedule expect',
  'ban prohibit outlaw',
  'strike walkout stoppage',
  'storm typhoon hurricane cyclone',
  'quake earthquake tremor epicentre epicenter',
  'company firm',
  'leader president premier',
  'country nation',
  'job employment worker staff',
  'law rule regulation legislation bill',
  'court judge',
  'judge justice',
  'case lawsuit suit',
  'ruling verdict judgment decision decide rule',
  'arrest detain custody',
  'evacuate flee',
  'build construct construction',
  'pay wage salary',
  'talk negotiate negotiation',
  'cooperation cooperate partnership collaborate',
  'home house',
  'car vehicle',
  'probe spacecraft craft satellite',
  'share stock',
  'watch crowd spectator audience',
  'approve approval authorise authorize clear',
  'warn warning',
  'oppose opposition against reject criticise criticize',
  'lead leader',
  'statement declaration communique',
  'match game friendly fixture',
  'vaccine shot jab dose inoculation',
  'money cash fund funding dollar euro pound yen yuan reais rupee franc',
  'attend participate',
  'goal score',
  'recall withdraw',
  'profit earnings income',
  'sale revenue',
];

/** "how deep", "how fast": the articles give the measure ("at a depth of 35 km"). */
const MEASURES = [
  'deep depth',
  'fast speed',
  'high height',
  'tall height',
  'long length',
  'far distance',
  'wide width',
  'big size',
  'large size',
  'heavy weight',
  'hot temperature',
  'cold temperature',
  'strong strength',
];

export const SYNONYM_WEIGHT = 0.8;
/** A near stem found in the articles ("Korean" for "Korea"), weaker than a synonym. */
export const VARIANT_WEIGHT = 0.7;

/** Abbreviations news writes without defining them. Long forms are plain words. */
const COMMON_ACRONYMS: Record<string, string[]> = {
  ai: ['artificial intelligence'],
  rd: ['research and development'],
  us: ['united states', 'america', 'american'],
  usa: ['united states', 'america'],
  uk: ['united kingdom', 'britain', 'british'],
  eu: ['european union'],
  un: ['united nations'],
  who: ['world health organization', 'world health organisation'],
  nato: ['north atlantic treaty organization'],
  imf: ['international monetary fund'],
  wto: ['world trade organization'],
  gdp: ['gross domestic product', 'economy'],
  ceo: ['chief executive', 'chief executive officer'],
  cfo: ['chief financial officer'],
  ev: ['electric vehicle', 'electric car'],
  evs: ['electric vehicles', 'electric cars'],
  pm: ['prime minister'],
  mp: ['member of parliament', 'lawmaker'],
  dc: ['district of columbia'],
  asean: ['association of southeast asian nations'],
  opec: ['organization of the petroleum exporting countries'],
  fifa: ['federation internationale de football association'],
  ecb: ['european central bank'],
  fed: ['federal reserve'],
  nasa: ['national aeronautics and space administration'],
  cop: ['conference of the parties'],
  lng: ['liquefied natural gas'],
  g7: ['group of seven'],
  g20: ['group of 20', 'group of twenty'],
};

const DEMONYMS: Record<string, string> = {
  chinese: 'china',
  french: 'france',
  british: 'britain',
  dutch: 'netherlands',
  swiss: 'switzerland',
  greek: 'greece',
  spanish: 'spain',
  german: 'germany',
  turkish: 'turkey',
  thai: 'thailand',
  filipino: 'philippines',
  peruvian: 'peru',
  portuguese: 'portugal',
  vietnamese: 'vietnam',
  japanese: 'japan',
  korean: 'korea',
  american: 'america',
  european: 'europe',
  indonesian: 'indonesia',
  chilean: 'chile',
  nordic: 'nordic',
};

/** A comparable term: a Porter stem of a word, or "=ai" for an abbreviation written in capitals. */
export type Term = string;

const WORD_RE = /(?:\p{L}\.){2,}|\p{Lu}&\p{Lu}\b|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export const isStopword = (word: string): boolean => STOPWORDS.has(word.toLowerCase());

/** The stem of one lowercase word: irregular forms and demonyms first, then Porter. */
export function stemWord(word: string): Term {
  const w = word.toLowerCase().replace(/['’]s$/, '');
  const base = IRREGULAR[w] ?? DEMONYMS[w] ?? w;
  return /^\d/.test(base) ? base : stemmer(base);
}

function acronymOf(raw: string): string | null {
  // "R&D", "M&A"
  if (/^\p{Lu}&\p{Lu}$/u.test(raw)) return raw.replace('&', '').toLowerCase();
  if (/^(?:\p{Lu}\.){2,}$/u.test(raw)) return raw.replace(/\./g, '').toLowerCase();
  if (/^[\p{Lu}\p{N}]{2,8}s?$/u.test(raw) && (raw.match(/\p{Lu}/gu)?.length ?? 0) >= 2)
    return raw.replace(/s$/, '').toLowerCase();
  return null;
}

export interface Token {
  /** The word as written. */
  raw: string;
  term: Term;
  /** Offset in the text. */
  start: number;
}

/**
 * Content terms of a text. Capitalised abbreviations become "=xx" terms (so "US" is not "us");
 * stop words are dropped. Words split at hyphens count both whole and in parts ("Jae-myung").
 */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    const raw = m[0];
    const acronym = acronymOf(raw.replace(/['’]s$/, ''));
    if (acronym) {
      out.push({ raw, term: `=${acronym}`, start: m.index });
      continue;
    }
    const lower = raw.toLowerCase().replace(/['’]s$/, '');
    if (STOPWORDS.has(lower) || lower.length < 2) continue;
    out.push({ raw, term: stemWord(lower), start: m.index });
    if (lower.includes('-'))
      for (const part of lower.split('-'))
        if (part.length > 1 && !STOPWORDS.has(part)) out.push({ raw, term: stemWord(part), start: m.index });
  }
  return out;
}

export const terms = (text: string): Term[] => tokens(text).map((t) => t.term);

/** One alternative way of writing a question's concept: all its terms must occur. */
export interface Alternative {
  terms: Term[];
  weight: number;
}

/** One thing the question asks about, with the ways the articles may write it. */
export interface Concept {
  /** The question's own word(s). */
  word: string;
  alternatives: Alternative[];
  /**
   * How much a sentence that lacks it still answers: names and nouns 1, verbs, adjectives and
   * adverbs DESCRIBING_WEIGHT (articles say the same thing with other verbs far more often than
   * with other names).
   */
  salience: number;
}

export const DESCRIBING_WEIGHT = 0.5;

const phraseTerms = (phrase: string): Term[] => terms(phrase);

/**
 * Abbreviations the articles define themselves: "Indian Space Research Organisation (ISRO)" or
 * "the European Union (EU)" give isro → indian space research organisation.
 */
export function definedAcronyms(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/((?:[\p{L}-]+\s+){1,8})\((\p{Lu}[\p{Lu}\p{N}&]{1,8})\)/gu)) {
    const abbr = (m[2] as string).toLowerCase().replace(/&/g, '');
    const words = (m[1] as string).trim().split(/\s+/);
    const letters = [...abbr];
    // Walk back over the words until their initials (skipping small words) spell the abbreviation.
    let need = letters.length;
    let from = words.length;
    while (from > 0 && need > 0) {
      from--;
      const w = words[from] as string;
      if (/^(?:of|and|the|for|on|in|de|du|des|la|le)$/i.test(w)) continue;
      if (w[0]?.toLowerCase() !== letters[need - 1]) break;
      need--;
    }
    if (need === 0) out.set(abbr, [words.slice(from).join(' ')]);
  }
  // Titles and bodies written out without their abbreviation: "Chief Technology Officer" is what a
  // reader asks about as "the CTO". Defined ones above come first.
  for (const m of text.matchAll(/\p{Lu}[\p{L}-]+(?:\s+(?:(?:of|and|the|for)\s+)?\p{Lu}[\p{L}-]+){1,5}/gu)) {
    const words = m[0].split(/\s+/).filter((w) => /^\p{Lu}/u.test(w) && !/^(?:The|A|An)$/.test(w));
    // Every run of two to four of them: "Chief Technology Officer Annika Lund" holds "CTO".
    for (let i = 0; i < words.length; i++)
      for (let n = 2; n <= 4 && i + n <= words.length; n++) {
        const run = words.slice(i, i + n);
        const abbr = run.map((w) => (w[0] as string).toLowerCase()).join('');
        if (!out.has(abbr)) out.set(abbr, [run.join(' ')]);
      }
  }
  return out;
}

function synonymIndex(): Map<Term, Set<Term>> {
  const index = new Map<Term, Set<Term>>();
  for (const group of [...SYNONYM_GROUPS, ...MEASURES]) {
    const stems = group.split(' ').map(stemWord);
    for (const s of stems) {
      const set = index.get(s) ?? new Set<Term>();
      for (const other of stems) if (other !== s) set.add(other);
      index.set(s, set);
    }
  }
  return index;
}
const SYNONYMS = synonymIndex();

/** Synonyms of a term (stems), for tests and the answerer. */
export const synonymsOf = (term: Term): Term[] => [...(SYNONYMS.get(term) ?? [])];

export interface ExpansionContext {
  /** Every term that occurs in the articles. */
  vocabulary: ReadonlySet<Term>;
  /** Abbreviations (lowercase, no "=") → long forms, from the articles. */
  acronyms: ReadonlyMap<string, string[]>;
}

/** Known abbreviations and their long forms: the articles' own first, then the common list. */
function acronymTable(ctx: ExpansionContext): Map<string, Term[][]> {
  const table = new Map<string, Term[][]>();
  const add = (abbr: string, longs: string[]) => {
    const list = table.get(abbr) ?? [];
    for (const long of longs) list.push(phraseTerms(long));
    table.set(abbr, list);
  };
  for (const [abbr, longs] of ctx.acronyms) add(abbr, longs);
  for (const [abbr, longs] of Object.entries(COMMON_ACRONYMS)) add(abbr, longs);
  return table;
}

const sameTerms = (a: Term[], b: Term[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * The question as concepts. "AI" also matches "artificial intelligence" and the reverse; "met"
 * matches "meeting", "summit", "held"…; "Korea" matches "Korean" when the articles say that.
 */
export function expandQuestion(question: string, ctx: ExpansionContext): Concept[] {
  const table = acronymTable(ctx);
  const stripped = questionTokens(questionWithoutAsking(question), table);
  // "how hot did it get?": when the word after "how" is all the question has, it is what it asks about.
  const toks = stripped.length > 0 ? stripped : questionTokens(question.replace(/\bhow\b/gi, ' '), table);
  const describing = describingWords(question);
  const salienceOf = (raw: string) => (describing.has(raw.toLowerCase()) ? DESCRIBING_WEIGHT : 1);
  const concepts: Concept[] = [];
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i] as Token;
    // A long form written out in the question ("artificial intelligence") is one concept with its abbreviation.
    const long = longFormAt(toks, i, table);
    if (long) {
      const words = toks.slice(i, i + long.length).map((t) => t.raw);
      concepts.push({
        word: words.join(' '),
        alternatives: [
          { terms: long.terms, weight: 1 },
          { terms: [`=${long.abbr}`], weight: 1 },
        ],
        salience: 1,
      });
      i += long.length - 1;
      continue;
    }
    const alternatives: Alternative[] = [{ terms: [tok.term], weight: 1 }];
    const seen = new Set<string>([tok.term]);
    const push = (ts: Term[], weight: number) => {
      const key = ts.join(' ');
      if (seen.has(key)) return;
      seen.add(key);
      alternatives.push({ terms: ts, weight });
    };
    if (tok.term.startsWith('=')) {
      for (const longTerms of table.get(tok.term.slice(1)) ?? []) push(longTerms, 1);
    } else {
      for (const syn of synonymsOf(tok.term)) push([syn], SYNONYM_WEIGHT);
      for (const v of variants(tok.term, ctx.vocabulary)) push([v], VARIANT_WEIGHT);
    }
    concepts.push({
      word: tok.raw,
      alternatives,
      salience: tok.term.startsWith('=') ? 1 : salienceOf(tok.raw),
    });
  }
  return dedupe(concepts);
}

/** "how long", "how often", "how strong": the word after "how" says what kind of answer, not what about. */
const questionWithoutAsking = (question: string): string =>
  question
    // "where was the match played?", "how long did the meeting last?": verbs that only restate
    // what kind of answer is wanted (a place, a length of time), not what it is about.
    .replace(LIGHT_VERBS, ' ')
    // "how many countries took part?": what is asked is the countries, not whether they took part.
    .replace(/\b(?:take|takes|took|taking|taken)\s+part\b/giu, ' ')
    // "how much money…", "what was the score": the amount is the kind of answer, whatever the currency.
    .replace(/\bhow\s+much\s+money\b|\bwhat\s+(?:was|is)\s+the\s+(?:final\s+)?(?:score|result)\b/giu, ' ')
    // "last quarter", "this week": the articles date things their own way ("fourth-quarter", "on Monday").
    .replace(/\b(?:last|this|next)\s+(?:week|weekend|month|year|quarter|season|night)\b/giu, ' ')
    .replace(/\bhow\s+[\p{L}]+/giu, ' ');

const LIGHT_VERBS = new RegExp(
  [
    '(?<=\\bwhere\\b.*)\\b(?:play|played|playing|held|hold|holding|located|based|heading|headed|going|staged|take\\s+place|took\\s+place|taking\\s+place)\\b',
    '(?<=\\bhow\\s+long\\b.*)\\b(?:last|lasts|lasted|take|takes|took|run|runs|ran|go\\s+on|continue|continues)\\b',
    '(?<=\\bwhen\\b.*)\\b(?:take\\s+place|took\\s+place|takes\\s+place)\\b',
  ].join('|'),
  'giu',
);

const AUXILIARY = /^(?:do|does|did|will|would|can|could|should|shall|may|might|must|has|have|had)$/i;
const COPULA = /^(?:is|are|was|were|be)$/i;
const TRAILING =
  /^(?:again|now|next|first|soon|yet|still|back|today|then|exactly|later|together|up|off|out|down|for|about|to|on|in|of|with|from|at|by|over|instead)$/;

/**
 * Verbs, adjectives and adverbs of the question (lowercase). compromise tags adjectives and
 * adverbs well but often takes a question's nouns for verbs ("when will ferries run"), so verbs
 * come from the question's shape: after an auxiliary ("will … run?", "did … die?") or a copula
 * with a participle ("where is the storm heading?"), the last word is the verb; and past forms.
 */
function describingWords(question: string): Set<string> {
  const out = new Set<string>();
  const doc = nlp(question).json() as Array<{ terms: Array<{ text: string; tags: string[] }> }>;
  for (const t of doc.flatMap((s) => s.terms)) {
    const tags = new Set(t.tags);
    if ((tags.has('Adjective') || tags.has('Adverb')) && !tags.has('ProperNoun') && !tags.has('Noun'))
      out.add(t.text.toLowerCase());
  }
  const words = (question.match(/[\p{L}\p{N}'’-]+/gu) ?? []).map((w) => w.toLowerCase());
  const content = words.filter((w) => !STOPWORDS.has(w));
  // The question's last word, past trailing particles and adverbs ("ask for?", "run again?"):
  // the main verb when an auxiliary came before; none when it is "say", "do", "mean"…
  let end = words.length - 1;
  while (end > 0 && TRAILING.test(words[end] as string)) end--;
  const last = words[end];
  if (last && !STOPWORDS.has(last)) {
    if (words.some((w) => AUXILIARY.test(w))) out.add(last);
    if (words.some((w) => COPULA.test(w)) && /(?:ing|ed)$/.test(last)) out.add(last);
  }
  if (/\b(?:take|takes|took|taking|taken)\s+part\b/i.test(question)) out.add('participate');
  // "who opposed the budget?", "who won?": the word after "who" is the verb.
  if (words[0] === 'who' && words[1] && !STOPWORDS.has(words[1])) out.add(words[1]);
  for (const w of content) if (IRREGULAR[w] && w !== 'people' && !/s$/.test(w)) out.add(w);
  return out;
}

/** "summit … held": two words for one meaning are one concept, not two. */
function dedupe(concepts: Concept[]): Concept[] {
  const out: Concept[] = [];
  for (const c of concepts) {
    const own = c.alternatives[0]?.terms.join(' ') ?? '';
    const same = out.find((o) => o.alternatives.some((a) => a.terms.join(' ') === own));
    if (!same) out.push(c);
  }
  return out;
}

/** Question words as tokens; a known abbreviation typed in lowercase ("ai", "the us") still counts as one. */
function questionTokens(question: string, table: ReadonlyMap<string, Term[][]>): Token[] {
  const out: Token[] = [];
  let previous = '';
  for (const m of question.matchAll(WORD_RE)) {
    const raw = m[0];
    const lower = raw.toLowerCase().replace(/\./g, '');
    const typed =
      raw === raw.toLowerCase() &&
      table.has(lower) &&
      (!STOPWORDS.has(lower) || (lower === 'us' && previous === 'the'));
    const abbr = acronymOf(raw) ?? (typed ? lower : null);
    if (abbr) out.push({ raw, term: `=${abbr}`, start: m.index });
    else out.push(...tokens(raw).map((t) => ({ ...t, start: m.index + t.start })));
    previous = raw.toLowerCase();
  }
  return out;
}

function longFormAt(
  toks: Token[],
  i: number,
  table: ReadonlyMap<string, Term[][]>,
): { abbr: string; terms: Term[]; length: number } | null {
  for (const [abbr, longs] of table) {
    for (const long of longs) {
      if (long.length < 2) continue;
      const here = toks.slice(i, i + long.length).map((t) => t.term);
      if (sameTerms(here, long)) return { abbr, terms: long, length: long.length };
    }
  }
  return null;
}

/** Stems in the articles that extend or shorten this one by a suffix ("korea" ~ "korean"). */
function variants(term: Term, vocabulary: ReadonlySet<Term>): Term[] {
  if (term.length < 4 || term.startsWith('=') || /^\d/.test(term)) return [];
  const out: Term[] = [];
  for (const v of vocabulary) {
    if (v === term || v.startsWith('=')) continue;
    const [short, long] = v.length < term.length ? [v, term] : [term, v];
    if (short.length >= 4 && long.startsWith(short) && long.length - short.length <= 4) out.push(v);
  }
  return out;
}

/*
 * Retrieval over a brief's article sentences: BM25 over stemmed terms with the question expanded
 * (expand.ts), a sentence that opens with "He"/"They"/"The two leaders" also counting the subject
 * of the sentence before it, and sentences that hold the kind of answer asked for (questionType.ts)
 * preferred. Pure: no I/O, no clock.
 *
 * Written here rather than taken from a search library: the scorer is twenty lines, and what
 * matters (concept alternatives, carried subjects, answer types, a coverage score to decline on)
 * is not what such libraries offer.
 */
import { looksLikeInstruction } from '../brief/injection.ts';
import { TITLE_HEADS } from '../extractive/lexicon.ts';
import { analyse } from '../extractive/names.ts';
import type { Article } from '../ingest/article.ts';
import type { Sentence } from '../text/sentences.ts';
import { type Concept, definedAcronyms, expandQuestion, type Term, tokens } from './expand.ts';
import {
  type AnswerKinds,
  holdsAnswerType,
  mentionsAge,
  mentionsDuration,
  mentionsMeasure,
  mentionsNumber,
  mentionsTime,
  type QuestionType,
  questionType,
  quoteStrength,
  reasonStrength,
} from './questionType.ts';

export interface IndexedSentence {
  text: string;
  sourceIndex: number;
  /** Position in its article. */
  index: number;
  /** The sentence's own terms. */
  terms: Term[];
  /** Terms of the subject carried from before ("He" → "Lee"), when it opens with a reference. */
  carriedTerms: Term[];
  /** Terms of the sentence before, when this one opens with a reference (the "It" of "It is expected to cost…"). */
  contextTerms: Term[];
  /**
   * Terms of the article's title: what every sentence of the story is about, though few repeat it
   * ("how many miners…" when the body says "workers" and the title "miners").
   */
  topicTerms: Term[];
  /** The subject carried over from the previous sentence, as written ("Lee and Ishiba"), or null. */
  carried: string | null;
  kinds: AnswerKinds;
  future: boolean;
  /** The first body sentence of its article: news puts the answer to the obvious question there. */
  lead: boolean;
}

export interface SentenceIndex {
  sentences: IndexedSentence[];
  vocabulary: Set<Term>;
  acronyms: Map<string, string[]>;
  df: Map<Term, number>;
  avgLength: number;
}

export interface Ranked {
  sentence: IndexedSentence;
  score: number;
  /** Share of the question's concepts (weighted by rarity) that the sentence matches, 0..1. */
  coverage: number;
  /** The question's names and nouns (salience 1) the sentence lacks, in any form. */
  missing: number;
  /** How well the sentence holds the kind of answer asked for, 0..1 (1 for "other" questions). */
  typeMatch: number;
  /** The learned ranker's share of this question's candidates (ranker.ts), once reranked. */
  learned?: number;
}

const K1 = 1.2;
/**
 * Sentences are short documents: length matters less than in document search. (BM25's usual 0.75
 * declined more unanswerable questions in train CV, but put "talked … at the residence" before
 * "held their summit in Tokyo" for the README's "where did they meet?".)
 */
const B = 0.5;
/** A sentence without the kind of answer asked for keeps this share of its score. */
export const TYPE_MISS = 0.6;
/** …but "how old", "how deep": only a sentence with an age or a measure answers, so it keeps less. */
const STRICT_TYPE_MISS = 0.3;
/** A role or place noun ("the minister", "at the residence") is weaker evidence than a name. */
const NOUN_ONLY = 0.5;
/** A place named without "in", "at", "from"… before it: often a modifier ("Japan coach"). */
const UNLOCATED_PLACE = 0.75;
const LOCATED_PLACE_NOUN = 0.9;
/**
 * The least rarity a concept counts with: a word in nearly every sentence ("summit" in a summit
 * story) still says which sentences are about the question, so the answer type can decide among them.
 */
const MIN_RARITY = 0.3;
/** The share of a rare word's weight that a verb or adjective found nowhere in the articles keeps. */
const UNSEEN_DESCRIBING = 0.5;
/** "when will…" prefers what is planned; "when did…" what happened. */
const TENSE_MATCH = 1.15;
const TENSE_MISMATCH = 0.85;
/** A term carried from the sentence before counts this much in the sentence that says "He". */
const CARRIED_TERM = 0.5;
/** The sentence before one that opens with a reference lends its words at this weight… */
const CONTEXT_TERM = 0.25;
/** …and covers the question's concepts at this share. */
const CONTEXT_COVERAGE = 0.5;
/** The article's title lends its words to every sentence, more weakly still. */
const TOPIC_TERM = 0.08;
/** The first body sentence of an article (the lead). */
const LEAD = 1.25;
/** A person named only in the sentence before ("He will…") is weaker evidence than one named here. */
const CARRIED_PERSON = 0.75;

const PRONOUN_OPEN =
  /^(?:he|she|they|it|his|her|their|its|both|the\s+\d+-year-old|the\s+(?:two|three|four)\s+[a-z-]+|the\s+(?:pair|leaders?|president|minister|premier|company|firm|group|government|governments|ministry|agency|court|bank|union|council|committee|club|team|carmaker|insurer|regulator|city|officials?|sides?|countries|nations|couple|mayor|chancellor|spokesperson|spokesman|spokeswoman))\b/i;
const SUBJECT_PRONOUN = /\b(?:he|she|they)\b/i;
const CONNECTOR = /^(?:and|of|de|da|del|van|von|der|bin|al|&)$/i;
const FUTURE_RE =
  /\b(?:will|shall|plans?\s+to|planned|is\s+to|are\s+to|expected\s+to|scheduled|set\s+to|due\s+to|intends?\s+to|next|upcoming|later\s+this)\b/i;
const PAST_QUESTION = /\b(?:did|was|were|had|met|held|\w{3,}ed)\b/i;
const FUTURE_QUESTION = /\b(?:will|next|plan|plans|going\s+to|upcoming)\b/i;

const PLACE_NOUN =
  /\b(?:residence|palace|stadium|arena|centre|center|square|hall|port|airport|station|harbou?r|embassy|headquarters|border|coast|island|province|region|capital|city|town|village|district|county|venue|building|plant|factory|site)\b/i;
const LOCATED_NOUN = new RegExp(
  `\\b(?:in|at|near|outside|inside)\\s+(?:the\\s+|a\\s+)?(?:[\\p{L}'’-]+\\s+){0,3}${PLACE_NOUN.source.replace(/^\\b/, '')}`,
  'iu',
);
const PERSON_NOUN =
  /\b(?:president|prime\s+minister|minister|ministers|leaders?|chancellor|governor|mayor|officials?|spokes(?:person|man|woman)|chief\s+executive|ceo|chair(?:man|woman)?|director|secretary|ambassador|envoy|negotiators?|judge|commissioner|coach|captain|king|queen|company|firm|government|ministry|union|agency|police)\b/i;

/** Which mentions make a sentence "hold" a person or place. */
function kindsOf(
  s: Sentence,
  mentions: ReturnType<typeof analyse>['mentions'],
  personWords: Set<string>,
): AnswerKinds {
  const here = mentions.filter((m) => m.sentence === s.index);
  const person = here.some(
    (m) =>
      m.kind === 'person' ||
      m.kind === 'org' ||
      (m.kind === 'unknown' && m.tokens.every((t) => personWords.has(t.lower))),
  );
  // "in Tokyo", "at Seoul World Cup Stadium" answer "where"; "Japan coach Kenji Arai" less so.
  const located = here.some((m) => m.locative && m.kind !== 'time' && m.kind !== 'person');
  const place = located ? 1 : here.some((m) => m.kind === 'place') ? UNLOCATED_PLACE : 0;
  // "at the prime minister's residence": a place, though not a name.
  const noun = LOCATED_NOUN.test(s.text) ? LOCATED_PLACE_NOUN : PLACE_NOUN.test(s.text) ? NOUN_ONLY : 0;
  return {
    person: person ? 1 : PERSON_NOUN.test(s.text) ? NOUN_ONLY : 0,
    place: Math.max(place, noun),
    duration: mentionsDuration(s.text) ? 1 : 0,
    time: mentionsTime(s.text) ? 1 : 0,
    number: mentionsNumber(s.text) ? 1 : 0,
    measure: mentionsMeasure(s.text) ? 1 : 0,
    age: mentionsAge(s.text) ? 1 : 0,
    reason: reasonStrength(s.text),
    quote: quoteStrength(s.text),
  };
}

/**
 * The subject a sentence opens with when it is a run of names ("President Lee Jae-myung and
 * Japanese Prime Minister Shigeru Ishiba held…" → that run), else null.
 */
export function openingSubject(text: string): string | null {
  const words = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu)];
  let end = 0;
  let names = 0;
  for (const w of words) {
    const word = w[0].replace(/['’]s$/, '');
    if (/^\p{Lu}/u.test(word)) {
      names++;
      end = w.index + w[0].length;
    } else if (names > 0 && (CONNECTOR.test(word) || TITLE_HEADS.has(word))) {
      // "LDU chairman Jürgen Falk": a lowercase title inside a run of names.
    } else break;
  }
  if (names === 0) return null;
  const subject = text.slice(0, end).replace(/[\s,.'’s]+$/u, '');
  return /^(?:the|a|an|in|on|at|it|he|she|they|this|that)$/i.test(subject) ? null : subject;
}

/** Does this sentence refer back to a subject named before ("He will…", "The two leaders…")? */
export function opensWithReference(text: string): boolean {
  const t = text.trim().replace(/^["“'‘(]+/, '');
  if (PRONOUN_OPEN.test(t)) return true;
  // "In a joint statement released afterwards, they said…": a subject pronoun before any name.
  const firstWords = t.split(/\s+/).slice(0, 10).join(' ');
  const pronoun = SUBJECT_PRONOUN.exec(firstWords);
  if (!pronoun) return false;
  return !/\s\p{Lu}/u.test(firstWords.slice(0, pronoun.index));
}

const NOUN_REFERENCE = /^the\s+([a-z]+)\b/i;

/**
 * Subjects carried into each sentence: for "He", "They", "The two leaders", the last named opening
 * subject before; for "The agency", "The minister", the last one with that word in it (none if
 * there is none: better nothing than the wrong name). `isName` says whether a word (lowercase)
 * names someone in the article, so "Traffic was light." does not become a subject. One entry per
 * sentence (null where nothing is carried).
 */
export function carrySubjects(
  texts: readonly string[],
  isName: (word: string) => boolean,
): Array<string | null> {
  const subjects: string[] = [];
  return texts.map((text) => {
    if (opensWithReference(text)) {
      const t = text.trim().replace(/^["“'‘(]+/, '');
      const noun = NOUN_REFERENCE.exec(t)?.[1]?.toLowerCase();
      if (noun && !/^(?:two|three|four|pair|leaders|sides|couple)$/.test(noun)) {
        const stem = noun.replace(/s$/, '');
        return [...subjects].reverse().find((s) => s.toLowerCase().includes(stem)) ?? null;
      }
      return subjects[subjects.length - 1] ?? null;
    }
    const subject = openingSubject(text);
    if (subject?.split(/[\s-]+/).some((w) => isName(w.toLowerCase()))) subjects.push(subject);
    return null;
  });
}

/** Words of the people and organisations the article names (lowercase), for carrySubjects. */
export function nameWords(a: Pick<ReturnType<typeof analyse>, 'mentions'>): Set<string> {
  return new Set(
    a.mentions
      .filter((m) => m.kind === 'person' || m.kind === 'org' || m.kind === 'unknown')
      .flatMap((m) =>
        m.tokens.filter((t) => /^\p{Lu}/u.test(t.text)).flatMap((t) => [t.lower, ...t.lower.split('-')]),
      ),
  );
}

type ArticleSentence = Omit<IndexedSentence, 'sourceIndex'>;

/**
 * An article's sentences as the index needs them, kept for the last few articles asked about (a
 * thread asks several questions of the same brief; the name analysis is the costly part). Only
 * the derived terms are kept, not the analysis itself.
 */
const PREPARED = new Map<string, { sentences: ArticleSentence[]; acronyms: Map<string, string[]> }>();
const PREPARED_KEPT = 16;

function prepared(article: Article): { sentences: ArticleSentence[]; acronyms: Map<string, string[]> } {
  const key = `${article.title ?? ''}\u0000${article.text}`;
  const hit = PREPARED.get(key);
  if (hit) return hit;
  const entry = { sentences: prepare(article), acronyms: definedAcronyms(article.text) };
  if (PREPARED.size >= PREPARED_KEPT) PREPARED.delete(PREPARED.keys().next().value as string);
  PREPARED.set(key, entry);
  return entry;
}

function prepare(article: Article): ArticleSentence[] {
  const a = analyse(article.text);
  const personWords = new Set(
    a.mentions.filter((m) => m.kind === 'person').flatMap((m) => m.tokens.map((t) => t.lower)),
  );
  const body = a.sentences.filter((s) => s.kind === 'body');
  const names = nameWords(a);
  const title = [...new Set(tokens(article.title ?? '').map((t) => t.term))];
  // "MELBOURNE, Jan 26 -- Croatia's Luka Kovac won…": the subject follows the dateline.
  const withoutDateline = (s: Sentence) =>
    a.dateline && a.dateline.start === s.start ? s.text.slice(a.dateline.prefix.length).trim() : s.text;
  const carried = carrySubjects(body.map(withoutDateline), (w) => names.has(w));
  return body.map((s, i) => {
    const text = s.text.trim();
    const subject = carried[i] ?? null;
    const own = new Set(tokens(text).map((t) => t.term));
    const kinds = kindsOf(s, a.mentions, personWords);
    if (
      subject &&
      [...subject.matchAll(/\p{Lu}[\p{L}-]+/gu)].some((m) => personWords.has(m[0].toLowerCase()))
    )
      kinds.person = Math.max(kinds.person, CARRIED_PERSON);
    const previous = i > 0 && opensWithReference(text) ? (body[i - 1] as Sentence).text : '';
    // "GENEVA -- Officials from…": the dateline says where the reporter was, not what happened.
    const words = a.dateline && a.dateline.start === s.start ? s.text.slice(a.dateline.prefix.length) : text;
    return {
      text,
      index: s.index,
      terms: tokens(words).map((t) => t.term),
      carriedTerms: subject ? tokens(subject).map((t) => t.term) : [],
      contextTerms: tokens(previous).map((t) => t.term),
      topicTerms: title.filter((t) => !own.has(t)),
      carried: subject,
      kinds,
      future: FUTURE_RE.test(text),
      lead: i === 0,
    };
  });
}

const sameText = (s: string) =>
  s.normalize('NFKC').replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');

/** Every body sentence of the articles, once, with its terms, carried subject and answer kinds. */
export function indexArticles(articles: readonly Article[]): SentenceIndex {
  const sentences: IndexedSentence[] = [];
  const acronyms = new Map<string, string[]>();
  const seen = new Set<string>();
  articles.forEach((article, sourceIndex) => {
    const entry = prepared(article);
    for (const [abbr, longs] of entry.acronyms) acronyms.set(abbr, longs);
    for (const s of entry.sentences) {
      const key = sameText(s.text);
      // An injected instruction is not an answer, however many question words it repeats.
      if (seen.has(key) || looksLikeInstruction(s.text)) continue;
      seen.add(key);
      sentences.push({ ...s, sourceIndex });
    }
  });
  const df = new Map<Term, number>();
  for (const s of sentences) for (const t of new Set(s.terms)) df.set(t, (df.get(t) ?? 0) + 1);
  const avgLength = sentences.reduce((n, s) => n + s.terms.length, 0) / Math.max(sentences.length, 1);
  return { sentences, vocabulary: new Set(df.keys()), acronyms, df, avgLength };
}

const idf = (n: number, df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/**
 * How often each concept occurs in a sentence: each way it is written counts, at its weight
 * ("held their second summit" mentions a meeting twice).
 */
function conceptCounts(
  concepts: readonly Concept[],
  s: IndexedSentence,
): { count: number; weight: number }[] {
  const here = new Map<Term, number>();
  const around = new Map<Term, number>();
  const add = (tf: Map<Term, number>, terms: readonly Term[], by: number) => {
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + by);
  };
  add(here, s.terms, 1);
  add(here, s.carriedTerms, CARRIED_TERM);
  add(around, s.contextTerms, CONTEXT_TERM);
  add(around, s.topicTerms, TOPIC_TERM);
  const countIn = (tf: Map<Term, number>, c: Concept) => {
    let count = 0;
    let weight = 0;
    for (const alt of c.alternatives) {
      const least = Math.min(...alt.terms.map((t) => tf.get(t) ?? 0));
      if (least === 0) continue;
      count += alt.weight * least;
      weight = Math.max(weight, alt.weight);
    }
    return { count, weight };
  };
  return concepts.map((c) => {
    const own = countIn(here, c);
    if (own.count > 0) return own;
    // Only the sentence before or the title has it: a weaker match that covers the question less surely.
    const lent = countIn(around, c);
    return { count: lent.count, weight: lent.weight * CONTEXT_COVERAGE };
  });
}

/** The question's concepts, ranked sentences (best first), and the question type. */
export function rank(
  question: string,
  index: SentenceIndex,
): { concepts: Concept[]; type: QuestionType; ranked: Ranked[] } {
  const concepts = expandQuestion(question, { vocabulary: index.vocabulary, acronyms: index.acronyms });
  const type = questionType(question);
  if (concepts.length === 0) return { concepts, type, ranked: [] };
  const counts = index.sentences.map((s) => conceptCounts(concepts, s));
  // A concept's rarity counts every way of writing it as one term (as a search engine's synonym
  // query does), so a rare synonym does not outweigh the common word.
  const n = index.sentences.length;
  // A word the articles never use is taken to be as rare as their rarest, not rarer: its rarity is
  // unknown, and an unseen verb ("last", "reopen") should not outweigh the story's own names.
  // But a verb or adjective the articles never use says less: stories put the same event in
  // other verbs ("heading" for "moving", "played" for "at the stadium") more often than they leave
  // out what is asked about, so it counts at UNSEEN_DESCRIBING of that rarity.
  const rarity = concepts.map((c, ci) => {
    const df = counts.filter((cs) => (cs[ci]?.count ?? 0) > 0).length;
    return df === 0 && c.salience < 1
      ? Math.max(MIN_RARITY, UNSEEN_DESCRIBING * idf(n, 1))
      : idf(n, Math.max(1, df));
  });
  const salience = concepts.map((c, ci) => c.salience * Math.max(MIN_RARITY, rarity[ci] as number));
  const total = salience.reduce((a, b) => a + b, 0);
  const wantsFuture = FUTURE_QUESTION.test(question) ? true : PAST_QUESTION.test(question) ? false : null;
  const ranked: Ranked[] = [];
  index.sentences.forEach((s, si) => {
    const norm = K1 * (1 - B + (B * s.terms.length) / Math.max(index.avgLength, 1));
    let score = 0;
    let covered = 0;
    let missing = 0;
    (counts[si] ?? []).forEach(({ count, weight }, ci) => {
      if (count === 0) {
        if ((concepts[ci] as Concept).salience === 1) missing++;
        return;
      }
      score += (salience[ci] as number) * ((count * (K1 + 1)) / (count + norm));
      covered += weight * (salience[ci] as number);
    });
    if (score === 0) return;
    const typeMatch = holdsAnswerType(type, s.kinds);
    const miss = type === 'age' || type === 'measure' ? STRICT_TYPE_MISS : TYPE_MISS;
    score *= miss + (1 - miss) * typeMatch;
    if (wantsFuture !== null) score *= s.future === wantsFuture ? TENSE_MATCH : TENSE_MISMATCH;
    if (s.lead) score *= LEAD;
    ranked.push({ sentence: s, score, coverage: total > 0 ? covered / total : 0, missing, typeMatch });
  });
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.sentence.sourceIndex - b.sentence.sourceIndex ||
      a.sentence.index - b.sentence.index,
  );
  return { concepts, type, ranked };
}

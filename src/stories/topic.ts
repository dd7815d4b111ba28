/*
 * A topic as people type it → a PostgreSQL full-text query. Pure.
 *
 * The syntax is websearch_to_tsquery's, which people know from search engines: `"climate finance"`
 * is a phrase, `or` between two words means either, `-football` excludes, anything else must all
 * be there (`korea-japan` and `korea japan` are the same two terms). We do not hand the text to
 * websearch_to_tsquery itself, because it can express neither prefixes (`korea` must find
 * `korean`, as articles.search always did) nor a workspace's aliases (korea → "south korea",
 * seoul). So we build a to_tsquery('simple', …) expression: each word a quoted lexeme, with `:*`
 * when long enough to match as a prefix; each phrase one quoted lexeme of several words, which
 * to_tsquery splits with the same parser as the articles' tsvector and joins with `<->`, exactly
 * as websearch_to_tsquery does for a quoted phrase; each aliased word an OR group of itself and
 * its aliases. Korean, Japanese and Chinese words are looked for as the index holds them
 * (src/text/cjk.ts): Han and kana as a phrase of their bigrams, Korean without its particle and by
 * prefix; place names also in the other two languages (placeNames.ts).
 */

import { hanKanaPieces, isHanKana, stripKoreanParticle } from '../text/cjk.ts';
import { pairWords, placeAliases } from './placeNames.ts';

/** Words shorter than this are ignored ("a", "&"). */
const MIN_TERM_LENGTH = 2;
/** Words at least this long also match as prefixes ("korea" finds "korean"). */
const MIN_PREFIX_LENGTH = 4;
/** A Hangul syllable is a whole sound: two of them are a word, and prefixes cover particles (한국은). */
const MIN_HANGUL_PREFIX_LENGTH = 2;
const HANGUL = /\p{Script=Hangul}/u;

/** One thing to look for: a word (or phrase) and the aliases that may stand in for it. */
export interface Alternative {
  /** Words of the word or phrase, lower-cased; one for a plain term. */
  words: string[];
  phrase: boolean;
}

/** All clauses must match; a clause matches when any of its alternatives does (or, negated, none). */
export interface Clause {
  alternatives: Alternative[];
  negated: boolean;
}

export interface TopicQuery {
  clauses: Clause[];
  /** Words that stand for all the positive clauses at once: 日韓 for `korea japan`. */
  either: Alternative[];
  /** The user wrote `or` or `-`: the "any term" fallback would go against what they asked. */
  explicit: boolean;
}

/**
 * Words too common to say what a story is about: stop words and the time words people add to a
 * topic ("now", "today", "latest"). A topic of these alone matches no story, and the "any term"
 * fallback never matches on one of them (`frobnicate now` must not brief whatever says "now").
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'the an and or of in on at to for from by with about into over after before up down out off ' +
    'is are was were be been being it its this that these those there here what which who whom whose ' +
    'when where why how all any some no not but if so as than then too very can will would should could ' +
    'may might must do does did has have had he she they we you your our their his her them us me my i ' +
    'now new news today tonight yesterday tomorrow latest update updates recent recently current ' +
    'day days week weeks month months year years time times live breaking story stories report reports ' +
    'says said say tell show get got make made more most much many other one two first last next'
  ).split(' '),
);

/** A clause that is one plain common word (no phrase, no alias). */
function isCommon(c: Clause): boolean {
  return (
    c.alternatives.length === 1 &&
    c.alternatives.every((a) => !a.phrase && COMMON_WORDS.has(a.words.join(' ')))
  );
}

/** Every word looked for is a common word: no story can be told apart by them. */
export function onlyCommonWords(q: TopicQuery): boolean {
  const positive = q.clauses.filter((c) => !c.negated);
  return positive.length > 0 && positive.every(isCommon);
}

/** Term (lower-cased) → what else it may be written as, e.g. korea → ["south korea", "seoul"]. */
export type Aliases = ReadonlyMap<string, readonly string[]>;

const QUOTES = /["“”„«»]/gu;

/**
 * Lower-cased words. Terms split at hyphens (`korea-japan` is two terms) and drop one-letter words;
 * phrases keep both, since every word counts for the positions of a phrase.
 */
function words(text: string, kind: 'terms' | 'phrase' = 'terms'): string[] {
  return text
    .toLowerCase()
    .split(kind === 'terms' ? /[\s,\-‐‑‒–—/]+/u : /[\s,/]+/u)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => [...t].length >= (kind === 'terms' ? MIN_TERM_LENGTH : 1));
}

/**
 * A phrase or an alias ("south korea", "jae-myung" and "climate finance" are phrases, "seoul" a
 * word). Hyphens stay: PostgreSQL's parser reads `jae-myung` as the compound plus its parts, in the
 * tsvector and in the query alike, so the phrase only matches when both see the same tokens.
 */
function alternative(text: string, phrase: boolean): Alternative | null {
  const w = words(text, 'phrase').flatMap((word) => (isHanKana(word) ? hanKanaQueryPieces(word) : [word]));
  if (w.length === 0 || (w.length === 1 && [...(w[0] ?? '')].length < MIN_TERM_LENGTH)) return null;
  return { words: w, phrase: phrase || w.length > 1 || /[^\p{L}\p{N}]/u.test(w[0] ?? '') };
}

/**
 * A Han/kana word's pieces as the index holds them (src/text/cjk.ts), less a lone character at
 * either end: in the article it is half of a pair with its neighbour (号 of 台風11号は is held as 号は),
 * so the phrase would never match with it.
 */
function hanKanaQueryPieces(word: string): string[] {
  const pieces = hanKanaPieces(word);
  const lone = (p: string | undefined) => p !== undefined && [...p].length === 1 && isHanKana(p);
  while (pieces.length > 1 && lone(pieces[0])) pieces.shift();
  while (pieces.length > 1 && lone(pieces[pieces.length - 1])) pieces.pop();
  return pieces;
}

/** A plain word as the index holds it: Han/kana as bigrams, Korean without its particle. */
function wordAlternative(word: string): Alternative | null {
  if (isHanKana(word)) return alternative(word, false);
  return { words: [stripKoreanParticle(word) ?? word], phrase: false };
}

/**
 * Parses websearch-style syntax; aliases widen each plain word (or exact phrase) they name. With
 * `places`, place names also stand for their English, Korean and Japanese forms (placeNames.ts),
 * and two of them together for the pair word (korea japan → 한일, 日韓).
 */
export function parseTopic(
  topic: string,
  aliases: Aliases = new Map(),
  opts: { places?: boolean } = {},
): TopicQuery {
  const clauses: Clause[] = [];
  let explicit = false;
  let orNext = false;
  const add = (alts: Alternative[], negated: boolean) => {
    if (alts.length === 0) return;
    const last = clauses[clauses.length - 1];
    if (orNext && last && !negated && !last.negated) last.alternatives.push(...alts);
    else clauses.push({ alternatives: alts, negated });
    orNext = false;
  };
  const withAliases = (alt: Alternative, typed: string): Alternative[] => {
    const expansions = [...(aliases.get(typed) ?? []), ...(opts.places ? placeAliases(typed) : [])];
    const extra = expansions.map((e) => alternative(e, false)).filter((a): a is Alternative => a !== null);
    const seen = new Set<string>();
    return [alt, ...extra].filter((a) => {
      const key = a.words.join(' ');
      return !seen.has(key) && Boolean(seen.add(key));
    });
  };
  // Full-width letters and digits (ＡＩ, １７) are typed as often as ASCII in Japanese.
  const normalised = topic.normalize('NFKC').replace(QUOTES, '"');
  const typedPlaces: string[] = [];
  for (const m of normalised.matchAll(/(-?)"([^"]*)"?|(\S+)/gu)) {
    const [, minus, quoted, bare] = m;
    if (quoted !== undefined) {
      const alt = alternative(quoted, true);
      if (minus) explicit = true;
      if (alt) add(withAliases(alt, normaliseAliasText(quoted)), Boolean(minus));
      continue;
    }
    const token = bare ?? '';
    if (token.toLowerCase() === 'or' && clauses.length > 0) {
      orNext = true;
      explicit = true;
      continue;
    }
    const negated = token.startsWith('-') && token.length > 1;
    if (negated) explicit = true;
    // `korea-japan` is two terms, both wanted; only a leading `-` negates.
    const parts = words(negated ? token.slice(1) : token);
    for (const word of parts) {
      const alt = wordAlternative(word);
      if (alt) add(withAliases(alt, word), negated);
      if (!negated) typedPlaces.push(word);
    }
  }
  return { clauses, explicit, either: opts.places ? pairAlternatives(typedPlaces, clauses) : [] };
}

/** `korea japan` (either order, nothing else positive) → the pair words 한일, 日韓, 韓日. */
function pairAlternatives(typed: string[], clauses: Clause[]): Alternative[] {
  const positive = clauses.filter((c) => !c.negated);
  if (positive.length !== 2 || typed.length !== 2) return [];
  const [a = '', b = ''] = typed;
  return pairWords(a, b)
    .map((w) => alternative(w, false))
    .filter((x): x is Alternative => x !== null);
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The word an alternative is looked for as a prefix of (`korea` → korean), or null. */
function prefixOf(alt: Alternative): string | null {
  const text = alt.words.join(' ');
  if (alt.phrase || isHanKana(text)) return null;
  const minPrefix = HANGUL.test(text) ? MIN_HANGUL_PREFIX_LENGTH : MIN_PREFIX_LENGTH;
  return [...text].length >= minPrefix ? text : null;
}

/**
 * Prefix → the words of the searched rows that start with it (the store's vocabulary of the
 * window): the prefix is then looked up as those exact words, which the full-text index finds
 * cheaply, instead of `:*`, which it resolves over every word it holds.
 */
export type PrefixWords = ReadonlyMap<string, readonly string[]>;

/** A word to_tsquery('simple', …) reads back as itself: a run of letters and digits. */
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;

function lexeme(alt: Alternative, expand?: PrefixWords): string {
  const prefix = prefixOf(alt);
  if (prefix === null) return quote(alt.words.join(' '));
  const words = expand?.get(prefix);
  // Unknown, or a word the parser would split: the prefix itself (the same matches, found slower).
  if (!words?.every((w) => PLAIN_WORD.test(w))) return `${quote(prefix)}:*`;
  // No word of the window starts with it: the word itself, which matches nothing there either.
  const list = words.length === 0 ? [prefix] : words;
  return list.length === 1 ? quote(list[0] ?? prefix) : `(${list.map(quote).join(' | ')})`;
}

/** The words a topic looks for as prefixes, for the store to expand (see PrefixWords). */
export function prefixesOf(q: TopicQuery): string[] {
  const all = [...q.clauses.flatMap((c) => c.alternatives), ...q.either];
  return [...new Set(all.map(prefixOf).filter((p): p is string => p !== null))];
}

function clauseQuery(c: Clause, expand?: PrefixWords): string {
  const alts = c.alternatives.map((a) => lexeme(a, expand));
  const body = alts.length === 1 ? (alts[0] ?? '') : `(${alts.join(' | ')})`;
  return c.negated ? `!${body}` : body;
}

/**
 * The to_tsquery('simple', …) string: all clauses (`all`), or any of the positive ones (`any`).
 * Null when nothing positive is left to look for. Always passed as a parameter, never spliced.
 * With `expand`, prefixes are written as the words they stand for there (PrefixWords).
 */
export function tsqueryOf(q: TopicQuery, mode: 'all' | 'any' = 'all', expand?: PrefixWords): string | null {
  const positive = q.clauses.filter((c) => !c.negated);
  if (positive.length === 0) return null;
  const either = q.either.map((a) => lexeme(a, expand));
  const clause = (c: Clause) => clauseQuery(c, expand);
  if (mode === 'any') {
    const telling = positive.filter((c) => !isCommon(c));
    return telling.length > 0 || either.length > 0 ? [...telling.map(clause), ...either].join(' | ') : null;
  }
  if (either.length === 0) return q.clauses.map(clause).join(' & ');
  const wanted = `((${positive.map(clause).join(' & ')}) | ${either.join(' | ')})`;
  return [wanted, ...q.clauses.filter((c) => c.negated).map(clause)].join(' & ');
}

/** Whether the "any term" fallback makes sense: several plain terms, no operators typed. */
export function canLoosen(q: TopicQuery): boolean {
  return !q.explicit && q.clauses.length > 1;
}

/** `30d`, `2w` → days; null when the token is not a window. */
export function parseWindow(token: string): number | null {
  const m = /^(\d{1,3})([dw])$/i.exec(token.trim());
  if (!m) return null;
  const days = Number(m[1]) * (m[2]?.toLowerCase() === 'w' ? 7 : 1);
  return days >= 1 && days <= MAX_WINDOW_DAYS ? days : null;
}

export const MAX_WINDOW_DAYS = 365;

/** `korea = south korea, seoul, korean` → the term and its aliases; null when it does not parse. */
export function parseAliasDefinition(text: string): { term: string; aliases: string[] } | null {
  const i = text.indexOf('=');
  if (i < 0) return null;
  const term = normaliseAliasText(text.slice(0, i));
  if (!term) return null;
  const aliases = text
    .slice(i + 1)
    .split(',')
    .map(normaliseAliasText)
    .filter((a) => a !== '' && a !== term);
  return { term, aliases: [...new Set(aliases)] };
}

/** Lower-cased words joined by single spaces: how aliases are stored and looked up. */
export function normaliseAliasText(text: string): string {
  return words(text.replace(QUOTES, ''), 'phrase').join(' ');
}

/* Ranking. */

export interface StoryHit<Id> {
  storyId: Id;
  /** ts_rank of one matching article. */
  rank: number;
  /** Epoch ms of that article (published, else ingested). */
  at: number;
}

export interface RankedStory<Id> {
  storyId: Id;
  score: number;
  /** Matching articles of the story. */
  matches: number;
  /** The newest matching article. */
  latestAt: number;
}

const DAY_MS = 86_400_000;

/** How many other matching stories a topic brief mentions ("3 more stories: …"). */
export const OTHER_STORIES = 3;

/**
 * Stories by relevance and recency. Relevance: the best article's rank, a little more for each
 * further outlet that matches. Recency: a story as old as the window counts half as much as one
 * from today, so a fresh story wins over a slightly better-worded old one, not over a far better one.
 */
export function rankStories<Id>(hits: readonly StoryHit<Id>[], opts: { now: number; windowDays: number }) {
  const byStory = new Map<Id, { best: number; matches: number; latestAt: number }>();
  for (const h of hits) {
    const s = byStory.get(h.storyId) ?? { best: 0, matches: 0, latestAt: Number.NEGATIVE_INFINITY };
    s.best = Math.max(s.best, h.rank);
    s.matches++;
    s.latestAt = Math.max(s.latestAt, h.at);
    byStory.set(h.storyId, s);
  }
  const ranked: RankedStory<Id>[] = [];
  for (const [storyId, s] of byStory) {
    const ageDays = Math.max(0, (opts.now - s.latestAt) / DAY_MS);
    const relevance = s.best * (1 + 0.25 * Math.log(s.matches));
    const recency = 1 / (1 + ageDays / Math.max(opts.windowDays, 1));
    ranked.push({ storyId, score: relevance * recency, matches: s.matches, latestAt: s.latestAt });
  }
  return ranked.sort((a, b) => b.score - a.score || b.latestAt - a.latestAt);
}

/* Nothing matched: the stories closest to what was typed. */

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient of two words' letter trigrams: "koria" and "korea" are close, "now" and "korea" not. */
function likeness(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return (2 * shared) / (x.size + y.size);
}

/**
 * The `n` stories whose headlines look most like the topic's telling words (letter trigrams, so a
 * misspelling still finds its story), then the newest; `stories` come newest first.
 */
export function closestStories<S extends { headline: string }>(
  topic: string,
  stories: readonly S[],
  n = 3,
): S[] {
  const wanted = words(topic.replace(QUOTES, ' ')).filter((w) => !COMMON_WORDS.has(w) && [...w].length >= 3);
  const scored = stories.map((story, order) => {
    const headline = words(story.headline).filter((w) => !COMMON_WORDS.has(w));
    const score = wanted.reduce((sum, w) => sum + Math.max(0, ...headline.map((h) => likeness(w, h))), 0);
    return { story, score: score >= 0.3 ? score : 0, order };
  });
  return scored
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, n)
    .map((s) => s.story);
}

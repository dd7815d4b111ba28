/*
 * Capitalised name chunks and what they are. One pass over the article finds every run of
 * capitalised words ("Japanese Prime Minister Shigeru Ishiba", "Court of Justice of the European
 * Union", "Tokyo"), splits off titles, and classifies each mention as a person, an organisation, a
 * place, a time word or something else, from the words around it and compromise's tags. who.ts and
 * where.ts turn the mentions into entities.
 */
import nlp from 'compromise';
import { type Dateline, findDateline, type Sentence, splitSentences } from '../text/sentences.ts';
import {
  AGENCIES,
  LOCATIVE,
  MONTHS,
  NAME_PARTICLES,
  NON_ORG_ACRONYMS,
  ORG_DESCRIPTORS,
  ORG_FOLLOWERS,
  ORG_WORDS,
  PLACE_FOLLOWERS,
  PLACE_OF_HEADS,
  PLACE_WORDS,
  PRESS_ROLES,
  ROLE_STOP,
  SPEECH_VERBS,
  THING_WORDS,
  TITLE_ABBREVIATIONS,
  TITLE_HEADS,
  WEEKDAYS,
} from './lexicon.ts';

export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Ended by 's / ’s (stripped from text, start/end). */
  possessive: boolean;
}

export type MentionKind = 'person' | 'org' | 'place' | 'time' | 'thing' | 'unknown';

export interface Mention {
  sentence: number;
  tokens: Token[];
  /** Absolute offsets of the name (without title or possessive). */
  start: number;
  end: number;
  text: string;
  kind: MentionKind;
  /** Title or role the article gives with this mention, as written (demonyms dropped). */
  role: string | null;
  /** Offsets of the whole mention including its role, for choosing evidence. */
  spanStart: number;
  spanEnd: number;
  /** Preceded by "in", "at", "to"… or "the town of": a place reading is likely. */
  locative: boolean;
  /** Inside quotation marks. */
  quoted: boolean;
  /** An acronym given in parentheses right after this mention: "Indian Space Research Organisation (ISRO)". */
  alias: string | null;
  /** Part of someone's role ("Conference president X") or a source/example ("analysts at X",
   *  "such as X"): counts towards an entity named elsewhere but does not make one. */
  minor: boolean;
  /** Why it was classified so (for debugging and tests). */
  why: string;
}

export interface Analysis {
  text: string;
  sentences: Sentence[];
  dateline: Dateline | null;
  mentions: Mention[];
  /** Absolute [start, end) ranges of quoted speech. */
  quotes: Array<[number, number]>;
  tagsAt(start: number, end: number): Set<string>;
  /** Lowercase forms of words that occur in lowercase somewhere in the article. */
  lowerWords: Set<string>;
}

interface Term {
  text: string;
  tags: string[];
  offset: { start: number; length: number };
}

const LEXICON = (
  nlp as unknown as { model(): { one: { lexicon: Record<string, string | undefined> } } }
).model().one.lexicon;
const NAME_TAGS = new Set(['FirstName', 'LastName', 'MaleName', 'FemaleName', 'Person', 'Honorific']);
const PLACE_TAGS = new Set(['Place', 'Country', 'City', 'Region', 'Address']);

const TOKEN_RE = /(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+(?:[-'’&](?:(?:\p{L}\.){2,}|[\p{L}\p{M}\p{N}]+))*/gu;
const HONORIFICS = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'miss',
  'sir',
  'dame',
  'dr',
  'lord',
  'lady',
  'sen',
  'rep',
]);

const DIRECTION_ADJECTIVES = new Set(
  'northern southern eastern western central north south east west northeastern northwestern southeastern southwestern downtown rural coastal greater'.split(
    ' ',
  ),
);

/** People who work "at" an organisation: "analysts at Bernstein". */
const STAFF = new Set(
  'analysts analyst economists economist researchers researcher scientists scientist engineers executives staff workers employees officials official doctors nephrologist lawyers partner professor'.split(
    ' ',
  ),
);

/** Lexicon tags of proper names: such words are not common words even when compromise knows them. */
const PROPER_LEXICON = new Set([
  'FirstName',
  'LastName',
  'MaleName',
  'FemaleName',
  'Place',
  'Country',
  'City',
  'Region',
  'Demonym',
]);
/** Words that begin place names: "New South Wales", "San Jose", "Port Moresby". */
const PLACE_PREFIXES = new Set(
  'new north south east west northern southern eastern western saint st san santa los las el le la port mount upper lower greater central'.split(
    ' ',
  ),
);

/** Text before a mention that makes it a source or an example rather than an actor. */
const SOURCE_BEFORE =
  /(?:\b(?:analysts?|economists?|strategists?|researchers?|experts?)\s+(?:at|from|with|(?:polled|surveyed)\s+by)|\bsuch\s+as|\bincluding|\blike)\s+(?:the\s+)?$/i;

/** "in Catholic schools", "at the COP29 summit": a name used as a modifier of the noun after it. */
function attributive(a: Analysis, s: Sentence, end: number): boolean {
  const m = /^ +(\p{Ll}[\p{L}-]*)/u.exec(a.text.slice(end, s.end));
  if (!m?.[1]) return false;
  const at = end + m[0].length - m[1].length;
  const tags = a.tagsAt(at, at + m[1].length);
  if (PLACE_FOLLOWERS.has(m[1])) return false;
  return tags.has('Noun') && !tags.has('Pronoun') && !tags.has('Preposition');
}

const isCap = (t: Token): boolean => /^\p{Lu}/u.test(t.text);
const isAcronym = (t: Token): boolean =>
  /^(?:\p{Lu}\.){2,}$/u.test(t.text) ||
  (/^[\p{Lu}&-]{2,9}$/u.test(t.text) && (t.text.match(/\p{Lu}/gu)?.length ?? 0) >= 2);

export function analyse(text: string): Analysis {
  const sentences = splitSentences(text);
  const dateline = findDateline(sentences);
  const terms: Term[] = [];
  for (const s of nlp(text).json({ offset: true }) as Array<{ terms: Term[] }>) terms.push(...s.terms);
  const tagIndex = new Map<number, string[]>();
  for (const t of terms) tagIndex.set(t.offset.start, t.tags);
  const tagsAt = (start: number, end: number): Set<string> => {
    const out = new Set<string>();
    for (let i = start; i < end; i++) for (const tag of tagIndex.get(i) ?? []) out.add(tag);
    return out;
  };
  const lowerWords = new Set<string>();
  for (const m of text.matchAll(/(?<![\p{L}\p{N}'’-])\p{Ll}[\p{Ll}'’-]*/gu)) lowerWords.add(m[0]);
  const quotes = quoteRanges(text);
  const analysis: Analysis = { text, sentences, dateline, mentions: [], quotes, tagsAt, lowerWords };
  for (const s of sentences) {
    if (s.kind === 'noise') continue;
    analysis.mentions.push(...sentenceMentions(analysis, s));
  }
  return analysis;
}

function quoteRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of text.matchAll(/“[^”\n]*”|"[^"\n]*"/g)) out.push([m.index, m.index + m[0].length]);
  return out;
}

export function inQuote(a: Analysis, start: number, end: number): boolean {
  return a.quotes.some(([s, e]) => start >= s && end <= e);
}

function tokenize(text: string, s: Sentence, from: number): Token[] {
  const out: Token[] = [];
  const body = text.slice(from, s.end);
  for (const m of body.matchAll(TOKEN_RE)) {
    let t = m[0];
    const start = from + m.index;
    const possessive = /['’]s$/.test(t) && t.length > 2;
    if (possessive) t = t.slice(0, -2);
    else if (/['’]$/.test(t)) t = t.slice(0, -1);
    out.push({ text: t, lower: t.toLowerCase(), start, end: start + t.length, possessive });
  }
  return out;
}

const gapText = (text: string, a: Token, b: Token): string =>
  text.slice(a.end + (a.possessive ? 2 : 0), b.start);

function isTimeWord(t: Token): boolean {
  return MONTHS.has(t.lower.replace(/\.$/, '')) || WEEKDAYS.has(t.lower);
}

/** Raw capitalised runs, with connectors ("of the", "and", particles) provisionally included. */
function rawChunks(text: string, tokens: Token[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    if (!isCap(t)) {
      i++;
      continue;
    }
    if (isTimeWord(t)) {
      runs.push([i, i + 1]);
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      const cur = tokens[j] as Token;
      if (cur.possessive) break;
      const next = tokens[j + 1];
      if (!next) break;
      const gap = gapText(text, cur, next);
      const space = /^ +$/.test(gap);
      const dotted = gap === '. ' && TITLE_ABBREVIATIONS.has(cur.lower);
      if (!space && !dotted) break;
      if (isCap(next) && !isTimeWord(next)) {
        j++;
        continue;
      }
      // connector(s) followed by a capitalised word
      const conn = ['of', 'and', 'for', 'on', '&'].includes(next.lower) || NAME_PARTICLES.has(next.lower);
      if (!conn || !space) break;
      let k = j + 2;
      if (next.lower === 'of' && tokens[k]?.lower === 'the') k++;
      const after = tokens[k];
      const prev = tokens[k - 1] as Token;
      if (!after || !isCap(after) || isTimeWord(after) || !/^ +$/.test(gapText(text, prev, after))) break;
      j = k;
    }
    runs.push([i, j + 1]);
    i = j + 1;
  }
  return runs;
}

const CONNECTORS = new Set(['of', 'the', 'and', 'for', 'on', '&']);

/** Split a raw run at connectors that do not belong inside one name. */
function splitConnectors(a: Analysis, tokens: Token[]): Token[][] {
  const parts: Token[][] = [];
  let cur: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!CONNECTORS.has(t.lower) || isCap(t)) {
      cur.push(t);
      continue;
    }
    // t is a lowercase connector between capitalised words
    const last = cur[cur.length - 1];
    let keep = false;
    if (t.lower === 'the') keep = true;
    else if (t.lower === '&') keep = true;
    else if (last && (t.lower === 'of' || t.lower === 'for' || t.lower === 'on')) {
      keep =
        ORG_WORDS.has(last.lower) ||
        PLACE_WORDS.has(last.lower) ||
        ['justice', 'republic', 'kingdom', 'emirates', 'convention', 'isle', 'cape', 'states'].includes(
          last.lower,
        );
      if (t.lower !== 'of' && PLACE_WORDS.has(last.lower) && !ORG_WORDS.has(last.lower)) keep = false;
    } else if (last && t.lower === 'and') {
      const right: Token[] = [];
      for (let k = i + 1; k < tokens.length && !CONNECTORS.has((tokens[k] as Token).lower); k++)
        right.push(tokens[k] as Token);
      const rightLast = right[right.length - 1];
      const lastTags = a.tagsAt(last.start, last.end);
      const personOrPlace = [...lastTags].some((g) => PLACE_TAGS.has(g) || NAME_TAGS.has(g));
      const headed = ORG_WORDS.has((cur[0] as Token).lower) && cur.some((x) => x.lower === 'of');
      // "Food and Drug Administration" yes; "Barclays and Deutsche Bank" no (a one-word proper name on the left).
      const leftOk = cur.length > 1 || isCommonWord(a, last);
      keep =
        headed ||
        (!!rightLast &&
          ORG_WORDS.has(rightLast.lower) &&
          right.length <= 3 &&
          leftOk &&
          !personOrPlace &&
          !ORG_WORDS.has(last.lower));
    }
    if (keep) cur.push(t);
    else {
      if (cur.length > 0) parts.push(cur);
      cur = [];
    }
  }
  if (cur.length > 0) parts.push(cur);
  // "of the" split leaves a dangling "the": drop edge connectors
  return parts
    .map((p) => {
      let s = 0;
      let e = p.length;
      while (s < e && !isCap(p[s] as Token)) s++;
      while (e > s && !isCap(p[e - 1] as Token)) e--;
      return p.slice(s, e);
    })
    .filter((p) => p.length > 0);
}

function isCommonWord(a: Analysis, t: Token): boolean {
  const tags = a.tagsAt(t.start, t.end);
  if ([...tags].some((g) => NAME_TAGS.has(g) || PLACE_TAGS.has(g) || g === 'Organization' || g === 'Demonym'))
    return false;
  if (a.lowerWords.has(t.lower)) return true;
  const lex = LEXICON[t.lower];
  if (lex && !PROPER_LEXICON.has(lex)) return true;
  return [
    'Determiner',
    'Pronoun',
    'Preposition',
    'Conjunction',
    'Adverb',
    'Verb',
    'Plural',
    'QuestionWord',
  ].some((g) => tags.has(g));
}

function isDemonym(a: Analysis, t: Token): boolean {
  const tags = a.tagsAt(t.start, t.end);
  if (tags.has('Country') || tags.has('City') || tags.has('Region')) return false;
  if (tags.has('Demonym')) return true;
  return /(?:ian|ean|ese|ish|i)$/.test(t.lower) && !tags.has('Place') && LEXICON[t.lower] === 'Demonym';
}

/** "The", "Both", "Meanwhile": words that can sit capitalised before a title without being part of it. */
function isFunctionWord(a: Analysis, t: Token): boolean {
  if (ROLE_STOP.has(t.lower) || t.lower === 'both' || t.lower === 'meanwhile') return true;
  const tags = a.tagsAt(t.start, t.end);
  return ['Determiner', 'Conjunction', 'Adverb', 'Preposition', 'Pronoun'].some((g) => tags.has(g));
}

function isTitleHead(lower: string): boolean {
  return TITLE_HEADS.has(lower) || /(?:ologist|ician)$/.test(lower);
}

function wordBefore(a: Analysis, s: Sentence, pos: number): { word: string; start: number } | null {
  const m = /([\p{L}\p{N}'’-]+)([ ]+)$/u.exec(a.text.slice(s.start, pos));
  return m?.[1] ? { word: m[1], start: s.start + m.index } : null;
}

function wordAfter(a: Analysis, s: Sentence, pos: number): string | null {
  const m = /^[ ]+([\p{L}\p{N}'’-]+)/u.exec(a.text.slice(pos, s.end));
  return m?.[1] ?? null;
}

/** Role words right before a name: "deputy governor", "Corvane chief executive", "Union secretary". */
function roleBefore(a: Analysis, s: Sentence, pos: number): { role: string; start: number } | null {
  const before = a.text.slice(s.start, pos);
  // appositive: "Her lawyer, Tomás Ferreira" / "India's negotiator, Chandni Rao"
  const appositive = /,\s*$/.test(before) && !/\d,\s*$/.test(before);
  const end = appositive ? before.replace(/,\s*$/, '').length : before.replace(/ +$/, '').length;
  if (!appositive && end === before.length) return null; // not separated by a plain space
  const words = [...before.slice(0, end).matchAll(/[\p{L}\p{N}.'’-]+/gu)];
  const picked: Array<{ w: string; at: number }> = [];
  for (let i = words.length - 1; i >= 0 && picked.length < 5; i--) {
    const m = words[i] as RegExpMatchArray & { index: number };
    const w = m[0];
    const next = picked[0];
    const gap = next
      ? before.slice(m.index + w.length, next.at - s.start)
      : before.slice(m.index + w.length, end);
    if (next && !/^ +$/.test(gap)) break;
    if (!next && gap !== '') break;
    const lower = w.toLowerCase().replace(/['’]s$/, '');
    if (ROLE_STOP.has(lower) || /\d/.test(w)) break;
    if (/['’]s$/.test(w) && picked.length > 0) {
      // possessive owner: "India's negotiator" keeps it, "the company's general counsel" stops.
      if (/^\p{Lu}/u.test(w)) picked.unshift({ w, at: s.start + m.index });
      break;
    }
    picked.unshift({ w, at: s.start + m.index });
  }
  const last = picked[picked.length - 1];
  if (!last || !isTitleHead(last.w.toLowerCase().replace(/\.$/, ''))) return null;
  // drop leading demonyms ("Japanese", "Chilean") and lowercase-adjective noise
  while (picked.length > 1) {
    const first = picked[0] as { w: string; at: number };
    const tok: Token = {
      text: first.w,
      lower: first.w.toLowerCase(),
      start: first.at,
      end: first.at + first.w.length,
      possessive: false,
    };
    if (isDemonym(a, tok)) picked.shift();
    else break;
  }
  const first = picked[0] as { w: string; at: number };
  const role = a.text.slice(first.at, last.at + last.w.length);
  return { role, start: first.at };
}

/** Role after a name: "Amina Diallo, executive secretary of the UN Framework Convention on Climate Change". */
function roleAfter(a: Analysis, s: Sentence, pos: number): string | null {
  const rest = a.text.slice(pos, s.end);
  const m =
    /^,\s+(?:(?:a|an|the)\s+)?((?:[\p{L}-]+\s+){0,3}?[\p{L}-]+?)(?:\s+(?:of|at|for|with)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}.&'’-]*)(?:\s+(?:of|on|for|and|the|[\p{Lu}][\p{L}.&'’-]*))*))?(?=\s*[,.;)]|\s+(?:who|which|said|says|told|and)\b)/u.exec(
      rest,
    );
  if (!m?.[1]) return null;
  const words = m[1].split(/\s+/);
  const head = (words[words.length - 1] as string).toLowerCase();
  if (!isTitleHead(head)) return null;
  if (words.some((w) => ROLE_STOP.has(w.toLowerCase()))) return null;
  const role = m[2] ? `${m[1]} ${/\s+(of|at|for|with)\s+/.exec(m[0])?.[1] ?? 'of'} ${m[2]}` : m[1];
  // keep it verbatim: find it in the sentence
  const verbatim = m[0].replace(/^,\s+(?:(?:a|an|the)\s+)?/, '');
  return rest.includes(verbatim) && verbatim.length <= 90 ? verbatim : role;
}

function sentenceMentions(a: Analysis, s: Sentence): Mention[] {
  const from = a.dateline && a.dateline.start === s.start ? a.dateline.bodyStart : s.start;
  const tokens = tokenize(a.text, s, from);
  const out: Mention[] = [];
  const runs = rawChunks(a.text, tokens);
  for (const [i, j] of runs) {
    const raw = tokens.slice(i, j);
    for (const part of splitConnectors(a, raw)) {
      const m = classifyChunk(a, s, from, part);
      if (m) out.push(m);
    }
  }
  // One-word names inside a person's role ("Conference president Elchin Mammadov") and sources
  // continued by a list ("economists at Barclays and Deutsche Bank") are minor.
  for (const p of out) {
    if (p.kind !== 'person' || p.spanStart >= p.start) continue;
    for (const m of out)
      if (
        m !== p &&
        m.start >= p.spanStart &&
        m.end <= p.start &&
        m.tokens.length === 1 &&
        !isAcronym(m.tokens[0] as Token)
      )
        m.minor = true;
  }
  for (let k = 1; k < out.length; k++) {
    const prev = out[k - 1] as Mention;
    const cur = out[k] as Mention;
    if (prev.minor && /^(?:,\s+|\s+and\s+|,\s+and\s+)$/.test(a.text.slice(prev.end, cur.start)))
      cur.minor = true;
  }
  // "Defence ministers Rahmat Hidayat and Owen Marsh": a person right after "<titled person> and".
  for (let k = 1; k < out.length; k++) {
    const prev = out[k - 1] as Mention;
    const cur = out[k] as Mention;
    if (prev.kind === 'person' && prev.role && /^ and $/.test(a.text.slice(prev.end, cur.start))) {
      if (
        (cur.kind === 'unknown' || cur.kind === 'place') &&
        cur.tokens.length >= 2 &&
        nameLike(a, cur.tokens)
      ) {
        cur.kind = 'person';
        cur.role = /s$/.test(prev.role) ? prev.role.replace(/s$/, '') : prev.role;
        cur.why = 'coordinated with a titled person';
        if (prev.role.endsWith('s')) prev.role = prev.role.replace(/s$/, '');
      }
    }
  }
  return out;
}

/** Tokens that could be a personal name. */
function nameLike(a: Analysis, tokens: Token[]): boolean {
  if (tokens.length === 0 || tokens.length > 4) return false;
  // "Park Seo-jin", "Lee Jae-myung": a surname and a hyphenated given name
  if (tokens.length === 2 && /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test((tokens[1] as Token).text)) return true;
  return tokens.every((t, k) => {
    if (!isCap(t) && !NAME_PARTICLES.has(t.lower)) return false;
    if (!isCap(t)) return true;
    const lastWord = k === tokens.length - 1;
    if (ORG_WORDS.has(t.lower) || THING_WORDS.has(t.lower) || (lastWord && PLACE_WORDS.has(t.lower)))
      return false;
    if (isTimeWord(t) || isAcronym(t) || /\p{N}/u.test(t.text)) return false;
    const tags = a.tagsAt(t.start, t.end);
    if ([...tags].some((g) => NAME_TAGS.has(g))) return true;
    return !a.lowerWords.has(t.lower) && !(LEXICON[t.lower] && !tags.has('ProperNoun'));
  });
}

function classifyChunk(a: Analysis, s: Sentence, from: number, tokensIn: Token[]): Mention | null {
  let tokens = tokensIn;
  let role: string | null = null;
  let spanStart = (tokens[0] as Token).start;
  let kind: MentionKind = 'unknown';
  let why = '';
  const atSentenceStart = (t: Token) => /^[\s"“‘'(]*$/.test(a.text.slice(from, t.start));

  // Title inside the chunk: "Japanese Prime Minister Shigeru Ishiba", "President Lee".
  for (let t = tokens.length - 2; t >= 0; t--) {
    const tok = tokens[t] as Token;
    if (!isTitleHead(tok.lower)) continue;
    const name = tokens.slice(t + 1);
    if (!nameLike(a, name)) continue;
    let r = tokens.slice(0, t + 1);
    while (r.length > 1 && (isDemonym(a, r[0] as Token) || isFunctionWord(a, r[0] as Token))) r = r.slice(1);
    const roleText = a.text.slice((r[0] as Token).start, tok.end + (a.text[tok.end] === '.' ? 1 : 0));
    const honorific = r.length === 1 && HONORIFICS.has(tok.lower);
    role = honorific ? null : roleText;
    if (PRESS_ROLES.has(tok.lower)) return null;
    spanStart = (r[0] as Token).start;
    tokens = name;
    kind = 'person';
    why = 'title in name';
    break;
  }

  // Sentence-initial common words and determiners: "The", "Residents", "Under".
  while (tokens.length > 0 && kind !== 'person') {
    const first = tokens[0] as Token;
    const named = tokens.length > 1 && tokens.some((t) => ORG_WORDS.has(t.lower) || PLACE_WORDS.has(t.lower));
    const drop = named ? isFunctionWord(a, first) : isCommonWord(a, first);
    if (first.lower === 'the' || (atSentenceStart(first) && drop && !isAcronym(first))) {
      tokens = tokens.slice(1);
      while (tokens.length > 0 && CONNECTORS.has((tokens[0] as Token).lower)) tokens = tokens.slice(1);
    } else break;
  }
  if (tokens.length === 0) return null;
  if (tokens.length === 1 && (tokens[0] as Token).text.length < 2) return null;
  const first = tokens[0] as Token;
  const last = tokens[tokens.length - 1] as Token;
  const start = first.start;
  const end = last.end;
  if (kind !== 'person') spanStart = start;
  const text = a.text.slice(start, end);
  const lowers = tokens.map((t) => t.lower);
  const tags = a.tagsAt(start, end);
  const prev = wordBefore(a, s, start);
  const prevLower = prev?.word.toLowerCase() ?? '';
  const next = wordAfter(a, s, last.end + (last.possessive ? 2 : 0));
  const nextLower = next?.toLowerCase() ?? '';
  const prev2 = prev ? wordBefore(a, s, prev.start) : null;
  const prev2Lower = prev2?.word.toLowerCase() ?? '';
  const tail = a.text.slice(end + (last.possessive ? 2 : 0), s.end);

  // "in northern Luzon", "in central Lisbon"
  let p1 = prevLower;
  let p2 = prev2Lower;
  if (DIRECTION_ADJECTIVES.has(prevLower) && prev2) {
    p1 = prev2Lower;
    p2 = wordBefore(a, s, prev2.start)?.word.toLowerCase() ?? '';
  }
  const locative =
    !last.possessive &&
    ((LOCATIVE.has(p1) && !(p1 === 'to' && SPEECH_VERBS.has(p2))) ||
      (p1 === 'the' && LOCATIVE.has(p2)) ||
      (LOCATIVE.has(prevLower) && !(prevLower === 'to' && SPEECH_VERBS.has(prev2Lower))) ||
      (prevLower === 'the' && LOCATIVE.has(prev2Lower)) ||
      (prevLower === 'for' &&
        /^(?:left|leave|leaves|leaving|departed|bound|headed|heading)$/.test(prev2Lower)) ||
      (prevLower === 'of' && PLACE_OF_HEADS.has(prev2Lower)));

  let placeSignal = false;
  let alias: string | null = null;
  const paren = /^\s*\(([\p{Lu}][\p{Lu}\p{N}&.-]{1,9})\)/u.exec(tail);
  if (paren?.[1]) alias = paren[1];

  const placeTagged = (t: Token): boolean =>
    [...a.tagsAt(t.start, t.end)].some((x) => PLACE_TAGS.has(x)) ||
    ['Country', 'City', 'Region', 'Place'].includes(LEXICON[t.lower] ?? '') ||
    /^(?:\p{Lu}\.){2,}$/u.test(t.text);
  // "New South Wales", "San Jose", "North Sea": a prefix word before a gazetteer name
  const allPlaceTagged =
    placeTagged(last) &&
    tokens.every(
      (t, k) =>
        NAME_PARTICLES.has(t.lower) ||
        CONNECTORS.has(t.lower) ||
        placeTagged(t) ||
        (k < tokens.length - 1 && PLACE_PREFIXES.has(t.lower)),
    );

  if (kind !== 'person') {
    if (tokens.length === 1 && isTimeWord(first)) {
      kind = 'time';
      why = 'month or weekday';
    } else if (tokens.length === 1 && AGENCIES.has(first.lower)) {
      return null;
    } else if (tokens.length === 1 && isDemonym(a, first) && !allPlaceTagged && !locative) {
      kind = 'thing';
      why = 'demonym';
    } else if (tokens.length === 1 && /\p{L}-\p{Lu}/u.test(first.text) && allPlaceTagged) {
      kind = 'thing';
      why = 'compound modifier';
    } else if (THING_WORDS.has(last.lower) && !(ORG_WORDS.has(last.lower) && tokens.length === 1)) {
      kind = 'thing';
      why = 'document or event word';
    } else if (
      tokens.length > 1 &&
      (PLACE_WORDS.has(last.lower) || (PLACE_WORDS.has(first.lower) && lowers.includes('of')))
    ) {
      kind = 'place';
      why = 'place word';
      placeSignal = true;
    } else if (allPlaceTagged && !tokens.some((t) => ORG_WORDS.has(t.lower) && t !== first)) {
      kind = 'place';
      why = 'gazetteer';
    } else if (tokens.some((t) => ORG_WORDS.has(t.lower) && isCap(t)) && !(tokens.length === 1 && locative)) {
      kind = 'org';
      why = 'organisation word';
    } else if (ORG_DESCRIPTORS.has(prevLower) || ORG_FOLLOWERS.has(nextLower)) {
      kind = 'org';
      why = 'descriptor';
    } else if (PLACE_FOLLOWERS.has(nextLower)) {
      kind = 'place';
      why = 'place follower';
      placeSignal = true;
    } else if (tokens.length === 1 && /^\s*[$€£¥]/.test(tail)) {
      kind = 'thing';
      why = 'currency prefix';
    } else if (prevLower === 'at' && STAFF.has(prev2Lower)) {
      kind = 'org';
      why = 'employer';
    } else if (tokens.length === 1 && isAcronym(first) && !NON_ORG_ACRONYMS.has(first.lower)) {
      kind = 'org';
      why = 'acronym';
    } else if (
      tags.has('Organization') &&
      !locative &&
      !(tokens.length === 1 && (isCommonWord(a, first) || NON_ORG_ACRONYMS.has(first.lower)))
    ) {
      kind = 'org';
      why = 'tagged organisation';
    } else if (/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+-\p{Ll}+$/u.test(text)) {
      kind = 'person';
      why = 'hyphenated given name';
    } else if (prevLower === 'of' && PLACE_OF_HEADS.has(prev2Lower)) {
      kind = 'place';
      why = 'the town of';
      placeSignal = true;
    }
  }

  if (kind === 'unknown' || kind === 'place') {
    // Roles around the name: "chief executive Priya Raman", "Her lawyer, Tomás Ferreira", "X, 67,".
    const before = roleBefore(a, s, start);
    const after = before ? null : roleAfter(a, s, end);
    const aged = /^,\s*\d{1,3},/.test(tail);
    if ((before || after || aged) && nameLike(a, tokens)) {
      const head = (before?.role ?? after ?? '').split(/\s+/).pop()?.toLowerCase() ?? '';
      if (PRESS_ROLES.has(head)) return null;
      kind = 'person';
      role = before?.role ?? after ?? null;
      if (before) spanStart = before.start;
      why = before ? 'role before' : after ? 'role after' : 'age';
    }
  }

  if (kind === 'unknown') {
    const speech = SPEECH_VERBS.has(nextLower) || prevLower === 'said' || prevLower === 'says';
    const firstName = [...a.tagsAt(first.start, first.end)].some((g) => g === 'FirstName' || g === 'Person');
    if (tokens.length >= 2 && tokens.length <= 3 && nameLike(a, tokens) && (firstName || speech)) {
      kind = 'person';
      why = firstName ? 'first name' : 'speaker';
    } else if (
      locative &&
      !allPlaceTagged &&
      tokens.length <= 3 &&
      !isCommonWord(a, first) &&
      !NON_ORG_ACRONYMS.has(first.lower) &&
      !attributive(a, s, end)
    ) {
      kind = 'place';
      why = 'after a locative preposition';
    } else if (locative && allPlaceTagged) {
      kind = 'place';
      why = 'gazetteer';
    }
  }

  return {
    sentence: s.index,
    tokens,
    start,
    end,
    text,
    kind,
    role,
    spanStart,
    spanEnd: end,
    locative: locative || (kind === 'place' && (placeSignal || PLACE_FOLLOWERS.has(nextLower))),
    quoted: inQuote(a, start, end),
    alias,
    minor: SOURCE_BEFORE.test(a.text.slice(s.start, start)),
    why,
  };
}

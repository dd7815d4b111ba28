/*
 * Our code, not the model, decides what is true. Every item's `evidence` must be found in one of the
 * articles; names must be in the article that quote came from; dates are recomputed from the
 * article's own words and publication date. What fails is dropped or corrected, and said so.
 */
import type { Article } from '../ingest/article.ts';
import { hasCjk } from '../text/cjk.ts';
import {
  clauseTense,
  datelineDay,
  FUTURE_CUE_RE,
  isDateValue,
  resolveDate,
  resolveDates,
  type Tense,
} from '../text/dates.ts';
import { findDateline, splitSentences } from '../text/sentences.ts';
import { articleSupport, checkClaims, leadOf, titleOf } from './claims.ts';
import { maskInstructions } from './injection.ts';
import { articleLanguage, type BriefLanguage } from './language.ts';
import { normalizeForMatch, normalizeKeepCase } from './normalize.ts';
import type {
  Adjustment,
  Agreement,
  Brief,
  DroppedItem,
  DropReason,
  ItemField,
  NextStep,
  RejectedClaim,
  SummarySentence,
  VerifiedBrief,
  When,
  Who,
} from './schema.ts';
import { checkSentence, type EvidenceSpan, type SentenceCheckOptions } from './sentenceCheck.ts';
import { checkTranslated } from './translatedCheck.ts';

export type { EvidenceSpan, SentenceFailure, SentenceVerdict } from './sentenceCheck.ts';
export { checkSentence, likelyEvidence, splitClaims } from './sentenceCheck.ts';

/*
 * Quote matching.
 * 1. Exact: the normalised quote (edge quotes/periods trimmed) is a whole-word substring of the
 *    normalised article. Quotes of fewer than MIN_FUZZY_TOKENS tokens must match this way.
 * 2. Fuzzy, for transcription slop only: the quote's tokens aligned in order against a window of
 *    the article with at most max(1, floor(n/10)) edits, where an edit is an article word the quote
 *    elided, a single quote word the article lacks (only for n >= 10, so >= 90% of the quote's
 *    tokens are found; never two in a row), or a one-letter spelling difference. Never allowed: touching a "critical" token
 *    (a number, a negation, or a capitalised word of the quote) and replacing one word by a
 *    different word (an elision next to an addition). So a changed number, name or negation, a
 *    changed word in a short quote, or a fabricated sentence sharing a few real words fails.
 */
const MIN_FUZZY_TOKENS = 3;
const FUZZY_EDIT_RATE = 0.1;

interface Token {
  key: string;
  critical: boolean;
}

interface Prepared {
  norm: string;
  publishedAt: string | null;
  /** A dateline day after the publication day (see datelineDay), for past days of the month. */
  laterDay?: string | null;
  tokens?: Token[];
  keys?: Set<string>;
}

const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:(?:[-'.]|,(?=\p{N}))[\p{L}\p{M}\p{N}]+)*/gu;
const DIGIT_RE = /\p{N}/u;
const UPPER_RE = /^\p{Lu}/u;
const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'nor',
  'neither',
  'none',
  'nobody',
  'nothing',
  'nowhere',
  'without',
  'cannot',
  'unable',
  'refuse',
  'refused',
  'refuses',
  'deny',
  'denied',
  'denies',
  'reject',
  'rejected',
  'rejects',
]);

/** Tokens of already-normalised (case kept) text. `capsCritical`: capitalised words count as names. */
function tokenize(text: string, capsCritical: boolean): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const lower = raw.toLowerCase();
    const numeric = DIGIT_RE.test(lower);
    const key = numeric ? lower : lower.replace(/[-'.]/g, '');
    if (key === '') continue;
    const critical =
      numeric || NEGATIONS.has(key) || lower.endsWith("n't") || (capsCritical && UPPER_RE.test(raw));
    out.push({ key, critical });
  }
  return out;
}

function articleTokens(p: Prepared): { tokens: Token[]; keys: Set<string> } {
  if (!p.tokens || !p.keys) {
    // Article side: numbers and negations may not be elided; leaving out part of a name may be,
    // so case does not matter and the lowercased text will do.
    p.tokens = tokenize(p.norm, false);
    p.keys = new Set(p.tokens.map((t) => t.key));
  }
  return { tokens: p.tokens, keys: p.keys };
}

const EDGE_RE = /^[\s"'.,;:]+|[\s"'.,;:]+$/g;
const WORD_CHAR_RE = /[\p{L}\p{N}]/u;

/** Index of `needle` in `hay` where it does not start or end inside a word, or -1. */
function findWhole(hay: string, needle: string): number {
  if (needle === '') return -1;
  const checkStart = WORD_CHAR_RE.test(needle[0] ?? '');
  const checkEnd = WORD_CHAR_RE.test(needle[needle.length - 1] ?? '');
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
    const before = hay[i - 1];
    const after = hay[i + needle.length];
    if (checkStart && before !== undefined && WORD_CHAR_RE.test(before)) continue;
    if (checkEnd && after !== undefined && WORD_CHAR_RE.test(after)) continue;
    return i;
  }
  return -1;
}

/** Levenshtein distance exactly 1 (one insertion, deletion or substitution). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** "organisation"/"organization", "agreed"/"agree": same word, one letter apart, not at its start. */
function nearMiss(q: Token, a: Token): boolean {
  return (
    !q.critical &&
    !a.critical &&
    q.key.length >= 5 &&
    a.key.length >= 5 &&
    q.key.slice(0, 2) === a.key.slice(0, 2) &&
    oneEditApart(q.key, a.key)
  );
}

const INF = 1 << 29;

/**
 * Fewest edits aligning all of `quote` to some window of `article` under the rules above, or INF.
 * Three-state DP over (quote prefix, article position), linear memory, O(quote × article).
 */
function alignCost(quote: readonly Token[], article: readonly Token[], allowAdditions: boolean): number {
  const n = quote.length;
  // M: last step aligned a quote token to an article token; D: last step skipped a quote token
  // (a word the model added); I: last step skipped an article token (an elision). No D<->I steps
  // (that would be a replaced word) and no D->D steps (added words come one at a time).
  let M = new Int32Array(n + 1).fill(INF);
  let D = new Int32Array(n + 1).fill(INF);
  let I = new Int32Array(n + 1).fill(INF);
  let nM = new Int32Array(n + 1);
  let nD = new Int32Array(n + 1);
  let nI = new Int32Array(n + 1);
  const addCost = quote.map((t) => (allowAdditions && !t.critical ? 1 : INF));
  let best = INF;

  const fillColumnZeroAndD = (m: Int32Array, d: Int32Array) => {
    m[0] = 0;
    d[0] = INF;
    for (let i = 1; i <= n; i++) {
      d[i] = Math.min((m[i - 1] ?? INF) + (addCost[i - 1] ?? INF), INF);
    }
  };
  fillColumnZeroAndD(M, D);
  best = Math.min(best, D[n] ?? INF);

  for (let j = 0; j < article.length; j++) {
    const a = article[j] as Token;
    const skipA = a.critical ? INF : 1;
    nM[0] = 0;
    nD[0] = INF;
    nI[0] = INF;
    for (let i = 1; i <= n; i++) {
      const q = quote[i - 1] as Token;
      const prev = Math.min(M[i - 1] ?? INF, D[i - 1] ?? INF, I[i - 1] ?? INF);
      const sub = q.key === a.key ? 0 : nearMiss(q, a) ? 1 : INF;
      nM[i] = Math.min(prev + sub, INF);
      nI[i] = Math.min(Math.min(M[i] ?? INF, I[i] ?? INF) + skipA, INF);
      nD[i] = Math.min((nM[i - 1] ?? INF) + (addCost[i - 1] ?? INF), INF);
    }
    best = Math.min(best, nM[n] ?? INF, nD[n] ?? INF);
    if (best === 0) return 0;
    [M, nM] = [nM, M];
    [D, nD] = [nD, D];
    [I, nI] = [nI, I];
  }
  return best;
}

/**
 * Article spans that can hold an acceptable alignment, so the DP skips the rest of a long article.
 * An alignment with at most `budget` edits spans at most n + budget article tokens, at least
 * n - budget of which are quote words; only windows with that many quote words are searched.
 */
function candidateSpans(
  quote: readonly Token[],
  article: readonly Token[],
  budget: number,
): [number, number][] {
  const keys = new Set(quote.map((t) => t.key));
  const width = quote.length + budget;
  const need = quote.length - budget;
  const prefix = new Int32Array(article.length + 1);
  article.forEach((t, j) => {
    prefix[j + 1] = (prefix[j] ?? 0) + (keys.has(t.key) ? 1 : 0);
  });
  const spans: [number, number][] = [];
  for (let from = 0; from < article.length; from++) {
    const to = Math.min(article.length, from + width);
    if ((prefix[to] ?? 0) - (prefix[from] ?? 0) < need) continue;
    const last = spans[spans.length - 1];
    if (last && from <= last[1]) last[1] = to;
    else spans.push([from, to]);
  }
  return spans;
}

interface QuoteHit {
  article: number;
  /** 0 for an exact match, else the fuzzy edit count. */
  cost: number;
}

/** Where the quote is found: exact hits in article order, then fuzzy hits by cost. */
function locateQuote(evidence: string, prepared: readonly Prepared[]): QuoteHit[] {
  const keepCase = normalizeKeepCase(evidence).replace(EDGE_RE, '');
  const needle = keepCase.toLowerCase();
  const hits: QuoteHit[] = [];
  prepared.forEach((p, k) => {
    if (findWhole(p.norm, needle) !== -1) hits.push({ article: k, cost: 0 });
  });
  if (hits.length > 0) return hits;

  const quote = tokenize(keepCase, true);
  const n = quote.length;
  if (n < MIN_FUZZY_TOKENS) return hits;
  const budget = Math.max(1, Math.floor(n * FUZZY_EDIT_RATE));
  // "At least 90% of the quote's tokens found": additions allowed only where floor(n/10) >= 1.
  const allowAdditions = Math.floor(n * FUZZY_EDIT_RATE) >= 1;
  prepared.forEach((p, k) => {
    const { tokens, keys } = articleTokens(p);
    let absent = 0;
    for (const t of quote) if (!keys.has(t.key)) absent++;
    if (absent > budget) return;
    let cost = INF;
    for (const [from, to] of candidateSpans(quote, tokens, budget)) {
      cost = Math.min(cost, alignCost(quote, tokens.slice(from, to), allowAdditions));
      if (cost === 0) break;
    }
    if (cost <= budget) hits.push({ article: k, cost });
  });
  return hits.sort((x, y) => x.cost - y.cost || x.article - y.article);
}

/*
 * Names. The model's romanisation may differ from the article's only in spacing, hyphens, dots,
 * apostrophes and case: "Lee Jae-myung" = "Lee Jaemyung" = "lee jae myung". The whole name must be
 * in the article; a surname-only mention does not vouch for a full name.
 */
const NAME_CHAR_RE = /[\p{L}\p{M}\p{N}]/gu;

function nameRegex(name: string): RegExp | null {
  const chars = normalizeForMatch(name).match(NAME_CHAR_RE);
  if (!chars) return null;
  const body = chars.join("[\\s\\-.']*");
  // Japanese and Chinese have no spaces around a name, and Korean puts its particle right after
  // one (이재명은): a CJK name is found wherever it stands.
  if (hasCjk(name)) return new RegExp(body, 'u');
  return new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`, 'u');
}

function nameInArticle(name: string, p: Prepared): boolean {
  const re = nameRegex(name);
  return re?.test(p.norm) ?? false;
}

/*
 * Dates. A `when` item is read in the tense of the clause its expression sits in ("left on the
 * 24th" past, "is scheduled to meet on the 25th" future); a clause with neither a future cue nor a
 * past verb ("talks continue in January") gets both readings, and the model's date is kept only if
 * it is one of them, since the code cannot tell which the article means.
 */
function tenseOfExpression(expression: string, evidence: string): Tense | null {
  const at = evidence.toLowerCase().indexOf(expression.toLowerCase());
  // no expression of its own: the evidence's future cue leaves both readings open, as before
  if (at < 0 || expression === evidence) return FUTURE_CUE_RE.test(evidence) ? null : 'past';
  return clauseTense(evidence, at, at + expression.length);
}

interface DateCheck {
  date: string | null;
  note: string | null;
}

function agrees(model: string, computed: string): boolean {
  return model === computed || computed.startsWith(`${model}-`);
}

function checkDate(
  model: string | null,
  expression: string,
  candidates: readonly (string | null)[],
  publishedAt: string | null,
): DateCheck {
  const values = [...new Set(candidates.filter((c): c is string => c !== null))];
  const valid = model !== null && isDateValue(model);
  if (valid && values.some((v) => agrees(model, v))) return { date: model, note: null };

  const basis = `"${expression}" with publication date ${publishedAt ?? 'unknown'}`;
  const malformed = model !== null && !valid ? `"${model}" is not YYYY-MM-DD, YYYY-MM or YYYY; ` : '';
  if (values.length === 1) {
    const value = values[0] as string;
    if (model === null) return { date: value, note: `${basis} gives ${value}` };
    return { date: value, note: `${malformed}${basis} gives ${value}${malformed ? '' : `, not ${model}`}` };
  }
  if (model === null) return { date: null, note: null };
  if (values.length > 1) {
    return {
      date: null,
      note: `${malformed}${basis} could be ${values.join(' or ')} depending on tense; the article does not settle it`,
    };
  }
  return { date: null, note: `${malformed}${basis} does not determine a date` };
}

/** The article's own time expression when it is really there, else the (verified) evidence. */
function dateSource(text: string | null, evidence: string, p: Prepared): string {
  if (text !== null && text.trim() !== '') {
    const t = normalizeForMatch(text).replace(EDGE_RE, '');
    if (findWhole(p.norm, t) !== -1) return text;
  }
  return evidence;
}

const blank = (s: string | null | undefined): boolean => s == null || s.trim() === '';

/*
 * Claim by claim (issue 17): each model-written sentence against its own quotes. The entry points
 * below are what a streamed brief calls as sentences arrive: build the checker once per story.
 */
export interface ClaimChecker {
  /** The quotes found in the articles, with where they are; quotes not found are left out. */
  locate(quotes: readonly string[]): EvidenceSpan[];
  /** Null when `text` is supported by `quotes` (exact article sentences), else why not. */
  check(field: RejectedClaim['field'], text: string, quotes: readonly string[]): RejectedClaim | null;
  /** The sentences that pass, and the rejected ones with their reasons. */
  sentences(
    sentences: readonly SummarySentence[],
    field?: RejectedClaim['field'],
  ): { kept: SummarySentence[]; rejected: RejectedClaim[] };
  /** The headline against the quotes of the summary's surviving sentences. */
  headline(headline: string, kept: readonly SummarySentence[]): RejectedClaim | null;
}

/** The brief's language, when it is not English; what a translated sentence may name. */
export interface LanguageOptions {
  language?: BriefLanguage;
  /** The verified who/where names (as written in the article) a translated sentence may use. */
  names?: readonly string[];
}

export function claimChecker(
  articles: readonly Article[],
  extra: readonly string[] = [],
  lang: LanguageOptions = {},
): ClaimChecker {
  // English briefs keep today's checks whatever the article's language (issue 19 changes none).
  const target = lang.language && lang.language !== 'en' ? lang.language : null;
  const languages = articles.map(articleLanguage);
  const prepared: Prepared[] = articles.map((a) => ({
    norm: normalizeForMatch(maskInstructions(a.text)),
    publishedAt: a.publishedAt,
  }));
  const masked = articles.map((a) => maskInstructions(a.text));
  const sentenceNorms = articles.map((a) =>
    splitSentences(maskInstructions(a.text)).map((x) => normalizeForMatch(x.text)),
  );
  // Markup, injected words and other languages are refused whatever the quotes say.
  const gate = articleSupport(articles, extra);

  const locate = (quotes: readonly string[]): EvidenceSpan[] => {
    const spans: EvidenceSpan[] = [];
    for (const quote of quotes) {
      if (blank(quote.replace(EDGE_RE, ''))) continue;
      const hit = locateQuote(quote, prepared)[0];
      if (!hit) continue;
      const needle = normalizeForMatch(quote).replace(EDGE_RE, '');
      const sentence = (sentenceNorms[hit.article] ?? []).findIndex(
        (n) => findWhole(n, needle) !== -1 || findWhole(needle, n) !== -1,
      );
      spans.push({ text: quote, article: hit.article, sentence });
    }
    return spans;
  };

  const check = (
    field: RejectedClaim['field'],
    text: string,
    quotes: readonly string[],
    opts: Partial<SentenceCheckOptions> = {},
  ): RejectedClaim | null => {
    const spans = locate(quotes);
    const publishedAt = articles[spans[0]?.article ?? 0]?.publishedAt ?? null;
    // A sentence in another language than one of its quotes: only what survives translation.
    const translated = target !== null && spans.some((sp) => languages[sp.article] !== target);
    // Digits are left to the translated check, which reads them as values (3억 = 300 million).
    const gated = translated
      ? gate(text.replace(/\p{Nd}+/gu, ' '), { vocabulary: false })
      : gate(text, { english: true, vocabulary: false });
    if (gated) return { field, text, reason: gated, detail: 'article-wide check' };
    const verdict = translated
      ? checkTranslated(text, spans, { publishedAt, names: lang.names ?? [] })
      : checkSentence(text, spans, {
          publishedAt,
          // The cited articles: a word used there but not in the quotes counts in part.
          context: [...new Set(spans.map((sp) => sp.article))].map((i) => masked[i] ?? '').join('\n'),
          ...opts,
        });
    return verdict ? { field, text, reason: verdict.reason, detail: verdict.detail } : null;
  };

  return {
    locate,
    check: (field, text, quotes) => check(field, text, quotes),
    sentences(sentences, field = 'summary') {
      const kept: SummarySentence[] = [];
      const rejected: RejectedClaim[] = [];
      for (const s of sentences) {
        if (blank(s.text)) continue;
        const why = check(field, s.text, s.evidence);
        if (why) rejected.push(why);
        else kept.push(s);
      }
      return { kept, rejected };
    },
    headline(headline, kept) {
      return check(
        'headline',
        headline,
        kept.flatMap((s) => s.evidence),
        { headline: true },
      );
    },
  };
}

/** Convenience for one call: the summary sentences that pass against their own quotes. */
export function checkSummarySentences(
  sentences: readonly SummarySentence[],
  articles: readonly Article[],
): { kept: SummarySentence[]; rejected: RejectedClaim[] } {
  return claimChecker(articles).sentences(sentences);
}

/** The summary and headline checked claim by claim; what fails falls back to the lead and the title. */
function verifySummary(
  brief: Brief,
  articles: readonly Article[],
  adjustments: Adjustment[],
  lang: LanguageOptions = {},
): { brief: Brief; rejected: RejectedClaim[] } {
  if (!brief.summaryEvidence) return { brief, rejected: [] };
  const checker = claimChecker(articles, [], lang);
  const { kept, rejected } = checker.sentences(brief.summaryEvidence);
  let summary = kept.map((s) => s.text.trim()).join(' ');
  if (rejected.length > 0) {
    if (kept.length === 0) summary = leadOf(articles);
    adjustments.push({
      field: 'summary',
      index: 0,
      note:
        kept.length === 0
          ? 'summary replaced with the article’s lead: no sentence was supported by its quotes'
          : `${rejected.length} summary sentence(s) not supported by their quotes removed`,
      from: brief.summary,
      to: summary,
    });
  }
  let headline = brief.headline;
  if (headline.trim() !== '') {
    const why = checker.headline(headline, kept);
    if (why) {
      rejected.push(why);
      headline = titleOf(articles);
      adjustments.push({
        field: 'headline',
        index: 0,
        note: `headline replaced with the article’s title: not supported by the summary’s quotes (${why.reason})`,
        from: brief.headline,
        to: headline,
      });
    }
  }
  return { brief: { ...brief, headline, summary, summaryEvidence: kept }, rejected };
}

/** Check every item of `brief` against `articles`; see the file comment. Pure: no I/O, no clock. */
export function verifyBrief(
  brief: Brief,
  articles: readonly Article[],
  opts: { language?: BriefLanguage } = {},
): VerifiedBrief {
  // Instruction-like sentences are masked: quoting an injection does not verify its claim.
  const prepared: Prepared[] = articles.map((a) => ({
    norm: normalizeForMatch(maskInstructions(a.text)),
    publishedAt: a.publishedAt,
    laterDay: datelineDay(findDateline(splitSentences(a.text))?.prefix ?? null, a.publishedAt),
  }));
  const dropped: DroppedItem[] = [];
  const adjustments: Adjustment[] = [];
  const itemSources: Record<ItemField, number[]> = {
    who: [],
    where: [],
    when: [],
    agreements: [],
    nextSteps: [],
  };

  /** Runs the shared checks; `accept` picks among the articles holding the quote (or says why not). */
  function filter<T extends { evidence: string }>(
    field: ItemField,
    items: readonly T[],
    required: (item: T) => string | null,
    accept: (item: T, hits: QuoteHit[]) => { article: number } | { reason: DropReason },
    keep: (item: T, article: number, keptIndex: number) => T,
  ): T[] {
    const kept: T[] = [];
    items.forEach((item, index) => {
      const drop = (reason: DropReason) => dropped.push({ field, index, reason, item });
      if (blank(required(item)) || blank(item.evidence) || blank(item.evidence.replace(EDGE_RE, ''))) {
        drop('empty');
        return;
      }
      const hits = locateQuote(item.evidence, prepared);
      if (hits.length === 0) {
        drop('quote-not-found');
        return;
      }
      const verdict = accept(item, hits);
      if ('reason' in verdict) {
        drop(verdict.reason);
        return;
      }
      kept.push(keep(item, verdict.article, kept.length));
      itemSources[field].push(verdict.article);
    });
    return kept;
  }

  const firstHit = (_: unknown, hits: QuoteHit[]) => ({ article: (hits[0] as QuoteHit).article });
  const asIs = <T>(item: T) => item;

  const who = filter<Who>(
    'who',
    brief.who,
    (w) => w.name,
    (w, hits) => {
      const hit = hits.find((h) => nameInArticle(w.name, prepared[h.article] as Prepared));
      return hit ? { article: hit.article } : { reason: 'name-not-in-article' };
    },
    asIs,
  );

  const where = filter('where', brief.where, (w) => w.place, firstHit, asIs);

  const when = filter<When>(
    'when',
    brief.when,
    (w) => w.text,
    firstHit,
    (w, k, keptIndex) => {
      const p = prepared[k] as Prepared;
      const expression = dateSource(w.text, w.evidence, p);
      const past = resolveDate(expression, p.publishedAt, { tense: 'past', laterDay: p.laterDay });
      const future = resolveDate(expression, p.publishedAt, { tense: 'future' });
      const tense = tenseOfExpression(expression, w.evidence);
      const candidates = tense === 'past' ? [past] : tense === 'future' ? [future] : [past, future];
      const check = checkDate(w.date, expression, candidates, p.publishedAt);
      if (check.note === null) return w;
      adjustments.push({ field: 'when', index: keptIndex, note: check.note, from: w.date, to: check.date });
      return { ...w, date: check.date };
    },
  );

  const agreements = filter<Agreement>(
    'agreements',
    brief.agreements,
    (a) => a.statement,
    firstHit,
    (a, k, keptIndex) => {
      const p = prepared[k] as Prepared;
      const parties = a.parties.filter((party) => {
        if (nameInArticle(party, p)) return true;
        adjustments.push({
          field: 'agreements',
          index: keptIndex,
          note: `party "${party}" is not named in the article; removed`,
          from: party,
          to: null,
        });
        return false;
      });
      return parties.length === a.parties.length ? a : { ...a, parties };
    },
  );

  const nextSteps = filter<NextStep>(
    'nextSteps',
    brief.nextSteps,
    (s) => s.statement,
    firstHit,
    (s, k, keptIndex) => {
      const p = prepared[k] as Prepared;
      // A next step has no time expression of its own (`statement` is the model's words): read the quote.
      // Every date in it is a candidate: "left on the 24th, … will meet Trump on the 25th" dates the
      // step by the 25th, and a checker must not swap one event's date for the other's.
      const candidates = resolveDates(s.evidence, p.publishedAt, { tense: 'future' });
      const check = checkDate(s.date, s.evidence, candidates, p.publishedAt);
      if (check.note === null) return s;
      adjustments.push({
        field: 'nextSteps',
        index: keptIndex,
        note: check.note,
        from: s.date,
        to: check.date,
      });
      return { ...s, date: check.date };
    },
  );

  const summarised = verifySummary(brief, articles, adjustments, {
    language: opts.language,
    names: [...who.map((w) => w.name), ...where.map((w) => w.place)],
  });
  return checkClaims(
    {
      brief: { ...summarised.brief, who, where, when, agreements, nextSteps },
      dropped,
      adjustments,
      itemSources,
      rejectedClaims: summarised.rejected,
    },
    articles,
    opts.language,
  );
}

/**
 * A quote checker over a fixed set of articles, with the same matching as briefs: returns the
 * index of the article holding the quote, or -1. The articles are normalised once.
 */
export function quoteFinder(articles: readonly Article[]): (quote: string) => number {
  // Instruction-like sentences are masked: quoting an injection does not verify its claim.
  const prepared: Prepared[] = articles.map((a) => ({
    norm: normalizeForMatch(maskInstructions(a.text)),
    publishedAt: a.publishedAt,
  }));
  return (quote) =>
    blank(quote.replace(EDGE_RE, '')) ? -1 : (locateQuote(quote, prepared)[0]?.article ?? -1);
}

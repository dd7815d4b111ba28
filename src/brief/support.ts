/*
 * Is a piece of model-written text (headline, summary, a statement, a role) made of the article's
 * own words? Items are checked by their verbatim quotes; these fields cannot be quoted, so they are
 * checked by vocabulary instead, in this order:
 *   markup    links, mentions and code fences never pass: a neutral brief has none;
 *   numbers   every number must be in the articles (digits, or an English number word);
 *   language  text that should be English must not read as French, Spanish, German…;
 *   injected  no word whose stem occurs only in an instruction-like sentence (injection.ts);
 *   words     for an English corpus, at least MIN_SUPPORTED_SHARE of the content words must share a
 *             stem (first five letters) with an article word. Skipped for other corpora: an English
 *             brief of a Korean article shares no words with it.
 * A paraphrase of the article passes; another language, an invented claim, or the injection's own
 * message fails. Heuristic by nature: SECURITY.md says what it misses.
 */
import { normalizeForMatch } from './normalize.ts';

export type Unsupported = 'markup' | 'numbers' | 'language' | 'injected' | 'words';

/** The share of content words that must be found in the articles. */
export const MIN_SUPPORTED_SHARE = 0.6;
const STEM = 5;

/** English function words (the language of our prompts); other languages' count as content. */
const STOPWORDS = new Set(
  `a an the and or but nor of to in on at by for with from into onto over under about as is are was were be been
  being has have had do does did will would can could should shall may might must it its this that these those
  they them their he him his she her we our you your i me my not no than then so such also after before amid
  while during between against among per via up out off new says said say who whom whose which what when where
  why how all any both each more most other some only just very there here`.split(/\s+/),
);

const MARKUP =
  /<[!@#]|<(?:https?|mailto|slack):|\bhttps?:\/\/|\bwww\.|\]\((?:https?|www)|(?:^|\s)@(?:channel|here|everyone|group)\b|```/i;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const DIGITS = /\p{Nd}+/gu;
/** "08" and "8" are one number (a month, a day). */
const unpadded = (d: string) => d.replace(/^0+(?=\d)/, '');
/** Scripts written without spaces: each character counts as a word. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const UNSPACED_ALL = new RegExp(UNSPACED.source, 'gu');

function words(text: string): string[] {
  const out: string[] = [];
  for (const [w] of normalizeForMatch(text).matchAll(WORD)) {
    if (!UNSPACED.test(w)) {
      out.push(w);
      continue;
    }
    out.push(...(w.match(UNSPACED_ALL) ?? []));
    const rest = w.replace(UNSPACED_ALL, ' ').trim();
    if (rest) out.push(...rest.split(/\s+/));
  }
  return out;
}

const isNumber = (w: string) => /^\p{Nd}+$/u.test(w);

/** "eight months" in the article supports "8 months" in the brief. */
const NUMBER_WORDS: Readonly<Record<string, string>> = Object.fromEntries(
  `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen twenty`
    .split(/\s+/)
    .map((w, i) => [w, String(i)])
    .concat(
      ['thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((w, i) => [
        w,
        String(30 + i * 10),
      ]),
      [
        ['hundred', '100'],
        ['thousand', '1000'],
        ['dozen', '12'],
        ['first', '1'],
        ['second', '2'],
        ['third', '3'],
      ],
    ),
);

/*
 * Function words of the other languages a model is most often told to "reply in". Name particles
 * (de, da, der, van, von, la, del…) and words that are also English (no, do, per, die) are left out.
 */
const FOREIGN = new Set(
  `le les des du une et est pour dans sur avec qui que pas ne sont été au aux ce cette ces il elle ils ont leur où mais ou par plus
  el los las y es una por para con se su sus al lo como más pero fue han este esta entre
  das und ist nicht mit den dem ein eine zu auf für sich im auch wird wurde bei
  gli è della per non sono nel alla che
  os não uma com em são foi ao`.split(/\s+/),
);

function counts(ws: readonly string[]): { english: number; foreign: number } {
  let english = 0;
  let foreign = 0;
  for (const w of ws) {
    if (STOPWORDS.has(w)) english++;
    else if (FOREIGN.has(w)) foreign++;
  }
  return { english, foreign };
}

/** Written in English, as far as function words tell (a long text with at least one in five). */
export function englishLike(text: string): boolean {
  const ws = words(text);
  const c = counts(ws);
  return c.english >= Math.max(1, ws.length * 0.2) && c.foreign < c.english;
}

/** Recognisably French, Spanish, German, Italian or Portuguese rather than English. */
export function foreignLike(text: string): boolean {
  const c = counts(words(text));
  return c.foreign >= 2 && c.foreign > c.english;
}

export interface SupportOptions {
  minShare?: number;
  /** The text should be in English (the brief prompt says so): recognisably other languages fail. */
  english?: boolean;
  /** Check vocabulary against the corpus; off when the text may be a translation of it. */
  vocabulary?: boolean;
}

/**
 * A checker over a fixed corpus: null when `text` is supported, else why not. Pure. Vocabulary is
 * checked only against an English corpus: an English brief of a Korean article shares no words with
 * it, and there only numbers, markup and language are checked.
 */
export function supportChecker(
  corpus: readonly string[],
  injected: readonly string[] = [],
): (text: string, opts?: SupportOptions) => Unsupported | null {
  const prefixes = new Set<string>();
  const numbers = new Set<string>();
  for (const doc of corpus) {
    for (const [d] of normalizeForMatch(doc).matchAll(DIGITS)) numbers.add(unpadded(d));
    for (const w of words(doc)) {
      const n = NUMBER_WORDS[w];
      if (n) numbers.add(n);
      for (let k = 1; k <= Math.min(STEM, w.length); k++) prefixes.add(w.slice(0, k));
    }
  }
  const contentWords = (text: string) => words(text).filter((w) => !isNumber(w) && !STOPWORDS.has(w));
  // Stems found only in injected sentences: a text using them repeats the injection. This catches
  // an on-topic claim ("every Ostmark train cancelled") the share of supported words lets through.
  const poisoned = new Set(
    injected
      .flatMap(contentWords)
      .map((w) => w.slice(0, STEM))
      .filter((s) => !prefixes.has(s)),
  );
  const english = englishLike(corpus.join('\n'));
  return (text, opts = {}) => {
    if (MARKUP.test(text)) return 'markup';
    for (const [d] of normalizeForMatch(text).matchAll(DIGITS))
      if (!numbers.has(unpadded(d))) return 'numbers';
    if (opts.english && foreignLike(text)) return 'language';
    const content = contentWords(text);
    if (content.some((w) => poisoned.has(w.slice(0, STEM)))) return 'injected';
    if (!english || opts.vocabulary === false) return null;
    if (content.length === 0) return null;
    const found = content.filter((w) => prefixes.has(w.slice(0, STEM))).length;
    return found / content.length >= (opts.minShare ?? MIN_SUPPORTED_SHARE) ? null : 'words';
  };
}

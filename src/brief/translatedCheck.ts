/*
 * The claim check of a sentence written in another language than its quotes (issue 19: a Korean
 * brief of an English article). Word coverage means nothing across languages, so only what
 * survives translation is checked, against the sentence's own quotes:
 *
 *   no-evidence  none of its quotes is in the article (as always);
 *   date         a Korean/Japanese date expression ("25일", "다음 달", "来月") whose value is not a
 *                date of its quotes (read from the publication date, past or future), and whose
 *                digits its quotes do not give either;
 *   number       a number whose value (with 만/억/조, 万/億/兆, 천/千, %) is not a number of its quotes
 *                (digits with thousand/million/billion, number words, month names);
 *   negation     a negated Korean/Japanese sentence (않, 못, 없, 무산, なかった, ません, 見送り…) from
 *                quotes with no negation at all (not, no, never, failed, without…);
 *   name         a Latin-script name its quotes and the brief's verified who/where items lack, or a
 *                place named in Korean/Japanese (서울, 東京) none of whose names (Seoul, 서울, ソウル)
 *                is in its quotes or those items.
 * A person's name transliterated into Hangul or kana is not recognised as a name (no tagger):
 * SECURITY.md-style limits apply. Pure and deterministic.
 */
import { placeAliases } from '../stories/placeNames.ts';
import { stripKoreanParticle } from '../text/cjk.ts';
import { findCjkDates, resolveCjkDate } from '../text/cjkDates.ts';
import { resolveDates } from '../text/dates.ts';
import { rendersName } from '../text/transliterate.ts';
import type { EvidenceSpan, SentenceVerdict } from './sentenceCheck.ts';

export interface TranslatedCheckOptions {
  publishedAt: string | null;
  /** Names the brief's verified who/where items give (as written in the article). */
  names: readonly string[];
}

const CJK_SCALE: Readonly<Record<string, number>> = {
  천: 1e3,
  千: 1e3,
  만: 1e4,
  万: 1e4,
  억: 1e8,
  億: 1e8,
  조: 1e12,
  兆: 1e12,
};

const EN_SCALE: Readonly<Record<string, number>> = {
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
  m: 1e6,
};

const NUMBER_WORDS: Readonly<Record<string, number>> = Object.fromEntries(
  `zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen twenty`
    .split(/\s+/)
    .map((w, i) => [w, i] as const)
    .concat([
      ['thirty', 30],
      ['forty', 40],
      ['fifty', 50],
      ['hundred', 100],
      ['dozen', 12],
      ['first', 1],
      ['second', 2],
      ['third', 3],
      ['half', 0.5],
      ['once', 1],
      ['twice', 2],
      ['thrice', 3],
    ]),
);

const MONTHS = 'january february march april may june july august september october november december'.split(
  ' ',
);

const fold = (s: string) => s.normalize('NFKC');
const num = (digits: string) => Number(digits.replace(/,/g, ''));

/** Every value a quote's numbers can have: as written and with their scale words. */
function quoteNumbers(quotes: readonly string[]): Set<number> {
  // One is implicit in English ("a year", "an official"): "1년에" translates "a year".
  const out = new Set<number>([1]);
  for (const quote of quotes) {
    const q = fold(quote).toLowerCase();
    for (const m of q.matchAll(/(\d+(?:,\d{3})*(?:\.\d+)?)\s*(thousand|million|billion|trillion|bn|m\b)?/g)) {
      const value = num(m[1] as string);
      out.add(value);
      const scale = m[2] ? EN_SCALE[m[2]] : undefined;
      if (scale) out.add(value * scale);
    }
    for (const m of q.matchAll(/\b([a-z]+)\b(?:\s+(thousand|million|billion|trillion))?/g)) {
      const value = NUMBER_WORDS[m[1] as string];
      if (value !== undefined) {
        out.add(value);
        const scale = m[2] ? EN_SCALE[m[2]] : undefined;
        if (scale) out.add(value * scale);
      }
      const month = MONTHS.indexOf(m[1] as string);
      if (month >= 0) out.add(month + 1);
    }
    // Quotes in Korean or Japanese (a story with articles in several languages).
    for (const m of q.matchAll(/(\d+(?:,\d{3})*(?:\.\d+)?)\s*([천千만万억億조兆])?/gu)) {
      const value = num(m[1] as string);
      out.add(value);
      const scale = m[2] ? CJK_SCALE[m[2]] : undefined;
      if (scale) out.add(value * scale);
    }
  }
  return out;
}

/** Every date value of the quotes, read both ways (a translated sentence may say either). */
function quoteDates(quotes: readonly string[], publishedAt: string | null): string[] {
  return quotes.flatMap((q) => [
    ...resolveDates(q, publishedAt, { tense: 'past' }),
    ...resolveDates(q, publishedAt, { tense: 'future' }),
  ]);
}

const sameDate = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/** Latin-script capitalised runs ("Lee Jae-myung", "APEC"): names kept in the article's spelling. */
function latinNames(text: string): string[] {
  return [...text.matchAll(/\p{Lu}[\p{L}\p{M}'.-]*(?:\s+\p{Lu}[\p{L}\p{M}'.-]*)*/gu)].map((m) => m[0]);
}

/** Whether `hay` names `name`; `demonym`: a Latin name may run on ("Vietnam" in "Vietnamese"). */
const mentions = (hay: string, name: string, demonym = false) => {
  const h = fold(hay).toLowerCase();
  const n = fold(name).toLowerCase().replace(/[.'’]/g, '');
  if (!n) return true;
  const letters = h.replace(/[.'’]/g, '');
  if (/^[\p{Script=Latin}\d\s-]+$/u.test(n)) {
    const end = demonym ? '' : '(?![\\p{L}\\p{N}])';
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${n.replace(/[-\s]+/g, '[-\\s]*')}${end}`, 'u');
    return re.test(letters);
  }
  return letters.includes(n);
};

/** Runs of Hangul or katakana in a who item's name (a name may mix scripts: 李在明 has none). */
function renderedRuns(name: string): string[] {
  return (
    fold(name)
      .match(/[\p{Script=Hangul}\s]+|[\p{Script=Katakana}ー・]+/gu)
      ?.map((r) => r.trim())
      .filter((r) => r.length >= 2) ?? []
  );
}

const KO_TITLE =
  '대통령|부통령|총리|부총리|국무장관|장관|총재|위원장|대변인|주석|국왕|대사|의원|감독|회장|사장|대표';
const JA_TITLE =
  '大統領|副大統領|首相|外相|国務長官|長官|大臣|総裁|議長|報道官|主席|国王|大使|監督|会長|社長|代表|氏';
const KO_TITLE_WORD = new RegExp(
  `^(?:${KO_TITLE})(?:은|는|이|가|과|와|을|를|의|에게|도|께서|으로|로)?[,.]?$`,
  'u',
);
/** Words before a Korean title that are not a name: places, organisations, counters, modifiers. */
const KO_NOT_NAME =
  /^(?:두|세|양|양국|전|현|신임|당시|각국|해당|前)$|(?:부|청|원|회|실|당|처|국|단|위|기구|정부)$/u;

/** Names written in Hangul or katakana just before a title, as a translated sentence gives them (as words). */
function renderedNames(text: string): string[][] {
  const out: string[][] = [];
  const tokens = text.split(/\s+/);
  tokens.forEach((token, t) => {
    // A title standing as a word, perhaps with its particle (대통령은): the words before it.
    if (!KO_TITLE_WORD.test(token)) return;
    const words = tokens.slice(Math.max(0, t - 4), t).filter((w) => /^[가-힣]+$/u.test(w));
    // "도널드 트럼프 미국 대통령": the country between the name and the title is not the name.
    while (words.length > 0 && placeAliases(words[words.length - 1] as string).length > 0) words.pop();
    const name: string[] = [];
    for (let i = words.length - 1; i >= 0 && name.length < 3; i--) {
      const w = words[i] as string;
      // One syllable is a pronoun or a surname alone (이 대통령): not checked.
      if ([...w].length < 2 || KO_NOT_NAME.test(w) || placeAliases(w).length > 0 || stripKoreanParticle(w))
        break;
      name.unshift(w);
    }
    if (name.length > 0) out.push(name);
  });
  for (const m of text.matchAll(
    new RegExp(`([\\p{Script=Katakana}ー・]{2,})[米英仏独中韓露朝]?(?:${JA_TITLE})`, 'gu'),
  )) {
    const name = m[1] as string;
    if (placeAliases(name).length === 0) out.push(name.split('・'));
  }
  return out;
}

/** Korean and Japanese place names of the built-in table found in `text` (longest first). */
function cjkPlaces(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[\p{Script=Hangul}\p{Script=Han}\p{Script=Katakana}ー]+/gu)) {
    const run = m[0];
    for (let len = Math.min(run.length, 8); len >= 2; len--) {
      for (let i = 0; i + len <= run.length; i++) {
        const piece = run.slice(i, i + len);
        if (placeAliases(piece).length > 0 && !found.some((f) => f.includes(piece))) found.push(piece);
      }
    }
  }
  return found;
}

/**
 * The amounts of a Korean or Japanese text as values: "3억 5천만" is 350,000,000, "1,200" 1200,
 * "2.5조" 2,500,000,000,000. Parts joined by spaces with falling scales make one amount.
 */
function cjkAmounts(text: string): { text: string; value: number }[] {
  const parts = [...text.matchAll(/(\d+(?:,\d{3})*(?:\.\d+)?)\s*([천千])?\s*([만万억億조兆])?/gu)].map(
    (m) => ({
      text: m[0].trim(),
      start: m.index,
      end: m.index + m[0].length,
      value: num(m[1] as string) * (m[2] ? 1e3 : 1) * (m[3] ? (CJK_SCALE[m[3]] as number) : 1),
      big: m[3] ? (CJK_SCALE[m[3]] as number) : m[2] ? 1e3 : 1,
    }),
  );
  const out: { text: string; value: number }[] = [];
  let last: (typeof parts)[number] | null = null;
  for (const p of parts) {
    const prev = out[out.length - 1];
    if (prev && last && last.big > 1 && p.value < last.big && /^\s*$/.test(text.slice(last.end, p.start))) {
      prev.value += p.value;
      prev.text += ` ${p.text}`;
    } else out.push({ text: p.text, value: p.value });
    last = p;
  }
  return out;
}

/** Negation in Korean and Japanese: verb endings and words for a deal that did not happen. */
const CJK_NEGATION =
  /않|못(?:했|한|하|할)|없|아니|무산|불발|결렬|거부|반대|なかった|ません|ぬ[。、]|ず[、。にもとは]|見送|決裂|拒否|反対|否定/u;
/** Negation in the quotes, in English (and Korean/Japanese, for a story in several languages). */
const QUOTE_NEGATION =
  /\b(?:not|no|never|none|nor|neither|without|fail(?:s|ed)?|refus(?:e|es|ed)|reject(?:s|ed)?|declin(?:e|es|ed)|oppos(?:e|es|ed)|den(?:y|ies|ied)|unable|cannot)\b|n't\b/i;

/** Null when `text` (in another language than its quotes) is supported by them; else why not. */
export function checkTranslated(
  text: string,
  evidence: readonly EvidenceSpan[],
  opts: TranslatedCheckOptions,
): SentenceVerdict | null {
  if (evidence.length === 0) return { reason: 'no-evidence', detail: '' };
  const quotes = evidence.map((e) => e.text);
  const folded = fold(text);

  // Names first, as in the same-language check.
  const known = [...quotes, ...opts.names];
  for (const name of latinNames(folded)) {
    if (known.some((k) => mentions(k, name))) continue;
    // "Lee Jae-myung" in a translated sentence of a Korean report: a who item's name as the
    // article writes it (이재명) may render it.
    if (opts.names.some((n) => renderedRuns(n).some((r) => rendersName(r, name)))) continue;
    return { reason: 'name', detail: name };
  }
  // A person named in Hangul or katakana before a title (트럼프 대통령, トランプ米大統領) in a sentence
  // from an English article: it must render a Latin name of its quotes or of the brief's who items.
  const latinKnown = known.flatMap(latinNames);
  for (const words of renderedNames(folded)) {
    const name = words.join(' ');
    if (known.some((k) => fold(k).includes(name)) || latinKnown.length === 0) continue;
    // Any word of it may be the name ("방한한 트럼프": a modifier may stand before it).
    if (!words.some((w) => latinKnown.some((l) => rendersName(w, l))))
      return { reason: 'name', detail: name };
  }
  for (const place of cjkPlaces(folded)) {
    const all = [place, ...placeAliases(place)];
    if (!all.some((n) => known.some((k) => mentions(k, n, true)))) return { reason: 'name', detail: place };
  }

  // A sentence that negates what no quote negates (a deal that "did not" happen from one that did).
  const negation = CJK_NEGATION.exec(folded);
  if (negation && !quotes.some((q) => QUOTE_NEGATION.test(q) || CJK_NEGATION.test(fold(q)))) {
    return { reason: 'negation', detail: negation[0] };
  }

  const numbers = quoteNumbers(quotes);
  const dates = quoteDates(quotes, opts.publishedAt);
  let rest = folded;
  for (const span of findCjkDates(text)) {
    const values = (['past', 'future'] as const)
      .map((tense) => resolveCjkDate(span.text, opts.publishedAt, tense))
      .filter((v): v is string => v !== null);
    const digits = [...fold(span.text).matchAll(/\d+/g)].map((m) => Number(m[0]));
    const ok =
      values.some((v) => dates.some((d) => sameDate(v, d))) ||
      (digits.length > 0 && digits.every((d) => numbers.has(d)));
    if (!ok) return { reason: 'date', detail: span.text };
    rest = rest.replace(fold(span.text), ' ');
  }

  for (const amount of cjkAmounts(rest)) {
    if (![...numbers].some((n) => Math.abs(n - amount.value) <= 1e-9 * Math.max(1, Math.abs(n)))) {
      return { reason: 'number', detail: amount.text };
    }
  }
  return null;
}

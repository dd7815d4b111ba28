/*
 * Words for Chinese, Japanese and Korean text, as search and clustering need them. Pure.
 *
 * Japanese and Chinese put no spaces between words, so PostgreSQL's parser (and our clustering
 * tokens) see a whole clause as one word and nobody's query ever matches it. We index overlapping
 * character bigrams of each run of Han and kana instead, the way search engines' CJK analysers do:
 * `日韓首脳会談` → 日韓 韓首 首脳 脳会 会談, and a query is the phrase of its own bigrams (`首脳会談`
 * → 首脳 <-> 脳会 <-> 会談), so any word of two or more characters is found wherever it stands,
 * without a dictionary that must agree with the writer's. ICU word segmentation (Intl.Segmenter)
 * was tried first: it splits names by characters (李在明 → 李|在|明) and splits a word differently
 * alone than in a sentence, so a query could miss the text it was copied from.
 *
 * Korean is written with spaces, but particles stick to the word (도쿄서 "in Tokyo", 대통령은 "the
 * president (topic)"): each word with a known particle is also indexed without it. Full-width digits
 * and letters (１７, ＡＩ) are folded by NFKC.
 */

/** Han ideographs and Japanese kana (with the prolonged sound mark and iteration marks). */
const HAN_KANA_CLASS = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー々〆ヶ';
const HAN_KANA = new RegExp(`[${HAN_KANA_CLASS}]+`, 'gu');
const HAN_KANA_ONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL_WORD = /[\p{Script=Hangul}]+/gu;
const HANGUL_ONE = /\p{Script=Hangul}/u;
const FULL_WIDTH = /[\uFF01-\uFF5E]/u;

/**
 * Korean particles and endings that attach to nouns, longest first so 에서 wins over 서. A word keeps
 * at least two syllables after stripping, so a name that happens to end in one (이재명, 한일) stays.
 */
const KOREAN_PARTICLES = [
  '에서는',
  '에게서',
  '으로서',
  '으로는',
  '에서',
  '에게',
  '한테',
  '까지',
  '부터',
  '보다',
  '처럼',
  '으로',
  '과의',
  '와의',
  '께서',
  '이라',
  '이다',
  '이며',
  '에는',
  '에도',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '의',
  '에',
  '서',
  '와',
  '과',
  '로',
  '도',
  '만',
  '측',
];

/** "ko", "ja" or "zh" when most of a text's letters are in that language's script; else null. */
export function scriptLanguage(text: string): string | null {
  const sample = text.slice(0, 4000);
  const count = (re: RegExp) => sample.match(re)?.length ?? 0;
  const hangul = count(/\p{Script=Hangul}/gu);
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  const latin = count(/\p{Script=Latin}/gu);
  if (hangul + kana + han <= latin) return null;
  if (hangul >= kana + han) return 'ko';
  return kana > 0 ? 'ja' : 'zh';
}

export function hasCjk(text: string): boolean {
  return HAN_KANA_ONE.test(text) || HANGUL_ONE.test(text);
}

/** Whether a word is written in Han or kana (searched by bigrams rather than as one word). */
export function isHanKana(word: string): boolean {
  return HAN_KANA_ONE.test(word);
}

/** Overlapping two-character pieces of a Han/kana run; a lone character stands as itself. */
export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** A Korean word without the particle it ends in; null when it ends in none (or would be too short). */
export function stripKoreanParticle(word: string): string | null {
  for (const p of KOREAN_PARTICLES) {
    if (word.endsWith(p) && [...word].length - [...p].length >= 2) return word.slice(0, -p.length);
  }
  return null;
}

/**
 * A word with Han or kana in it, as search holds it: each Han/kana run as its bigrams, the digits
 * and letters between them as they stand (台風11号 → 台風 11 号, 第2工場 → 第 2 工場). The same on the
 * article's side and the query's, so a query's pieces stand next to each other in the article's.
 */
export function hanKanaPieces(word: string): string[] {
  const out: string[] = [];
  for (const [run] of word.normalize('NFKC').toLowerCase().matchAll(SCRIPT_RUN)) {
    out.push(...(isHanKana(run) ? bigrams(run) : [run]));
  }
  return out;
}

/** Runs of Han/kana, or of other letters and digits. */
const SCRIPT_RUN = new RegExp(`[${HAN_KANA_CLASS}]+|(?:(?![${HAN_KANA_CLASS}])[\\p{L}\\p{N}])+`, 'gu');

/**
 * The extra words a text is searched by, beyond what PostgreSQL's parser finds: the pieces of
 * every Han/kana word, Korean words without their particles, and full-width words folded to ASCII.
 * Space-separated in text order, so a to_tsvector over it keeps a word's pieces at neighbouring
 * positions (for phrase queries). Empty for text with none of these, which is most text.
 */
export function cjkSearchText(text: string): string {
  if (!hasCjk(text) && !FULL_WIDTH.test(text)) return '';
  const out: string[] = [];
  for (const [token] of text.matchAll(/[\p{L}\p{N}\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]+/gu)) {
    if (isHanKana(token)) out.push(...hanKanaPieces(token));
    else if (HANGUL_ONE.test(token)) {
      const stem = stripKoreanParticle(token);
      if (stem) out.push(stem);
    } else if (FULL_WIDTH.test(token)) out.push(token.normalize('NFKC').toLowerCase());
  }
  return out.join(' ');
}

/** Syllable pairs that Korean verb and adjective endings make in every story (했다, 하기, 으로). */
const KOREAN_ENDING_PAIRS = new Set(
  `했다 하다 한다 된다 됐다 있다 없다 였다 이다 하기 기로 하고 하며 하는 했고 했으며 으로 에서 라고 다고 였고 됐고
  하겠 겠다 는다 인다 진다 졌다 났다 냈다 렸다 웠다 혔다 켰다 었다 았다 에게 부터 까지 처럼 보다 지만 면서`.split(
    /\s+/,
  ),
);

/**
 * Clustering terms: a Han/kana token becomes its bigrams; a Korean word, without its particle,
 * becomes its syllable pairs less those of verb endings (합의했다 and 합의하기로 meet at 합의,
 * 정상회담 and 회담 at 회담). Anything else passes unchanged.
 */
export function cjkTerms(token: string): string[] {
  if (isHanKana(token)) {
    const out: string[] = [];
    for (const m of token.matchAll(HAN_KANA)) out.push(...bigrams(m[0]));
    return out;
  }
  if (HANGUL_ONE.test(token)) {
    const out: string[] = [];
    for (const m of token.matchAll(HANGUL_WORD)) {
      const word = stripKoreanParticle(m[0]) ?? m[0];
      out.push(...bigrams(word).filter((pair) => !KOREAN_ENDING_PAIRS.has(pair)));
    }
    return out;
  }
  return [token];
}

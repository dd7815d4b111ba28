/*
 * Whether a name written in Hangul or katakana renders a name written in Latin letters
 * (트럼프 / トランプ ↔ Trump, 이재명 ↔ Lee Jae-myung, 시게루 ↔ Shigeru), without a dictionary: both
 * are reduced to the skeleton of their consonants by sound class (p/b/f/v, t/d, k/g, s/z/j/ch/sh,
 * r/l, m/n/ng), which survives transliteration in either direction. A check, not a translator:
 * "rendering of" is answered loosely (exact up to three sounds, then a slip or two), so only a
 * name unlike any the article gives is caught. Pure.
 */

const INITIAL = ['K', 'K', 'N', 'T', 'T', 'R', 'N', 'P', 'P', 'S', 'S', '', 'S', 'S', 'S', 'K', 'T', 'P', ''];
const FINAL = [
  '',
  'K',
  'K',
  'K',
  'N',
  'N',
  'N',
  'T',
  'R',
  'K',
  'N',
  'P',
  'R',
  'R',
  'P',
  'R',
  'N',
  'P',
  'P',
  'T',
  'T',
  'N',
  'T',
  'T',
  'K',
  'T',
  'P',
  '',
];
/** Korean surnames whose usual Latin spelling is not their sound (이 → Lee, 노 → Roh, 임 → Lim). */
const SURNAMES: Readonly<Record<string, string>> = { 이: 'R', 리: 'R', 노: 'R', 임: 'RN', 유: '', 류: 'R' };

const KANA_CLASS: readonly [RegExp, string][] = [
  [/[カキクケコガギグゲゴ]/u, 'K'],
  [/[サシスセソザジズゼゾチツヂヅ]/u, 'S'],
  [/[タテトダデド]/u, 'T'],
  [/[ナニヌネノンマミムメモ]/u, 'N'],
  [/[バビブベボパピプペポフヴ]/u, 'P'],
  [/[ラリルレロ]/u, 'R'],
];

/** A Hangul word's skeletons: as it sounds, and with its first syllable as a surname is spelled. */
function hangulSkeletons(word: string): string[] {
  const out = ['', ''];
  [...word].forEach((ch, i) => {
    const code = ch.charCodeAt(0) - 0xac00;
    if (code < 0 || code > 11171) return;
    const initial = INITIAL[Math.floor(code / 588)] ?? '';
    const final = FINAL[code % 28] ?? '';
    out[0] += initial + final;
    out[1] += (i === 0 && SURNAMES[ch] !== undefined ? SURNAMES[ch] : initial) + final;
  });
  return [...new Set(out.map(collapse))];
}

function kanaSkeleton(word: string): string {
  let out = '';
  for (const ch of word) out += KANA_CLASS.find(([re]) => re.test(ch))?.[1] ?? '';
  return collapse(out);
}

function latinSkeleton(word: string): string {
  const w = word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z]/g, '')
    .replace(/ng/g, 'N')
    .replace(/ch|sh|j|z|x|s/g, 'S')
    .replace(/ph|f|v|b|p/g, 'P')
    .replace(/th|t|d/g, 'T')
    .replace(/ck|c|q|k|g/g, 'K')
    .replace(/l|r/g, 'R')
    .replace(/m|n/g, 'N')
    .replace(/[a-z]/g, '');
  return collapse(w);
}

function collapse(s: string): string {
  return s.replace(/(.)\1+/g, '$1');
}

/** Consonant skeletons of a Hangul, katakana or Latin word (a Hangul word may have two). */
export function nameSkeletons(word: string): string[] {
  if (/\p{Script=Hangul}/u.test(word)) return hangulSkeletons(word);
  if (/\p{Script=Katakana}/u.test(word)) return [kanaSkeleton(word)];
  return [latinSkeleton(word)];
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = row[j] as number;
      row[j] = next;
    }
  }
  return row[b.length] as number;
}

/**
 * Whether `rendered` (Hangul or katakana, one or more words) renders `latin` ("Lee Jae-myung",
 * "Shigeru Ishiba"): each rendered word is like a word of the Latin name, or like the whole name
 * (a Korean name is one word: 이재명 ↔ Lee Jae-myung).
 */
export function rendersName(rendered: string, latin: string): boolean {
  const latinWords = latin.split(/[\s-]+/).filter(Boolean);
  const whole = collapse(latinWords.map(latinSkeleton).join(''));
  const parts = [...latinWords.map(latinSkeleton), whole].filter(Boolean);
  const words = rendered.split(/[\s・·]+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.every((w) =>
      nameSkeletons(w).some((s) => {
        if (!s) return false;
        // Exact up to three sounds; one slip in four to seven; two beyond.
        const slips = s.length <= 3 ? 0 : s.length <= 7 ? 1 : 2;
        return parts.some((p) => distance(s, p) <= slips);
      }),
    )
  );
}

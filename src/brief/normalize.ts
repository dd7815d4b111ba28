/*
 * Text normalisation for checking model quotes against article text.
 * Both sides go through the same function, so typographic differences (curly vs straight quotes,
 * dash styles, invisible characters, spacing, case) never decide whether a quote is "found".
 */

/** Typographic characters folded to one ASCII form. Applied before and after NFKC (see below). */
const FOLD: Readonly<Record<string, string>> = {
  // single quotes, apostrophes, primes
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2039': "'", // ‹
  '\u203A': "'", // ›
  '\u2032': "'", // ′
  '\u02BC': "'", // ʼ modifier letter apostrophe
  '`': "'",
  // double quotes
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"', // ‟
  '\u00AB': '"', // «
  '\u00BB': '"', // »
  '\u2033': '"', // ″ (NFKC would make it two primes, so it is folded first)
  '\u301D': '"', // 〝
  '\u301E': '"', // 〞
  // dashes and minus signs
  '\u2010': '-', // ‐
  '\u2011': '-', // ‑
  '\u2012': '-', // ‒
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-', // ―
  '\u2212': '-', // −
  '\u2E3A': '-', // ⸺
  '\u2E3B': '-', // ⸻
  // ellipsis
  '\u2026': '...',
};

/**
 * Characters that are dropped: zero-width, joiners, bidi controls, soft hyphen, BOM, and tag
 * characters (ingest strips those too, but rows stored before it did may still hold them).
 */
const INVISIBLE =
  '\u00AD\u034F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}';

const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');
const INVISIBLE_RE = new RegExp(`[${INVISIBLE}]`, 'gu');
const SPACE_RE = /\s+/g;

function fold(s: string): string {
  return s.replace(FOLD_RE, (c) => FOLD[c] ?? c);
}

/**
 * Like normalizeForMatch but keeps letter case (names are told apart by capitals when matching
 * quotes token by token). normalizeForMatch(s) === normalizeKeepCase(s).toLowerCase().
 */
export function normalizeKeepCase(s: string): string {
  // Fold first: NFKC turns ″ into two primes and ‥/… into dots; folding again catches characters
  // NFKC maps into the folded set (e.g. small/fullwidth forms of dashes and quotes).
  const nfkc = fold(s.replace(INVISIBLE_RE, '')).normalize('NFKC');
  return fold(nfkc).replace(INVISIBLE_RE, '').replace(SPACE_RE, ' ').trim();
}

/**
 * Normalise text for quote matching: NFKC, curly → straight quotes, every dash → "-", "…" → "...",
 * zero-width/bidi/soft-hyphen characters removed, whitespace collapsed to one space, lowercase.
 */
export function normalizeForMatch(s: string): string {
  return normalizeKeepCase(s).toLowerCase();
}

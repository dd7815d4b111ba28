import { scriptLanguage } from '../text/cjk.ts';

/*
 * The language a brief is written in (issue 19): a workspace setting, English by default. Quotes
 * always stay verbatim in the article's language; only the model's own words are written in it.
 */

export const BRIEF_LANGUAGES = ['en', 'ko', 'ja'] as const;
export type BriefLanguage = (typeof BRIEF_LANGUAGES)[number];

export const BRIEF_LANGUAGE_NAMES: Readonly<Record<BriefLanguage, string>> = {
  en: 'English',
  ko: 'Korean',
  ja: 'Japanese',
};

/** "ko", "Korean", "한국어" → "ko"; null for a language briefs cannot be written in. */
export function parseBriefLanguage(text: string): BriefLanguage | null {
  const t = text.trim().toLowerCase();
  for (const code of BRIEF_LANGUAGES) {
    if (t === code || t === BRIEF_LANGUAGE_NAMES[code].toLowerCase()) return code;
  }
  if (t === '한국어' || t === '日本語' || t === 'kr' || t === 'jp')
    return t === '한국어' || t === 'kr' ? 'ko' : 'ja';
  return null;
}

/** A language's name for people ("ko" → "Korean"); the code itself for one we have no name for. */
export function languageName(code: string | null | undefined): string {
  const base = (code ?? '').toLowerCase().split('-')[0] ?? '';
  const names: Record<string, string> = {
    ...BRIEF_LANGUAGE_NAMES,
    zh: 'Chinese',
    fr: 'French',
    de: 'German',
    es: 'Spanish',
  };
  return names[base] ?? (base || 'an unknown language');
}

/** The base language of a BCP 47 tag ("en-GB" → "en"), "en" when unknown (our articles' default). */
export function baseLanguage(code: string | null | undefined): string {
  return (code ?? '').toLowerCase().split('-')[0] || 'en';
}

/**
 * The opening words of the per-request user message: "Write a Korean brief of" (one token more
 * than English; the system prompt already keeps quotes verbatim and names as spelled in the
 * article, so the language is all it needs to say). English: the usual "Write a brief of".
 */
export function briefTask(language: BriefLanguage | undefined): string {
  return !language || language === 'en'
    ? 'Write a brief of'
    : `Write a ${BRIEF_LANGUAGE_NAMES[language]} brief of`;
}

/**
 * The footer's account of the checks when a brief is written in another language than (some of)
 * its articles; null when every article is in the brief's language (checks exactly as always).
 */
export function translatedFrom(
  language: BriefLanguage,
  sources: readonly { lang?: string | null }[],
): string | null {
  const others = [...new Set(sources.map((s) => baseLanguage(s.lang)))].filter((l) => l !== language);
  if (others.length === 0) return null;
  const from = others.map(languageName).join(' and ');
  const what =
    sources.length > 1 ? `${from} articles` : `${/^[AEIOU]/.test(from) ? 'an' : 'a'} ${from} article`;
  return `Written in ${BRIEF_LANGUAGE_NAMES[language]} from ${what}: quotes verified as always; names, numbers and dates in the translated sentences checked against their quotes.`;
}

/** An article's language: the page's, else read off its script, else English. */
export function articleLanguage(a: { lang?: string | null; text: string }): string {
  return baseLanguage(a.lang || scriptLanguage(a.text));
}

/** Whether a brief in `language` is a translation of some of `articles` (English briefs never count). */
export function isTranslation(
  language: BriefLanguage | undefined,
  articles: readonly { lang?: string | null; text: string }[],
): language is BriefLanguage {
  return !!language && language !== 'en' && articles.some((a) => articleLanguage(a) !== language);
}

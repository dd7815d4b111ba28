/** One article as the rest of the app sees it: cleaned text plus what the page said about itself. */
export interface Article {
  /** Cleaned body text; paragraphs separated by a blank line. */
  text: string;
  title: string | null;
  /** Where it was read from: a URL, a file path, or "-" for stdin. */
  source: string;
  /** The page's canonical URL when it declares one, else the URL it was fetched from, else null. */
  url: string | null;
  siteName: string | null;
  /** BCP 47 language tag as declared by the page (e.g. "en", "ko-KR"), or null. */
  lang: string | null;
  /** Publication date as an ISO 8601 string (date or date-time) when the page says, else null. */
  publishedAt: string | null;
}

/** Below this many words an article has nothing to brief: a clear error, no LLM call. */
export const MIN_ARTICLE_WORDS = 40;

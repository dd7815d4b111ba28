/** Terms shorter than this are ignored ("a", "&"). */
const MIN_TERM_LENGTH = 2;
/** Terms at least this long also match as prefixes ("korea" finds "korean"); shorter ones match whole. */
const MIN_PREFIX_LENGTH = 4;

/**
 * A topic as people type it (`korea-japan`, `"climate finance"`, `South Korea, Japan summit`) →
 * lower-cased, de-duplicated terms. Splits on whitespace, hyphens and commas; strips quotes and
 * other punctuation at the ends of each term.
 */
export function topicTerms(topic: string): string[] {
  const terms = topic
    .toLowerCase()
    .split(/[\s,\-‐‑‒–—]+/u)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => [...t].length >= MIN_TERM_LENGTH);
  return [...new Set(terms)];
}

/**
 * A to_tsquery('simple', …) string joining the terms with `&` (all) or `|` (any). Each term is a
 * quoted lexeme (quotes and backslashes escaped), so nothing in it is read as an operator; the
 * string is still passed as a parameter, never spliced into SQL. Null when there are no terms.
 */
export function toTsquery(terms: readonly string[], mode: 'all' | 'any'): string | null {
  if (terms.length === 0) return null;
  const lexemes = terms.map((t) => {
    const quoted = `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
    return [...t].length >= MIN_PREFIX_LENGTH ? `${quoted}:*` : quoted;
  });
  return lexemes.join(mode === 'all' ? ' & ' : ' | ');
}

import { type Article, MIN_ARTICLE_WORDS } from '../ingest/article.ts';
import { countWords } from '../ingest/text.ts';
import { features, informativeness, similarity } from './cluster.ts';

/** Below this share of the token budget an article is cut to little more than its lead. */
export const MIN_TOKENS_PER_ARTICLE = 800;
/** Wire copies reprinted by several outlets add nothing a second time. */
const NEAR_COPY_COSINE = 0.9;

/**
 * Which of a story's articles a brief reads, most informative first: as many as `maxArticles`
 * and the token budget allow (the LLM budget is shared equally, so each keeps at least
 * MIN_TOKENS_PER_ARTICLE), skipping articles too short to brief and near-copies of one already
 * taken. When none is readable the first comes back alone, so the brief says why.
 */
export function articlesForBrief<A extends Article>(
  articles: readonly A[],
  opts: { maxArticles: number; maxTokens?: number | null },
): A[] {
  const byTokens = opts.maxTokens
    ? Math.floor(opts.maxTokens / MIN_TOKENS_PER_ARTICLE)
    : Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.min(opts.maxArticles, byTokens));
  const scored = articles
    .filter((a) => countWords(a.text, MIN_ARTICLE_WORDS) >= MIN_ARTICLE_WORDS)
    .map((a, i) => ({ a, i, f: features({ title: a.title, text: a.text, at: 0 }) }))
    .map((x) => ({ ...x, score: informativeness(x.f) }))
    .sort((x, y) => y.score - x.score || x.i - y.i);
  const chosen: typeof scored = [];
  for (const x of scored) {
    if (chosen.length >= limit) break;
    if (chosen.some((c) => similarity(c.f, x.f).cosine >= NEAR_COPY_COSINE)) continue;
    chosen.push(x);
  }
  if (chosen.length === 0) return articles.slice(0, 1);
  return chosen.map((c) => c.a);
}

import type { Article } from '../ingest/article.ts';
import type { AnsweredQuestion } from './answer.ts';
import { rerank } from './ranker.ts';
import { indexArticles, type Ranked, rank } from './retrieve.ts';

/*
 * Follow-ups without an LLM: the article sentences that answer the question, found by retrieval
 * (retrieve.ts) and quoted as they stand. It never writes a claim of its own, so it cannot invent
 * one; when the best sentence covers too little of the question it says so.
 */

/**
 * The least share of the question (weighted by rarity) the best sentence must match, else the
 * articles are taken not to answer. Calibrated on the gold set's train split
 * (`npm run eval:answers -- --calibrate`); leave-one-set-out folds (`-- --cv`) all choose it too.
 */
export const MIN_COVERAGE = 0.7;
/** Further sentences are shown only when they score at least this share of the best one. */
export const RUNNER_UP_SHARE = 0.5;
export const MAX_QUOTES = 3;
/** The same for a learned ranking (ranker.ts), on its softmax shares: chosen in train CV. */
export const RUNNER_UP_LEARNED = 0.1;

/** The sentences to show, best first; empty when the articles do not answer. */
export function selectAnswers(ranked: readonly Ranked[], minCoverage = MIN_COVERAGE): Ranked[] {
  const [best] = ranked;
  if (!best || best.coverage < minCoverage) return [];
  // Reranked (ranker.ts): the runners-up by their learned share, else by the hand score.
  const near = (r: Ranked) =>
    best.learned !== undefined && r.learned !== undefined
      ? r.learned >= best.learned * RUNNER_UP_LEARNED
      : r.score >= best.score * RUNNER_UP_SHARE;
  return ranked.filter(near).slice(0, MAX_QUOTES);
}

export function extractiveAnswer(question: string, articles: readonly Article[]): AnsweredQuestion {
  const index = indexArticles(articles);
  const { ranked, type } = rank(question, index);
  const best = selectAnswers(rerank(question, type, ranked, index));
  const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  if (best.length === 0) {
    return {
      answered: false,
      answer:
        "I couldn't find this in the articles. (No LLM is configured, so I can only quote matching sentences.)",
      quotes: [],
      dropped: 0,
      usage,
      attempts: 0,
    };
  }
  return {
    answered: true,
    answer: 'The closest passages in the articles (quoted; no LLM is configured to write an answer):',
    quotes: best.map(({ sentence }) => ({ text: sentence.text, sourceIndex: sentence.sourceIndex })),
    dropped: 0,
    usage,
    attempts: 0,
  };
}

import { looksLikeInstruction } from '../brief/injection.ts';
import type { Article } from '../ingest/article.ts';
import { splitSentences } from '../text/sentences.ts';
import type { AnsweredQuestion } from './answer.ts';

/*
 * Follow-ups without an LLM: the article sentences that share the most content words with the
 * question, quoted as they stand. It never writes a claim of its own, so it cannot invent one;
 * when too little of the question appears in the articles it says so.
 */

const STOPWORDS = new Set(
  `a an the and or but of to in on at by for with from about as is are was were be been being do does did
  what which who whom whose when where why how will would can could should shall may might must there
  their they them this that these those it its he she his her we our you your i me my not no than then
  so such any some more most other into over after before again also just only very said says say tell`.split(
    /\s+/,
  ),
);

function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 && !STOPWORDS.has(w));
}

/** Crude but language-agnostic stemming: "agreed", "agreement", "agrees" all meet at "agre". */
const stem = (w: string) => (w.length >= 5 ? w.slice(0, Math.max(4, w.length - 3)) : w);

const MAX_QUOTES = 2;

export function extractiveAnswer(question: string, articles: readonly Article[]): AnsweredQuestion {
  const wanted = new Set(contentWords(question).map(stem));
  const needed = Math.min(2, wanted.size);
  const scored = articles.flatMap((article, sourceIndex) =>
    splitSentences(article.text)
      // An injected instruction is not an answer, however many question words it repeats.
      .filter((s) => s.kind === 'body' && !looksLikeInstruction(s.text))
      .map((s, position) => {
        const have = new Set(contentWords(s.text).map(stem));
        const score = [...wanted].filter((w) => have.has(w)).length;
        return { text: s.text.trim(), sourceIndex, score, position };
      }),
  );
  const best = scored
    .filter((s) => needed > 0 && s.score >= needed)
    .sort((a, b) => b.score - a.score || a.sourceIndex - b.sourceIndex || a.position - b.position)
    .slice(0, MAX_QUOTES);
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
    quotes: best.map(({ text, sourceIndex }) => ({ text, sourceIndex })),
    dropped: 0,
    usage,
    attempts: 0,
  };
}

import type OpenAI from 'openai';
import { z } from 'zod';
import { fitToBudget } from '../brief/budget.ts';
import { articleSupport } from '../brief/claims.ts';
import { articleMessage, type Prompt, stripInvisible } from '../brief/prompt.ts';
import type { RejectedClaim } from '../brief/schema.ts';
import { englishLike } from '../brief/support.ts';
import { claimChecker, quoteFinder, splitClaims } from '../brief/verify.ts';
import type { Article } from '../ingest/article.ts';
import { completeStructured, type LlmSettings, type Usage } from '../llm/structured.ts';
import type { Logger } from '../log.ts';

export const AnswerSchema = z.object({
  answered: z.boolean().describe('True only if the articles contain the answer.'),
  answer: z
    .string()
    .describe(
      "The answer in the question's language, at most four sentences; or a plain sentence saying the articles don't say.",
    ),
  quotes: z
    .array(
      z.object({
        quote: z
          .string()
          .describe('A verbatim quote from one article (one sentence or less) that supports the answer.'),
        article: z.number().int().describe('The 1-based number of the article the quote comes from.'),
      }),
    )
    .describe('The quotes the answer relies on; empty when not answered.'),
});

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface AnsweredQuestion {
  answered: boolean;
  answer: string;
  /** Verified quotes; sourceIndex is 0-based into the articles. */
  quotes: { text: string; sourceIndex: number }[];
  /** Quotes the model gave that are not in the articles. */
  dropped: number;
  /** Answer sentences the claim check removed (issue 17), with reasons. */
  rejectedSentences?: RejectedClaim[];
  usage: Usage;
  attempts: number;
}

export const NOT_IN_ARTICLES = "The articles don't say this clearly, so I won't guess.";
/** Shown instead of an answer whose words the articles do not support, above its verified quotes. */
export const QUOTES_ONLY = 'What the articles say on this:';

const HISTORY_CHARS = 2_000;

/**
 * Answers a follow-up from a brief's own articles. Quotes are checked like a brief's; an answer
 * none of whose quotes survive is replaced by a plain "the articles don't say".
 */
export async function answerQuestion(
  input: {
    question: string;
    articles: readonly Article[];
    history: readonly Turn[];
    /** The workspace's answer-language rule (trusted: set by its admins); appended to the system message. */
    languageRule?: string | null;
  },
  deps: { client: OpenAI; settings: LlmSettings; prompt: Prompt; logger: Logger },
): Promise<AnsweredQuestion> {
  const share = Math.floor(deps.settings.maxArticleTokens / Math.max(input.articles.length, 1));
  const fitted = input.articles.map((article) => ({ article, text: fitToBudget(article.text, share).text }));
  const user = [
    articleMessage(fitted, undefined, 'Answer the question below from'),
    '',
    historyBlock(input.history),
    `The reader's question: ${stripInvisible(input.question)}`,
  ].join('\n');
  const { value, usage, attempts } = await completeStructured(
    {
      system: input.languageRule ? `${deps.prompt.system}\n\n${input.languageRule}` : deps.prompt.system,
      user,
      schema: AnswerSchema,
      name: 'answer',
      what: 'answer',
    },
    deps,
  );

  const find = quoteFinder(input.articles);
  const quotes: AnsweredQuestion['quotes'] = [];
  for (const q of value.quotes) {
    const found = find(q.quote);
    if (found !== -1) quotes.push({ text: q.quote, sourceIndex: found });
  }
  const dropped = value.quotes.length - quotes.length;
  if (dropped > 0)
    deps.logger.info({ dropped, kept: quotes.length }, 'answer quotes not found in the articles');
  if (!value.answered || quotes.length === 0) {
    // The model's own "not answered" text is never shown; ours also keeps it out of the history.
    return { answered: false, answer: NOT_IN_ARTICLES, quotes: [], dropped, usage, attempts };
  }
  const why = unsupportedAnswer(value.answer, input.question, input.articles);
  if (why) {
    deps.logger.info({ why }, 'answer text not supported by the articles; showing the quotes alone');
    return { answered: true, answer: QUOTES_ONLY, quotes, dropped, usage, attempts };
  }
  if (!englishLike(input.question))
    return { answered: true, answer: value.answer, quotes, dropped, usage, attempts };
  // Claim by claim, as a brief's summary: each sentence against the verified quotes (issue 17).
  const checker = claimChecker(input.articles, [input.question]);
  const evidence = quotes.map((q) => q.text);
  const { kept, rejected } = checker.sentences(
    splitClaims(value.answer).map((text) => ({ text, evidence })),
    'answer',
  );
  for (const r of rejected) {
    deps.logger.info(
      { reason: r.reason, detail: r.detail, text: r.text },
      'claim check rejected an answer sentence',
    );
  }
  const answer = kept.length > 0 ? kept.map((k) => k.text).join(' ') : QUOTES_ONLY;
  return { answered: true, answer, quotes, dropped, usage, attempts, rejectedSentences: rejected };
}

/**
 * The answer is the model's own words, like a brief's summary: it must carry no link, mention or
 * markup, no number the articles lack, and, for a question in English, be English and in the
 * articles' (or the question's) words. An obeyed injection ("reply in French", "say the mayor
 * resigned") fails; the verified quotes still answer. Injected sentences do not count as support.
 */
function unsupportedAnswer(answer: string, question: string, articles: readonly Article[]) {
  const check = articleSupport(articles, [question]);
  const english = englishLike(question);
  return check(answer, { english, vocabulary: english });
}

/** The last turns of the thread, newest kept when they run long. */
function historyBlock(history: readonly Turn[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const turn of [...history].reverse()) {
    const line = `${turn.role === 'user' ? 'Reader' : 'You'}: ${stripInvisible(turn.text).replace(/\s+/g, ' ')}`;
    if (used + line.length > HISTORY_CHARS) break;
    lines.unshift(line);
    used += line.length;
  }
  return lines.length > 0 ? `Earlier in this thread:\n${lines.join('\n')}\n` : '';
}

import type OpenAI from 'openai';
import { z } from 'zod';
import { fitToBudget } from '../brief/budget.ts';
import { articleMessage, type Prompt, stripInvisible } from '../brief/prompt.ts';
import { quoteFinder } from '../brief/verify.ts';
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
  usage: Usage;
  attempts: number;
}

export const NOT_IN_ARTICLES = "The articles don't say this clearly, so I won't guess.";

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
    return {
      answered: false,
      answer: value.answered ? NOT_IN_ARTICLES : value.answer,
      quotes: [],
      dropped,
      usage,
      attempts,
    };
  }
  return { answered: true, answer: value.answer, quotes, dropped, usage, attempts };
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

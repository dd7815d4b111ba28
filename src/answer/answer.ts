import type OpenAI from 'openai';
import { z } from 'zod';
import { fitToBudget } from '../brief/budget.ts';
import { articleSupport } from '../brief/claims.ts';
import { readPartialObject } from '../brief/partialJson.ts';
import { articleMessage, type Prompt, stripInvisible } from '../brief/prompt.ts';
import type { RejectedClaim } from '../brief/schema.ts';
import { englishLike } from '../brief/support.ts';
import { claimChecker, quoteFinder, splitClaims } from '../brief/verify.ts';
import type { Article } from '../ingest/article.ts';
import { completeStructured, type LlmSettings, type Usage } from '../llm/structured.ts';
import type { Logger } from '../log.ts';

/**
 * What the model is asked for: whether the articles answer the question, then the answer as
 * sentences, each written as [sentence, quote, quote…] with the verbatim quotes it relies on (the
 * brief's summary form). The rules are in prompts/answer.md, not in .describe() texts here, which
 * would ride along with every request. Each sentence carrying its own quotes is what lets a
 * sentence be checked, and shown, the moment it is complete (issue 15).
 */
export const AnswerSchema = z.object({
  answered: z.boolean(),
  sentences: z.array(z.array(z.string())),
});
export type AnswerReply = z.infer<typeof AnswerSchema>;

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
 * Answers a follow-up from a brief's own articles. Each sentence of the model's answer is checked
 * on its own, against its own quotes (answerChecker); an answer none of whose quotes survive is
 * replaced by a plain "the articles don't say". With `onSentence`, the model's reply is streamed
 * and each sentence that passed is handed on as soon as the reply holds it whole: the answer
 * returned is exactly the one the same reply gives unstreamed.
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
  onSentence?: (text: string) => void,
): Promise<AnsweredQuestion> {
  const share = Math.floor(deps.settings.maxArticleTokens / Math.max(input.articles.length, 1));
  const fitted = input.articles.map((article) => ({ article, text: fitToBudget(article.text, share).text }));
  const user = [
    articleMessage(fitted, undefined, 'Answer the question below from'),
    '',
    historyBlock(input.history),
    `The reader's question: ${stripInvisible(input.question)}`,
  ].join('\n');
  const checker = answerChecker(input.question, input.articles);
  const streamer = onSentence ? answerStreamer(checker, onSentence, deps.logger) : null;
  const { value, usage, attempts } = await completeStructured(
    {
      system: input.languageRule ? `${deps.prompt.system}\n\n${input.languageRule}` : deps.prompt.system,
      user,
      schema: AnswerSchema,
      name: 'answer',
      what: 'answer',
    },
    deps,
    streamer ? { onSnapshot: streamer.feed } : undefined,
  );
  const answer = verifyAnswer(value, checker);
  if (answer.dropped > 0)
    deps.logger.info(
      { dropped: answer.dropped, kept: answer.quotes.length },
      'answer quotes not found in the articles',
    );
  for (const r of answer.rejectedSentences ?? []) {
    deps.logger.info(
      { reason: r.reason, detail: r.detail, text: r.text },
      'answer sentence not supported by its quotes; removed',
    );
  }
  return { ...answer, usage, attempts };
}

/** One answer sentence as checked: the text kept of it (null: none), its verified quotes. */
export interface CheckedSentence {
  text: string | null;
  /** Verified quotes, with the 0-based index of the article each was found in. */
  quotes: { text: string; sourceIndex: number }[];
  /** How many of its quotes are not in the articles. */
  dropped: number;
  rejected: RejectedClaim[];
}

export type AnswerChecker = (sentence: readonly string[]) => CheckedSentence;

/**
 * Checks one [sentence, quote…] of a reply, looking at nothing else: its quotes must be in the
 * articles; its words, like a brief's summary, must carry no link, mention or markup, no number
 * the articles lack, and, for a question in English, be English and in the articles' (or the
 * question's) words (an obeyed injection fails; injected sentences do not count as quotes); and,
 * for a question in English, each of its claims must be supported by its own verified quotes
 * (issue 17). A sentence with no verified quote is dropped. Because no sentence's verdict depends
 * on another's, a sentence shown while streaming is one the whole answer keeps.
 */
export function answerChecker(question: string, articles: readonly Article[]): AnswerChecker {
  const find = quoteFinder(articles);
  const english = englishLike(question);
  const support = articleSupport(articles, [question]);
  const claims = english ? claimChecker(articles, [question]) : null;
  return ([raw = '', ...quoted]) => {
    const text = raw.replace(/\s+/g, ' ').trim();
    const quotes: CheckedSentence['quotes'] = [];
    for (const quote of quoted) {
      const found = find(quote);
      if (found !== -1) quotes.push({ text: quote, sourceIndex: found });
    }
    const dropped = quoted.length - quotes.length;
    const reject = (reason: string, detail: string): CheckedSentence => ({
      text: null,
      quotes,
      dropped,
      rejected: [{ field: 'answer', text, reason, detail }],
    });
    if (!text) return { text: null, quotes, dropped, rejected: [] };
    if (quotes.length === 0) return reject('no-evidence', 'no quote found in the article');
    const why = support(text, { english, vocabulary: english });
    if (why) return reject(why, 'article-wide check');
    if (!claims) return { text, quotes, dropped, rejected: [] };
    const evidence = quotes.map((q) => q.text);
    const { kept, rejected } = claims.sentences(
      splitClaims(text).map((claim) => ({ text: claim, evidence })),
      'answer',
    );
    const keptText = kept.map((k) => k.text.trim()).join(' ');
    return { text: keptText || null, quotes, dropped, rejected };
  };
}

/**
 * The answer a whole reply gives: its sentences that passed, in order, with every verified quote
 * (each once). Not answered, or no quote verified: "the articles don't say" (the model's own
 * "not answered" text is never shown, and ours keeps it out of the history). Quotes but no
 * sentence that passed: the quotes alone.
 */
export function verifyAnswer(
  reply: AnswerReply,
  check: AnswerChecker,
): Omit<AnsweredQuestion, 'usage' | 'attempts'> {
  const checked = reply.sentences.map(check);
  const quotes: AnsweredQuestion['quotes'] = [];
  for (const q of checked.flatMap((c) => c.quotes)) {
    if (!quotes.some((k) => k.text === q.text)) quotes.push(q);
  }
  const dropped = checked.reduce((n, c) => n + c.dropped, 0);
  if (!reply.answered || quotes.length === 0) {
    return { answered: false, answer: NOT_IN_ARTICLES, quotes: [], dropped };
  }
  const kept = checked.flatMap((c) => (c.text ? [c.text] : []));
  return {
    answered: true,
    answer: kept.length > 0 ? kept.join(' ') : QUOTES_ONLY,
    quotes,
    dropped,
    rejectedSentences: checked.flatMap((c) => c.rejected),
  };
}

/**
 * Reads a streamed reply as it grows and hands on each sentence that passed answerChecker, once
 * the reply holds it whole and `answered` is known to be true. What it hands on is, in order,
 * exactly the sentences verifyAnswer keeps from the complete reply.
 */
export function answerStreamer(
  check: AnswerChecker,
  onSentence: (text: string) => void,
  logger: Logger,
): { feed: (snapshot: string) => void } {
  let seen = 0;
  let lastLength = -1;
  return {
    feed(snapshot) {
      if (snapshot.length === lastLength) return;
      lastLength = snapshot.length;
      try {
        const partial = readPartialObject(snapshot);
        if (!partial.completeKeys.includes('answered') || partial.value.answered !== true) return;
        const sentences = Array.isArray(partial.value.sentences)
          ? (partial.value.sentences as unknown[])
          : [];
        for (; seen < sentences.length; seen++) {
          const sentence = sentences[seen];
          // A reply of another shape fails validation; the caller then drops what was shown.
          if (!Array.isArray(sentence) || !sentence.every((x) => typeof x === 'string')) continue;
          const { text } = check(sentence);
          if (text) onSentence(text);
        }
      } catch (err) {
        // Showing is best effort: a failing viewer never costs the answer.
        logger.warn({ err }, 'a streamed answer sentence could not be shown');
      }
    },
  };
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

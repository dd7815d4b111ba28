import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AnswerReply,
  answerChecker,
  answerQuestion,
  answerStreamer,
  verifyAnswer,
} from '../../src/answer/answer.ts';
import { loadPrompt } from '../../src/brief/prompt.ts';
import { parsePlainText } from '../../src/ingest/text.ts';
import {
  COMPLETIONS,
  client,
  fixtureText,
  LLM_HOST,
  recorded,
  settings,
  silentLogger,
} from '../helpers/llm.ts';
import { SSE_HEADERS, sseBody } from '../helpers/llmStream.ts';

/*
 * Answers stream sentence by sentence, each shown only once it and its own quotes passed the
 * checks, and the streamed sentences are exactly the answer the whole reply gives.
 */

const summit = parsePlainText(fixtureText('summit-tokyo.txt'), {
  source: 'fixtures/articles/summit-tokyo.txt',
});
const QUESTION = 'what did they agree on?';
/** What the lying reply invents: a quote not in the article, a number the article lacks. */
const DROPPED = ['Kim Jong-un', 'video link', '40 billion'];

const content = (name: string) =>
  (recorded(name).choices as { message: { content: string } }[])[0]?.message.content ?? '';

/** Feeds the reply to a streamer `step` characters at a time; returns what it showed. */
function streamed(reply: string, step: number): string[] {
  const shown: string[] = [];
  const streamer = answerStreamer(answerChecker(QUESTION, [summit]), (s) => shown.push(s), silentLogger);
  for (let i = step; i < reply.length + step; i += step) streamer.feed(reply.slice(0, i));
  return shown;
}

afterEach(() => nock.cleanAll());

describe('a streamed answer', () => {
  it('shows only the sentences the whole answer keeps, in order, whatever the chunk size', () => {
    const reply = content('korea-japan-answer-lying');
    const whole = verifyAnswer(JSON.parse(reply) as AnswerReply, answerChecker(QUESTION, [summit]));
    expect(whole.answer).toBe(
      'They agreed to launch a working group on supply chains. Lee and Ishiba also agreed to strengthen strategic communication.',
    );
    expect(whole.rejectedSentences?.map((r) => r.reason)).toEqual(['no-evidence', 'numbers']);
    for (const step of [1, 7, 40, reply.length]) {
      const shown = streamed(reply, step);
      expect(shown.join(' ')).toBe(whole.answer);
      for (const dropped of DROPPED) expect(shown.join('\n')).not.toContain(dropped);
    }
  });

  it('shows a sentence only once it is complete, and nothing before `answered` is known', () => {
    const reply = content('korea-japan-answer-lying');
    const shown: string[] = [];
    const streamer = answerStreamer(answerChecker(QUESTION, [summit]), (s) => shown.push(s), silentLogger);
    const firstEnd = reply.indexOf('"],[') + 2; // just after the first [sentence, quote] closes
    streamer.feed(reply.slice(0, firstEnd - 1));
    expect(shown).toEqual([]);
    streamer.feed(reply.slice(0, firstEnd));
    expect(shown).toEqual(['They agreed to launch a working group on supply chains.']);

    const late: string[] = [];
    const sentencesFirst = `{"sentences":${JSON.stringify((JSON.parse(reply) as AnswerReply).sentences)}`;
    const other = answerStreamer(answerChecker(QUESTION, [summit]), (s) => late.push(s), silentLogger);
    other.feed(sentencesFirst);
    expect(late).toEqual([]);
    other.feed(`${sentencesFirst},"answered":false}`);
    expect(late).toEqual([]);
  });

  it('returns the same answer streamed as unstreamed for the same model reply', async () => {
    const deps = () => ({
      client: client({ maxRetries: 0 }),
      settings: settings(),
      prompt: loadPrompt('answer'),
      logger: silentLogger,
    });
    const input = { question: QUESTION, articles: [summit], history: [] };
    nock(LLM_HOST).post(COMPLETIONS).reply(200, recorded('korea-japan-answer-lying'));
    const plain = await answerQuestion(input, deps());

    const shown: string[] = [];
    nock(LLM_HOST)
      .post(COMPLETIONS, (body) => body.stream === true)
      .reply(
        200,
        () => sseBody(recorded('korea-japan-answer-lying'), { chunkChars: 5, delayMs: 1 }),
        SSE_HEADERS,
      );
    const live = await answerQuestion(input, deps(), (s) => shown.push(s));
    expect(live.answer).toBe(plain.answer);
    expect(live.quotes).toEqual(plain.quotes);
    expect(shown.join(' ')).toBe(plain.answer);
    expect(shown).toHaveLength(2);
  });
});

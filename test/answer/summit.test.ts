import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractiveAnswer } from '../../src/answer/extractive.ts';
import type { Article } from '../../src/ingest/article.ts';

/** The README's example follow-ups, asked offline about the bundled summit story. */
const text = readFileSync(resolve(import.meta.dirname, '../../fixtures/articles/summit-tokyo.txt'), 'utf8');
const summit: Article = {
  text,
  title: 'Lee and Ishiba hold second summit in Tokyo',
  source: 'fixtures/articles/summit-tokyo.txt',
  url: null,
  siteName: null,
  lang: 'en',
  publishedAt: '2025-08-23',
};

const HELD_IN_TOKYO =
  'President Lee Jae-myung and Japanese Prime Minister Shigeru Ishiba held their second summit in about two months in Tokyo on the 23rd and agreed to respond together to the shifting trade and security environment.';

const FOLLOW_UPS: Array<[string, string]> = [
  [
    'what did they agree on AI?',
    'They also agreed to expand cooperation in hydrogen and artificial intelligence and to launch a working group on supply chains.',
  ],
  ['who met whom?', HELD_IN_TOKYO],
  ['where did they meet?', HELD_IN_TOKYO],
  ['where was the summit held?', HELD_IN_TOKYO],
  [
    'when will Lee meet Trump?',
    'He will hold a summit with U.S. President Donald Trump at the White House on the 25th (local time).',
  ],
];

describe('the README follow-ups on the summit story, with no LLM', () => {
  it.each(FOLLOW_UPS)('%s → the sentence that answers it comes first', (question, sentence) => {
    expect(text).toContain(sentence);
    const out = extractiveAnswer(question, [summit]);
    expect(out.answered).toBe(true);
    expect(out.quotes[0]).toEqual({ text: sentence, sourceIndex: 0 });
    expect(out.quotes.length).toBeLessThanOrEqual(3);
  });

  it('declines what the story does not say', () => {
    for (const question of [
      'how many people died in the earthquake?',
      'what did the EU say about tariffs?',
    ]) {
      const out = extractiveAnswer(question, [summit]);
      expect(out.answered, question).toBe(false);
      expect(out.quotes).toEqual([]);
    }
  });
});

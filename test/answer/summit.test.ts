import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractiveAnswer } from '../../src/answer/extractive.ts';
import { extractHtml } from '../../src/ingest/extract.ts';
import { parsePlainText } from '../../src/ingest/text.ts';

/** The README's example follow-ups, asked offline about the bundled summit story. */
const fixture = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../fixtures/articles', name), 'utf8');
const text = fixture('summit-tokyo.txt');
const page = extractHtml(fixture('summit-tokyo.html'), { source: 'summit-tokyo.html', url: null });
// As read from the file (no title line), and as stored with the story's title.
const untitled = parsePlainText(text, { source: 'fixtures/articles/summit-tokyo.txt' });
const titled = { ...untitled, title: page.title };

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
    for (const summit of [untitled, titled]) {
      const out = extractiveAnswer(question, [summit]);
      expect(out.answered, summit.title ?? 'untitled').toBe(true);
      expect(out.quotes[0], summit.title ?? 'untitled').toEqual({ text: sentence, sourceIndex: 0 });
      expect(out.quotes.length).toBeLessThanOrEqual(3);
    }
  });

  it('the HTML page of the same story, worded differently, answers them too', () => {
    expect(page.title).toBeTruthy();
    const MET = /^The two leaders met for about two hours at the prime minister's residence/;
    const expected: Array<[string, RegExp]> = [
      [
        'what did they agree on AI?',
        /^According to the statement, the leaders agreed to expand cooperation in hydrogen, artificial intelligence/,
      ],
      ['who met whom?', MET],
      ['where did they meet?', MET],
      ['where was the summit held?', MET],
      [
        'when will Lee meet Trump?',
        /scheduled to meet President Donald Trump at the White House on the 25th\.$/,
      ],
    ];
    for (const [question, sentence] of expected)
      expect(extractiveAnswer(question, [page]).quotes[0]?.text, question).toMatch(sentence);
  });

  it('declines what the story does not say', () => {
    for (const question of [
      'how many people died in the earthquake?',
      'what did the EU say about tariffs?',
    ]) {
      const out = extractiveAnswer(question, [titled]);
      expect(out.answered, question).toBe(false);
      expect(out.quotes).toEqual([]);
    }
  });
});

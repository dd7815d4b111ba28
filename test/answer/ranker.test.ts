import { describe, expect, it } from 'vitest';
import { definedAcronyms } from '../../src/answer/expand.ts';
import { extractiveAnswer } from '../../src/answer/extractive.ts';
import { type Example, FEATURES, features, fitRanker, order, SHIPPED } from '../../src/answer/ranker.ts';
import WEIGHTS from '../../src/answer/ranker-weights.json' with { type: 'json' };
import { indexArticles, type Ranked, rank } from '../../src/answer/retrieve.ts';
import type { Article } from '../../src/ingest/article.ts';

const article = (text: string): Article => ({
  text,
  title: 'Telecom firm says hackers stole customer data',
  source: 'test',
  url: null,
  siteName: null,
  lang: 'en',
  publishedAt: null,
});

const BREACH = article(
  [
    'STOCKHOLM, May 6 -- A Swedish telecom operator said on Tuesday that hackers had stolen the phone numbers of about 2.3 million customers.',
    'Chief Technology Officer Annika Lund said the attackers got in through a contractor’s account.',
    'The company will write to all affected customers by May 20.',
    'Its shares fell 6 percent in Stockholm.',
  ].join(' '),
);

describe('the learned ranker', () => {
  it('ships one weight per feature, fitted (not all zero)', () => {
    expect(WEIGHTS.features).toEqual([...FEATURES]);
    expect(SHIPPED).toHaveLength(FEATURES.length);
    expect(SHIPPED.some((w) => w !== 0)).toBe(true);
  });

  it('marks a figure that counts the asked-about thing ("2.3 million customers"), not a date', () => {
    const index = indexArticles([BREACH]);
    const question = 'how many customers were affected?';
    const { ranked, type } = rank(question, index);
    const countNoun = FEATURES.indexOf('countNoun');
    const marked = features(question, type, ranked, index).map((f, i) => [
      ranked[i]?.sentence.text.slice(0, 12),
      f[countNoun],
    ]);
    expect(marked).toContainEqual(['STOCKHOLM, M', 1]);
    expect(marked).toContainEqual(['The company ', 0]);
  });

  it('"the CTO" finds the Chief Technology Officer written out', () => {
    expect(definedAcronyms(BREACH.text).get('cto')).toEqual(['Chief Technology Officer']);
    const out = extractiveAnswer('what did the CTO say?', [BREACH]);
    expect(out.quotes[0]?.text).toMatch(/^Chief Technology Officer Annika Lund said/);
  });

  it('fit learns which feature marks the answer, and order puts that candidate first', () => {
    const marks = FEATURES.indexOf('countNoun');
    const row = (on: boolean) => FEATURES.map((_, k) => (k === marks ? (on ? 1 : 0) : 0.5));
    const examples: Example[] = Array.from({ length: 20 }, (_, i) => ({
      feats: [row(false), row(true), row(false)].map((f, j) => f.map((x, k) => (k === 0 ? (i + j) % 3 : x))),
      answer: [false, true, false],
    }));
    const w = fitRanker(examples);
    expect(w[marks]).toBeGreaterThan(0);
    const ranked = ['a', 'b', 'c'].map((text) => ({ sentence: { text } }) as unknown as Ranked);
    const ordered = order(ranked, [row(false), row(true), row(false)], w);
    expect(ordered[0]?.sentence.text).toBe('b');
    expect(ordered[0]?.learned).toBeGreaterThan(ordered[1]?.learned ?? 1);
  });
});

import { describe, expect, it } from 'vitest';
import { scoreAll, shingleCounts, shingles, tokenize } from '../../bench/metric.ts';

describe('benchmark metric (scrapinghub article-extraction-benchmark)', () => {
  it('tokenises \\w+ runs in any script, dropping punctuation', () => {
    expect(tokenize('Lee’s 2-day trip — 東京, café_bar!')).toEqual([
      'Lee',
      's',
      '2',
      'day',
      'trip',
      '東京',
      'café_bar',
    ]);
  });

  it('makes 4-token shingles, or one short shingle for short texts', () => {
    expect([...shingles('a b c d e').entries()]).toEqual([
      ['a b c d', 1],
      ['b c d e', 1],
    ]);
    expect([...shingles('a b').entries()]).toEqual([['a b', 1]]);
    expect(shingles('').size).toBe(0);
  });

  it('counts shingles as multisets and normalises per page', () => {
    // truth: 3 shingles; prediction: the same 3 plus 1 extra → tp 3, fp 1, fn 0, normalised by 4.
    expect(shingleCounts('a b c d e f', 'a b c d e f g')).toEqual({ tp: 0.75, fp: 0.25, fn: 0 });
    // A repeated passage counts twice.
    expect(shingleCounts('w x y z', 'w x y z w x y z').fp).toBeGreaterThan(0);
    expect(shingleCounts('', '')).toEqual({ tp: 0, fp: 0, fn: 0 });
  });

  it('averages precision over pages with output and recall over all pages', () => {
    const truth = {
      a: { articleBody: 'one two three four five' },
      b: { articleBody: 'six seven eight nine ten' },
    };
    // a is perfect, b is empty: precision = 1 (only a counts), recall = (1 + 0) / 2.
    const s = scoreAll(truth, { a: { articleBody: 'one two three four five' }, b: { articleBody: '' } });
    expect(s.precision).toBe(1);
    expect(s.recall).toBe(0.5);
    expect(s.f1).toBeCloseTo(2 / 3, 10);
    expect(s.accuracy).toBe(0.5);
  });

  it('scores partial overlap like the upstream evaluate.py', () => {
    // truth shingles: [1 2 3 4], [2 3 4 5], [3 4 5 6]; prediction: [1 2 3 4], [2 3 4 5], [3 4 5 x]
    const s = scoreAll({ p: { articleBody: '1 2 3 4 5 6' } }, { p: { articleBody: '1 2 3 4 5 x' } });
    expect(s.precision).toBeCloseTo(2 / 3, 10);
    expect(s.recall).toBeCloseTo(2 / 3, 10);
  });
});

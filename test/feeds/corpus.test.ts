import { describe, expect, it } from 'vitest';
import { corpusNames, scoreCase } from '../../bench/feedCorpus.ts';

/* The hand-written feed corpus (fixtures/feeds/corpus, scored by `npm run bench:feeds`): every feed
 * parses as its format, every expected item is there with its link, title and date, and nothing else. */

describe('feed corpus', () => {
  const names = corpusNames();

  it('has at least 40 feeds', () => {
    expect(names.length).toBeGreaterThanOrEqual(40);
  });

  it.each(names)('%s reads as a feed reader shows it', (name) => {
    const score = scoreCase(name);
    expect(score.error).toBeNull();
    expect(score.misses).toEqual([]);
    expect(score).toMatchObject({ parsed: true, titleOk: true, matched: score.items, extra: 0 });
    expect(score.datesFound).toBe(score.dated);
  });
});

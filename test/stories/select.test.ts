import { describe, expect, it } from 'vitest';
import { articlesForBrief } from '../../src/stories/select.ts';
import { storyFixtures } from './fixtures.ts';

const trade = storyFixtures()
  .filter((f) => f.story === 'trade-talks')
  .map((f) => f.article);

describe('articlesForBrief', () => {
  it('takes the most informative articles first, up to the limit', () => {
    const picked = articlesForBrief(trade, { maxArticles: 2 });
    // The Ledger names the most people, places and figures; the Wire's copy names the fewest.
    expect(picked.map((a) => a.siteName)).toEqual(['The Harbor Ledger', 'Pacific Daily Brief']);
  });

  it('takes fewer when the token budget would leave each too little', () => {
    expect(articlesForBrief(trade, { maxArticles: 10, maxTokens: 1700 })).toHaveLength(2);
    expect(articlesForBrief(trade, { maxArticles: 10, maxTokens: 100 })).toHaveLength(1);
    expect(articlesForBrief(trade, { maxArticles: 10, maxTokens: null })).toHaveLength(3);
  });

  it('skips a near-copy and an article too short to brief', () => {
    const [first] = trade;
    if (!first) throw new Error('fixtures');
    const copy = {
      ...first,
      siteName: 'Reprint',
      text: first.text.replace('Park told reporters', 'Park said'),
    };
    const stub = { ...first, siteName: 'Stub', text: 'Ministers met in Busan.' };
    const picked = articlesForBrief([first, copy, stub, ...trade.slice(1)], { maxArticles: 10 });
    expect(picked.map((a) => a.siteName).sort()).toEqual([
      'Eastern Wire',
      'Pacific Daily Brief',
      'The Harbor Ledger',
    ]);
  });

  it('returns the first article when none is readable, so the brief can say why', () => {
    const stub = { ...(trade[0] ?? ({} as never)), text: 'Too short.' };
    expect(articlesForBrief([stub], { maxArticles: 3 })).toEqual([stub]);
  });
});

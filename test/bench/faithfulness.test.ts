import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FaithItem, modelTokensCleaned, score, splitByArticle } from '../../bench/faithfulness.ts';

// The CI slice of `npm run eval:faithfulness`: 16 synthetic items written for this repository
// (fixtures/faithfulness). The floors are the figures reported in bench/README.md.
const items = JSON.parse(
  readFileSync(new URL('../../fixtures/faithfulness/items.json', import.meta.url), 'utf8'),
) as FaithItem[];

describe('faithfulness eval, CI slice', () => {
  it('the claim check catches at least what bench/README reports, and keeps as many supported summaries', () => {
    const after = score(items, 'after');
    expect(after.caught.all?.share).toBeGreaterThanOrEqual(1.0);
    expect(after.kept.share).toBeGreaterThanOrEqual(5 / 6);
    expect(after.balancedAccuracy).toBeGreaterThanOrEqual(0.916);
  });

  it('improves on the article-wide check it replaces', () => {
    const before = score(items, 'before');
    const after = score(items, 'after');
    expect(before.caught.all?.share).toBeLessThanOrEqual(0.3);
    expect(after.balancedAccuracy).toBeGreaterThan(before.balancedAccuracy + 0.25);
  });
});

describe('faithfulness eval, items', () => {
  it('keeps every summary of one article on one side, whatever its model is called', () => {
    const item = (id: string): FaithItem => ({
      id,
      article: '',
      summary: '',
      supported: true,
      errorType: null,
    });
    const ids = ['a1_bart', 'a1_bert_sum', 'a1_s2s', 'b2_bart', 'b2_bert_sum', 'c3_0', 'c3_og'].map(
      (id) => `frank-cnndm/${id}`,
    );
    const { tune, heldOut } = splitByArticle(ids.map(item));
    const side = (id: string) => (tune.some((i) => i.id === `frank-cnndm/${id}`) ? 'tune' : 'held-out');
    expect(side('a1_bert_sum')).toBe(side('a1_bart'));
    expect(side('b2_bert_sum')).toBe(side('b2_bart'));
    expect(side('c3_og')).toBe(side('c3_0'));
    expect(tune.length + heldOut.length).toBe(ids.length);
  });

  it("removes FRANK's model tokens, which are not words of the claim", () => {
    expect(modelTokensCleaned('police found UNK dogs in [UNK] , arizona -LRB- us -RRB- .')).toBe(
      'police found dogs in , arizona ( us ) .',
    );
  });
});

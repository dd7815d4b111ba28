import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FaithItem, score } from '../../bench/faithfulness.ts';

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

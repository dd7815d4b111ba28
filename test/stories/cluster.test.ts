import { describe, expect, it } from 'vitest';
import {
  clusterAll,
  featureCounts,
  features,
  featuresFrom,
  informativeness,
  STORY_KEY_COUNT,
  STORY_RULES,
  sameStory,
  similarity,
  stem,
  storyKeys,
} from '../../src/stories/cluster.ts';
import { storyFixtures } from './fixtures.ts';

const fixtures = storyFixtures();
const byName = new Map(fixtures.map((f) => [f.name, f]));

function featuresOf(name: string, at?: number) {
  const f = byName.get(name);
  if (!f) throw new Error(`no fixture ${name}`);
  return features({ title: f.article.title, text: f.article.text, at: at ?? f.at });
}

/** Pairwise precision and recall of a clustering against the fixtures' ground truth. */
function pairwise(assigned: number[]) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < fixtures.length; i++) {
    for (let j = i + 1; j < fixtures.length; j++) {
      const truth = fixtures[i]?.story === fixtures[j]?.story;
      const got = assigned[i] === assigned[j];
      if (truth && got) tp++;
      else if (got) fp++;
      else if (truth) fn++;
    }
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), tp };
}

describe('story clustering on fixtures/stories', () => {
  it('groups every article with its story and nothing else (pairwise precision and recall 1)', () => {
    const assigned = clusterAll(fixtures.map((f) => ({ ...f.article, at: f.at })));
    const score = pairwise(assigned);
    expect(score).toEqual({ precision: 1, recall: 1, tp: 4 });
    expect(new Set(assigned).size).toBe(new Set(fixtures.map((f) => f.story)).size);
  });

  it('puts the same talks told by three outlets in one story', () => {
    const ledger = featuresOf('trade-ledger');
    expect(sameStory(ledger, featuresOf('trade-wire'))).not.toBeNull();
    expect(sameStory(ledger, featuresOf('trade-daily'))).not.toBeNull();
  });

  it('keeps a football match between the same two countries out of the trade talks', () => {
    const trade = featuresOf('trade-ledger');
    const match = featuresOf('football-herald');
    expect(sameStory(trade, match)).toBeNull();
    // Only the country names are common ground, and those count for nothing.
    expect(similarity(trade, match).cosine).toBeLessThan(STORY_RULES.weakCosine);
  });

  it('keeps another Korea-Japan deal struck the same day in the same city apart from the talks', () => {
    const fisheries = featuresOf('fisheries-deal');
    for (const trade of ['trade-ledger', 'trade-wire', 'trade-daily']) {
      expect(sameStory(featuresOf(trade), fisheries)).toBeNull();
    }
  });

  it('makes a later round of the same talks a new story, by time', () => {
    const first = featuresOf('trade-ledger');
    const later = featuresOf('trade-second-round');
    expect(sameStory(first, later)).toBeNull();
    // The gap decides, but the wording alone would not have joined them either.
    expect(sameStory(first, featuresOf('trade-second-round', first.at + 3_600_000))).toBeNull();
  });

  it('joins the same match from two outlets on shared names and numbers', () => {
    const sim = sameStory(featuresOf('football-herald'), featuresOf('football-wire'));
    expect(sim?.sharedAnchors).toBeGreaterThanOrEqual(STORY_RULES.minSharedAnchors);
  });

  it('does not take a phrase-alike for the same story ("climate finance" vs the business climate)', () => {
    expect(sameStory(featuresOf('climate-finance'), featuresOf('finance-ministers'))).toBeNull();
  });

  it('treats years and lone digits as too common to be anchors, but keeps scores and amounts', () => {
    const f = features({
      title: null,
      text: 'The deal from 2019 was signed on the 9th. Korea won 2-1 and paid 4.2 billion, 12% more.',
      at: 0,
    });
    expect([...f.anchors]).toEqual(expect.arrayContaining(['9th', '2-1', '4.2', '12%']));
    expect(f.anchors).not.toContain('2019');
  });

  it('stems plurals lightly', () => {
    expect(['talks', 'licences', 'policies', 'batches', 'glass'].map(stem)).toEqual([
      'talk',
      'licence',
      'policy',
      'batch',
      'glass',
    ]);
  });

  it('reads features stored in first-seen order (before migration to sorted) as the same features', () => {
    const article = byName.get('trade-ledger')?.article;
    if (!article) throw new Error('no fixture trade-ledger');
    const sorted = featureCounts(article);
    const unsorted = { t: [...sorted.t].reverse(), c: [...sorted.c].reverse(), a: [...sorted.a].reverse() };
    expect(featuresFrom(unsorted, 5)).toEqual(featuresFrom(sorted, 5));
    const other = featuresOf('trade-wire');
    expect(similarity(featuresFrom(unsorted, 5), other)).toEqual(similarity(featuresFrom(sorted, 5), other));
    expect(similarity(featuresFrom(sorted, 5), other).cosine).toBeGreaterThan(STORY_RULES.weakCosine);
  });

  it('rates an article with more names and numbers as more informative', () => {
    const rich = featuresOf('trade-ledger');
    const thin = features({ title: null, text: 'Talks went well, officials said.', at: 0 });
    expect(informativeness(rich)).toBeGreaterThan(informativeness(thin));
  });
});

describe('storyKeys', () => {
  it("leads with the headline's words, leaves out countries, and shares keys between outlets of one story", () => {
    const keysOf = (name: string) => {
      const f = byName.get(name);
      if (!f) throw new Error(`no fixture ${name}`);
      return storyKeys(featureCounts(f.article));
    };
    const ledger = keysOf('trade-ledger');
    expect(ledger).toHaveLength(STORY_KEY_COUNT);
    // "Seoul and Tokyo agree to ease export curbs on chip materials": every word of it is a key.
    expect(ledger).toEqual(expect.arrayContaining(['agree', 'ease', 'export', 'curb', 'chip', 'material']));
    expect(ledger).not.toContain('korea');
    expect(ledger).not.toContain('japan');
    const shared = (a: string[], b: string[]) => a.filter((k) => b.includes(k)).length;
    expect(shared(ledger, keysOf('trade-wire'))).toBeGreaterThanOrEqual(3);
    expect(shared(ledger, keysOf('football-herald'))).toBeLessThan(shared(ledger, keysOf('trade-wire')));
  });

  it('breaks ties by the word, so the same article always gets the same keys', () => {
    const keys = storyKeys({ t: ['ferry', 'busan', 'raft', 'geoje'], c: [2, 2, 1, 2], a: [] });
    expect(keys).toEqual(['busan', 'ferry', 'geoje', 'raft']);
    expect(storyKeys({ t: ['a', 'b', 'c'], c: [1, 1, 1], a: [] }, 2)).toEqual(['a', 'b']);
  });
});

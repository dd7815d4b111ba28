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

describe('story rules at newsroom volume', () => {
  const HOUR = 3_600_000;
  // Two stories of one kind: the same sort of headline and the same sort of sentences, but no
  // person, place, organisation or figure in common.
  const bridgeRow = (at: number) =>
    features({
      title: 'Inside the Marlowe bridge row',
      text: 'Residents of Marlowe staged a protest over the bridge on Sunday, led by Elspeth Dorran. Engineers at the Marlowe bridge estimated repairs would take longer. Analysts said the coming days would show how much had really changed.',
      at,
    });
  const otherBridgeRow = (at: number) =>
    features({
      title: 'Inside the Quellstead bridge row',
      text: 'Residents of Quellstead staged a protest over the bridge on Sunday, led by Tobias Wren. Engineers at the Quellstead bridge estimated repairs would run over schedule. Analysts said the coming days would show how much had really changed.',
      at,
    });

  it('keeps apart two stories of one kind that share wording but no name or figure', () => {
    const a = bridgeRow(0);
    const b = otherBridgeRow(2 * HOUR);
    const sim = similarity(a, b);
    // Wording alone would have joined them …
    expect(sim.cosine).toBeGreaterThanOrEqual(STORY_RULES.strongCosine);
    expect(sim.sharedAnchors).toBe(0);
    // … but both name things, and none of the same.
    expect(sameStory(a, b)).toBeNull();
  });

  it('still joins on wording alone when an article names nothing to compare', () => {
    const named = bridgeRow(0);
    const bare = features({
      title: 'Bridge protest: residents staged a protest over the bridge repairs',
      text: 'Residents staged a protest over the bridge on Sunday. Engineers estimated repairs to the bridge would take longer.',
      at: HOUR,
    });
    expect(bare.anchors.length).toBeLessThan(STORY_RULES.anchoredAt);
    expect(sameStory(named, bare)).not.toBeNull();
  });

  const final = (at: number, n: number) =>
    features({
      title:
        n === 1
          ? 'Brazil-Peru football final: Ostrander scores twice'
          : 'Brazil and Peru meet again in a football final',
      text:
        n === 1
          ? 'Brazil beat Peru 3-1 in the football final at the Calloway stadium, with Teodor Ostrander scoring twice. The coach praised the squad after the match.'
          : 'Peru beat Brazil 2-0 in the women’s football final at the Dunmere stadium, goals from Ilse Varga and Romy Achterberg. The coach praised the squad after the match.',
      at,
    });

  it('keeps the football final between the same two countries apart: country names are not anchors', () => {
    const first = final(0, 1);
    const second = final(3 * HOUR, 2);
    for (const f of [first, second])
      expect(f.anchors).not.toEqual(expect.arrayContaining([expect.stringMatching(/brazil|peru/)]));
    expect(sameStory(first, second)).toBeNull();
  });

  const talks = (at: number, round: number) =>
    features({
      title: `Halvorsen and Okonjo resume Meridian water treaty talks, round ${round + 4}`,
      text: `Negotiators led by Ingrid Halvorsen and Chidi Okonjo met again in Velmora over the Meridian water treaty. The Meridian basin commission said 412 million cubic metres a year were in dispute. Halvorsen said progress on the treaty was slow; Okonjo said the talks would go on.`,
      at,
    });

  it('joins a same-story report 24 to 48 hours after the last', () => {
    expect(sameStory(talks(0, 1), talks(36 * HOUR, 2))).not.toBeNull();
    expect(sameStory(talks(0, 1), talks(47 * HOUR, 2))).not.toBeNull();
  });

  it('keeps one story for talks reported every two days for three weeks, and closes it after three quiet days', () => {
    const reports = Array.from({ length: 11 }, (_, i) => ({
      title: `Halvorsen and Okonjo resume Meridian water treaty talks, round ${i + 4}`,
      text: `Negotiators led by Ingrid Halvorsen and Chidi Okonjo met again in Velmora over the Meridian water treaty. The Meridian basin commission said 412 million cubic metres a year were in dispute.`,
      at: i * 48 * HOUR,
    }));
    const continuing = clusterAll(reports);
    expect(new Set(continuing).size).toBe(1);
    // The next report more than maxGapHours after the last: the story was closed, a new one opens.
    const after = { ...reports[0], title: 'Meridian water treaty talks restart', at: (10 * 48 + 73) * HOUR };
    const withPause = clusterAll([...reports, after as (typeof reports)[number]]);
    expect(withPause[11]).not.toBe(withPause[10]);
    expect(new Set(withPause.slice(0, 11)).size).toBe(1);
  });
});

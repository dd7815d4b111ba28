/*
 * Korean and Japanese topic search and clustering, measured on fixtures/stories-cjk: every article
 * ingested (oldest first, as feeds deliver them) and assigned to a story, then every query of
 * queries.json searched; a query is a hit when its story is among the first three stories found.
 * Clustering: pairwise precision and recall of "same story" over pairs of articles in one language
 * (Korean and Japanese reports share no words, so across languages they are not expected to join).
 * Joining across languages (stories/crossLanguage.ts, as `/brief <topic>` does): every pair of
 * stories in different languages is compared by its language-neutral signature; pairwise precision
 * and recall of "same event" over pairs of articles in different languages (the `event` header:
 * one story label may be two events, e.g. each country's own rate decision).
 * Shared by `npm run eval:cjk` and test/stories/cjk.test.ts, which asserts the figures.
 */
import { readFileSync } from 'node:fs';
import type { Store } from '../src/store/store.ts';
import type { Story } from '../src/store/stories.ts';
import { languageStory, sameEventAcrossLanguages } from '../src/stories/crossLanguage.ts';
import { CJK_STORIES, type StoryFixture, storyFixtures } from '../test/stories/fixtures.ts';

export interface CjkQuery {
  query: string;
  story: string;
}

export interface CjkEval {
  queries: number;
  /** Share of queries whose story is in the top 3. */
  recallAt3: number;
  misses: { query: string; story: string; found: string[] }[];
  cluster: { precision: number; recall: number; pairs: number };
  /** Joining stories across languages, over article pairs in different languages. */
  joined: { precision: number; recall: number; pairs: number; wrong: string[]; missed: string[] };
}

export function cjkQueries(): CjkQuery[] {
  return JSON.parse(readFileSync(new URL('queries.json', CJK_STORIES), 'utf8')) as CjkQuery[];
}

export async function evaluateCjk(store: Store, now: Date): Promise<CjkEval> {
  const fixtures = storyFixtures({ dir: CJK_STORIES, latestAt: new Date(now.getTime() - 3_600_000) });
  const storyOfArticle = new Map<number, StoryFixture>();
  const assigned = new Map<string, number>();
  for (const f of [...fixtures].sort((a, b) => a.at - b.at)) {
    const { article } = await store.articles.add(f.article);
    const { storyId } = await store.stories.assign(article);
    storyOfArticle.set(article.id, f);
    assigned.set(f.name, storyId);
  }
  // What each found story is about: the ground truth of its articles.
  const truthOfStory = new Map<number, string>();
  for (const f of fixtures) truthOfStory.set(assigned.get(f.name) ?? -1, f.story);

  const queries = cjkQueries();
  const misses: CjkEval['misses'] = [];
  for (const q of queries) {
    const found = await store.stories.search(q.query, { windowDays: 7, now, limit: 3, withArticles: 0 });
    const stories = found.map((m) => truthOfStory.get(m.id) ?? '?');
    if (!stories.includes(q.story)) misses.push({ ...q, found: stories });
  }

  let truePairs = 0;
  let predictedPairs = 0;
  let both = 0;
  for (let i = 0; i < fixtures.length; i++) {
    for (let j = i + 1; j < fixtures.length; j++) {
      const [a, b] = [fixtures[i] as StoryFixture, fixtures[j] as StoryFixture];
      if (a.article.lang !== b.article.lang) continue;
      const same = a.story === b.story;
      const joined = assigned.get(a.name) === assigned.get(b.name);
      truePairs += same ? 1 : 0;
      predictedPairs += joined ? 1 : 0;
      both += same && joined ? 1 : 0;
    }
  }
  const joined = await crossLanguagePairs(store, fixtures, assigned);
  return {
    joined,
    queries: queries.length,
    recallAt3: (queries.length - misses.length) / queries.length,
    misses,
    cluster: {
      precision: predictedPairs ? both / predictedPairs : 1,
      recall: truePairs ? both / truePairs : 1,
      pairs: truePairs,
    },
  };
}

async function crossLanguagePairs(
  store: Store,
  fixtures: readonly StoryFixture[],
  assigned: ReadonlyMap<string, number>,
): Promise<CjkEval['joined']> {
  const signatures = new Map<number, ReturnType<typeof languageStory>>();
  for (const id of new Set(assigned.values())) {
    const story = (await store.stories.byId(id)) as Story;
    signatures.set(id, languageStory(story.articles, story));
  }
  let truePairs = 0;
  let predictedPairs = 0;
  let both = 0;
  const wrong = new Set<string>();
  const missed = new Set<string>();
  for (let i = 0; i < fixtures.length; i++) {
    for (let j = i + 1; j < fixtures.length; j++) {
      const [a, b] = [fixtures[i] as StoryFixture, fixtures[j] as StoryFixture];
      if (a.article.lang === b.article.lang) continue;
      const [sa, sb] = [assigned.get(a.name) ?? -1, assigned.get(b.name) ?? -1];
      const same = a.event === b.event;
      const join = sameEventAcrossLanguages(
        signatures.get(sa) as ReturnType<typeof languageStory>,
        signatures.get(sb) as ReturnType<typeof languageStory>,
      );
      truePairs += same ? 1 : 0;
      predictedPairs += join ? 1 : 0;
      both += same && join ? 1 : 0;
      const pair = `${a.name} + ${b.name}`;
      if (join && !same) wrong.add(`${pair} (${join.evidence.join(', ')})`);
      if (same && !join) missed.add(pair);
    }
  }
  return {
    precision: predictedPairs ? both / predictedPairs : 1,
    recall: truePairs ? both / truePairs : 1,
    pairs: truePairs,
    wrong: [...wrong],
    missed: [...missed],
  };
}

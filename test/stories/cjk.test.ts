import { beforeAll, expect, it } from 'vitest';
import { type CjkEval, evaluateCjk } from '../../bench/cjk-search.ts';
import { groupByEvent, JOIN_CANDIDATES } from '../../src/app/crossLanguage.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';

/*
 * Korean and Japanese reports (fixtures/stories-cjk) found by what people type in either language
 * or in English, and clustered per language: the figures `npm run eval:cjk` reports, as a floor.
 */
describeEngines('Korean and Japanese stories', (ctx) => {
  let store: Store;
  let result: CjkEval;
  const now = new Date();
  beforeAll(async () => {
    store = createStore(ctx.db);
    result = await evaluateCjk(store, now);
  });

  it('finds the right story in the top 3 for at least 95% of 73 queries', () => {
    expect(result.queries).toBeGreaterThanOrEqual(60);
    // Same-pair stories outrank the summit for these (a baseball friendly newer than it, the football
    // final): topic search ranks single stories, before the summit's two languages are joined.
    expect(result.misses.map((m) => m.query).sort()).toEqual(['korea-japan', 'korea-japan summit']);
    expect(result.recallAt3).toBeGreaterThanOrEqual(0.95);
  });

  it("puts each story's reports from one language's outlets together, and nothing else", () => {
    expect(result.cluster.precision).toBe(1);
    expect(result.cluster.recall).toBe(1);
  });

  it('joins Korean and Japanese reports of one event, never of two (same countries, city or days)', () => {
    expect(result.joined.wrong).toEqual([]);
    expect(result.joined.precision).toBe(1);
    // The typhoon's reports name no place in common (Okinawa and Kyushu; Jeju and Busan): not joined.
    expect(result.joined.missed.every((pair) => pair.startsWith('typhoon-'))).toBe(true);
    expect(result.joined.recall).toBeGreaterThanOrEqual(0.75);
  });

  // Words from the Japanese report's title and first sentence that once found "No stories". What
  // `/brief <word>` briefs: the best event among the stories found, its languages joined (東京 also
  // finds 도쿄, and the Korean reports of the summit and of a baseball friendly there rank higher).
  it.each(['日韓', '石破', '東京', '人工知能', '李在明', '首脳会談'])(
    'briefs the Japanese summit report for %s',
    async (word) => {
      const found = await store.stories.search(word, { windowDays: 7, now, limit: JOIN_CANDIDATES });
      const [event] = groupByEvent(found);
      const sites = event?.stories.flatMap((s) => s.articles.map((a) => a.siteName));
      expect(sites).toContain('東都新聞');
    },
  );

  it('finds the Korean and the Japanese summit reports for /brief korea-japan', async () => {
    const found = await store.stories.search('korea-japan', { windowDays: 7, now, limit: 5 });
    const titles = found.flatMap((s) => s.articles.map((a) => a.title ?? ''));
    expect(titles).toContain('이재명 대통령, 도쿄서 이시바 총리와 한일 정상회담…수소·AI 협력 확대 합의');
    expect(titles).toContain('日韓首脳会談、水素・人工知能で協力拡大に合意　石破首相と李在明大統領');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { newsroomStream } from '../../bench/newsroom.ts';
import type { Article } from '../../src/ingest/article.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 5, 6);

function report(title: string, site: string, at: number, text: string): Article & { at: number } {
  const url = `https://${site.toLowerCase().replace(/\s+/g, '-')}.example/${at}`;
  return {
    title,
    text,
    source: url,
    url,
    siteName: site,
    lang: 'en',
    publishedAt: new Date(at).toISOString(),
    at,
  };
}

/** A ferry-safety accord and its follow-ups 40 and 45 hours later. */
const FERRY = [
  report(
    'Korea and Japan agree ferry safety rules after Busan capsizing',
    'Harbour Times',
    T0,
    'Transport ministers from Korea and Japan agreed new ferry safety rules in Busan on Monday, six weeks after the Sewol Star capsized off Geoje with 212 passengers aboard. Ferries on the Busan–Fukuoka route will carry 30 percent more life rafts and report their loads to both coast guards. Inspector Han Ji-woo, who led the inquiry, called the accord overdue.',
  ),
  report(
    'Busan–Fukuoka ferries face new life raft and load rules',
    'Daily Ledger',
    T0 + 40 * HOUR,
    'Ferries between Busan and Fukuoka must carry 30 percent more life rafts and report their loads to both coast guards under the accord signed in Busan two days ago by the two transport ministers. Inspector Han Ji-woo said the Sewol Star, which capsized off Geoje with 212 passengers aboard, had carried too few rafts. Ferry operators said they would comply by spring.',
  ),
  report(
    'Ferry operators begin fitting extra life rafts under Busan accord',
    'Eastern Wire',
    T0 + 45 * HOUR,
    'Operators on the Busan–Fukuoka ferry route began fitting extra life rafts on Wednesday, two days after the accord on ferry safety was signed in Busan. The rules, drawn up after the Sewol Star capsized off Geoje with 212 passengers aboard, also make ferries report their loads to both coast guards. Inspector Han Ji-woo welcomed the speed of the work.',
  ),
];

/** Another accord between the same two countries in the same days: a different story. */
const DECOY = report(
  'Korea and Japan agree fishing quotas for the East Sea',
  'Morning Post',
  T0 + 20 * HOUR,
  'Fisheries officials from Korea and Japan agreed squid and mackerel quotas for the East Sea on Tuesday after four days of talks in Ulsan. Trawlers from both fleets will catch 8 percent less squid next season, and a joint patrol will check catches near Dokdo. Fishing cooperatives in Pohang said the cuts would cost crews their winter income.',
);

describeEngines(
  'stories at volume',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    async function storyOf(articleId: number): Promise<number> {
      const { rows } = await ctx.db.query<{ story_id: string | number }>(
        'SELECT story_id FROM story_articles WHERE article_id = $1',
        [articleId],
      );
      return Number(rows[0]?.story_id);
    }

    it('joins a report to its story 40 hours on, after 600 other stories’ articles, and keeps the decoy apart', async () => {
      // Two days of other news at 7,500 articles a day's pace: more than the 500 most recent story
      // members the store once compared with, many sharing the ferry story's common words.
      const others = newsroomStream({ days: 2, perDay: 500, start: T0 - HOUR, seed: 16 }).map((n) => ({
        ...n.article,
        at: n.at,
      }));
      const ids = new Map<Article, number>();
      for (const a of [...others, ...FERRY, DECOY].sort((x, y) => x.at - y.at)) {
        const { at: _at, ...article } = a;
        const { article: stored } = await store.articles.add(article);
        await store.stories.assign(stored);
        ids.set(a, stored.id);
      }
      const between = others.filter((o) => o.at > T0 && o.at < T0 + 40 * HOUR).length;
      expect(between).toBeGreaterThan(500);
      const ferry = await storyOf(ids.get(FERRY[0] as Article) ?? 0);
      expect(await storyOf(ids.get(FERRY[1] as Article) ?? 0)).toBe(ferry);
      expect(await storyOf(ids.get(FERRY[2] as Article) ?? 0)).toBe(ferry);
      expect(await storyOf(ids.get(DECOY) ?? 0)).not.toBe(ferry);
      const story = await store.stories.byId(ferry);
      expect(story?.articles.map((a) => a.siteName)).toEqual([
        'Harbour Times',
        'Daily Ledger',
        'Eastern Wire',
      ]);
    }, 600_000);

    describe('a long-running story', () => {
      /** Round `n` of talks in Geneva, reported every other day. */
      function round(n: number, at: number): Article & { at: number } {
        return report(
          `Geneva water talks: round ${n + 1} on the Tigris dams`,
          ['Harbour Times', 'Daily Ledger', 'Eastern Wire', 'Morning Post'][n % 4] as string,
          at,
          `Negotiators from Iraq and Turkey met again in Geneva on the Tigris dams, with mediator Leila Haddad chairing the water talks for a ${n + 1}th session. The Ilisu reservoir releases, the 9 billion cubic metres Iraq asks for each year, and the Mosul dam repairs were on the table. Haddad said the Geneva water talks would go on until the Tigris releases were settled.`,
        );
      }

      it('keeps one story over three weeks while reports come at most 72 h apart, then opens a new one after 72 h of silence', async () => {
        const start = T0 + 30 * 24 * HOUR;
        const rounds = Array.from({ length: 11 }, (_, n) => round(n, start + n * 48 * HOUR));
        const stories: number[] = [];
        for (const r of rounds) {
          const { at: _at, ...article } = r;
          const { article: stored } = await store.articles.add(article);
          stories.push((await store.stories.assign(stored)).storyId);
        }
        expect(new Set(stories).size).toBe(1);
        // The last report was 20 days after the first: one story id all along.
        const last = rounds.at(-1)?.at ?? 0;
        const { at: _at, ...resumed } = round(11, last + 73 * HOUR);
        const { article } = await store.articles.add(resumed);
        const next = await store.stories.assign(article);
        expect(next.created).toBe(true);
        expect(next.storyId).not.toBe(stories[0]);
      }, 120_000);
    });
  },
  { reset: true },
);

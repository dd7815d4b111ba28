import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';
import { article, result } from './helpers.ts';

describeEngines(
  'store',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    describe('articles.add', () => {
      it('stores an article and returns it with an id, as given', async () => {
        const a = article({
          title: 'Summit in Tokyo',
          url: 'https://news.example/summit',
          siteName: 'News',
          lang: 'en',
          publishedAt: '2024-05-01',
          source: 'https://news.example/summit?utm_source=x',
        });
        const { article: stored, created } = await store.articles.add(a);
        expect(created).toBe(true);
        expect(stored).toEqual({ ...a, id: stored.id });
        expect(await store.articles.count()).toBe(1);
      });

      it('keeps a date-time publication date as given', async () => {
        const { article: stored } = await store.articles.add(
          article({ publishedAt: '2024-05-01T09:30:00+09:00' }),
        );
        expect(stored.publishedAt).toBe('2024-05-01T09:30:00+09:00');
      });

      it('returns the existing row for tracking variants of the same URL', async () => {
        const first = await store.articles.add(
          article({ url: 'https://news.example/a', text: 'First text.' }),
        );
        for (const url of [
          'https://news.example/a/',
          'https://NEWS.example/a?utm_source=slack&utm_medium=app',
          'https://news.example/a?fbclid=1#section',
        ]) {
          const again = await store.articles.add(article({ url, text: `Different text for ${url}.` }));
          expect(again).toEqual({ article: first.article, created: false });
        }
        expect(await store.articles.count()).toBe(1);
      });

      it('returns the existing row for the same text under another URL or none', async () => {
        const text = 'Leaders of South Korea and Japan met in Tokyo.\n\nThey agreed to meet again.';
        const first = await store.articles.add(article({ url: 'https://a.example/x', text }));
        const spaced = text.replace(/ /g, '  ').replace('\n\n', '\n \n');
        expect(
          (await store.articles.add(article({ url: 'https://b.example/y', text: spaced }))).created,
        ).toBe(false);
        const fromFile = await store.articles.add(article({ url: null, source: 'story.txt', text }));
        expect(fromFile).toEqual({ article: first.article, created: false });
        expect(await store.articles.count()).toBe(1);
      });

      it('keeps articles with different text and no URL apart', async () => {
        await store.articles.add(article({ text: 'One.' }));
        await store.articles.add(article({ text: 'Two.' }));
        expect(await store.articles.count()).toBe(2);
      });
    });

    describe('articles.byIds', () => {
      it('returns the articles in the order given, skipping unknown ids', async () => {
        const a = (await store.articles.add(article({ text: 'A.' }))).article;
        const b = (await store.articles.add(article({ text: 'B.' }))).article;
        const c = (await store.articles.add(article({ text: 'C.' }))).article;
        expect((await store.articles.byIds([c.id, a.id, 999, b.id])).map((x) => x.text)).toEqual([
          'C.',
          'A.',
          'B.',
        ]);
        expect(await store.articles.byIds([])).toEqual([]);
      });
    });

    describe('articles.search', () => {
      async function seed(items: { title: string; text: string; publishedAt?: string }[]): Promise<void> {
        for (const item of items) {
          await store.articles.add(
            article({ title: item.title, text: item.text, publishedAt: item.publishedAt ?? null }),
          );
        }
      }

      it('finds Korea and Japan for korea-japan, not Korea and China', async () => {
        await seed([
          { title: 'Seoul and Beijing talk', text: 'South Korea and China discussed trade in Beijing.' },
          { title: 'Leaders meet', text: 'South Korea and Japan agreed to resume shuttle diplomacy.' },
          { title: 'Weather', text: 'Rain is expected in Osaka, Japan.' },
        ]);
        const found = await store.articles.search('korea-japan');
        expect(found.map((a) => a.title)).toEqual(['Leaders meet']);
      });

      it('falls back to articles with any term when none has all', async () => {
        await seed([
          { title: 'Markets', text: 'Shares rose in Tokyo.' },
          { title: 'Football', text: 'A match in Madrid ended in a draw.' },
          { title: 'Farming', text: 'Rice harvests fell.' },
        ]);
        const found = await store.articles.search('tokyo madrid lisbon');
        expect(found.map((a) => a.title).sort()).toEqual(['Football', 'Markets']);
      });

      it('ranks an article with the terms in its title first', async () => {
        await seed([
          { title: 'Budget talks', text: 'Climate finance came up briefly during budget talks.' },
          { title: 'Climate finance pledge', text: 'Ministers agreed on a new pledge at the meeting.' },
        ]);
        const found = await store.articles.search('"climate finance"');
        expect(found.map((a) => a.title)).toEqual(['Climate finance pledge', 'Budget talks']);
      });

      it('puts the newer article first when the match is equal', async () => {
        await seed([
          { title: 'New summit', text: 'The summit opened on Friday.', publishedAt: '2024-06-02T08:00:00Z' },
          { title: 'Old summit', text: 'The summit opened on Monday.', publishedAt: '2023-01-10' },
        ]);
        const found = await store.articles.search('summit');
        expect(found.map((a) => a.title)).toEqual(['New summit', 'Old summit']);
      });

      it('matches longer terms as prefixes, respects the limit, and defaults to 5', async () => {
        for (let i = 0; i < 7; i++)
          await seed([{ title: `Story ${i}`, text: `Korean exports rose ${i} percent.` }]);
        expect(await store.articles.search('korea', { limit: 2 })).toHaveLength(2);
        expect(await store.articles.search('korea')).toHaveLength(5);
      });

      it('returns [] for an empty topic or one with only short terms', async () => {
        await seed([{ title: 'A', text: 'A b c.' }]);
        expect(await store.articles.search('')).toEqual([]);
        expect(await store.articles.search(' - a , b ')).toEqual([]);
      });

      it('treats operators and quotes in the topic as plain text', async () => {
        await seed([{ title: "O'Brien visits", text: 'Minister O’Brien visited Seoul.' }]);
        for (const topic of ["o'brien", "korea & !japan | ':* ) (", "'; DROP TABLE articles; --", 'a\\b']) {
          await expect(store.articles.search(topic)).resolves.toBeInstanceOf(Array);
        }
        expect(await store.articles.count()).toBe(1);
        expect((await store.articles.search("o'brien seoul")).map((a) => a.title)).toEqual([
          "O'Brien visits",
        ]);
      });
    });

    describe('briefs', () => {
      async function threeArticles(): Promise<number[]> {
        const ids: number[] = [];
        for (const text of ['One.', 'Two.', 'Three.'])
          ids.push((await store.articles.add(article({ text }))).article.id);
        return ids;
      }

      it('saves a brief and finds it by thread with its articles in order', async () => {
        const [a, b, c] = (await threeArticles()) as [number, number, number];
        const saved = await store.briefs.save({
          teamId: 'T1',
          channel: 'C1',
          threadTs: '1700000000.000100',
          query: 'korea-japan',
          result: result('Leaders meet'),
          articleIds: [c, a, b],
        });
        expect(saved).toMatchObject({
          teamId: 'T1',
          channel: 'C1',
          threadTs: '1700000000.000100',
          query: 'korea-japan',
        });
        expect(saved.result).toEqual(result('Leaders meet'));
        expect(saved.articles.map((x) => x.text)).toEqual(['Three.', 'One.', 'Two.']);
        expect(Number.isNaN(Date.parse(saved.createdAt))).toBe(false);

        expect(await store.briefs.byThread('C1', '1700000000.000100')).toEqual(saved);
        expect(await store.briefs.byThread('C1', 'other')).toBeNull();
        expect(await store.briefs.byThread('C2', '1700000000.000100')).toBeNull();
      });

      it('finds the latest brief in a channel', async () => {
        const [a, b] = (await threeArticles()) as [number, number, number];
        const base = { query: 'q', result: result('x') };
        await store.briefs.save({ ...base, channel: 'C1', threadTs: '1.1', articleIds: [a] });
        await store.briefs.save({ ...base, channel: 'C2', threadTs: '1.2', articleIds: [a] });
        await store.briefs.save({ ...base, channel: 'C1', threadTs: '1.3', articleIds: [b, a] });
        const latest = await store.briefs.latestInChannel('C1');
        expect(latest?.threadTs).toBe('1.3');
        expect(latest?.teamId).toBeNull();
        expect(latest?.articles.map((x) => x.id)).toEqual([b, a]);
        expect(await store.briefs.latestInChannel('C9')).toBeNull();
      });

      it('replaces the result and articles when the same thread is saved again', async () => {
        const [a, b] = (await threeArticles()) as [number, number, number];
        const first = await store.briefs.save({
          channel: 'C1',
          threadTs: '1.1',
          query: 'q',
          result: result('v1'),
          articleIds: [a, b],
        });
        await store.briefs.addTurn(first.id, { role: 'user', text: 'kept?' });
        const second = await store.briefs.save({
          channel: 'C1',
          threadTs: '1.1',
          query: 'q',
          result: result('v2'),
          articleIds: [b],
        });
        expect(second.id).toBe(first.id);
        expect(second.result).toEqual(result('v2'));
        expect(second.articles.map((x) => x.id)).toEqual([b]);
        expect(await store.briefs.turns(first.id, 5)).toEqual([{ role: 'user', text: 'kept?' }]);
      });

      it('returns the last turns, oldest first', async () => {
        const brief = await store.briefs.save({
          channel: 'C1',
          threadTs: '1.1',
          query: 'q',
          result: result('x'),
          articleIds: [],
        });
        const other = await store.briefs.save({
          channel: 'C1',
          threadTs: '1.2',
          query: 'q',
          result: result('x'),
          articleIds: [],
        });
        for (let i = 1; i <= 5; i++) {
          await store.briefs.addTurn(brief.id, { role: i % 2 ? 'user' : 'assistant', text: `turn ${i}` });
        }
        await store.briefs.addTurn(other.id, { role: 'user', text: 'elsewhere' });
        expect(await store.briefs.turns(brief.id, 3)).toEqual([
          { role: 'user', text: 'turn 3' },
          { role: 'assistant', text: 'turn 4' },
          { role: 'user', text: 'turn 5' },
        ]);
        expect(await store.briefs.turns(brief.id, 10)).toHaveLength(5);
        expect(await store.briefs.turns(brief.id, 0)).toEqual([]);
      });
    });

    describe('events.firstSeen', () => {
      it('is true the first time an id is seen and false for a retry', async () => {
        expect(await store.events.firstSeen('Ev1')).toBe(true);
        expect(await store.events.firstSeen('Ev1')).toBe(false);
        expect(await store.events.firstSeen('Ev2')).toBe(true);
      });

      it('says true exactly once when the same id arrives concurrently', async () => {
        const seen = await Promise.all(Array.from({ length: 5 }, () => store.events.firstSeen('Ev3')));
        expect(seen.filter(Boolean)).toHaveLength(1);
      });
    });

    describe('ping', () => {
      it('resolves when the database answers', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  },
  { reset: true },
);

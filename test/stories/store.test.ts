import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/store.ts';
import { parseTopic, tsqueryOf } from '../../src/stories/topic.ts';
import { describeEngines } from '../helpers/db.ts';
import { type StoryFixture, storyFixtures } from './fixtures.ts';

const fixtures = storyFixtures();
const DAY = 86_400_000;
/** The day after the last fixture (2026-03-17): the second round is fresh, the first a week old. */
const NOW = new Date('2026-03-18T09:00:00Z');

function fixture(name: string): StoryFixture {
  const f = fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
}

describeEngines(
  'story store',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    async function addAll(names = fixtures.map((f) => f.name)) {
      const ids = new Map<string, number>();
      // Oldest first, as feeds deliver them.
      const ordered = names.map(fixture).sort((a, b) => a.at - b.at);
      for (const f of ordered) {
        const { article } = await store.articles.add(f.article);
        await store.stories.assign(article);
        ids.set(f.name, article.id);
      }
      return ids;
    }

    async function storyOf(articleId: number): Promise<number> {
      const { rows } = await ctx.db.query<{ story_id: string | number }>(
        'SELECT story_id FROM story_articles WHERE article_id = $1',
        [articleId],
      );
      return Number(rows[0]?.story_id);
    }

    describe('ingest', () => {
      it('stores and places each article as add + assign would, the next article meeting the story the last one made', async () => {
        const ordered = fixtures.slice().sort((a, b) => a.at - b.at);
        const got = new Map<string, { id: number; storyId: number }>();
        for (const f of ordered) {
          const r = await store.stories.ingest(f.article);
          expect(r.created).toBe(true);
          expect(r.article.title).toBe(f.article.title);
          expect(await storyOf(r.article.id)).toBe(r.storyId);
          got.set(f.name, { id: r.article.id, storyId: r.storyId });
        }
        const trade = got.get('trade-ledger')?.storyId;
        expect(got.get('trade-wire')?.storyId).toBe(trade);
        expect(got.get('trade-daily')?.storyId).toBe(trade);
        expect(got.get('football-wire')?.storyId).toBe(got.get('football-herald')?.storyId);
        expect(got.get('football-herald')?.storyId).not.toBe(trade);
        const { rows } = await ctx.db.query<{ n: string | number }>('SELECT count(*) AS n FROM stories');
        expect(Number(rows[0]?.n)).toBe(new Set(fixtures.map((f) => f.story)).size);
        // Searchable like any story member.
        const found = await store.stories.search('export curbs', { windowDays: null, now: NOW });
        expect(found[0]?.id).toBe(trade);
      });

      it('does not store an article twice: the stored one keeps its story, or gets one', async () => {
        const first = await store.stories.ingest(fixture('trade-ledger').article);
        const again = await store.stories.ingest(fixture('trade-ledger').article);
        expect(again).toEqual({ ...first, created: false, storyCreated: false });
        // Stored by articles.add and never assigned: ingest places it.
        const { article } = await store.articles.add(fixture('trade-wire').article);
        const placed = await store.stories.ingest(fixture('trade-wire').article);
        expect(placed).toMatchObject({ created: false, storyId: first.storyId, storyCreated: false });
        expect(placed.article.id).toBe(article.id);
        expect(await store.articles.count()).toBe(2);
      });
    });

    describe('assign', () => {
      it('puts the same story from three outlets in one story and the football match in another', async () => {
        const ids = await addAll();
        const trade = await storyOf(ids.get('trade-ledger') ?? 0);
        expect(await storyOf(ids.get('trade-wire') ?? 0)).toBe(trade);
        expect(await storyOf(ids.get('trade-daily') ?? 0)).toBe(trade);
        const match = await storyOf(ids.get('football-herald') ?? 0);
        expect(match).not.toBe(trade);
        expect(await storyOf(ids.get('football-wire') ?? 0)).toBe(match);
        expect(await storyOf(ids.get('trade-second-round') ?? 0)).not.toBe(trade);
        const { rows } = await ctx.db.query<{ n: string | number }>('SELECT count(*) AS n FROM stories');
        expect(Number(rows[0]?.n)).toBe(new Set(fixtures.map((f) => f.story)).size);
      });

      it('keeps all the articles of a story, oldest first, and bumps updated_at when one joins', async () => {
        const ids = await addAll(['trade-ledger', 'trade-wire']);
        const storyId = await storyOf(ids.get('trade-ledger') ?? 0);
        const before = await store.stories.byId(storyId);
        await ctx.db.query(`UPDATE stories SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
          storyId,
        ]);
        const stale = await store.stories.byId(storyId);
        const { article } = await store.articles.add(fixture('trade-daily').article);
        expect(await store.stories.assign(article)).toEqual({ storyId, created: false });
        const after = await store.stories.byId(storyId);
        expect(before?.headline).toBe('Seoul and Tokyo agree to ease export curbs on chip materials');
        expect(after?.articles.map((a) => a.siteName)).toEqual([
          'The Harbor Ledger',
          'Eastern Wire',
          'Pacific Daily Brief',
        ]);
        expect(Date.parse(after?.updatedAt ?? '')).toBeGreaterThan(Date.parse(stale?.updatedAt ?? ''));
        expect(after?.lastAt).toBe('2026-03-10T07:15:00.000Z');
      });

      it('takes the headline from the earliest article, whatever order they arrive in', async () => {
        const { article: later } = await store.articles.add(fixture('trade-daily').article);
        const { storyId } = await store.stories.assign(later);
        const { article: earlier } = await store.articles.add(fixture('trade-ledger').article);
        await store.stories.assign(earlier);
        expect((await store.stories.byId(storyId))?.headline).toBe(
          'Seoul and Tokyo agree to ease export curbs on chip materials',
        );
      });

      it("keeps the article's time to the millisecond as the story's span", async () => {
        const { article } = await store.articles.add({
          ...fixture('port-strike').article,
          publishedAt: '2026-03-17T08:01:02.123Z',
        });
        const { storyId } = await store.stories.assign(article);
        const story = await store.stories.byId(storyId);
        expect([story?.firstAt, story?.lastAt]).toEqual([
          '2026-03-17T08:01:02.123Z',
          '2026-03-17T08:01:02.123Z',
        ]);
      });

      it('is idempotent: assigning again leaves the article where it is', async () => {
        const ids = await addAll(['port-strike']);
        const id = ids.get('port-strike') ?? 0;
        const first = await store.stories.assign({ id });
        expect(first.created).toBe(false);
        expect(await store.stories.assign({ id })).toEqual(first);
      });

      it('assigns articles stored without a story before searching', async () => {
        for (const f of fixtures) await store.articles.add(f.article);
        expect(await store.stories.assignPending()).toBe(fixtures.length);
        expect(await store.stories.assignPending()).toBe(0);
        const found = await store.stories.search('busan', { windowDays: null, now: NOW });
        expect(found[0]?.articles).toHaveLength(3);
      });

      it('assigns articles inserted by other means too (story_pending is kept by triggers)', async () => {
        const { article } = await store.articles.add(fixture('port-strike').article);
        await store.stories.assign(article);
        await ctx.db.query('DELETE FROM story_articles WHERE article_id = $1', [article.id]);
        await ctx.db.query(
          `INSERT INTO articles (content_hash, title, text, source) VALUES ('x', 'Busan port strike', 'Busan port strike text', 'sql')`,
        );
        // The deleted membership is not pending again (nothing deletes members but a prune); the insert is.
        expect(await store.stories.assignPending()).toBe(1);
        expect(await store.stories.assignPending()).toBe(0);
      });

      it('clusters the same with features stored before migration 009 (computed from the text on use)', async () => {
        const ordered = [...fixtures].sort((a, b) => a.at - b.at);
        const half = Math.ceil(ordered.length / 2);
        const ids = new Map<string, number>();
        for (const [i, f] of ordered.entries()) {
          const { article } = await store.articles.add(f.article);
          ids.set(f.name, article.id);
          if (i < half) await store.stories.assign(article);
        }
        await ctx.db.query('DELETE FROM story_features');
        // A fresh store: nothing in its memory, so the old members are read from their text.
        const fresh = createStore(ctx.db);
        expect(await fresh.stories.assignPending()).toBe(ordered.length - half);
        const trade = await storyOf(ids.get('trade-ledger') ?? 0);
        expect(await storyOf(ids.get('trade-wire') ?? 0)).toBe(trade);
        expect(await storyOf(ids.get('trade-daily') ?? 0)).toBe(trade);
        expect(await storyOf(ids.get('football-herald') ?? 0)).toBe(
          await storyOf(ids.get('football-wire') ?? 0),
        );
        expect(await storyOf(ids.get('trade-second-round') ?? 0)).not.toBe(trade);
        const { rows } = await ctx.db.query<{ n: string | number }>('SELECT count(*) AS n FROM stories');
        expect(Number(rows[0]?.n)).toBe(new Set(fixtures.map((f) => f.story)).size);
        const { rows: empty } = await ctx.db.query<{ n: string | number }>(
          'SELECT count(*) AS n FROM story_articles sa WHERE NOT EXISTS (SELECT 1 FROM story_features f WHERE f.article_id = sa.article_id)',
        );
        // Every member that was a candidate has its features now; none was computed twice.
        expect(Number(empty[0]?.n)).toBeLessThan(half);
      });

      it('retention takes a story with its last article, and its index entry with it', async () => {
        const ids = await addAll(['trade-ledger', 'trade-wire', 'football-herald']);
        const trade = await storyOf(ids.get('trade-ledger') ?? 0);
        const match = await storyOf(ids.get('football-herald') ?? 0);
        await ctx.db.query(
          "UPDATE articles SET ingested_at = now() - interval '40 days' WHERE id = ANY($1)",
          [[ids.get('trade-ledger'), ids.get('trade-wire')]],
        );
        expect(await store.feeds.pruneArticles(new Date(Date.now() - 30 * DAY))).toBe(2);
        const { rows } = await ctx.db.query<{ id: string | number }>('SELECT id FROM stories');
        expect(rows.map((r) => Number(r.id))).toEqual([match]);
        const { rows: keyed } = await ctx.db.query<{ story_id: string | number }>(
          'SELECT DISTINCT story_id FROM story_keys',
        );
        expect(keyed.map((r) => Number(r.story_id))).toEqual([match]);
        expect(await store.stories.byId(trade)).toBeNull();
      });

      it('lets a pruned article leave its story', async () => {
        const ids = await addAll(['trade-ledger', 'trade-wire']);
        await ctx.db.query('DELETE FROM articles WHERE id = $1', [ids.get('trade-wire')]);
        const found = await store.stories.search('busan', { windowDays: null, now: NOW });
        expect(found.map((s) => s.articles.length)).toEqual([1]);
      });
    });

    describe('search', () => {
      it('finds the best story for a topic in the window, with every article', async () => {
        await addAll();
        const found = await store.stories.search('chip chemicals', {
          windowDays: 10,
          now: new Date('2026-03-11T00:00:00Z'),
        });
        expect(found[0]?.headline).toBe('Seoul and Tokyo agree to ease export curbs on chip materials');
        expect(found[0]?.articles).toHaveLength(3);
      });

      it('ranks by recency too, and the window leaves older stories out', async () => {
        await addAll();
        const week = await store.stories.search('korea-japan export', { windowDays: 7, now: NOW });
        expect(week.map((s) => s.headline)).toEqual([
          'Korea and Japan trade officials meet again on export controls',
        ]);
        const month = await store.stories.search('korea-japan export', { windowDays: 30, now: NOW });
        // A month wide, the week-old talks (three outlets) and the fresh follow-up are both in.
        expect(month.map((s) => s.headline).sort()).toEqual([
          'Korea and Japan trade officials meet again on export controls',
          'Seoul and Tokyo agree to ease export curbs on chip materials',
        ]);
        // Nine days later the second round is the news; on the day after Busan, only Busan exists.
        const then = await store.stories.search('korea-japan export', {
          windowDays: 7,
          now: new Date('2026-03-10T12:00:00Z'),
        });
        expect(then[0]?.headline).toBe('Seoul and Tokyo agree to ease export curbs on chip materials');
      });

      it('matches a phrase as a phrase: "climate finance" is not the business climate of finance ministers', async () => {
        await addAll();
        const phrase = await store.stories.search('"climate finance"', { windowDays: 30, now: NOW });
        expect(phrase.map((s) => s.headline)).toEqual([
          'Donors pledge new climate finance for coastal cities at Bonn meeting',
        ]);
        const words = await store.stories.search('climate finance', { windowDays: 30, now: NOW });
        expect(words).toHaveLength(2);
      });

      it('excludes with -word and finds prefixes (korea → korean)', async () => {
        await addAll();
        const opts = { windowDays: 30, now: NOW };
        const all = await store.stories.search('korea japan', opts);
        expect(all.map((s) => s.headline)).toContain('South Korea edge Japan 2-1 in Seoul friendly');
        const noFootball = await store.stories.search('korea japan -friendly', opts);
        expect(noFootball.map((s) => s.headline)).not.toContain(
          'South Korea edge Japan 2-1 in Seoul friendly',
        );
        expect(noFootball.length).toBe(all.length - 1);
      });

      it('matches a quoted name with a hyphen, and an alias that is one', async () => {
        await addAll();
        const opts = { windowDays: 30, now: NOW };
        const byName = await store.stories.search('"Park Min-seo"', opts);
        expect(byName.map((s) => s.articles.length)).toEqual([3]);
        await store.stories.setAliases(null, 'striker', ['Woo-jin']);
        const byAlias = await store.stories.search('striker -substitute', opts);
        expect(byAlias.map((s) => s.headline)).toEqual(['South Korea edge Japan 2-1 in Seoul friendly']);
      });

      it("widens a term with the workspace's aliases, not another workspace's", async () => {
        await addAll();
        const opts = { windowDays: 30, now: NOW };
        expect(await store.stories.search('harbour', opts)).toHaveLength(0);
        await store.stories.setAliases('T1', 'harbour', ['port workers', 'valparaíso']);
        const t1 = await store.stories.search('harbour', { ...opts, teamId: 'T1' });
        expect(t1.map((s) => s.headline)).toEqual([
          'Dock workers in Valparaíso walk out over automation plans',
        ]);
        expect(await store.stories.search('harbour', { ...opts, teamId: 'T2' })).toHaveLength(0);
      });

      it('falls back to any of several words when no story has them all', async () => {
        await addAll();
        const found = await store.stories.search('cherries photoresist', { windowDays: 30, now: NOW });
        expect(found.map((s) => s.headline).sort()).toEqual([
          'Dock workers in Valparaíso walk out over automation plans',
          'Seoul and Tokyo agree to ease export curbs on chip materials',
        ]);
      });

      it('finds nothing for punctuation', async () => {
        await addAll();
        expect(await store.stories.search('&', { windowDays: null })).toEqual([]);
      });
    });

    describe('topic syntax', () => {
      it.each([
        '"climate finance"',
        'korea or japan',
        'korea -football',
        'korea-japan',
        '"world cup" -friendly bonn',
        '"Lee Jae-myung"',
        '"out of a job"',
      ])('%s reads as websearch_to_tsquery reads it, plus prefixes', async (topic) => {
        const ours = tsqueryOf(parseTopic(topic))?.replace(/:\*/g, '');
        const { rows } = await ctx.db.query<{ ours: string; websearch: string }>(
          `SELECT to_tsquery('simple', $1)::text AS ours, websearch_to_tsquery('simple', $2)::text AS websearch`,
          [ours, topic.replace(/-japan/, ' japan')],
        );
        expect(rows[0]?.ours).toBe(rows[0]?.websearch);
      });
    });

    describe('list', () => {
      it('lists the latest stories in the window, newest first', async () => {
        await addAll();
        const listed = await store.stories.list(null, { windowDays: 3, now: NOW });
        expect(listed.map((s) => [s.headline, s.articles.length])).toEqual([
          ['Korea and Japan trade officials meet again on export controls', 1],
        ]);
        const all = await store.stories.list(null, { windowDays: null, now: new Date(NOW.getTime() + DAY) });
        expect(all).toHaveLength(7);
        expect(all.find((s) => s.articles.length === 3)?.headline).toMatch(/export curbs/);
      });
    });

    describe('aliases', () => {
      it('stores them per team over the global ones; an empty list removes a term', async () => {
        await store.stories.setAliases(null, 'korea', ['South Korea', 'Seoul']);
        await store.stories.setAliases('T1', 'Korea', ['korean']);
        await store.stories.setAliases('T1', 'japan', ['tokyo']);
        expect(await store.stories.aliases('T1')).toEqual(
          new Map([
            ['korea', ['korean']],
            ['japan', ['tokyo']],
          ]),
        );
        expect(await store.stories.aliases('T2')).toEqual(new Map([['korea', ['south korea', 'seoul']]]));
        await store.stories.setAliases('T1', 'korea', []);
        expect((await store.stories.aliases('T1')).get('korea')).toEqual(['south korea', 'seoul']);
      });
    });
  },
  { reset: true },
);

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLE_COLUMNS, type ArticleRow, rowToArticle } from '../../src/store/articles.ts';
import { loadMigrations, migrate, openPglite, pgliteDb } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/pg.ts';
import { createStore, openStore } from '../../src/store/store.ts';
import { featureCounts } from '../../src/stories/cluster.ts';
import { TEST_DATABASE_URL } from '../helpers/db.ts';
import { article, result } from './helpers.ts';

// On-disk PGlite in a temp folder; each open takes seconds, so this file opens as few as it can.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'newsbrief-store-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a data directory', () => {
  it('is created, migrated once, and keeps its data across close and reopen', async () => {
    const dataDir = join(dir, 'nested', 'pgdata');
    const files = await loadMigrations();
    expect(files.map((m) => m.version)[0]).toBe('001_init');

    const first = await openStore({ dataDir });
    const { article: a } = await first.articles.add(
      article({
        title: 'Summit',
        url: 'https://news.example/s',
        text: 'Korea and Japan met.',
        publishedAt: '2024-05-01',
      }),
    );
    const brief = await first.briefs.save({
      teamId: 'T1',
      channel: 'C1',
      threadTs: '1.1',
      query: 'korea-japan',
      result: result('Summit'),
      articleIds: [a.id],
    });
    await first.briefs.addTurn(brief.id, { role: 'user', text: 'When?' });
    expect(await first.events.firstSeen('Ev1')).toBe(true);
    await first.close();

    const db = await openPglite(dataDir);
    const { rows } = await db.query<{ version: string }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    await db.close();

    const again = await openStore({ dataDir });
    try {
      expect(await again.articles.count()).toBe(1);
      expect(await again.articles.search('korea-japan')).toEqual([a]);
      expect(await again.briefs.byThread('C1', '1.1')).toEqual(brief);
      expect(await again.briefs.turns(brief.id, 5)).toEqual([{ role: 'user', text: 'When?' }]);
      expect(await again.events.firstSeen('Ev1')).toBe(false);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe('migrations 010, 013 and 015 (story_search, story_keys, day lexemes) over stories made before them', () => {
  it('copies their search vectors and indexes their keys, so they are found (in a window too) and a follow-up joins them', async () => {
    const pg = await PGlite.create();
    const db = pgliteDb(pg);
    try {
      const all = await loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < '010'),
      );
      const first = {
        title: 'Busan port strike ends',
        text: 'Dock workers in Busan accepted a pay deal after a nine-day strike at the container port.',
      };
      // The article row as the schema before 010 has it (today's store writes columns added later).
      const { rows } = await db.query<ArticleRow>(
        `INSERT INTO articles AS a (content_hash, title, text, source) VALUES ('h', $1, $2, 'test')
         RETURNING ${ARTICLE_COLUMNS}`,
        [first.title, first.text],
      );
      const a = rowToArticle(rows[0] as ArticleRow);
      // A story as the code before migration 010 made it: the story, its member and the member's features.
      await db.query('INSERT INTO stories (id, headline, first_at, last_at) VALUES (1, $1, now(), now())', [
        first.title,
      ]);
      await db.query('INSERT INTO story_articles (article_id, story_id, at) VALUES ($1, 1, now())', [a.id]);
      await db.query('INSERT INTO story_features (article_id, features) VALUES ($1, $2::jsonb)', [
        a.id,
        JSON.stringify(featureCounts(first)),
      ]);
      expect(await migrate(db, all)).toEqual([
        '010_story_search',
        '011_cjk_search',
        '012_assistant_feedback',
        '013_story_keys',
        '014_channel_brief_language',
        '015_story_search_days',
        '016_story_search_weeks',
      ]);
      const after = createStore(db);
      const [found] = await after.stories.search('busan strike', { windowDays: null });
      expect(found?.articles.map((x) => x.id)).toEqual([a.id]);
      // The window goes through the day lexemes migration 015 gave the rows already there.
      const [recent] = await after.stories.search('busan strike', { windowDays: 7 });
      expect(recent?.articles.map((x) => x.id)).toEqual([a.id]);
      expect(
        await after.stories.search('busan strike', {
          windowDays: 7,
          now: new Date(Date.now() + 30 * 86_400_000),
        }),
      ).toEqual([]);
      const { article: b } = await after.articles.add(
        article({
          title: 'Busan dock workers end port strike with pay deal',
          text: 'The nine-day strike at the Busan container port ended when dock workers accepted a pay deal.',
        }),
      );
      expect(await after.stories.assign(b)).toEqual({ storyId: 1, created: false });
    } finally {
      await pg.close();
    }
  }, 120_000);
});

describe('migration 011 (Korean, Japanese and Chinese words for search)', () => {
  it('keeps articles stored before it searchable by their English words, and finds new ones by CJK words', async () => {
    const pg = await PGlite.create();
    const db = pgliteDb(pg);
    try {
      const all = await loadMigrations();
      await migrate(
        db,
        all.filter((m) => m.version < '011'),
      );
      await db.query(
        `INSERT INTO articles (content_hash, title, text, source) VALUES ('old', 'Busan port strike', 'Dock workers in Busan.', 'test')`,
      );
      expect(
        await migrate(
          db,
          all.filter((m) => m.version < '012'),
        ),
      ).toEqual(['011_cjk_search']);
      const store = createStore(db);
      await store.articles.add(
        article({ title: '日韓首脳会談', text: '石破茂首相は東京で李在明大統領と会談した。' }),
      );
      expect((await store.articles.search('busan strike')).map((a) => a.title)).toEqual([
        'Busan port strike',
      ]);
      expect((await store.articles.search('首脳会談')).map((a) => a.title)).toEqual(['日韓首脳会談']);
    } finally {
      await pg.close();
    }
  }, 120_000);
});

describe.skipIf(!TEST_DATABASE_URL)('migrations on PostgreSQL', () => {
  it('apply once when two replicas start together, and a re-run applies nothing', async () => {
    const url = TEST_DATABASE_URL as string;
    const schema = `test_race_${process.pid}`;
    const [a, b] = await Promise.all([openPostgres(url, { schema }), openPostgres(url, { schema })]);
    try {
      const { rows } = await a.query<{ version: string }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual((await loadMigrations()).map((m) => m.version));
      expect(await migrate(b)).toEqual([]);
      // Both replicas see one store: a row written by one is read by the other.
      await createStore(a).articles.add(article({ text: 'Port workers agreed a pay deal.' }));
      expect(await createStore(b).articles.count()).toBe(1);
    } finally {
      await a.query(`DROP SCHEMA ${schema} CASCADE`);
      await Promise.all([a.close(), b.close()]);
    }
  });
});

import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Db, loadMigrations, migrate, pgliteDb } from '../../src/store/db.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines, TEST_DATABASE_URL } from '../helpers/db.ts';
import { article } from '../store/helpers.ts';
import { storyFixtures } from './fixtures.ts';

/*
 * Topic search over story_search split by week (migration 016): a window across a week's edge,
 * retention dropping whole weeks, and a store from before the split searched the same after it.
 */

const DAY = 86_400_000;

/** The name of the week partition holding a time: story_search_wYYYYMMDD, the week's Monday (UTC). */
function weekOf(ms: number): string {
  const monday = new Date(Math.floor(ms / DAY) * DAY - ((new Date(ms).getUTCDay() + 6) % 7) * DAY);
  return `story_search_w${monday.toISOString().slice(0, 10).replace(/-/g, '')}`;
}

/** The week partitions of story_search, by name (story_search_wYYYYMMDD, the week's Monday). */
async function weeks(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'story_search'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function addAt(store: Store, title: string, text: string, publishedAt: string): Promise<number> {
  const { article: a } = await store.articles.add(
    article({ title, text, publishedAt, url: `https://wire.example/${encodeURIComponent(title)}` }),
  );
  await store.stories.assign(a);
  return a.id;
}

describeEngines(
  'topic search by week',
  (ctx) => {
    it('finds the stories on both sides of a week edge (Sunday night and Monday morning, UTC)', async () => {
      const store = createStore(ctx.db);
      // 2026-03-15 is a Sunday; 2026-03-16 a Monday, the first day of the next partition.
      await addAt(
        store,
        'Crane collapses onto a container ship in Gdansk',
        'A harbour crane in Gdansk collapsed onto a container ship late on Sunday; two workers were hurt.',
        '2026-03-15T23:40:00Z',
      );
      await addAt(
        store,
        'Crane operators in Rotterdam walk out over night shifts',
        'Crane operators at the Rotterdam terminals stopped work on Monday over new night shift rotas.',
        '2026-03-16T00:20:00Z',
      );
      expect(await weeks(ctx.db)).toEqual(
        expect.arrayContaining(['story_search_w20260309', 'story_search_w20260316']),
      );
      const { rows: parts } = await ctx.db.query<{ n: string | number }>(
        'SELECT count(DISTINCT tableoid) AS n FROM story_search',
      );
      expect(Number(parts[0]?.n)).toBe(2);
      const now = new Date('2026-03-16T09:00:00Z');
      for (const windowDays of [1, 7, null]) {
        const found = await store.stories.search('crane', { windowDays, now });
        expect(found.map((s) => s.headline).sort()).toEqual([
          'Crane collapses onto a container ship in Gdansk',
          'Crane operators in Rotterdam walk out over night shifts',
        ]);
      }
      // A phrase, and a prefix (cran → crane), on both sides too.
      expect(await store.stories.search('"container ship"', { windowDays: 7, now })).toHaveLength(1);
      expect(await store.stories.search('operators', { windowDays: 7, now })).toHaveLength(1);
      // The window still starts where it should: from Monday midnight on, Sunday night is out.
      const later = await store.stories.search('crane', {
        windowDays: 1,
        now: new Date('2026-03-17T00:00:00Z'),
      });
      expect(later.map((s) => s.headline)).toEqual([
        'Crane operators in Rotterdam walk out over night shifts',
      ]);
    });

    it('retention drops a week whose articles all go, keeps a week with a late-delivered old item', async () => {
      const store = createStore(ctx.db);
      const now = Date.now();
      const old = await addAt(
        store,
        'Ferry strike halts island crossings',
        'Ferry crews struck for two days and island crossings were halted.',
        new Date(now - 70 * DAY).toISOString(),
      );
      // Published long ago too, but only now delivered (ingested today): retention keeps it.
      const archive = await addAt(
        store,
        'Ferry timetable archive from the spring',
        'The spring ferry timetable listed extra crossings to the islands.',
        new Date(now - 50 * DAY).toISOString(),
      );
      const fresh = await addAt(
        store,
        'Ferry operator orders two electric ships',
        'The ferry operator ordered two electric ships for the island crossings.',
        new Date(now - 1 * DAY).toISOString(),
      );
      await ctx.db.query("UPDATE articles SET ingested_at = now() - interval '70 days' WHERE id = $1", [old]);
      const [oldWeek, archiveWeek, freshWeek] = [70, 50, 1].map((d) => weekOf(now - d * DAY));
      expect(await weeks(ctx.db)).toEqual(expect.arrayContaining([oldWeek, archiveWeek, freshWeek]));
      expect(await store.feeds.pruneArticles(new Date(now - 30 * DAY))).toBe(1);
      const after = await weeks(ctx.db);
      expect(after).not.toContain(oldWeek);
      expect(after).toEqual(expect.arrayContaining([archiveWeek, freshWeek]));
      const found = await store.stories.search('ferry', { windowDays: null });
      expect(found.flatMap((s) => s.articles.map((a) => a.id)).sort((a, b) => a - b)).toEqual([
        archive,
        fresh,
      ]);
      // A new article for a dropped week makes its partition again, and is found.
      await addAt(
        store,
        'Ferry strike anniversary',
        'Ferry crews marked a year since their strike.',
        new Date(now - 70 * DAY).toISOString(),
      );
      expect(await weeks(ctx.db)).toContain(oldWeek);
      expect(await store.stories.search('anniversary', { windowDays: null })).toHaveLength(1);
    });
  },
  { reset: true },
);

/** A Db over one PostgreSQL client, in a schema of its own, migrated only as far as the test says. */
async function postgresAt(url: string, schema: string): Promise<{ db: Db; drop(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  const db: Db = {
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await client.query(sql, params)).rows as T[],
    }),
    exec: async (sql) => {
      await client.query(sql);
    },
    async transaction(fn, opts) {
      await client.query('BEGIN');
      try {
        if (opts?.opening) await client.query(opts.opening);
        const out = await fn(db);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    close: () => client.end(),
  };
  return {
    db,
    async drop() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

const MIGRATION_ENGINES: { name: string; open(n: number): Promise<{ db: Db; drop(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async open() {
      const lite = await PGlite.create();
      return { db: pgliteDb(lite), drop: () => lite.close() };
    },
  },
  ...(TEST_DATABASE_URL
    ? [
        {
          name: 'postgres',
          open: (n: number) => postgresAt(TEST_DATABASE_URL as string, `test_weeks_${process.pid}_${n}`),
        },
      ]
    : []),
];

/** The stories of the fixtures, added and assigned oldest first, as feeds deliver them. */
async function addFixtures(store: Store): Promise<void> {
  for (const f of storyFixtures().sort((a, b) => a.at - b.at)) {
    const { article: a } = await store.articles.add(f.article);
    await store.stories.assign(a);
  }
}

const NOW = new Date('2026-03-18T09:00:00Z');
const SEARCHES = [
  ['korea-japan export', 7],
  ['korea-japan export', 30],
  ['"climate finance"', 30],
  ['korea japan -friendly', 30],
  ['busan', null],
  ['korea japan', null],
] as const;

/** Each search's stories: id, score and articles, best first. */
function runSearches(store: Store, which: (windowDays: number | null) => boolean = () => true) {
  return Promise.all(
    SEARCHES.filter(([, windowDays]) => which(windowDays)).map(async ([topic, windowDays]) =>
      (await store.stories.search(topic, { windowDays, now: NOW })).map((s) => ({
        id: s.id,
        score: s.score,
        articles: s.articles.map((a) => a.id),
      })),
    ),
  );
}

describe.each(MIGRATION_ENGINES)('migration 016 over a store made before it [$name]', (engine) => {
  it('moves every search row into its week and finds the same stories, ranked the same', async () => {
    const old = await engine.open(1);
    const fresh = await engine.open(2);
    try {
      const all = await loadMigrations();
      // A store made after the migration, with the same articles: what the migrated one must find.
      await migrate(fresh.db, all);
      const made = createStore(fresh.db);
      await addFixtures(made);
      const expected = await runSearches(made);
      expect(expected.every((found) => found.length > 0)).toBe(true);

      await migrate(
        old.db,
        all.filter((m) => m.version < '016'),
      );
      const store = createStore(old.db);
      await addFixtures(store);
      // Before it, a search without a window runs as it did (windowed ones read 016's words).
      const before = await runSearches(store, (w) => w === null);
      const { rows: counted } = await old.db.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM story_search',
      );
      expect(await migrate(old.db, all)).toEqual(['016_story_search_weeks']);
      const { rows: moved } = await old.db.query<{ n: string | number }>(
        "SELECT count(*) AS n FROM story_search s WHERE s.tableoid <> 'story_search'::regclass",
      );
      expect(Number(moved[0]?.n)).toBe(Number(counted[0]?.n));
      expect((await weeks(old.db)).length).toBeGreaterThan(1);
      expect(await runSearches(store, (w) => w === null)).toEqual(before);
      expect(await runSearches(store)).toEqual(expected);
      // Its words were indexed from the rows moved: the same as the new store's trigger wrote.
      const words = (db: Db) =>
        db.query<{ word: string; last_day: string }>(
          "SELECT word, to_char(last_day, 'YYYY-MM-DD') AS last_day FROM search_words ORDER BY word",
        );
      expect((await words(old.db)).rows).toEqual((await words(fresh.db)).rows);
    } finally {
      await old.drop();
      await fresh.drop();
    }
  }, 120_000);
});

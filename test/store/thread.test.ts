import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openPglite } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { openPgliteThread } from '../../src/store/thread.ts';
import { article, result } from './helpers.ts';

/*
 * The embedded store in a worker thread (what `newsbrief start` runs) must behave as the in-process
 * one the other store suites test: the same rows with the same value types, transactions that
 * commit or roll back, PostgreSQL's error codes, and a clean close.
 */

let db: Db;
let failures: Error[];

/** The value with each row's own clock (createdAt, updatedAt: now() when stored) masked. */
function stamped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stamped);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, /^(created|updated)At$/.test(k) ? typeof v : stamped(v)]),
  );
}

beforeAll(async () => {
  failures = [];
  db = await openPgliteThread(null, { onFailure: (err) => failures.push(err) });
  await db.exec('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
});

afterAll(async () => {
  await db?.close();
});

describe('the store in a worker thread', () => {
  it('returns PostgreSQL values as the in-process store does: dates, numbers, arrays, JSON, null', async () => {
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT $1::timestamptz AS at, 42::int8 AS big, 1.5::float8 AS real, ARRAY['a','b'] AS words,
              $2::jsonb AS doc, NULL::text AS nothing`,
      ['2026-05-01T09:30:00Z', JSON.stringify({ who: ['Lee'], n: 2 })],
    );
    expect(rows).toEqual([
      {
        at: new Date('2026-05-01T09:30:00Z'),
        big: 42,
        real: 1.5,
        words: ['a', 'b'],
        doc: { who: ['Lee'], n: 2 },
        nothing: null,
      },
    ]);
    expect(rows[0]?.at).toBeInstanceOf(Date);
  });

  it('commits a transaction whose function returns, and gives back its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'kept']);
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).rows[0]?.n;
    });
    expect(value).toBe(1);
    expect((await db.query('SELECT body FROM notes WHERE id = 1')).rows).toEqual([{ body: 'kept' }]);
  });

  it('rolls back a transaction whose function throws, and the caller gets its own error', async () => {
    const boom = new Error('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES ($1, $2)', [2, 'dropped']);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await db.query('SELECT id FROM notes ORDER BY id')).rows).toEqual([{ id: 1 }]);
  });

  it("keeps PostgreSQL's error code and fields, and the store stays usable after a failed transaction", async () => {
    const err = await db.query('INSERT INTO notes VALUES (1, $1)', ['again']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 'notes_pkey', table: 'notes' });
    expect((err as Error).message).toMatch(/duplicate key/);

    const inTx = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES (3, $1)', ['three']);
        await tx.query('SELECT * FROM no_such_table');
      })
      .catch((e: unknown) => e);
    expect(inTx).toMatchObject({ code: '42P01' });
    expect((await db.query('SELECT id FROM notes ORDER BY id')).rows).toEqual([{ id: 1 }]);
  });

  it('runs the opening statements inside the transaction (an advisory lock held until it ends)', async () => {
    const held = await db.transaction(
      (tx) =>
        tx.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242",
        ),
      { opening: 'SELECT pg_advisory_xact_lock(4242)' },
    );
    expect(held.rows).toEqual([{ n: 1 }]);
    const after = await db.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242");
    expect(after.rows).toEqual([]);
  });

  it('runs a statement sent while a transaction is open after that transaction, as PGlite does in-process', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO notes VALUES (4, $1)', ['four']);
      await gate;
    });
    // Give BEGIN and the insert time to reach the worker, then read from outside the transaction.
    await new Promise((r) => setTimeout(r, 50));
    const outside = db.query<{ id: number }>('SELECT id FROM notes WHERE id = 4');
    release();
    await tx;
    expect((await outside).rows).toEqual([{ id: 4 }]);
  });

  it('gives the store the same results as the in-process engine', async () => {
    const inProcess = await openPglite(null);
    try {
      const run = async (store: ReturnType<typeof createStore>) => {
        const { article: a } = await store.articles.add(
          article({
            title: 'Lee and Ishiba meet in Tokyo',
            url: 'https://news.example/summit',
            text: 'South Korean President Lee met Japanese Prime Minister Ishiba in Tokyo on Saturday.',
            publishedAt: '2026-05-01T09:00:00Z',
          }),
        );
        const story = await store.stories.assign(a);
        const brief = await store.briefs.save({
          teamId: 'T1',
          channel: 'C1',
          threadTs: '1.1',
          query: 'tokyo summit',
          result: result('Summit'),
          articleIds: [a.id],
        });
        return {
          article: a,
          story,
          found: await store.stories.search('tokyo summit', {
            teamId: 'T1',
            now: new Date('2026-05-02T00:00:00Z'),
            windowDays: 7,
            limit: 3,
          }),
          brief: await store.briefs.byThread('C1', '1.1'),
          saved: brief,
        };
      };
      const threadStore = createStore(await openPgliteThread(null));
      try {
        const [here, there] = [await run(createStore(inProcess)), await run(threadStore)];
        expect(there.found.length).toBe(1);
        expect(stamped(there)).toEqual(stamped(here));
      } finally {
        await threadStore.close();
      }
    } finally {
      await inProcess.close();
    }
  }, 120_000);

  it('has reported no failure while open', () => {
    expect(failures).toEqual([]);
  });
});

describe('opening and closing the store in a worker thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsbrief-thread-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data on disk across close and reopen, and refuses statements once closed', async () => {
    const dataDir = join(dir, 'pgdata');
    const first = await openPgliteThread(dataDir);
    await first.exec('CREATE TABLE kept (n int)');
    await first.query('INSERT INTO kept VALUES (7)');
    await first.close();
    await expect(first.query('SELECT 1')).rejects.toThrow(/closed/);
    await first.close(); // twice is fine

    const again = await openPgliteThread(dataDir);
    try {
      expect((await again.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('fails every statement, at once and with the reason, once the worker thread dies, and says so once', async () => {
    for (const how of ['throw', 'exit'] as const) {
      const failed: Error[] = [];
      const broken = await openPgliteThread(null, {
        entry: new URL('./fixtures/failingWorker.mjs', import.meta.url),
        onFailure: (err) => failed.push(err),
      });
      expect((await broken.query('SELECT 1')).rows).toEqual([{ one: 1 }]);
      const reason =
        how === 'throw' ? /worker thread failed: .*PGlite aborted/ : /worker thread exited \(code 3\)/;
      await expect(broken.query(how)).rejects.toThrow(reason);
      await expect(broken.query('SELECT 1')).rejects.toThrow(reason);
      await expect(broken.transaction(async () => 1)).rejects.toThrow(reason);
      expect(failed).toHaveLength(1);
      expect(failed[0]?.message).toMatch(reason);
      await broken.close(); // nothing left to close; does not hang
    }
  });
});

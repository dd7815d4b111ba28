import { isoString } from './articles.ts';
import type { Queryable } from './db.ts';
import { MAX_WINDOW_DAYS_AS_LEXEMES } from './stories.ts';

export interface Feed {
  id: number;
  /** null: a global feed (CLI); else the Slack workspace that added it. */
  teamId: string | null;
  url: string;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  nextPollAt: string;
  failures: number;
  lastError: string | null;
  createdAt: string;
}

export interface FeedStore {
  /** An existing feed with the same team and URL → that feed, created false. */
  add(input: {
    teamId: string | null;
    url: string;
    title: string | null;
  }): Promise<{ feed: Feed; created: boolean }>;
  /** The team's feeds (null → the global ones), oldest first. */
  list(teamId: string | null): Promise<Feed[]>;
  /** False when there was no such feed. */
  remove(teamId: string | null, url: string): Promise<boolean>;
  /** Feeds whose next poll is at or before `now`, most overdue first. */
  due(now: Date, opts?: { limit?: number }): Promise<Feed[]>;
  recordSuccess(
    id: number,
    r: {
      now: Date;
      intervalMinutes: number;
      etag: string | null;
      lastModified: string | null;
      title?: string | null;
      /** A poll that worked but found nothing usable says why here (kept in last_error, failures 0). */
      warning?: string | null;
    },
  ): Promise<void>;
  /** Counts the failure and backs off: interval × 2^failures, at most 24 h. */
  recordFailure(id: number, r: { now: Date; intervalMinutes: number; error: string }): Promise<void>;
  /** Marks item URLs as seen; returns those not seen before (in the order given). */
  markSeen(feedId: number, itemUrls: string[]): Promise<string[]>;
  /** Forgets item URLs (e.g. an item whose ingest failed, to retry it next poll). */
  unmarkSeen(feedId: number, itemUrls: string[]): Promise<void>;
  /**
   * Retention: deletes articles ingested before `olderThan` (their brief_articles rows and story
   * memberships cascade), then the stories left without articles.
   */
  pruneArticles(olderThan: Date): Promise<number>;
}

export const MAX_BACKOFF_MINUTES = 24 * 60;
/** Articles deleted per statement by retention. */
const PRUNE_BATCH = 5000;

/** Minutes until the next poll after `failures` consecutive failures (0 → the interval). */
export function backoffMinutes(intervalMinutes: number, failures: number): number {
  return Math.min(intervalMinutes * 2 ** Math.min(failures, 30), MAX_BACKOFF_MINUTES);
}

const COLUMNS =
  'id, team_id, url, title, etag, last_modified, last_polled_at, next_poll_at, failures, last_error, created_at';

interface FeedRow {
  id: number | string | bigint;
  team_id: string | null;
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: Date | string | null;
  next_poll_at: Date | string;
  failures: number;
  last_error: string | null;
  created_at: Date | string;
}

function rowToFeed(r: FeedRow): Feed {
  return {
    id: Number(r.id),
    teamId: r.team_id,
    url: r.url,
    title: r.title,
    etag: r.etag,
    lastModified: r.last_modified,
    lastPolledAt: r.last_polled_at === null ? null : isoString(r.last_polled_at),
    nextPollAt: isoString(r.next_poll_at),
    failures: Number(r.failures),
    lastError: r.last_error,
    createdAt: isoString(r.created_at),
  };
}

export function feedStore(db: Queryable): FeedStore {
  return {
    async add({ teamId, url, title }) {
      const inserted = await db.query<FeedRow>(
        `INSERT INTO feeds (team_id, url, title) VALUES ($1, $2, $3)
         ON CONFLICT ((coalesce(team_id, '')), url) DO NOTHING
         RETURNING ${COLUMNS}`,
        [teamId, url, title],
      );
      if (inserted.rows[0]) return { feed: rowToFeed(inserted.rows[0]), created: true };
      const { rows } = await db.query<FeedRow>(
        `SELECT ${COLUMNS} FROM feeds WHERE coalesce(team_id, '') = coalesce($1, '') AND url = $2`,
        [teamId, url],
      );
      if (!rows[0]) throw new Error(`feed ${url} vanished while being added`);
      return { feed: rowToFeed(rows[0]), created: false };
    },
    async list(teamId) {
      const { rows } = await db.query<FeedRow>(
        `SELECT ${COLUMNS} FROM feeds WHERE coalesce(team_id, '') = coalesce($1, '') ORDER BY id`,
        [teamId],
      );
      return rows.map(rowToFeed);
    },
    async remove(teamId, url) {
      const { rows } = await db.query(
        `DELETE FROM feeds WHERE coalesce(team_id, '') = coalesce($1, '') AND url = $2 RETURNING id`,
        [teamId, url],
      );
      return rows.length > 0;
    },
    async due(now, opts) {
      const { rows } = await db.query<FeedRow>(
        `SELECT ${COLUMNS} FROM feeds WHERE next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2`,
        [now.toISOString(), opts?.limit ?? 100],
      );
      return rows.map(rowToFeed);
    },
    async recordSuccess(id, r) {
      const next = new Date(r.now.getTime() + backoffMinutes(r.intervalMinutes, 0) * 60_000);
      await db.query(
        `UPDATE feeds SET etag = $2, last_modified = $3, title = coalesce($4, title), last_polled_at = $5,
           next_poll_at = $6, failures = 0, last_error = $7
         WHERE id = $1`,
        [
          id,
          r.etag,
          r.lastModified,
          r.title ?? null,
          r.now.toISOString(),
          next.toISOString(),
          r.warning?.slice(0, 500) ?? null,
        ],
      );
    },
    async recordFailure(id, r) {
      const { rows } = await db.query<{ failures: number }>(
        'UPDATE feeds SET failures = failures + 1, last_error = $2, last_polled_at = $3 WHERE id = $1 RETURNING failures',
        [id, r.error.slice(0, 500), r.now.toISOString()],
      );
      const failures = Number(rows[0]?.failures ?? 1);
      const next = new Date(r.now.getTime() + backoffMinutes(r.intervalMinutes, failures) * 60_000);
      await db.query('UPDATE feeds SET next_poll_at = $2 WHERE id = $1', [id, next.toISOString()]);
    },
    async markSeen(feedId, itemUrls) {
      if (itemUrls.length === 0) return [];
      const { rows } = await db.query<{ item_url: string }>(
        `INSERT INTO feed_items (feed_id, item_url) SELECT $1, u FROM unnest($2::text[]) AS u
         ON CONFLICT DO NOTHING RETURNING item_url`,
        [feedId, itemUrls],
      );
      const fresh = new Set(rows.map((r) => r.item_url));
      return itemUrls.filter((u) => fresh.has(u));
    },
    async unmarkSeen(feedId, itemUrls) {
      if (itemUrls.length === 0) return;
      await db.query('DELETE FROM feed_items WHERE feed_id = $1 AND item_url = ANY($2::text[])', [
        feedId,
        itemUrls,
      ]);
    },
    async pruneArticles(olderThan) {
      // In batches: the first run on a store that grew for a year, or after RETENTION_DAYS was
      // lowered, deletes months of articles, and one statement would hold them all in one transaction.
      let pruned = 0;
      // First the weeks of topic search (migration 016) whose articles all go: a dropped partition
      // leaves nothing to delete row by row nor to vacuum.
      await db.query('SELECT story_search_drop_weeks($1::timestamptz)', [olderThan.toISOString()]);
      for (;;) {
        const { rows } = await db.query<{ n: number | string }>(
          `WITH gone AS (
             DELETE FROM articles WHERE id IN (
               SELECT id FROM articles WHERE ingested_at < $1 ORDER BY ingested_at LIMIT $2
             ) RETURNING id
           ) SELECT count(*) AS n FROM gone`,
          [olderThan.toISOString(), PRUNE_BATCH],
        );
        const n = Number(rows[0]?.n ?? 0);
        pruned += n;
        if (n < PRUNE_BATCH) break;
      }
      // The words of topic search (migration 016) no row has used since long before the cutoff:
      // expanded only for windows of up to MAX_WINDOW_DAYS_AS_LEXEMES days back from now, which
      // begin after them, so they can go even while an old item ingested lately still has them.
      await db.query(`DELETE FROM search_words WHERE last_day < $1::date`, [
        new Date(olderThan.getTime() - (MAX_WINDOW_DAYS_AS_LEXEMES + 1) * 86_400_000)
          .toISOString()
          .slice(0, 10),
      ]);
      // Stories left without articles go too, and their keys with them (story_keys cascades).
      await db.query(
        `DELETE FROM stories s WHERE s.last_at < $1
           AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`,
        [olderThan.toISOString()],
      );
      return pruned;
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { BriefCache } from '../brief/cache.ts';
import type { BriefResult } from '../brief/engine.ts';
import type { Queryable } from './db.ts';

export interface BriefCacheStore extends Required<BriefCache> {
  /** Deletes briefs neither made nor served since `before`, and lapsed claims; returns how many briefs. */
  prune(before: Date): Promise<number>;
}

/** The engine's brief cache in the `brief_cache` table (005_brief_cache). */
export function briefCacheStore(db: Queryable): BriefCacheStore {
  return {
    async get(key) {
      // One statement reads and marks the row used, so retention keeps what is still asked for.
      const { rows } = await db.query<{ result: BriefResult | string }>(
        'UPDATE brief_cache SET used_at = now(), hits = hits + 1 WHERE key = $1 RETURNING result',
        [key],
      );
      const result = rows[0]?.result;
      if (result === undefined) return null;
      return typeof result === 'string' ? (JSON.parse(result) as BriefResult) : result;
    },

    async put(key, result) {
      await db.query(
        `INSERT INTO brief_cache (key, engine, model, prompt_version, result)
         VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (key) DO UPDATE
         SET result = excluded.result, created_at = now(), used_at = now()`,
        [key, result.meta.engine, result.meta.model, result.meta.promptVersion, JSON.stringify(result)],
      );
    },

    async claim(key, ttlMs) {
      const token = randomUUID();
      // One statement, so two replicas cannot both take it: a live claim makes the update a no-op.
      // Expiry is the database's clock, the same for every replica.
      const { rows } = await db.query(
        `INSERT INTO brief_cache_claims AS c (key, token, expires_at)
         VALUES ($1, $2, now() + $3::float8 * interval '1 millisecond')
         ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
         WHERE c.expires_at <= now()
         RETURNING token`,
        [key, token, ttlMs],
      );
      return rows.length > 0 ? token : null;
    },

    async release(key, token) {
      await db.query('DELETE FROM brief_cache_claims WHERE key = $1 AND token = $2', [key, token]);
    },

    async prune(before) {
      await db.query('DELETE FROM brief_cache_claims WHERE expires_at <= now()');
      const { rows } = await db.query<{ n: number | string }>(
        'WITH gone AS (DELETE FROM brief_cache WHERE used_at < $1 RETURNING 1) SELECT count(*) AS n FROM gone',
        [before.toISOString()],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}

import type { Queryable } from './db.ts';

export interface EventStore {
  /** True the first time an event id is seen, false for a retry of it. */
  firstSeen(eventId: string): Promise<boolean>;
}

/** Slack retries within minutes; ids older than this are forgotten. */
const KEEP = '24 hours';
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export function eventStore(db: Queryable, now: () => number = Date.now): EventStore {
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async firstSeen(eventId) {
      const { rows } = await db.query(
        'INSERT INTO slack_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id',
        [eventId],
      );
      if (now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now();
        await db.query(`DELETE FROM slack_events WHERE seen_at < now() - interval '${KEEP}'`);
      }
      return rows.length > 0;
    },
  };
}

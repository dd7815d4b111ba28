import type { BriefLanguage } from '../brief/language.ts';
import { isoString } from './articles.ts';
import type { Db } from './db.ts';

/** Where a channel's time zone came from, said back to whoever set up the follow. */
export type ZoneSource = 'given' | 'creator' | 'workspace' | 'utc';

export interface DigestChannel {
  teamId: string;
  channel: string;
  minutes: number;
  timeZone: string;
  zoneSource: ZoneSource;
  skipEmpty: boolean;
  topics: string[];
  /** Stories per topic at most (`/brief settings stories N`); null or absent: the default. */
  maxStories?: number | null;
  /** The channel's brief language (`/brief settings language ko`); null or absent: the workspace's. */
  briefLanguage?: BriefLanguage | null;
}

export interface DigestRecord {
  id: number;
  teamId: string;
  channel: string;
  date: string;
  status: 'claimed' | 'posted' | 'skipped' | 'failed';
  postedTs: string | null;
  postedAt: string | null;
  delayed: boolean;
  pendingSummaries: boolean;
  error: string | null;
  claimedAt: string;
}

export interface DigestItem {
  topic: string;
  storyKey: string;
  contentKey: string;
  summarised: boolean;
  articleIds: number[];
}

/**
 * What a claim found: `new` — this worker owns the digest; `recovered` — it took over a claim
 * whose worker died (it must look for an earlier post before posting); `taken` — leave it.
 */
export type Claim =
  | { kind: 'new' | 'recovered'; digest: DigestRecord; token: string }
  | { kind: 'taken'; digest: DigestRecord };

export interface DigestStore {
  /** Follows a topic; creates the channel's schedule with `schedule` when it has none. */
  follow(input: {
    teamId: string;
    channel: string;
    topic: string;
    user: string | null;
    schedule: { minutes: number; timeZone: string; zoneSource: ZoneSource } | null;
    defaults: { minutes: number; timeZone: string; zoneSource: ZoneSource };
  }): Promise<{ channel: DigestChannel; created: boolean }>;
  /** False when the channel did not follow it. The schedule goes with the last topic. */
  unfollow(teamId: string, channel: string, topic: string): Promise<boolean>;
  channel(teamId: string, channel: string): Promise<DigestChannel | null>;
  /** A channel's own digest time, zone and story count (`/brief settings`); null when it follows nothing. */
  setOverrides(
    teamId: string,
    channel: string,
    overrides: {
      minutes?: number;
      timeZone?: string;
      maxStories?: number | null;
      briefLanguage?: BriefLanguage | null;
    },
    user: string,
  ): Promise<DigestChannel | null>;
  /** Every following channel (of one team, or all). */
  channels(teamId?: string): Promise<DigestChannel[]>;
  /**
   * Local dates since `sinceDate` whose digest is settled or in hand: every row but a claim taken
   * before `staleBefore` (its worker died, or released it to be retried).
   */
  datesDone(teamId: string, channel: string, sinceDate: string, staleBefore: Date): Promise<Set<string>>;
  claim(input: {
    teamId: string;
    channel: string;
    date: string;
    token: string;
    now: Date;
    leaseMs: number;
    delayed: boolean;
  }): Promise<Claim>;
  /** Records the post; false when the claim was lost meanwhile (another worker took over). */
  markPosted(id: number, token: string, r: { ts: string; now: Date; items: DigestItem[] }): Promise<boolean>;
  markSkipped(id: number, token: string, r: { now: Date }): Promise<boolean>;
  /** A permanent failure (channel gone, bot removed): not retried today. */
  markFailed(id: number, token: string, error: string): Promise<boolean>;
  /** A transient failure: the claim is released so the next run retries it. */
  release(id: number, token: string, error: string): Promise<void>;
  /** The latest posted item per story in this channel: what earlier digests already carried. */
  postedStories(teamId: string, channel: string): Promise<Map<string, DigestItem>>;
  latest(teamId: string, channel: string): Promise<DigestRecord | null>;
  byId(id: number): Promise<DigestRecord | null>;
  /** Posted digests that carry stories without an LLM summary yet. */
  pendingSummaries(): Promise<{ digest: DigestRecord; items: DigestItem[] }[]>;
  markSummarised(digestId: number, storyKey: string, allDone: boolean): Promise<void>;
}

interface ChannelRow {
  team_id: string;
  channel: string;
  minutes: number;
  time_zone: string;
  zone_source: ZoneSource;
  skip_empty: boolean;
  max_stories?: number | null;
  brief_language?: BriefLanguage | null;
  topics: string[] | null;
}

interface DigestRow {
  id: number | string;
  team_id: string;
  channel: string;
  local_date: string;
  status: DigestRecord['status'];
  claim_token: string;
  claimed_at: Date | string;
  delayed: boolean;
  posted_ts: string | null;
  posted_at: Date | string | null;
  pending_summaries: boolean;
  error: string | null;
}

interface ItemRow {
  topic: string;
  story_key: string;
  content_key: string;
  summarised: boolean;
  article_ids: (number | string)[];
}

const CHANNEL_SELECT = `SELECT c.team_id, c.channel, c.minutes, c.time_zone, c.zone_source, c.skip_empty, c.max_stories, c.brief_language,
    array_remove(array_agg(t.topic ORDER BY t.created_at, t.topic), NULL) AS topics
  FROM digest_channels c LEFT JOIN digest_topics t ON t.team_id = c.team_id AND t.channel = c.channel`;
const CHANNEL_GROUP = 'GROUP BY c.team_id, c.channel ORDER BY c.team_id, c.channel';
// The date as text: drivers turn a `date` into a Date at some midnight, in some zone.
const DIGEST_COLUMNS =
  'id, team_id, channel, local_date::text AS local_date, status, claim_token, claimed_at, delayed, posted_ts, posted_at, pending_summaries, error';

function toChannel(r: ChannelRow): DigestChannel {
  return {
    teamId: r.team_id,
    channel: r.channel,
    minutes: r.minutes,
    timeZone: r.time_zone,
    zoneSource: r.zone_source,
    skipEmpty: r.skip_empty,
    topics: r.topics ?? [],
    maxStories: r.max_stories ?? null,
    briefLanguage: r.brief_language ?? null,
  };
}

function toDigest(r: DigestRow): DigestRecord {
  return {
    id: Number(r.id),
    teamId: r.team_id,
    channel: r.channel,
    date: r.local_date,
    status: r.status,
    postedTs: r.posted_ts,
    postedAt: r.posted_at === null ? null : isoString(r.posted_at),
    delayed: r.delayed,
    pendingSummaries: r.pending_summaries,
    error: r.error,
    claimedAt: isoString(r.claimed_at),
  };
}

function toItem(r: ItemRow): DigestItem {
  return {
    topic: r.topic,
    storyKey: r.story_key,
    contentKey: r.content_key,
    summarised: r.summarised,
    articleIds: r.article_ids.map(Number),
  };
}

export function digestStore(db: Db): DigestStore {
  async function channel(teamId: string, ch: string) {
    const { rows } = await db.query<ChannelRow>(
      `${CHANNEL_SELECT} WHERE c.team_id = $1 AND c.channel = $2 ${CHANNEL_GROUP}`,
      [teamId, ch],
    );
    return rows[0] ? toChannel(rows[0]) : null;
  }

  async function byId(id: number) {
    const { rows } = await db.query<DigestRow>(`SELECT ${DIGEST_COLUMNS} FROM digests WHERE id = $1`, [id]);
    return rows[0] ? toDigest(rows[0]) : null;
  }

  return {
    async follow(input) {
      const schedule = input.schedule;
      // A new channel takes the given schedule or the defaults; an existing one changes only when
      // a time was given, so following a second topic keeps the channel's time.
      await db.query(
        `INSERT INTO digest_channels (team_id, channel, minutes, time_zone, zone_source, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (team_id, channel) DO UPDATE SET
           minutes = CASE WHEN $7 THEN excluded.minutes ELSE digest_channels.minutes END,
           time_zone = CASE WHEN $7 THEN excluded.time_zone ELSE digest_channels.time_zone END,
           zone_source = CASE WHEN $7 THEN excluded.zone_source ELSE digest_channels.zone_source END,
           updated_by = excluded.updated_by, updated_at = now()`,
        [
          input.teamId,
          input.channel,
          (schedule ?? input.defaults).minutes,
          (schedule ?? input.defaults).timeZone,
          (schedule ?? input.defaults).zoneSource,
          input.user,
          schedule !== null,
        ],
      );
      const { rows } = await db.query(
        `INSERT INTO digest_topics (team_id, channel, topic, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING topic`,
        [input.teamId, input.channel, input.topic, input.user],
      );
      const saved = await channel(input.teamId, input.channel);
      if (!saved) throw new Error('digest channel vanished after follow');
      return { channel: saved, created: rows.length > 0 };
    },

    async unfollow(teamId, ch, topic) {
      const { rows } = await db.query(
        'DELETE FROM digest_topics WHERE team_id = $1 AND channel = $2 AND topic = $3 RETURNING topic',
        [teamId, ch, topic],
      );
      await db.query(
        `DELETE FROM digest_channels c WHERE c.team_id = $1 AND c.channel = $2
           AND NOT EXISTS (SELECT 1 FROM digest_topics t WHERE t.team_id = c.team_id AND t.channel = c.channel)`,
        [teamId, ch],
      );
      return rows.length > 0;
    },

    channel,

    async setOverrides(teamId, ch, o, user) {
      const { rows } = await db.query(
        `UPDATE digest_channels SET
           minutes = coalesce($3, minutes),
           time_zone = coalesce($4, time_zone),
           zone_source = CASE WHEN $4::text IS NULL THEN zone_source ELSE 'given' END,
           max_stories = CASE WHEN $5 THEN $6::integer ELSE max_stories END,
           brief_language = CASE WHEN $8 THEN $9::text ELSE brief_language END,
           updated_by = $7, updated_at = now()
         WHERE team_id = $1 AND channel = $2 RETURNING channel`,
        [
          teamId,
          ch,
          o.minutes ?? null,
          o.timeZone ?? null,
          o.maxStories !== undefined,
          o.maxStories ?? null,
          user,
          o.briefLanguage !== undefined,
          o.briefLanguage ?? null,
        ],
      );
      return rows.length > 0 ? channel(teamId, ch) : null;
    },

    async channels(teamId) {
      const { rows } = await db.query<ChannelRow>(
        `${CHANNEL_SELECT} WHERE ($1::text IS NULL OR c.team_id = $1) ${CHANNEL_GROUP}`,
        [teamId ?? null],
      );
      return rows.map(toChannel);
    },

    async datesDone(teamId, ch, sinceDate, staleBefore) {
      const { rows } = await db.query<{ local_date: string }>(
        `SELECT local_date::text AS local_date FROM digests
         WHERE team_id = $1 AND channel = $2 AND local_date >= $3::date
           AND NOT (status = 'claimed' AND claimed_at < $4)`,
        [teamId, ch, sinceDate, staleBefore],
      );
      return new Set(rows.map((r) => r.local_date));
    },

    async claim(input) {
      const inserted = await db.query<DigestRow>(
        `INSERT INTO digests (team_id, channel, local_date, status, claim_token, claimed_at, delayed)
         VALUES ($1, $2, $3::date, 'claimed', $4, $5, $6)
         ON CONFLICT (team_id, channel, local_date) DO NOTHING
         RETURNING ${DIGEST_COLUMNS}`,
        [input.teamId, input.channel, input.date, input.token, input.now, input.delayed],
      );
      if (inserted.rows[0]) return { kind: 'new', digest: toDigest(inserted.rows[0]), token: input.token };
      // Someone has it. A claim older than the lease belongs to a worker that died: take it over,
      // compare-and-set on the old token so two rescuers cannot both win.
      const taken = await db.query<DigestRow>(
        `UPDATE digests SET claim_token = $4, claimed_at = $5, attempts = attempts + 1
         WHERE team_id = $1 AND channel = $2 AND local_date = $3::date
           AND status = 'claimed' AND claimed_at < $5::timestamptz - make_interval(secs => $6::double precision / 1000)
         RETURNING ${DIGEST_COLUMNS}`,
        [input.teamId, input.channel, input.date, input.token, input.now, input.leaseMs],
      );
      if (taken.rows[0]) return { kind: 'recovered', digest: toDigest(taken.rows[0]), token: input.token };
      const { rows } = await db.query<DigestRow>(
        `SELECT ${DIGEST_COLUMNS} FROM digests WHERE team_id = $1 AND channel = $2 AND local_date = $3::date`,
        [input.teamId, input.channel, input.date],
      );
      if (!rows[0]) throw new Error('digest claim conflicted but no row was found');
      return { kind: 'taken', digest: toDigest(rows[0]) };
    },

    markPosted(id, token, r) {
      return db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE digests SET status = 'posted', posted_ts = $3, posted_at = $4, error = NULL,
             pending_summaries = $5
           WHERE id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`,
          [id, token, r.ts, r.now, r.items.some((i) => !i.summarised)],
        );
        if (rows.length === 0) return false;
        for (const item of r.items) {
          await tx.query(
            `INSERT INTO digest_items (digest_id, topic, story_key, content_key, summarised, article_ids)
             VALUES ($1, $2, $3, $4, $5, $6::bigint[]) ON CONFLICT DO NOTHING`,
            [id, item.topic, item.storyKey, item.contentKey, item.summarised, item.articleIds],
          );
        }
        return true;
      });
    },

    async markSkipped(id, token, r) {
      const { rows } = await db.query(
        `UPDATE digests SET status = 'skipped', posted_at = $3 WHERE id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`,
        [id, token, r.now],
      );
      return rows.length > 0;
    },

    async markFailed(id, token, error) {
      const { rows } = await db.query(
        `UPDATE digests SET status = 'failed', error = $3 WHERE id = $1 AND claim_token = $2 AND status = 'claimed' RETURNING id`,
        [id, token, error],
      );
      return rows.length > 0;
    },

    async release(id, token, error) {
      // Back-dating the claim lets the next run take it over (looking for a post first, as after a crash).
      await db.query(
        `UPDATE digests SET claimed_at = 'epoch', error = $3 WHERE id = $1 AND claim_token = $2 AND status = 'claimed'`,
        [id, token, error],
      );
    },

    async postedStories(teamId, ch) {
      const { rows } = await db.query<ItemRow>(
        `SELECT DISTINCT ON (i.story_key) i.topic, i.story_key, i.content_key, i.summarised, i.article_ids
         FROM digest_items i JOIN digests d ON d.id = i.digest_id
         WHERE d.team_id = $1 AND d.channel = $2 AND d.status = 'posted'
         ORDER BY i.story_key, d.local_date DESC, d.id DESC`,
        [teamId, ch],
      );
      return new Map(rows.map((r) => [r.story_key, toItem(r)]));
    },

    async latest(teamId, ch) {
      const { rows } = await db.query<DigestRow>(
        `SELECT ${DIGEST_COLUMNS} FROM digests WHERE team_id = $1 AND channel = $2 ORDER BY local_date DESC, id DESC LIMIT 1`,
        [teamId, ch],
      );
      return rows[0] ? toDigest(rows[0]) : null;
    },

    byId,

    async pendingSummaries() {
      const { rows } = await db.query<DigestRow>(
        `SELECT ${DIGEST_COLUMNS} FROM digests WHERE pending_summaries AND status = 'posted' ORDER BY id`,
      );
      const out: { digest: DigestRecord; items: DigestItem[] }[] = [];
      for (const row of rows) {
        const items = await db.query<ItemRow>(
          'SELECT topic, story_key, content_key, summarised, article_ids FROM digest_items WHERE digest_id = $1 AND NOT summarised ORDER BY story_key',
          [row.id],
        );
        out.push({ digest: toDigest(row), items: items.rows.map(toItem) });
      }
      return out;
    },

    async markSummarised(digestId, storyKey, allDone) {
      await db.query('UPDATE digest_items SET summarised = true WHERE digest_id = $1 AND story_key = $2', [
        digestId,
        storyKey,
      ]);
      if (allDone) await db.query('UPDATE digests SET pending_summaries = false WHERE id = $1', [digestId]);
    },
  };
}

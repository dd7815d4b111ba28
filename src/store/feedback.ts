import type { Queryable } from './db.ts';

export type FeedbackKind = 'brief' | 'answer';
export type FeedbackVote = 'up' | 'down';
export type FeedbackReason = 'wrong-fact' | 'missing-item' | 'wrong-date' | 'other';

export interface FeedbackVoteInput {
  teamId: string;
  channel: string;
  messageTs: string;
  user: string;
  kind: FeedbackKind;
  vote: FeedbackVote;
  briefId: number | null;
  model: string | null;
  promptVersion: string | null;
  at: Date;
}

export interface FeedbackRow {
  teamId: string;
  channel: string;
  messageTs: string;
  user: string;
  kind: FeedbackKind;
  vote: FeedbackVote;
  reason: FeedbackReason | null;
  comment: string | null;
  briefId: number | null;
  model: string | null;
  promptVersion: string | null;
  updatedAt: string;
}

export interface FeedbackCount {
  kind: FeedbackKind;
  model: string | null;
  promptVersion: string | null;
  up: number;
  down: number;
}

export interface FeedbackStore {
  /** One vote per user per message: returns whether an earlier vote of that user was changed. */
  vote(input: FeedbackVoteInput): Promise<{ changed: boolean }>;
  /** The "what was wrong?" answer, on that user's vote (a thumbs-down made first). */
  explain(input: {
    teamId: string;
    channel: string;
    messageTs: string;
    user: string;
    reason: FeedbackReason;
    comment: string | null;
    at: Date;
  }): Promise<boolean>;
  /** Votes of the last `days` days (all workspaces, or one), by kind, model and prompt version. */
  counts(opts: { since: Date; teamId?: string }): Promise<FeedbackCount[]>;
  /** The latest thumbs-down with a reason or comment, newest first. */
  latestComments(opts: { since: Date; teamId?: string; limit: number }): Promise<FeedbackRow[]>;
  /** One user's vote on one message (tests, the modal). */
  get(teamId: string, channel: string, messageTs: string, user: string): Promise<FeedbackRow | null>;
}

interface Row {
  team_id: string;
  channel: string;
  message_ts: string;
  user_id: string;
  kind: FeedbackKind;
  vote: FeedbackVote;
  reason: FeedbackReason | null;
  comment: string | null;
  brief_id: string | number | null;
  model: string | null;
  prompt_version: string | null;
  updated_at: Date | string;
}

const toRow = (r: Row): FeedbackRow => ({
  teamId: r.team_id,
  channel: r.channel,
  messageTs: r.message_ts,
  user: r.user_id,
  kind: r.kind,
  vote: r.vote,
  reason: r.reason,
  comment: r.comment,
  briefId: r.brief_id === null ? null : Number(r.brief_id),
  model: r.model,
  promptVersion: r.prompt_version,
  updatedAt: new Date(r.updated_at).toISOString(),
});

export function feedbackStore(db: Queryable): FeedbackStore {
  return {
    async vote(v) {
      // xmax <> 0 on the returned row: the row existed and was updated (PostgreSQL and PGlite).
      const { rows } = await db.query<{ changed: boolean }>(
        `INSERT INTO message_feedback
           (team_id, channel, message_ts, user_id, kind, vote, brief_id, model, prompt_version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (team_id, channel, message_ts, user_id) DO UPDATE SET
           vote = EXCLUDED.vote,
           -- A thumbs-up takes back what a thumbs-down said was wrong.
           reason = CASE WHEN EXCLUDED.vote = 'up' THEN NULL ELSE message_feedback.reason END,
           comment = CASE WHEN EXCLUDED.vote = 'up' THEN NULL ELSE message_feedback.comment END,
           updated_at = EXCLUDED.updated_at
         RETURNING (xmax <> 0) AS changed`,
        [v.teamId, v.channel, v.messageTs, v.user, v.kind, v.vote, v.briefId, v.model, v.promptVersion, v.at],
      );
      return { changed: Boolean(rows[0]?.changed) };
    },
    async explain(e) {
      const { rows } = await db.query(
        `UPDATE message_feedback SET reason = $5, comment = $6, vote = 'down', updated_at = $7
         WHERE team_id = $1 AND channel = $2 AND message_ts = $3 AND user_id = $4 RETURNING 1`,
        [e.teamId, e.channel, e.messageTs, e.user, e.reason, e.comment, e.at],
      );
      return rows.length > 0;
    },
    async counts({ since, teamId }) {
      const { rows } = await db.query<{
        kind: FeedbackKind;
        model: string | null;
        prompt_version: string | null;
        up: string | number;
        down: string | number;
      }>(
        `SELECT kind, model, prompt_version,
                count(*) FILTER (WHERE vote = 'up') AS up, count(*) FILTER (WHERE vote = 'down') AS down
         FROM message_feedback
         WHERE updated_at >= $1 AND ($2::text IS NULL OR team_id = $2)
         GROUP BY kind, model, prompt_version
         ORDER BY kind, model NULLS LAST, prompt_version NULLS LAST`,
        [since, teamId ?? null],
      );
      return rows.map((r) => ({
        kind: r.kind,
        model: r.model,
        promptVersion: r.prompt_version,
        up: Number(r.up),
        down: Number(r.down),
      }));
    },
    async latestComments({ since, teamId, limit }) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM message_feedback
         WHERE updated_at >= $1 AND ($2::text IS NULL OR team_id = $2)
           AND vote = 'down' AND (reason IS NOT NULL OR comment IS NOT NULL)
         ORDER BY updated_at DESC LIMIT $3`,
        [since, teamId ?? null, limit],
      );
      return rows.map(toRow);
    },
    async get(teamId, channel, messageTs, user) {
      const { rows } = await db.query<Row>(
        `SELECT * FROM message_feedback WHERE team_id = $1 AND channel = $2 AND message_ts = $3 AND user_id = $4`,
        [teamId, channel, messageTs, user],
      );
      return rows[0] ? toRow(rows[0]) : null;
    },
  };
}

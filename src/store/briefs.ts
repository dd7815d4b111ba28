import type { BriefResult } from '../brief/engine.ts';
import { ARTICLE_COLUMNS, type ArticleRow, isoString, rowToArticle, type StoredArticle } from './articles.ts';
import type { Db } from './db.ts';

export interface StoredBrief {
  id: number;
  teamId: string | null;
  channel: string;
  threadTs: string;
  query: string;
  result: BriefResult;
  /** In the order they were given to `save`. */
  articles: StoredArticle[];
  createdAt: string;
}

export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface SaveBriefInput {
  teamId?: string | null;
  channel: string;
  threadTs: string;
  query: string;
  result: BriefResult;
  articleIds: number[];
}

export interface BriefStore {
  /** Saving again for the same channel and thread replaces the result and articles (same id, turns kept). */
  save(input: SaveBriefInput): Promise<StoredBrief>;
  /**
   * With `teamId` (even null) only that workspace's brief: in a channel shared between workspaces,
   * or with a forged event, one workspace never reaches another's. Without it, any (the console).
   */
  byThread(channel: string, threadTs: string, teamId?: string | null): Promise<StoredBrief | null>;
  latestInChannel(channel: string, teamId?: string | null): Promise<StoredBrief | null>;
  addTurn(briefId: number, turn: Turn): Promise<void>;
  /** The last `limit` turns, oldest first. */
  turns(briefId: number, limit: number): Promise<Turn[]>;
}

interface BriefRow {
  id: number | string | bigint;
  team_id: string | null;
  channel: string;
  thread_ts: string;
  query: string;
  result: BriefResult | string;
  created_at: Date | string;
}

const BRIEF_COLUMNS = 'b.id, b.team_id, b.channel, b.thread_ts, b.query, b.result, b.created_at';

export function briefStore(db: Db): BriefStore {
  async function withArticles(row: BriefRow | undefined): Promise<StoredBrief | null> {
    if (!row) return null;
    const { rows } = await db.query<ArticleRow>(
      `SELECT ${ARTICLE_COLUMNS}
       FROM brief_articles ba JOIN articles a ON a.id = ba.article_id
       WHERE ba.brief_id = $1
       ORDER BY ba.position`,
      [row.id],
    );
    return {
      id: Number(row.id),
      teamId: row.team_id,
      channel: row.channel,
      threadTs: row.thread_ts,
      query: row.query,
      result: typeof row.result === 'string' ? (JSON.parse(row.result) as BriefResult) : row.result,
      articles: rows.map(rowToArticle),
      createdAt: isoString(row.created_at),
    };
  }

  async function one(where: string, params: unknown[]): Promise<StoredBrief | null> {
    const { rows } = await db.query<BriefRow>(
      `SELECT ${BRIEF_COLUMNS} FROM briefs b WHERE ${where} ORDER BY b.created_at DESC, b.id DESC LIMIT 1`,
      params,
    );
    return withArticles(rows[0]);
  }

  return {
    async save(input) {
      const id = await db.transaction(async (tx) => {
        const { rows } = await tx.query<{ id: number | string }>(
          `INSERT INTO briefs (team_id, channel, thread_ts, query, result)
           VALUES ($1, $2, $3, $4, $5::jsonb)
           ON CONFLICT (channel, thread_ts)
           DO UPDATE SET team_id = excluded.team_id, query = excluded.query, result = excluded.result
           RETURNING id`,
          [input.teamId ?? null, input.channel, input.threadTs, input.query, JSON.stringify(input.result)],
        );
        const briefId = rows[0]?.id;
        if (briefId === undefined) throw new Error('brief insert returned no id');
        await tx.query('DELETE FROM brief_articles WHERE brief_id = $1', [briefId]);
        if (input.articleIds.length > 0) {
          await tx.query(
            `INSERT INTO brief_articles (brief_id, article_id, position)
             SELECT $1, u.id, u.ord - 1 FROM unnest($2::bigint[]) WITH ORDINALITY AS u(id, ord)`,
            [briefId, input.articleIds],
          );
        }
        return briefId;
      });
      const saved = await one('b.id = $1', [id]);
      if (!saved) throw new Error(`brief ${id} vanished after saving`);
      return saved;
    },

    byThread: (channel, threadTs, teamId) =>
      teamId === undefined
        ? one('b.channel = $1 AND b.thread_ts = $2', [channel, threadTs])
        : one('b.channel = $1 AND b.thread_ts = $2 AND b.team_id IS NOT DISTINCT FROM $3', [
            channel,
            threadTs,
            teamId,
          ]),

    latestInChannel: (channel, teamId) =>
      teamId === undefined
        ? one('b.channel = $1', [channel])
        : one('b.channel = $1 AND b.team_id IS NOT DISTINCT FROM $2', [channel, teamId]),

    async addTurn(briefId, turn) {
      await db.query('INSERT INTO thread_turns (brief_id, role, text) VALUES ($1, $2, $3)', [
        briefId,
        turn.role,
        turn.text,
      ]);
    },

    async turns(briefId, limit) {
      if (limit <= 0) return [];
      const { rows } = await db.query<Turn>(
        `SELECT role, text FROM (
           SELECT id, role, text FROM thread_turns WHERE brief_id = $1 ORDER BY id DESC LIMIT $2
         ) t ORDER BY id`,
        [briefId, Math.floor(limit)],
      );
      return rows.map((r) => ({ role: r.role, text: r.text }));
    },
  };
}

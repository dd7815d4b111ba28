import type { Queryable } from './db.ts';

export type LlmPurpose = 'brief' | 'answer' | 'digest';

export interface UsageRow {
  teamId: string;
  day: string;
  purpose: LlmPurpose;
  calls: number;
  promptTokens: number;
  completionTokens: number;
  articleTokens: number;
}

export interface UsageStore {
  record(input: {
    teamId: string;
    purpose: LlmPurpose;
    at: Date;
    promptTokens: number;
    completionTokens: number;
    articleTokens: number;
  }): Promise<void>;
  /** Prompt plus completion tokens the team used on the UTC day of `at`. */
  tokensOn(teamId: string, at: Date): Promise<number>;
  /** Per team, day and purpose, newest day first, for the last `days` UTC days up to `until`. */
  report(opts: { days: number; until: Date; teamId?: string }): Promise<UsageRow[]>;
}

interface Row {
  team_id: string;
  day: string;
  purpose: LlmPurpose;
  calls: number;
  prompt_tokens: string | number;
  completion_tokens: string | number;
  article_tokens: string | number;
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export function usageStore(db: Queryable): UsageStore {
  return {
    async record(u) {
      await db.query(
        `INSERT INTO llm_usage AS u (team_id, day, purpose, calls, prompt_tokens, completion_tokens, article_tokens)
         VALUES ($1, $2::date, $3, 1, $4, $5, $6)
         ON CONFLICT (team_id, day, purpose) DO UPDATE SET
           calls = u.calls + 1,
           prompt_tokens = u.prompt_tokens + excluded.prompt_tokens,
           completion_tokens = u.completion_tokens + excluded.completion_tokens,
           article_tokens = u.article_tokens + excluded.article_tokens`,
        [u.teamId, utcDay(u.at), u.purpose, u.promptTokens, u.completionTokens, u.articleTokens],
      );
    },

    async tokensOn(teamId, at) {
      const { rows } = await db.query<{ n: string | number | null }>(
        'SELECT sum(prompt_tokens + completion_tokens) AS n FROM llm_usage WHERE team_id = $1 AND day = $2::date',
        [teamId, utcDay(at)],
      );
      return Number(rows[0]?.n ?? 0);
    },

    async report({ days, until, teamId }) {
      const { rows } = await db.query<Row>(
        `SELECT team_id, day::text AS day, purpose, calls, prompt_tokens, completion_tokens, article_tokens
         FROM llm_usage
         WHERE day > $1::date - $2::int AND day <= $1::date AND ($3::text IS NULL OR team_id = $3)
         ORDER BY day DESC, team_id, purpose`,
        [utcDay(until), days, teamId ?? null],
      );
      return rows.map((r) => ({
        teamId: r.team_id,
        day: r.day,
        purpose: r.purpose,
        calls: r.calls,
        promptTokens: Number(r.prompt_tokens),
        completionTokens: Number(r.completion_tokens),
        articleTokens: Number(r.article_tokens),
      }));
    },
  };
}

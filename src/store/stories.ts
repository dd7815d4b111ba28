import {
  chooseStory,
  type Features,
  featureCounts,
  featuresFrom,
  STORY_RULES,
  type StoredFeatures,
  storyKeys,
} from '../stories/cluster.ts';
import {
  canLoosen,
  normaliseAliasText,
  onlyCommonWords,
  parseTopic,
  rankStories,
  type StoryHit,
  tsqueryOf,
} from '../stories/topic.ts';
import { ARTICLE_COLUMNS, type ArticleRow, isoString, rowToArticle, type StoredArticle } from './articles.ts';
import type { Db, Queryable } from './db.ts';

export interface Story {
  id: number;
  /** The title of its earliest article. */
  headline: string;
  /** The span of its articles' times (published, else ingested), ISO. */
  firstAt: string;
  lastAt: string;
  /** When the last article joined. */
  updatedAt: string;
  /** Oldest first; empty for the stories a search was told not to load them for (`withArticles`). */
  articles: StoredArticle[];
  /** How many articles it has, loaded or not. */
  articleCount: number;
}

export interface StoryMatch extends Story {
  /** Relevance × recency; higher is better. */
  score: number;
  /** How many of its articles match the topic. */
  matches: number;
}

export interface StorySearchOptions {
  /** The workspace whose aliases apply (with the global ones); null → global only. */
  teamId?: string | null;
  /** Only stories with an article this recent; null → any age. */
  windowDays: number | null;
  now?: Date;
  /** Default 5. */
  limit?: number;
  /**
   * How many of the best stories come with their articles; the rest have `articles: []` and only
   * `articleCount` (e.g. "3 more stories: …" needs headlines and counts). Default: all of them.
   */
  withArticles?: number;
}

export interface StoryStore {
  /**
   * Puts a stored article in a story: an existing one when it tells the same story (see
   * stories/cluster.ts), else a new one. Idempotent: an article already in a story stays there.
   */
  assign(article: { id: number }): Promise<{ storyId: number; created: boolean }>;
  /** Assigns every article not yet in a story, oldest first (articles stored before stories existed). */
  assignPending(): Promise<number>;
  /** Stories matching the topic, best first, each with all its articles. */
  search(topic: string, opts: StorySearchOptions): Promise<StoryMatch[]>;
  /** Without a topic: the latest stories in the window, newest first; with one, as `search`. */
  list(topic: string | null, opts: StorySearchOptions): Promise<StoryMatch[]>;
  byId(id: number): Promise<Story | null>;
  /** The team's aliases merged over the global ones (team null → global only). */
  aliases(teamId: string | null): Promise<Map<string, string[]>>;
  /** Sets a term's aliases for the team (null → global); an empty list removes the term. */
  setAliases(teamId: string | null, term: string, aliases: string[]): Promise<void>;
}

const DEFAULT_LIMIT = 5;
/** Rows of matching articles read per search; ranking happens in stories/topic.ts. */
const MAX_HITS = 1000;
/**
 * Candidate selection (story_keys): per key of the new article, the stories most recently
 * updated with it; of those, the ones sharing most keys; of each, the members nearest in time.
 * At most 40 × 12 members are compared, whatever the volume.
 */
const STORIES_PER_KEY = 200;
const MAX_CANDIDATE_STORIES = 40;
const MEMBERS_PER_STORY = 12;
/** Story members whose parsed features are kept in memory (a few kB each). */
const FEATURE_CACHE_SIZE = 1000;
/** Any fixed number: assignments run one at a time, so two outlets arriving together meet. */
const ASSIGN_LOCK = 7_312_004_003;
const DAY_MS = 86_400_000;

interface MemberRow {
  id: number | string;
  story_id: number | string;
  at: Date | string;
  /** joined_at as text: with the id, which row this is. */
  joined: string;
}

interface StoryRow {
  id: number | string;
  headline: string;
  article_count: number | string;
  first_at: Date | string;
  last_at: Date | string;
  updated_at: Date | string;
}

const ARTICLE_TIME = 'coalesce(a.published_at, a.ingested_at)';

function ms(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(value);
}

function teamKey(teamId: string | null | undefined): string {
  return teamId ?? '';
}

export function storyStore(db: Db): StoryStore {
  /**
   * Parsed features of recent story members by article id, least recently used first. Feeds
   * deliver articles roughly in time order, so each new article meets mostly the members the last
   * one met. `joined` (the member row's joined_at) tells a reused id apart, e.g. after a truncation.
   */
  const featureCache = new Map<number, { joined: string; features: Features }>();

  function remember(articleId: number, joined: string, features: Features): void {
    featureCache.delete(articleId);
    featureCache.set(articleId, { joined, features });
    if (featureCache.size > FEATURE_CACHE_SIZE) {
      const oldest = featureCache.keys().next();
      if (!oldest.done) featureCache.delete(oldest.value);
    }
  }

  /**
   * The members' features: from the cache, else as stored when they joined; a member from before
   * they were stored (migration 009) is read once, computed and stored now.
   */
  async function memberFeatures(tx: Queryable, members: MemberRow[]): Promise<Map<number, Features>> {
    const out = new Map<number, Features>();
    const missing: MemberRow[] = [];
    for (const m of members) {
      const id = Number(m.id);
      const hit = featureCache.get(id);
      if (hit && hit.joined === m.joined) {
        remember(id, hit.joined, hit.features);
        out.set(id, hit.features);
      } else missing.push(m);
    }
    if (missing.length === 0) return out;
    const ids = missing.map((m) => Number(m.id));
    const { rows } = await tx.query<{ id: number | string; features: StoredFeatures | string }>(
      'SELECT article_id AS id, features FROM story_features WHERE article_id = ANY($1::bigint[])',
      [ids],
    );
    const stored = new Map<number, StoredFeatures>();
    for (const r of rows) {
      stored.set(
        Number(r.id),
        typeof r.features === 'string' ? (JSON.parse(r.features) as StoredFeatures) : r.features,
      );
    }
    const backfill: { id: number; f: StoredFeatures }[] = [];
    const unstored = ids.filter((id) => !stored.has(id));
    if (unstored.length > 0) {
      const { rows: texts } = await tx.query<{ id: number | string; title: string | null; text: string }>(
        'SELECT id, title, text FROM articles WHERE id = ANY($1::bigint[])',
        [unstored],
      );
      for (const t of texts) {
        const f = featureCounts(t);
        stored.set(Number(t.id), f);
        backfill.push({ id: Number(t.id), f });
      }
    }
    for (const m of missing) {
      const f = stored.get(Number(m.id));
      if (!f) continue;
      const features = featuresFrom(f, ms(m.at));
      remember(Number(m.id), m.joined, features);
      out.set(Number(m.id), features);
    }
    if (backfill.length > 0) {
      await tx.query(
        `INSERT INTO story_features (article_id, features)
         SELECT (e ->> 'id')::bigint, e -> 'f' FROM jsonb_array_elements($1::jsonb) AS e
         ON CONFLICT (article_id) DO NOTHING`,
        [JSON.stringify(backfill)],
      );
    }
    return out;
  }

  /**
   * The story members a new article is compared with: from the stories sharing one of its keys with
   * a member no older than the time gate (story_keys, migration 011), the most key-sharing first,
   * each story's members within the gap nearest the article's time first. Not the latest N members
   * of all stories: a same-story report two days later still meets its story at 5,000 articles a day.
   */
  async function candidateMembers(
    tx: Queryable,
    keys: string[],
    at: string,
    gap: string,
  ): Promise<MemberRow[]> {
    if (keys.length === 0) return [];
    const { rows } = await tx.query<MemberRow>(
      `WITH candidates AS (
         SELECT h.story_id
         FROM unnest($1::text[]) AS k (key)
         CROSS JOIN LATERAL (
           SELECT sk.story_id, sk.last_at FROM story_keys sk
           WHERE sk.key = k.key AND sk.last_at >= $2::timestamptz - $3::interval
           ORDER BY sk.last_at DESC
           LIMIT $4
         ) h
         JOIN stories s ON s.id = h.story_id
         WHERE s.first_at <= $2::timestamptz + $3::interval
         GROUP BY h.story_id
         ORDER BY count(*) DESC, max(h.last_at) DESC
         LIMIT $5
       )
       SELECT m.id, m.story_id, m.at, m.joined FROM (
         SELECT sa.article_id AS id, sa.story_id, sa.at, sa.joined_at::text AS joined,
           row_number() OVER (
             PARTITION BY sa.story_id ORDER BY abs(extract(epoch FROM sa.at - $2::timestamptz)), sa.article_id
           ) AS nearness
         FROM story_articles sa
         WHERE sa.story_id IN (SELECT story_id FROM candidates)
           AND sa.at BETWEEN $2::timestamptz - $3::interval AND $2::timestamptz + $3::interval
       ) m
       WHERE m.nearness <= $6`,
      [keys, at, gap, STORIES_PER_KEY, MAX_CANDIDATE_STORIES, MEMBERS_PER_STORY],
    );
    return rows;
  }

  async function assignIn(tx: Queryable, articleId: number): Promise<{ storyId: number; created: boolean }> {
    // No waiting for the disk at commit: an assignment lost in a crash leaves its article in
    // story_pending (its removal is in the same transaction), and the next assignPending redoes it.
    await tx.query(
      `SELECT pg_advisory_xact_lock(${ASSIGN_LOCK}), set_config('synchronous_commit', 'off', true)`,
    );
    const { rows: found } = await tx.query<{
      title: string | null;
      text: string;
      at: Date | string;
      story_id: number | string | null;
    }>(
      `SELECT a.title, a.text, ${ARTICLE_TIME} AS at, sa.story_id
       FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
       WHERE a.id = $1`,
      [articleId],
    );
    const row = found[0];
    if (row && row.story_id !== null) return { storyId: Number(row.story_id), created: false };
    if (!row) throw new Error(`article ${articleId} is not stored`);
    const articleAt = ms(row.at);
    const stored = featureCounts(row);
    const gap = `${STORY_RULES.maxGapHours} hours`;
    const keys = storyKeys(stored);
    const members = await candidateMembers(tx, keys, new Date(articleAt).toISOString(), gap);
    const known = await memberFeatures(tx, members);
    const byStory = new Map<number, Features[]>();
    for (const m of members) {
      const f = known.get(Number(m.id));
      if (!f) continue;
      const list = byStory.get(Number(m.story_id)) ?? [];
      list.push(f);
      byStory.set(Number(m.story_id), list);
    }
    const chosen = chooseStory(
      featuresFrom(stored, articleAt),
      [...byStory].map(([storyId, f]) => ({ storyId, members: f })),
    );
    const at = new Date(articleAt).toISOString();
    // One statement writes it all (one round trip, which counts on a busy server): the story, new
    // or updated, the membership, the member's features and the story's keys (its index entry:
    // this article's keys, each as recent as its latest member).
    const story =
      chosen === null
        ? `INSERT INTO stories (headline, first_at, last_at) VALUES ($5, $2::timestamptz, $2::timestamptz) RETURNING id`
        : // The cached brief keys on its articles' content, so a joining article makes it stale by
          // itself. The headline is the earliest article's title, whatever order they arrive in.
          `UPDATE stories SET updated_at = now(),
             headline = CASE WHEN $2::timestamptz < first_at AND $5::text IS NOT NULL THEN $5 ELSE headline END,
             first_at = least(first_at, $2::timestamptz), last_at = greatest(last_at, $2::timestamptz)
           WHERE id = $6 RETURNING id`;
    const { rows: inserted } = await tx.query<{ story_id: number | string; joined: string }>(
      `WITH story AS (${story}),
       member AS (
         INSERT INTO story_articles (article_id, story_id, at) SELECT $1, story.id, $2::timestamptz FROM story
         RETURNING story_id, joined_at::text AS joined
       ),
       features AS (
         INSERT INTO story_features (article_id, features) VALUES ($1, $3::jsonb)
         ON CONFLICT (article_id) DO UPDATE SET features = excluded.features
       ),
       keys AS (
         INSERT INTO story_keys (story_id, key, last_at)
           SELECT story.id, k, $2::timestamptz FROM story, unnest($4::text[]) AS k
         ON CONFLICT (story_id, key) DO UPDATE SET last_at = greatest(story_keys.last_at, excluded.last_at)
       )
       SELECT story_id, joined FROM member`,
      [
        articleId,
        at,
        JSON.stringify(stored),
        keys,
        chosen === null
          ? row.title?.trim() || `${row.text.replace(/\s+/g, ' ').slice(0, 100).trim()}…`
          : row.title?.trim() || null,
        ...(chosen === null ? [] : [chosen]),
      ],
    );
    const storyId = Number(inserted[0]?.story_id);
    remember(articleId, inserted[0]?.joined ?? '', featuresFrom(stored, articleAt));
    return { storyId, created: chosen === null };
  }

  async function assignPending(): Promise<number> {
    // story_pending is kept by triggers (migration 009): articles in, story members out.
    const { rows } = await db.query<{ id: number | string }>(
      `SELECT a.id FROM story_pending p JOIN articles a ON a.id = p.article_id
       ORDER BY ${ARTICLE_TIME}, a.id`,
    );
    for (const r of rows) await db.transaction((tx) => assignIn(tx, Number(r.id)));
    return rows.length;
  }

  async function aliases(teamId: string | null): Promise<Map<string, string[]>> {
    // The team's own definition of a term wins over the global one.
    const { rows } = await db.query<{ term: string; aliases: string[] }>(
      `SELECT term, aliases FROM topic_aliases WHERE team_id = '' OR team_id = $1
       ORDER BY (team_id = '') DESC, term`,
      [teamKey(teamId)],
    );
    return new Map(rows.map((r) => [r.term, r.aliases]));
  }

  async function hits(tsquery: string, since: Date | null): Promise<StoryHit<number>[]> {
    // story_search (migration 010): story members' search vectors with their story and time.
    const { rows } = await db.query<{ story_id: number | string; rank: number; at: Date | string }>(
      `SELECT s.story_id, ts_rank(s.search, q) AS rank, s.at
       FROM story_search s, to_tsquery('simple', $1) q
       WHERE s.search @@ q AND ($2::timestamptz IS NULL OR s.at >= $2::timestamptz)
       ORDER BY rank DESC, s.at DESC
       LIMIT $3`,
      [tsquery, since?.toISOString() ?? null, MAX_HITS],
    );
    return rows.map((r) => ({ storyId: Number(r.story_id), rank: Number(r.rank), at: ms(r.at) }));
  }

  /** The stories, the first `withArticles` of `ids` with their articles. */
  async function load(ids: number[], withArticles = ids.length): Promise<Map<number, Story>> {
    const stories = new Map<number, Story>();
    if (ids.length === 0) return stories;
    const { rows } = await db.query<StoryRow>(
      `SELECT s.id, s.headline, s.first_at, s.last_at, s.updated_at,
         (SELECT count(*) FROM story_articles sa WHERE sa.story_id = s.id) AS article_count
       FROM stories s WHERE s.id = ANY($1::bigint[])`,
      [ids],
    );
    for (const r of rows) {
      stories.set(Number(r.id), {
        id: Number(r.id),
        headline: r.headline,
        firstAt: isoString(r.first_at),
        lastAt: isoString(r.last_at),
        updatedAt: isoString(r.updated_at),
        articles: [],
        articleCount: Number(r.article_count),
      });
    }
    const full = ids.slice(0, Math.max(0, withArticles));
    if (full.length === 0) return stories;
    const { rows: members } = await db.query<ArticleRow & { story_id: number | string }>(
      `SELECT sa.story_id, ${ARTICLE_COLUMNS}
       FROM story_articles sa JOIN articles a ON a.id = sa.article_id
       WHERE sa.story_id = ANY($1::bigint[])
       ORDER BY sa.at, a.id`,
      [full],
    );
    for (const m of members) stories.get(Number(m.story_id))?.articles.push(rowToArticle(m));
    return stories;
  }

  function since(opts: StorySearchOptions): Date | null {
    if (opts.windowDays === null) return null;
    return new Date((opts.now ?? new Date()).getTime() - opts.windowDays * DAY_MS);
  }

  async function search(topic: string, opts: StorySearchOptions): Promise<StoryMatch[]> {
    await assignPending();
    const query = parseTopic(topic, await aliases(opts.teamId ?? null), { places: true });
    const all = tsqueryOf(query, 'all');
    // "now", "today": words every story has say nothing about which one is meant.
    if (all === null || onlyCommonWords(query)) return [];
    const from = since(opts);
    let found = await hits(all, from);
    // Several plain words and no story with all of them: the stories with most of them will do.
    const any = canLoosen(query) ? tsqueryOf(query, 'any') : null;
    if (found.length === 0 && any !== null) found = await hits(any, from);
    const ranked = rankStories(found, {
      now: (opts.now ?? new Date()).getTime(),
      windowDays: opts.windowDays ?? 365,
    }).slice(0, Math.max(1, opts.limit ?? DEFAULT_LIMIT));
    const stories = await load(
      ranked.map((r) => r.storyId),
      opts.withArticles,
    );
    return ranked.flatMap((r) => {
      const story = stories.get(r.storyId);
      return story ? [{ ...story, score: r.score, matches: r.matches }] : [];
    });
  }

  return {
    assign: (article) => db.transaction((tx) => assignIn(tx, article.id)),
    assignPending,
    search,
    async list(topic, opts) {
      if (topic?.trim()) return search(topic, opts);
      await assignPending();
      const { rows } = await db.query<{ id: number | string }>(
        `SELECT s.id FROM stories s
         WHERE ($1::timestamptz IS NULL OR s.last_at >= $1::timestamptz)
           AND EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)
         ORDER BY s.last_at DESC, s.id DESC
         LIMIT $2`,
        [since(opts)?.toISOString() ?? null, Math.max(1, opts.limit ?? 20)],
      );
      const ids = rows.map((r) => Number(r.id));
      const stories = await load(ids);
      return ids.flatMap((id) => {
        const s = stories.get(id);
        return s ? [{ ...s, score: 0, matches: 0 }] : [];
      });
    },
    async byId(id) {
      return (await load([id])).get(id) ?? null;
    },
    aliases,
    async setAliases(teamId, term, list) {
      const key = normaliseAliasText(term);
      if (!key) return;
      const clean = [...new Set(list.map(normaliseAliasText))].filter((a) => a && a !== key);
      if (clean.length === 0) {
        await db.query('DELETE FROM topic_aliases WHERE team_id = $1 AND term = $2', [teamKey(teamId), key]);
        return;
      }
      await db.query(
        `INSERT INTO topic_aliases (team_id, term, aliases) VALUES ($1, $2, $3::text[])
         ON CONFLICT (team_id, term) DO UPDATE SET aliases = excluded.aliases, updated_at = now()`,
        [teamKey(teamId), key, clean],
      );
    },
  };
}

import type { Article } from '../ingest/article.ts';
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
  type PrefixWords,
  parseTopic,
  prefixesOf,
  rankStories,
  type StoryHit,
  tsqueryOf,
} from '../stories/topic.ts';
import {
  ARTICLE_COLUMNS,
  type ArticleRow,
  articleValues,
  findArticle,
  insertArticleSql,
  isoString,
  rowToArticle,
  type StoredArticle,
} from './articles.ts';
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
   * With its title and text (the article as `articles.add` returned it) it is not read again.
   */
  assign(article: AssignInput): Promise<{ storyId: number; created: boolean }>;
  /**
   * Stores an article and puts it in its story, in one transaction: `articles.add` then `assign`
   * in fewer round trips (the insert and the candidate read are one statement). An article stored
   * already (same canonical URL or text) is not stored again: it keeps its story (or gets one).
   */
  ingest(article: Article): Promise<Ingested>;
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

export interface Ingested {
  article: StoredArticle;
  /** False: the article was stored already. */
  created: boolean;
  storyId: number;
  /** The article started a new story. */
  storyCreated: boolean;
}

/** A stored article; title and text, when given, must be as stored (they save reading it again). */
export interface AssignInput {
  id: number;
  title?: string | null;
  text?: string;
}

const DEFAULT_LIMIT = 5;
/**
 * Past this many words of the window starting with a typed prefix, it is looked up as a prefix
 * (a two-syllable Korean word may begin hundreds): an OR of that many words costs the index more.
 */
const MAX_PREFIX_WORDS = 24;
/** Rows of matching articles read per search; ranking happens in stories/topic.ts. */
const MAX_HITS = 1000;
/**
 * Candidate selection (story_keys): per key of the new article, the stories most recently
 * updated with it; of those, the ones sharing most of its rarest keys (each key weighs 1 / the
 * stories found with it); of each, the members nearest in time.
 * At most 20 × 8 members are compared, whatever the volume. With the rarest keys first, that many
 * cluster as well as 40 × 12 did (3 days × 5,000 of bench:cluster's stream: recall 0.997 both),
 * and each key's 50 latest stories as well as its 200: a key that many stories have weighs next
 * to nothing.
 */
const STORIES_PER_KEY = 50;
const MAX_CANDIDATE_STORIES = 20;
const MEMBERS_PER_STORY = 8;
/**
 * Story members whose parsed features are kept in memory (about 1.5 kB each, their terms shared
 * through `intern`): enough for the members a new article meets at 5,000 articles a day, which
 * are the candidate stories' members nearest its time. With 1,000, a third of them were read and
 * parsed again for every article.
 */
const FEATURE_CACHE_SIZE = 16_000;
/** Distinct terms shared by the cached features; past this the cache starts afresh. */
const MAX_INTERNED_TERMS = 300_000;
/** Any fixed number (see ASSIGN_OPENING). */
const ASSIGN_LOCK = 7_312_004_003;
const DAY_MS = 86_400_000;

interface MemberRow {
  id: number;
  storyId: number;
  /** Epoch ms. */
  at: number;
  /** joined_at (epoch s): with the id, which row this is. */
  joined: number;
}

/** The candidate query's one row: the article's time and story, and its candidate members as arrays. */
interface CandidateRow {
  at_ms: number | string;
  story_id: number | string | null;
  ids: (number | string)[] | null;
  story_ids: (number | string)[] | null;
  ats: (number | string)[] | null;
  joined: (number | string)[] | null;
}

interface CandidateRead {
  /** The article's time, epoch ms. */
  at: number;
  /** Its story, when it has one already. */
  storyId: number | null;
  members: MemberRow[];
}

function candidateRead(row: CandidateRow): CandidateRead {
  const members = (row.ids ?? []).map((id, i) => ({
    id: Number(id),
    storyId: Number(row.story_ids?.[i]),
    at: Number(row.ats?.[i]),
    joined: Number(row.joined?.[i]),
  }));
  return { at: Number(row.at_ms), storyId: row.story_id === null ? null : Number(row.story_id), members };
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

/** Longer windows are searched without day lexemes (the time condition alone bounds them). */
export const MAX_WINDOW_DAYS_AS_LEXEMES = 62;
/** Days after `now` still searched: a feed's clock or time zone may date an article ahead. */
const FUTURE_DAYS = 2;

/**
 * The window as a tsquery of story_search's day lexemes (migration 015): 'day 2026-12-01' |
 * 'day 2026-12-02' | …, UTC days from the window's start to a little after `now`. Null: no window,
 * or one too long to be worth listing.
 */
export function windowDays(since: Date | null, now: Date): string | null {
  if (since === null) return null;
  const first = Math.floor(since.getTime() / DAY_MS);
  const last = Math.floor(now.getTime() / DAY_MS) + FUTURE_DAYS;
  if (last - first > MAX_WINDOW_DAYS_AS_LEXEMES) return null;
  const days: string[] = [];
  for (let d = first; d <= last; d++) days.push(`'day ${new Date(d * DAY_MS).toISOString().slice(0, 10)}'`);
  return days.join(' | ');
}

function teamKey(teamId: string | null | undefined): string {
  return teamId ?? '';
}

/**
 * Assignments run one at a time (so two outlets arriving together meet), and wait for no disk at
 * commit: an assignment lost in a crash leaves its article in story_pending (its removal is in the
 * same transaction), and the next assignPending redoes it.
 */
const ASSIGN_OPENING = `SELECT pg_advisory_xact_lock(${ASSIGN_LOCK}), set_config('synchronous_commit', 'off', true)`;
/**
 * `ingest` takes the same lock and, like `assign`, does not wait for the disk at commit: a crash
 * of the database server (or its machine) within about 0.6 s of the commit (three WAL writer
 * rounds) can lose the article with its assignment. README ("Stories at newsroom volume") says
 * what that costs; a crash of the app loses nothing committed.
 */
const INGEST_OPENING = ASSIGN_OPENING;
const GAP = `interval '${STORY_RULES.maxGapHours} hours'`;

/**
 * See readForAssign. `art` a query of the article's time and story (null: to be assigned),
 * `keys` the parameter of its keys, `extra` more columns of the result (from `art`). Times as epoch
 * ms, so no dates to parse.
 */
function candidatesSql(
  art: string,
  keys: string,
  more: { before?: string; columns?: string; from?: string } = {},
): string {
  return `WITH ${more.before ?? ''} art AS (${art}),
  hits AS (
    SELECT h.story_id, h.last_at, count(*) OVER (PARTITION BY k.key) AS per_key
    FROM art, unnest(${keys}::text[]) AS k (key)
    CROSS JOIN LATERAL (
      SELECT sk.story_id, sk.last_at FROM story_keys sk
      WHERE sk.key = k.key AND sk.last_at >= art.at - ${GAP}
      ORDER BY sk.last_at DESC
      LIMIT ${STORIES_PER_KEY}
    ) h
    WHERE art.story_id IS NULL
  ),
  candidates AS (
    -- A key few stories have (a name) says more than one hundreds have ("plan"): each shared key
    -- counts 1 / the stories found with it, so a story sharing its names with the article ranks
    -- above the many sharing its common words.
    SELECT h.story_id
    FROM art, hits h JOIN stories s ON s.id = h.story_id
    WHERE s.first_at <= art.at + ${GAP}
    GROUP BY h.story_id
    ORDER BY sum(1.0::float8 / h.per_key) DESC, max(h.last_at) DESC
    LIMIT ${MAX_CANDIDATE_STORIES}
  ),
  members AS (
    -- Story by story through (story_id, at): reading the window's members of all stories and
    -- keeping the candidates' scanned every article of six days (30,000 at 5,000 a day).
    SELECT m.* FROM art, candidates c
    CROSS JOIN LATERAL (
      SELECT sa.article_id, sa.story_id, sa.at, sa.joined_at
      FROM story_articles sa
      WHERE sa.story_id = c.story_id AND sa.at BETWEEN art.at - ${GAP} AND art.at + ${GAP}
      ORDER BY abs(date_part('epoch', sa.at - art.at)), sa.article_id
      LIMIT ${MEMBERS_PER_STORY}
    ) m
  )
  SELECT date_part('epoch', art.at) * 1000 AS at_ms, art.story_id, m.ids, m.story_ids, m.ats, m.joined${more.columns ?? ''}
  FROM ${more.from ?? ''} art, (
    -- One aggregate node: its arrays take the rows in the same order. date_part, not extract: a
    -- float, not a numeric to compute and print (ten times the cost at 500 rows).
    SELECT array_agg(article_id) AS ids, array_agg(story_id) AS story_ids,
      array_agg(date_part('epoch', at) * 1000) AS ats, array_agg(date_part('epoch', joined_at)) AS joined
    FROM members
  ) m`;
}

/** $1 the article, $2 its keys. */
const CANDIDATES_SQL = candidatesSql(
  `SELECT coalesce(a.published_at, a.ingested_at) AS at, sa.story_id
   FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id
   WHERE a.id = $1`,
  '$2',
);

/**
 * `ingest`'s first statement: the article stored (as articles.add stores it: $2… are
 * articleValues) and, in the same round trip, its candidate members. No row: the article was
 * stored already. $1 its keys.
 */
const INGEST_SQL = candidatesSql('SELECT at, NULL::bigint AS story_id FROM stored', '$1', {
  before: `stored AS (${insertArticleSql(2, `${ARTICLE_COLUMNS}, coalesce(a.published_at, a.ingested_at) AS at`)}),`,
  columns: `, ${ARTICLE_COLUMNS.replace(/\ba\./g, 'stored.')}`,
  from: 'stored,',
});

/**
 * One statement writes it all (one round trip, which counts on a busy server): the story, new or
 * updated, the membership, the member's features and the story's keys (its index entry: this
 * article's keys, each as recent as its latest member). $1 article, $2 its time, $3 features,
 * $4 keys, $5 title (a new story's headline), $6 the story joined.
 */
function writeSql(story: string): string {
  return `WITH story AS (${story}),
    member AS (
      INSERT INTO story_articles (article_id, story_id, at) SELECT $1, story.id, $2::timestamptz FROM story
      RETURNING story_id, date_part('epoch', joined_at) AS joined
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
    SELECT story_id, joined FROM member`;
}
const WRITE_NEW_STORY_SQL = writeSql(
  'INSERT INTO stories (headline, first_at, last_at) VALUES ($5, $2::timestamptz, $2::timestamptz) RETURNING id',
);
// The cached brief keys on its articles' content, so a joining article makes it stale by itself.
// The headline is the earliest article's title, whatever order they arrive in.
const WRITE_JOIN_STORY_SQL = writeSql(
  `UPDATE stories SET updated_at = now(),
     headline = CASE WHEN $2::timestamptz < first_at AND $5::text IS NOT NULL THEN $5 ELSE headline END,
     first_at = least(first_at, $2::timestamptz), last_at = greatest(last_at, $2::timestamptz)
   WHERE id = $6 RETURNING id`,
);

export function storyStore(db: Db): StoryStore {
  /**
   * Parsed features of recent story members by article id, least recently used first. Feeds
   * deliver articles roughly in time order, so each new article meets mostly the members the last
   * one met. `joined` (the member row's joined_at) tells a reused id apart, e.g. after a truncation.
   */
  const featureCache = new Map<number, { joined: number; features: Features }>();
  /** One string per distinct term across the cached features, so members share their terms' memory. */
  const terms = new Map<string, string>();

  function intern(list: string[]): string[] {
    if (terms.size > MAX_INTERNED_TERMS) {
      terms.clear();
      featureCache.clear();
    }
    return list.map((t) => {
      const known = terms.get(t);
      if (known !== undefined) return known;
      terms.set(t, t);
      return t;
    });
  }

  function remember(articleId: number, joined: number, features: Features): void {
    featureCache.delete(articleId);
    featureCache.set(articleId, { joined, features });
    if (featureCache.size > FEATURE_CACHE_SIZE) {
      const oldest = featureCache.keys().next();
      if (!oldest.done) featureCache.delete(oldest.value);
    }
  }

  function cachedFeatures(stored: StoredFeatures, at: number): Features {
    const f = featuresFrom(stored, at);
    return { ...f, terms: intern(f.terms), anchors: intern(f.anchors) };
  }

  /**
   * The members' features: from the cache, else as stored when they joined; a member from before
   * they were stored (migration 009) is read once, computed and stored now.
   */
  async function memberFeatures(tx: Queryable, members: MemberRow[]): Promise<Map<number, Features>> {
    const out = new Map<number, Features>();
    const missing: MemberRow[] = [];
    for (const m of members) {
      const hit = featureCache.get(m.id);
      if (hit && hit.joined === m.joined) {
        remember(m.id, hit.joined, hit.features);
        out.set(m.id, hit.features);
      } else missing.push(m);
    }
    if (missing.length === 0) return out;
    const ids = missing.map((m) => m.id);
    const { rows } = await tx.query<{ id: number | string; features: StoredFeatures | string }>(
      'SELECT article_id AS id, features FROM story_features WHERE article_id = ANY($1::bigint[])',
      [ids],
      { name: 'assign_member_features' },
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
      const f = stored.get(m.id);
      if (!f) continue;
      const features = cachedFeatures(f, m.at);
      remember(m.id, m.joined, features);
      out.set(m.id, features);
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
   * In one statement: the article's time and story (none yet: it is to be assigned) and the story
   * members it is compared with, as arrays (one row to decode, not hundreds). The members come from
   * the stories sharing one of its keys with a member no older than the time gate (story_keys,
   * migration 013), those sharing its rarest keys first, each story's members within the gap nearest the
   * article's time first. Not the latest N members of all stories: a same-story report two days
   * later still meets its story at 5,000 articles a day.
   */
  async function readForAssign(
    tx: Queryable,
    articleId: number,
    keys: string[],
  ): Promise<CandidateRead | null> {
    const { rows } = await tx.query<CandidateRow>(CANDIDATES_SQL, [articleId, keys], {
      name: 'assign_candidates',
    });
    return rows[0] ? candidateRead(rows[0]) : null;
  }

  async function assignIn(
    tx: Queryable,
    article: AssignInput,
  ): Promise<{ storyId: number; created: boolean }> {
    // The assign lock is taken as the transaction opens (ASSIGN_OPENING).
    const articleId = article.id;
    let content: { title: string | null; text: string } | null =
      typeof article.text === 'string' ? { title: article.title ?? null, text: article.text } : null;
    if (content === null) {
      const { rows } = await tx.query<{ title: string | null; text: string }>(
        'SELECT title, text FROM articles WHERE id = $1',
        [articleId],
      );
      content = rows[0] ?? null;
      if (!content) throw new Error(`article ${articleId} is not stored`);
    }
    const stored = featureCounts(content);
    const keys = storyKeys(stored);
    const read = await readForAssign(tx, articleId, keys);
    if (!read) throw new Error(`article ${articleId} is not stored`);
    if (read.storyId !== null) return { storyId: read.storyId, created: false };
    return place(tx, articleId, content, stored, keys, read);
  }

  /** Puts an article that is in no story yet in one: decides with its candidates, then writes. */
  async function place(
    tx: Queryable,
    articleId: number,
    content: { title: string | null; text: string },
    stored: StoredFeatures,
    keys: string[],
    read: CandidateRead,
  ): Promise<{ storyId: number; created: boolean }> {
    const articleAt = read.at;
    const known = await memberFeatures(tx, read.members);
    const byStory = new Map<number, Features[]>();
    for (const m of read.members) {
      const f = known.get(m.id);
      if (!f) continue;
      const list = byStory.get(m.storyId) ?? [];
      list.push(f);
      byStory.set(m.storyId, list);
    }
    const own = cachedFeatures(stored, articleAt);
    const chosen = chooseStory(
      own,
      [...byStory].map(([storyId, f]) => ({ storyId, members: f })),
    );
    const at = new Date(articleAt).toISOString();
    const title = content.title?.trim() || null;
    const { rows: inserted } = await tx.query<{ story_id: number | string; joined: number | string }>(
      chosen === null ? WRITE_NEW_STORY_SQL : WRITE_JOIN_STORY_SQL,
      [
        articleId,
        at,
        JSON.stringify(stored),
        keys,
        chosen === null ? (title ?? `${content.text.replace(/\s+/g, ' ').slice(0, 100).trim()}…`) : title,
        ...(chosen === null ? [] : [chosen]),
      ],
      { name: chosen === null ? 'assign_new_story' : 'assign_join_story' },
    );
    const storyId = Number(inserted[0]?.story_id);
    remember(articleId, Number(inserted[0]?.joined), own);
    return { storyId, created: chosen === null };
  }

  async function ingestIn(
    tx: Queryable,
    article: Article,
    stored: StoredFeatures,
    keys: string[],
  ): Promise<Ingested> {
    const { values, url, hash } = articleValues(article);
    const { rows } = await tx.query<CandidateRow & ArticleRow>(INGEST_SQL, [keys, ...values], {
      name: 'ingest_article',
    });
    const row = rows[0];
    if (row) {
      const saved = rowToArticle(row);
      const placed = await place(tx, saved.id, saved, stored, keys, candidateRead(row));
      return { article: saved, created: true, storyId: placed.storyId, storyCreated: placed.created };
    }
    // Stored already (same URL or text): it keeps its story, or gets one now.
    const existing = await findArticle(tx, url, hash);
    if (!existing) throw new Error('article insert conflicted but no matching row was found');
    const placed = await assignIn(tx, existing);
    return { article: existing, created: false, storyId: placed.storyId, storyCreated: placed.created };
  }

  async function assignPending(): Promise<number> {
    // story_pending is kept by triggers (migration 009): articles in, story members out.
    const { rows } = await db.query<{ id: number | string }>(
      `SELECT a.id FROM story_pending p JOIN articles a ON a.id = p.article_id
       ORDER BY ${ARTICLE_TIME}, a.id`,
    );
    for (const r of rows)
      await db.transaction((tx) => assignIn(tx, { id: Number(r.id) }), { opening: ASSIGN_OPENING });
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

  async function hits(tsquery: string, since: Date | null, now: Date): Promise<StoryHit<number>[]> {
    // story_search (migrations 010, 015, 016): story members' search vectors with their story and
    // time, one partition per week, each row with its day as a lexeme. The time bounds leave out
    // the weeks outside the window (partition pruning: the planner sees them as constants), and
    // the day lexemes bound the search inside the weeks read.
    const days = windowDays(since, now);
    const until =
      days === null ? null : new Date((Math.floor(now.getTime() / DAY_MS) + FUTURE_DAYS + 1) * DAY_MS);
    const params: unknown[] = [tsquery, MAX_HITS];
    const param = (value: unknown) => `$${params.push(value)}`;
    const { rows } = await db.query<{ story_id: number | string; rank: number; at: Date | string }>(
      `SELECT s.story_id, ts_rank(s.search, q) AS rank, s.at
       FROM story_search s, to_tsquery('simple', $1) q
       WHERE s.search @@ ${days === null ? 'q' : `(q && ${param(days)}::tsquery)`}
         ${since === null ? '' : `AND s.at >= ${param(since.toISOString())}::timestamptz`}
         ${until === null ? '' : `AND s.at < ${param(until.toISOString())}::timestamptz`}
       ORDER BY rank DESC, s.at DESC
       LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ storyId: Number(r.story_id), rank: Number(r.rank), at: ms(r.at) }));
  }

  /**
   * Each prefix's words in search_words (migration 016) seen since the window's first day; a
   * prefix with more than MAX_PREFIX_WORDS is left out (looked up as a prefix). Only for windows
   * short enough to be searched by their days: over a longer one the prefix is read in full anyway.
   */
  async function prefixWords(prefixes: string[], since: Date | null, now: Date): Promise<PrefixWords> {
    if (prefixes.length === 0 || windowDays(since, now) === null || since === null) return new Map();
    const { rows } = await db.query<{ prefix: string; words: string[] | null; n: number | string }>(
      `SELECT p.prefix, w.words, w.n
       FROM unnest($1::text[]) AS p (prefix)
       CROSS JOIN LATERAL (
         SELECT array_agg(x.word) AS words, count(*) AS n FROM (
           SELECT sw.word FROM search_words sw
           WHERE sw.word >= p.prefix COLLATE "C" AND sw.word < (p.prefix || chr(1114111)) COLLATE "C"
             AND sw.last_day >= $2::date
           LIMIT ${MAX_PREFIX_WORDS + 1}
         ) x
       ) w`,
      [prefixes, since.toISOString().slice(0, 10)],
    );
    return new Map(rows.filter((r) => Number(r.n) <= MAX_PREFIX_WORDS).map((r) => [r.prefix, r.words ?? []]));
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
    // "now", "today": words every story has say nothing about which one is meant.
    if (tsqueryOf(query, 'all') === null || onlyCommonWords(query)) return [];
    const from = since(opts);
    const now = opts.now ?? new Date();
    const expand = await prefixWords(prefixesOf(query), from, now);
    let found = await hits(tsqueryOf(query, 'all', expand) ?? '', from, now);
    // Several plain words and no story with all of them: the stories with most of them will do.
    const any = canLoosen(query) ? tsqueryOf(query, 'any', expand) : null;
    if (found.length === 0 && any !== null) found = await hits(any, from, now);
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
    assign: (article) => db.transaction((tx) => assignIn(tx, article), { opening: ASSIGN_OPENING }),
    async ingest(article) {
      // Features before the transaction: the assign lock is held for the database's part only.
      const stored = featureCounts(article);
      const keys = storyKeys(stored);
      return db.transaction((tx) => ingestIn(tx, article, stored, keys), { opening: INGEST_OPENING });
    },
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

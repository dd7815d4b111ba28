import type { SecretBox } from '../secretBox.ts';
import { type ArticleStore, articleStore } from './articles.ts';
import { type BriefCacheStore, briefCacheStore } from './briefCache.ts';
import { type BriefStore, briefStore } from './briefs.ts';
import { type Db, openPglite } from './db.ts';
import { type DigestStore, digestStore } from './digests.ts';
import { type EventStore, eventStore } from './events.ts';
import { type FeedbackStore, feedbackStore } from './feedback.ts';
import { type FeedStore, feedStore } from './feeds.ts';
import { installationStore, type WorkspaceInstallationStore } from './installations.ts';
import { openPostgres } from './pg.ts';
import { type SettingsStore, settingsStore } from './settings.ts';
import { type StoryStore, storyStore } from './stories.ts';
import { type PurgeResult, purgeTeam } from './teams.ts';
import { type UsageStore, usageStore } from './usage.ts';

export type { ArticleStore, StoredArticle } from './articles.ts';
export type { BriefCacheStore } from './briefCache.ts';
export type { BriefStore, SaveBriefInput, StoredBrief, Turn } from './briefs.ts';
export type { Db, Queryable } from './db.ts';
export type { EventStore } from './events.ts';
export type { FeedbackCount, FeedbackReason, FeedbackRow, FeedbackStore } from './feedback.ts';
export type { InstallationSummary, WorkspaceInstallationStore } from './installations.ts';
export type { SettingsAuditEntry, SettingsStore } from './settings.ts';
export type { Story, StoryMatch, StorySearchOptions, StoryStore } from './stories.ts';
export type { PurgeResult } from './teams.ts';

export interface Store {
  articles: ArticleStore;
  briefs: BriefStore;
  /** Verified LLM briefs by story, prompt version and model; the engine reads and writes it. */
  briefCache: BriefCacheStore;
  digests: DigestStore;
  events: EventStore;
  /** Thumbs up/down on briefs and answers, per workspace (erased with it). */
  feedback: FeedbackStore;
  feeds: FeedStore;
  stories: StoryStore;
  usage: UsageStore;
  settings: SettingsStore;
  /** OAuth installations, their tokens sealed by `box` (INSTALLATION_KEY). */
  installations(box: SecretBox): WorkspaceInstallationStore;
  /** Uninstall: every row of the team, from every table with a team_id, in one transaction. */
  purgeTeam(teamId: string): Promise<PurgeResult>;
  /**
   * Refreshes planner statistics and reclaims dead rows where the engine does not (embedded
   * PGlite: a second or two at 100k articles, during which other queries wait); false when the
   * server's autovacuum does it.
   */
  maintain(): Promise<boolean>;
  /** Cheap readiness check. */
  ping(): Promise<void>;
  /** Closes the underlying database. */
  close(): Promise<void>;
}

export interface StoreLocation {
  /** Embedded PGlite here; null → in memory. Ignored when databaseUrl is set. */
  dataDir: string | null;
  /** A PostgreSQL server, for several replicas. */
  databaseUrl?: string | undefined;
}

/** PostgreSQL when a URL is given, else PGlite in `dataDir`; migrated either way. */
export async function openStore(at: StoreLocation): Promise<Store> {
  return createStore(at.databaseUrl ? await openPostgres(at.databaseUrl) : await openPglite(at.dataDir));
}

/** A store over an open, migrated database; the store owns it from here (close closes it). */
export function createStore(db: Db): Store {
  return {
    articles: articleStore(db),
    briefs: briefStore(db),
    briefCache: briefCacheStore(db),
    digests: digestStore(db),
    events: eventStore(db),
    feedback: feedbackStore(db),
    feeds: feedStore(db),
    stories: storyStore(db),
    usage: usageStore(db),
    settings: settingsStore(db),
    installations: (box) => installationStore(db, box),
    purgeTeam: (teamId) => purgeTeam(db, teamId),
    async maintain() {
      if (!db.vacuum) return false;
      await db.vacuum();
      return true;
    },
    async ping() {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}

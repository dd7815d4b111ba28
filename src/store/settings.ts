import type { BriefLanguage } from '../brief/language.ts';
import {
  diffSettings,
  digestDefaults,
  readSettings,
  type WorkspaceSettings,
  WorkspaceSettingsSchema,
} from '../workspace/settings.ts';
import { isoString } from './articles.ts';
import type { Db } from './db.ts';
import type { DigestStore } from './digests.ts';

export interface SettingsAuditEntry {
  teamId: string;
  channel: string;
  userId: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  changedAt: string;
}

export interface SettingsStore {
  /** The workspace's settings, defaults filled in (a workspace never saved gets the defaults). */
  get(teamId: string): Promise<WorkspaceSettings>;
  /** Applies `patch`, records who changed what; returns the new settings and the changes (empty: none). */
  update(
    teamId: string,
    patch: Partial<WorkspaceSettings>,
    userId: string,
  ): Promise<{ settings: WorkspaceSettings; changes: SettingsAuditEntry['changes'] }>;
  /** Logs a change made elsewhere (a channel's digest overrides). */
  audit(entry: Omit<SettingsAuditEntry, 'changedAt'>): Promise<void>;
  /** Newest first. */
  history(teamId: string, limit?: number): Promise<SettingsAuditEntry[]>;
}

interface AuditRow {
  team_id: string;
  channel: string;
  user_id: string;
  changes: SettingsAuditEntry['changes'] | string;
  changed_at: Date | string;
}

export function settingsStore(db: Db): SettingsStore {
  return {
    async get(teamId) {
      const { rows } = await db.query<{ settings: unknown }>(
        'SELECT settings FROM workspace_settings WHERE team_id = $1',
        [teamId],
      );
      const stored = rows[0]?.settings;
      return readSettings(typeof stored === 'string' ? JSON.parse(stored) : stored);
    },

    update(teamId, patch, userId) {
      return db.transaction(async (tx) => {
        // FOR UPDATE: two admins saving at once both land, one after the other, each audited.
        const { rows } = await tx.query<{ settings: unknown }>(
          'SELECT settings FROM workspace_settings WHERE team_id = $1 FOR UPDATE',
          [teamId],
        );
        const stored = rows[0]?.settings;
        const before = readSettings(typeof stored === 'string' ? JSON.parse(stored) : stored);
        // strict parse: a bad patch is a programming error, not something to fall back from
        const after = WorkspaceSettingsSchema.parse({ ...before, ...patch });
        const changes = diffSettings(before, after);
        if (Object.keys(changes).length === 0) return { settings: after, changes };
        await tx.query(
          `INSERT INTO workspace_settings (team_id, settings, updated_by) VALUES ($1, $2::jsonb, $3)
           ON CONFLICT (team_id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by,
             updated_at = now()`,
          [teamId, JSON.stringify(after), userId],
        );
        await tx.query(
          'INSERT INTO settings_audit (team_id, channel, user_id, changes) VALUES ($1, $2, $3, $4::jsonb)',
          [teamId, '', userId, JSON.stringify(changes)],
        );
        return { settings: after, changes };
      });
    },

    async audit(entry) {
      await db.query(
        'INSERT INTO settings_audit (team_id, channel, user_id, changes) VALUES ($1, $2, $3, $4::jsonb)',
        [entry.teamId, entry.channel, entry.userId, JSON.stringify(entry.changes)],
      );
    },

    async history(teamId, limit = 50) {
      const { rows } = await db.query<AuditRow>(
        `SELECT team_id, channel, user_id, changes, changed_at FROM settings_audit
         WHERE team_id = $1 ORDER BY id DESC LIMIT $2`,
        [teamId, limit],
      );
      return rows.map((r) => ({
        teamId: r.team_id,
        channel: r.channel,
        userId: r.user_id,
        changes: typeof r.changes === 'string' ? JSON.parse(r.changes) : r.changes,
        changedAt: isoString(r.changed_at),
      }));
    },
  };
}

/**
 * The hooks the digest code takes (FollowDeps.workspaceDefaults, DigestDeps.postNothingNew), read
 * from the workspace's settings. The console's team '' has none: built-in defaults.
 */
export function settingsHooks(settings: SettingsStore) {
  return {
    workspaceDefaults: async (teamId: string) => (teamId ? digestDefaults(await settings.get(teamId)) : null),
    postNothingNew: async (teamId: string) => (teamId ? (await settings.get(teamId)).postNothingNew : true),
  };
}

/** A channel's own brief language (`/brief settings language`), else its workspace's, else English. */
export async function briefLanguageOf(
  store: { digests: DigestStore; settings: SettingsStore },
  teamId: string,
  channel: string | undefined,
): Promise<BriefLanguage> {
  const own = channel ? (await store.digests.channel(teamId, channel))?.briefLanguage : null;
  if (own) return own;
  return teamId ? (await store.settings.get(teamId)).briefLanguage : 'en';
}

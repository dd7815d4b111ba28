import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import type { SecretBox } from '../secretBox.ts';
import type { Queryable } from './db.ts';

/*
 * Bolt's InstallationStore over our database. Bolt calls storeInstallation after the OAuth
 * callback and again after refreshing a rotated token, fetchInstallation on every request.
 * Tokens and the raw installation are sealed; ids stay in the clear so rows can be found.
 */

export interface InstallationSummary {
  teamId: string;
  enterpriseId: string;
  isEnterpriseInstall: boolean;
  botUserId: string | null;
  installerUserId: string | null;
  tokenExpiresAt: string | null;
}

export interface WorkspaceInstallationStore extends Required<InstallationStore> {
  /** What we know about a workspace's install without opening any token. */
  summary(teamId: string): Promise<InstallationSummary | null>;
  list(): Promise<InstallationSummary[]>;
  /** Forgets the installer's user token (tokens_revoked for users) but keeps the bot. */
  dropUserToken(query: InstallationQuery<boolean>): Promise<void>;
}

interface Row {
  team_id: string;
  enterprise_id: string;
  is_enterprise_install: boolean;
  bot_user_id: string | null;
  installer_user_id: string | null;
  bot_token_expires_at: Date | string | null;
  installation: string;
}

/** The row key: a workspace by team, an org-wide install by its enterprise with team ''. */
function key(q: {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean;
}) {
  if (q.isEnterpriseInstall) {
    if (!q.enterpriseId) throw new Error('an org-wide installation needs an enterprise id');
    return { where: 'enterprise_id = $1 AND team_id = $2', params: [q.enterpriseId, ''] };
  }
  if (!q.teamId) throw new Error('a workspace installation needs a team id');
  return { where: 'team_id = $1 AND NOT is_enterprise_install', params: [q.teamId] };
}

function toSummary(r: Row): InstallationSummary {
  const expires = r.bot_token_expires_at;
  return {
    teamId: r.team_id,
    enterpriseId: r.enterprise_id,
    isEnterpriseInstall: r.is_enterprise_install,
    botUserId: r.bot_user_id,
    installerUserId: r.installer_user_id,
    tokenExpiresAt: expires === null ? null : new Date(expires).toISOString(),
  };
}

const SUMMARY_COLUMNS =
  'team_id, enterprise_id, is_enterprise_install, bot_user_id, installer_user_id, bot_token_expires_at, installation';

export function installationStore(db: Queryable, box: SecretBox): WorkspaceInstallationStore {
  const sealOrNull = (v: string | undefined) => (v ? box.seal(v) : null);

  async function fetchRow(query: InstallationQuery<boolean>): Promise<Row | undefined> {
    const k = key(query);
    const { rows } = await db.query<Row>(
      `SELECT ${SUMMARY_COLUMNS} FROM installations WHERE ${k.where}`,
      k.params,
    );
    return rows[0];
  }

  async function storeInstallation(installation: Installation) {
    const isOrg = installation.isEnterpriseInstall === true;
    const teamId = isOrg ? '' : (installation.team?.id ?? '');
    const enterpriseId = installation.enterprise?.id ?? '';
    if (!isOrg && !teamId) throw new Error('installation without a team id');
    if (isOrg && !enterpriseId) throw new Error('org-wide installation without an enterprise id');
    const bot = installation.bot;
    // A workspace moved into an org (or out of one) keeps one row.
    if (!isOrg) {
      await db.query(
        'DELETE FROM installations WHERE team_id = $1 AND enterprise_id <> $2 AND NOT is_enterprise_install',
        [teamId, enterpriseId],
      );
    }
    await db.query(
      `INSERT INTO installations (team_id, enterprise_id, is_enterprise_install, app_id, bot_id, bot_user_id,
         bot_scopes, bot_token, bot_refresh_token, bot_token_expires_at, installer_user_id, installation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (enterprise_id, team_id) DO UPDATE SET
         is_enterprise_install = excluded.is_enterprise_install, app_id = excluded.app_id,
         bot_id = excluded.bot_id, bot_user_id = excluded.bot_user_id, bot_scopes = excluded.bot_scopes,
         bot_token = excluded.bot_token, bot_refresh_token = excluded.bot_refresh_token,
         bot_token_expires_at = excluded.bot_token_expires_at,
         installer_user_id = excluded.installer_user_id, installation = excluded.installation,
         updated_at = now()`,
      [
        teamId,
        enterpriseId,
        isOrg,
        installation.appId ?? null,
        bot?.id ?? null,
        bot?.userId ?? null,
        bot?.scopes ?? [],
        sealOrNull(bot?.token),
        sealOrNull(bot?.refreshToken),
        bot?.expiresAt ? new Date(bot.expiresAt * 1000) : null,
        installation.user?.id ?? null,
        box.seal(JSON.stringify(installation)),
      ],
    );
  }

  async function fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    let row = await fetchRow(query);
    // An event from a workspace of an org that installed org-wide is served by the org's install.
    if (!row && !query.isEnterpriseInstall && query.enterpriseId) {
      row = await fetchRow({ ...query, isEnterpriseInstall: true });
    }
    if (!row) {
      throw new Error(
        `no installation for ${query.isEnterpriseInstall ? 'enterprise' : 'team'} ${query.teamId ?? query.enterpriseId}`,
      );
    }
    return JSON.parse(box.open(row.installation)) as Installation;
  }

  return {
    storeInstallation,
    fetchInstallation,

    async deleteInstallation(query) {
      const k = key(query);
      await db.query(`DELETE FROM installations WHERE ${k.where}`, k.params);
    },

    async dropUserToken(query) {
      const installation = await fetchInstallation(query).catch(() => null);
      if (!installation?.user?.token) return;
      const { token: _token, refreshToken: _refresh, expiresAt: _expires, ...user } = installation.user;
      await storeInstallation({ ...installation, user: { ...user, token: undefined } } as Installation);
    },

    async summary(teamId) {
      const { rows } = await db.query<Row>(
        `SELECT ${SUMMARY_COLUMNS} FROM installations WHERE team_id = $1 AND NOT is_enterprise_install`,
        [teamId],
      );
      return rows[0] ? toSummary(rows[0]) : null;
    },

    async list() {
      const { rows } = await db.query<Row>(
        `SELECT ${SUMMARY_COLUMNS} FROM installations ORDER BY enterprise_id, team_id`,
      );
      return rows.map(toSummary);
    },
  };
}

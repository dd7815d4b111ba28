import type { App, webApi } from '@slack/bolt';
import type { Logger } from '../log.ts';
import type { Store, WorkspaceInstallationStore } from '../store/store.ts';
import { plain } from '../views/inputs.ts';
import {
  ACTION_OPEN_SETTINGS,
  readSettingsForm,
  SETTINGS_CALLBACK,
  settingsModal,
} from '../views/settings.ts';
import { canManageSettings, notAllowed, parseSettingsForm } from '../workspace/settings.ts';

/*
 * Workspace life cycle in Slack: uninstall and token revocation erase the workspace, and the
 * settings modal opened from the App Home. Listeners check who is asking on every request; the
 * App Home hiding the button is a courtesy, not the check.
 */

export interface WorkspaceDeps {
  store: Store;
  /** null in single-workspace mode (no installations to delete; no installer to ask about). */
  installations: WorkspaceInstallationStore | null;
  logger: Logger;
  /** The server's model, shown as the placeholder of the model field. */
  defaultModel?: string | null;
}

/** Whether `user` may change `teamId`'s settings: a workspace admin or owner, or the installer. */
export async function settingsAccess(
  client: webApi.WebClient,
  _store: Store,
  installations: WorkspaceInstallationStore | null,
  who: { teamId: string | null; user: string },
): Promise<boolean> {
  const installer =
    who.teamId && installations ? (await installations.summary(who.teamId))?.installerUserId : null;
  if (installer === who.user) return true;
  const info = await client.users.info({ user: who.user });
  const u = info.user;
  return canManageSettings(
    {
      id: who.user,
      isAdmin: u?.is_admin === true,
      isOwner: u?.is_owner === true || u?.is_primary_owner === true,
    },
    installer ?? null,
  );
}

export function registerWorkspaceListeners(app: App, deps: WorkspaceDeps): void {
  const { store, installations, logger } = deps;

  /** Erases the workspace: its installation and every row keyed by its team, in one transaction. */
  async function erase(
    ctx: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
    why: string,
  ) {
    if (ctx.isEnterpriseInstall && ctx.enterpriseId && installations) {
      await installations.deleteInstallation({
        enterpriseId: ctx.enterpriseId,
        teamId: undefined,
        isEnterpriseInstall: true,
      });
      logger.info({ enterprise: ctx.enterpriseId, why }, 'org-wide installation deleted');
    }
    if (!ctx.teamId) return;
    const { deleted } = await store.purgeTeam(ctx.teamId);
    logger.info({ team: ctx.teamId, why, deleted }, 'workspace erased');
  }

  app.event('app_uninstalled', async ({ context }) => {
    await erase(context, 'app_uninstalled');
  });

  app.event('tokens_revoked', async ({ event, context }) => {
    // Without the bot token we can do nothing for the workspace: treat it as an uninstall.
    if ((event.tokens.bot ?? []).length > 0) {
      await erase(context, 'tokens_revoked');
      return;
    }
    if ((event.tokens.oauth ?? []).length > 0 && installations && context.teamId) {
      await installations.dropUserToken({
        teamId: context.teamId,
        enterpriseId: context.enterpriseId,
        isEnterpriseInstall: false,
      });
      logger.info({ team: context.teamId, users: event.tokens.oauth?.length }, 'user tokens revoked');
    }
  });

  app.action(ACTION_OPEN_SETTINGS, async ({ ack, body, client, context }) => {
    await ack();
    const user = body.user.id;
    const teamId = context.teamId ?? null;
    if (!teamId) return;
    const triggerId = 'trigger_id' in body ? body.trigger_id : undefined;
    if (!triggerId) return;
    // users.info fails without the users:read scope (an older single-workspace install): refuse.
    if (!(await settingsAccess(client, store, installations, { teamId, user }).catch(() => false))) {
      logger.warn({ team: teamId, user }, 'settings refused: not an admin or the installer');
      await client.views.open({ trigger_id: triggerId, view: refusedModal() });
      return;
    }
    await client.views.open({
      trigger_id: triggerId,
      view: settingsModal(await store.settings.get(teamId), { defaultModel: deps.defaultModel ?? null }),
    });
  });

  app.view(SETTINGS_CALLBACK, async ({ ack, body, view, client, context }) => {
    const user = body.user.id;
    const teamId = context.teamId ?? body.team?.id ?? null;
    if (!teamId) {
      await ack();
      return;
    }
    const allowed = await settingsAccess(client, store, installations, { teamId, user }).catch(() => false);
    if (!allowed) {
      logger.warn({ team: teamId, user }, 'settings refused: not an admin or the installer');
      // Shown under the first field: the modal stays open and says why.
      await ack({
        response_action: 'errors',
        errors: {
          llmModel: notAllowed().message,
        },
      });
      return;
    }
    const form = parseSettingsForm(readSettingsForm(view.state.values as never));
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors as Record<string, string> });
      return;
    }
    await ack();
    const { changes } = await store.settings.update(teamId, form.settings, user);
    logger.info({ team: teamId, user, fields: Object.keys(changes) }, 'workspace settings changed');
  });
}

function refusedModal() {
  return {
    type: 'modal' as const,
    title: plain('Workspace settings'),
    close: plain('Close'),
    blocks: [{ type: 'section', text: plain(notAllowed().message) }],
  };
}

import { randomBytes } from 'node:crypto';
import type { App, webApi } from '@slack/bolt';
import { follow, homeFollows, postNow, unfollow } from '../app/follows.ts';
import { type AppDeps, followDeps } from '../app/handlers.ts';
import { parseFollow } from '../digest/follow.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ACTION_FOLLOW } from '../views/brief.ts';
import { blocksToText, errorMessage } from '../views/common.ts';
import {
  ACTION_HOME_FOLLOW,
  FOLLOW_CALLBACK,
  followArgs,
  followModal,
  readFollowForm,
} from '../views/followModal.ts';
import { ACTION_HOME_POST_NOW, ACTION_HOME_UNFOLLOW, homeView } from '../views/home.ts';

/*
 * The Slack side of daily digests: who may change a channel's follows, which zone the channel
 * lives in, the brief's "Follow daily" button and the App Home's digest list and buttons.
 */

/** Channel facts for follows, asked of Slack when needed (each call costs a Web API request). */
export function channelFacts(client: webApi.WebClient, channel: string) {
  return {
    async channelZone(): Promise<string | null> {
      try {
        const info = await client.conversations.info({ channel });
        const creator = (info.channel as { creator?: string } | undefined)?.creator;
        if (!creator) return null;
        const user = await client.users.info({ user: creator });
        return (user.user as { tz?: string } | undefined)?.tz ?? null;
      } catch {
        return null; // unknown zone → UTC, and the confirmation says so
      }
    },
    async isMember(user: string): Promise<boolean> {
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const res = await client.conversations.members({
          channel,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        if (res.members?.includes(user)) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return false;
      }
      return false;
    },
  };
}

interface HomeOptions {
  deps: AppDeps;
  logger: Logger;
  /** Whether this user may open the workspace settings (admins and the installer). */
  canManage: (client: webApi.WebClient, teamId: string | null, user: string) => Promise<boolean>;
}

/** Publishes the App Home for `user`: help, settings (if allowed), the workspace's digests. */
export async function publishHome(
  client: webApi.WebClient,
  teamId: string | null,
  user: string,
  opts: HomeOptions,
  notice: string | null = null,
): Promise<void> {
  const [follows, canManageSettings] = await Promise.all([
    homeFollows(teamId ?? '', {
      digests: opts.deps.store.digests,
      now: () => opts.deps.now?.() ?? new Date(),
    }),
    opts.canManage(client, teamId, user).catch(() => false),
  ]);
  await client.views.publish({ user_id: user, view: homeView(follows, { canManageSettings, notice }) });
}

/** The digest listeners: "Follow daily" on a brief, and the App Home buttons. */
export function registerDigestListeners(app: App, opts: HomeOptions): void {
  const { deps, logger } = opts;

  app.action(ACTION_FOLLOW, async ({ ack, body, action, client, context, respond }) => {
    await ack();
    const channel = (body as { channel?: { id?: string } }).channel?.id;
    const topic = (action as { value?: string }).value;
    if (!channel || !topic) return;
    const who = { teamId: context.teamId ?? '', channel, user: body.user.id };
    try {
      const reply = await follow(parseFollow(topic), who, followDeps(deps, channelFacts(client, channel)));
      if (reply.inChannel) await client.chat.postMessage({ channel, ...reply.inChannel });
      if (reply.ephemeral) await respond({ replace_original: false, ...reply.ephemeral });
    } catch (err) {
      await respond({ replace_original: false, ...failure(err, logger, { channel, action: 'follow' }) });
    }
  });

  app.action(ACTION_HOME_FOLLOW, async ({ ack, body, client }) => {
    await ack();
    const triggerId = 'trigger_id' in body ? body.trigger_id : undefined;
    if (triggerId) await client.views.open({ trigger_id: triggerId, view: followModal() });
  });

  app.view(FOLLOW_CALLBACK, async ({ ack, body, view, client, context }) => {
    const form = readFollowForm(view.state.values as never);
    const teamId = context.teamId ?? body.team?.id ?? null;
    if (!form.channel) {
      await ack({ response_action: 'errors', errors: { channel: 'Choose a channel.' } });
      return;
    }
    const who = { teamId: teamId ?? '', channel: form.channel, user: body.user.id };
    try {
      // Same rules as /brief follow: only members, and a confirmation in the channel.
      const reply = await follow(
        parseFollow(followArgs(form)),
        who,
        followDeps(deps, channelFacts(client, form.channel)),
      );
      await ack();
      if (reply.inChannel) await client.chat.postMessage({ channel: form.channel, ...reply.inChannel });
      const notice = reply.ephemeral ? blocksToText(reply.ephemeral.blocks).trim() : null;
      await publishHome(client, teamId, body.user.id, opts, notice);
    } catch (err) {
      // A user's mistake stays in the modal, under the field it concerns.
      const field =
        err instanceof UserError && err.code === 'not-a-member'
          ? 'channel'
          : err instanceof UserError && /zone/.test(err.code)
            ? 'zone'
            : err instanceof UserError && /time/.test(err.code)
              ? 'time'
              : 'topic';
      await ack({
        response_action: 'errors',
        errors: { [field]: blocksToText(failure(err, logger, { action: 'follow-modal' }).blocks).trim() },
      });
    }
  });

  app.action(ACTION_HOME_POST_NOW, async ({ ack, body, action, client, context }) => {
    await ack();
    const { channel } = parseValue((action as { value?: string }).value);
    const teamId = context.teamId ?? null;
    let notice: string;
    try {
      if (!channel) throw new UserError('bad-action', 'That button has no channel.');
      const who = { teamId: teamId ?? '', channel, user: body.user.id };
      notice = blocksToText(
        (await postNow(who, followDeps(deps, channelFacts(client, channel)))).blocks,
      ).trim();
    } catch (err) {
      notice = blocksToText(failure(err, logger, { channel, action: 'post-now' }).blocks).trim();
    }
    await publishHome(client, teamId, body.user.id, opts, notice);
  });

  app.action(new RegExp(`^${ACTION_HOME_UNFOLLOW}_\\d+$`), async ({ ack, body, action, client, context }) => {
    await ack();
    const { channel, topic } = parseValue((action as { value?: string }).value);
    const teamId = context.teamId ?? null;
    let notice: string;
    try {
      if (!channel || !topic) throw new UserError('bad-action', 'That button has no channel or topic.');
      const who = { teamId: teamId ?? '', channel, user: body.user.id };
      const reply = await unfollow(topic, who, followDeps(deps, channelFacts(client, channel)));
      if (reply.inChannel) await client.chat.postMessage({ channel, ...reply.inChannel });
      notice = `Stopped the daily digest on "${topic}".`;
    } catch (err) {
      notice = blocksToText(failure(err, logger, { channel, action: 'unfollow' }).blocks).trim();
    }
    await publishHome(client, teamId, body.user.id, opts, notice);
  });
}

function parseValue(value: string | undefined): { channel?: string; topic?: string } {
  try {
    const parsed = JSON.parse(value ?? '{}') as { channel?: unknown; topic?: unknown };
    return {
      ...(typeof parsed.channel === 'string' ? { channel: parsed.channel } : {}),
      ...(typeof parsed.topic === 'string' ? { topic: parsed.topic } : {}),
    };
  } catch {
    return {};
  }
}

/** A user's error as it is; anything else logged with an id the user can quote. */
function failure(err: unknown, logger: Logger, context: Record<string, unknown>) {
  if (err instanceof UserError) return errorMessage(err.message, null);
  const id = randomBytes(4).toString('hex');
  logger.error({ err, errorId: id, ...context }, 'digest action failed');
  return errorMessage('Something went wrong on our side.', id);
}

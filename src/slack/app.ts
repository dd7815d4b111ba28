import type { Server } from 'node:http';
import { App, type CustomRoute, type RespondFn, type webApi } from '@slack/bolt';
import { parseBriefCommand } from '../app/command.ts';
import { type AppDeps, acknowledgement, handleCommand, handleThreadMessage } from '../app/handlers.ts';
import { type InFlight, inFlight, RESTARTING_TEXT } from '../app/inflight.ts';
import { CannotPostError, type Surface } from '../app/surface.ts';
import type { SlackConfig, SlackOAuthConfig } from '../config.ts';
import { UserError } from '../errors.ts';
import { workQueue } from '../limits/queue.ts';
import type { Logger } from '../log.ts';
import type { WorkspaceInstallationStore } from '../store/store.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { followUpHelpMessage, helpMessage, noticeMessage } from '../views/common.ts';
import { unescapeSlack } from '../views/mrkdwn.ts';
import { registerAssistant } from './assistant.ts';
import { channelFacts, publishHome, registerDigestListeners } from './digests.ts';
import { registerFeedbackListeners } from './feedback.ts';
import { boltLogger } from './logger.ts';
import { oauthReceiver, type TeamClient, teamClients } from './oauth.ts';
import { slackLiveMessage } from './stream.ts';
import { registerWorkspaceListeners, settingsAccess } from './workspace.ts';

export interface SlackIdentity {
  botUserId: string;
  botId: string;
  teamId: string | null;
}

export interface SlackAppOptions {
  /** One workspace, one bot token (null in OAuth mode). */
  slack: SlackConfig | null;
  /** Many workspaces: Bolt's install flow, tokens from our installation store. */
  oauth?: { config: SlackOAuthConfig; installations: WorkspaceInstallationStore };
  port: number;
  deps: AppDeps;
  logger: Logger;
  /** From auth.test at start-up in single-workspace mode; null in OAuth mode (per request instead). */
  identity: SlackIdentity | null;
  /** Readiness beyond Slack itself: the store. */
  ready: () => Promise<void>;
  /** Requests being worked on after their ack; drain() it before stopping (a fresh one if absent). */
  inFlight?: InFlight;
}

/** Slack errors that mean "you may not post here", not "try again". */
const CANNOT_POST = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
  'ekm_access_denied',
]);

/** The event types our listeners take; anything else is acked and ignored. */
const HANDLED_EVENTS = new Set([
  'message',
  'assistant_thread_started',
  'assistant_thread_context_changed',
  'app_mention',
  'app_home_opened',
  'app_uninstalled',
  'tokens_revoked',
]);

/** Slack errors that mean our token is gone: no retry helps until the app is reinstalled. */
const REVOKED = new Set(['invalid_auth', 'token_revoked', 'account_inactive', 'not_authed']);

const teamClientsByApp = new WeakMap<App, TeamClient>();

/** Requests worked on at once after their ack (the rest wait their turn). */
const AFTER_ACK_CONCURRENCY = 4;

/**
 * OAuth mode: a Web API client for one workspace outside any request (digests, jobs), through
 * Bolt's authorize, so a rotating token is refreshed the same way as for events. null otherwise.
 */
export function teamClientOf(app: App): TeamClient | null {
  return teamClientsByApp.get(app) ?? null;
}

/**
 * The Bolt app: Socket Mode when an app token is set, otherwise HTTP on `port` at /slack/events.
 * Listeners only translate between Slack and the handlers in src/app.
 */
export function createSlackApp(opts: SlackAppOptions): App {
  const { slack, deps, identity } = opts;
  const work = opts.inFlight ?? inFlight();
  const logger = boltLogger(opts.logger);
  // The routes need the app's client, which exists only once the app does.
  let app: App | undefined;
  const customRoutes = healthRoutes(opts, () => app?.client);
  if (opts.oauth) {
    const receiver = oauthReceiver({
      oauth: opts.oauth.config,
      installationStore: opts.oauth.installations,
      logger,
      customRoutes,
      port: opts.port,
    });
    app = new App({
      receiver,
      logger,
      clientOptions: opts.oauth.config.apiUrl ? { slackApiUrl: opts.oauth.config.apiUrl } : {},
    });
    teamClientsByApp.set(app, teamClients(receiver, opts.oauth.config));
  } else {
    app = singleWorkspaceApp(slack, identity, opts.port, logger, customRoutes);
  }

  // Events we subscribe to but a listener may not handle, or Slack adds later: say so, once.
  app.use(async ({ body, next }) => {
    const event = (body as { type?: unknown; event?: { type?: unknown } }).event;
    const type = typeof event?.type === 'string' ? event.type : null;
    if ((body as { type?: unknown }).type === 'event_callback' && (!type || !HANDLED_EVENTS.has(type))) {
      opts.logger.info({ eventType: type?.slice(0, 64) ?? null }, 'ignoring an event type we do not handle');
      return;
    }
    await next();
  });

  registerWorkspaceListeners(app, {
    store: deps.store,
    installations: opts.oauth?.installations ?? null,
    logger: opts.logger,
  });

  // Work after the ack takes turns (see limits/queue.ts): 4 at a time kept acks fastest in bench/load.ts.
  const afterAck = workQueue(AFTER_ACK_CONCURRENCY);
  app.command('/brief', async ({ command, ack, respond, client, context }) => {
    if (!work.accepting) {
      // Shutting down: a clear answer now beats a brief this process may not live to post.
      await ack(noticeMessage(RESTARTING_TEXT));
      opts.logger.info({ channel: command.channel_id }, 'command refused: shutting down');
      return;
    }
    const parsed = parseBriefCommand(command.text);
    const early = acknowledgement(parsed);
    // Ack first, before any store, fetch or LLM work: Slack gives us three seconds.
    await ack(early ? { response_type: 'ephemeral', ...early } : undefined);
    // The team Bolt authorized (the installation's), so each workspace's rows carry its own key.
    const who = {
      channel: command.channel_id,
      user: command.user_id,
      teamId: context.teamId ?? command.team_id ?? null,
    };
    await work.run(commandSurface(client, who.channel, respond), (surface) =>
      afterAck.run(() => handleCommand(parsed, who, surface, deps)),
    );
  });

  // The assistant panel and DMs, before the channel thread listener (a DM is not a brief's thread).
  registerAssistant(app, { deps, work, afterAck, logger: opts.logger });

  // Answers in a brief's thread stream in; LLM_STREAM=false turns it off, as for briefs.
  const streams = {
    get enabled() {
      return deps.engine.stream !== false;
    },
    logger: opts.logger,
  };

  app.message(async ({ message, client, context }) => {
    // Plain user messages only: no edits, deletions, joins or bot posts.
    if (message.subtype !== undefined || !('user' in message) || 'bot_id' in message) return;
    const threadTs = message.thread_ts;
    if (!threadTs || threadTs === message.ts) return;
    if (!work.accepting) {
      opts.logger.info({ channel: message.channel }, 'thread reply ignored: shutting down');
      return;
    }
    const replyTarget = { channel: message.channel, user: message.user, teamId: context.teamId ?? null };
    await work.run(eventSurface(client, replyTarget, streams), async (surface) => {
      await afterAck.run(() =>
        handleThreadMessage(
          {
            channel: message.channel,
            threadTs,
            ts: message.ts,
            text: unescapeSlack(message.text ?? ''),
            user: message.user,
            teamId: context.teamId ?? null,
          },
          surface,
          deps,
        ),
      );
    });
  });

  app.event('app_mention', async ({ event, client, context }) => {
    if (!event.user || event.bot_id) return;
    if (!work.accepting) {
      opts.logger.info({ channel: event.channel }, 'mention ignored: shutting down');
      return;
    }
    const user = event.user;
    const replyTarget = { channel: event.channel, user, teamId: context.teamId ?? null };
    await work.run(eventSurface(client, replyTarget, streams), async (surface) => {
      const botUserId = context.botUserId ?? identity?.botUserId;
      const text = unescapeSlack(
        botUserId ? event.text.replace(new RegExp(`<@${botUserId}>`, 'g'), '') : event.text,
      ).trim();
      if (event.thread_ts) {
        const ours = await handleThreadMessage(
          {
            channel: event.channel,
            threadTs: event.thread_ts,
            ts: event.ts,
            text,
            user,
            teamId: context.teamId ?? null,
          },
          surface,
          deps,
        );
        if (ours) return;
      }
      await surface.ephemeral(helpMessage());
    });
  });

  registerFeedbackListeners(app, deps);

  app.action('brief_followup_help', async ({ ack, respond }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, ...followUpHelpMessage() });
  });

  const home = {
    deps,
    logger: opts.logger,
    canManage: (client: webApi.WebClient, teamId: string | null, user: string) =>
      settingsAccess(client, deps.store, opts.oauth?.installations ?? null, { teamId, user }),
  };
  registerDigestListeners(app, home);

  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, context.teamId ?? null, event.user, home);
  });

  app.error(async (error) => {
    opts.logger.error({ err: error, code: error.code }, 'unhandled Slack listener error');
  });
  return app;
}

function singleWorkspaceApp(
  slack: SlackConfig | null,
  identity: SlackIdentity | null,
  port: number,
  logger: ReturnType<typeof boltLogger>,
  customRoutes: CustomRoute[],
): App {
  if (!slack || !identity) throw new Error('single-workspace mode needs the Slack config and identity');
  const common = {
    token: slack.botToken,
    botId: identity.botId,
    botUserId: identity.botUserId,
    logger,
    customRoutes,
    clientOptions: slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {},
  };
  return slack.appToken
    ? new App({
        ...common,
        socketMode: true,
        appToken: slack.appToken,
        // The Socket Mode client makes its own Web API call (apps.connections.open): same base URL.
        installerOptions: { port, clientOptions: common.clientOptions },
      })
    : new App({ ...common, signingSecret: slack.signingSecret ?? '', port });
}

/** Starts the app; in HTTP mode returns the listening server (tests read its port). */
export async function startSlackApp(app: App, port: number): Promise<Server | undefined> {
  const started = await app.start(port);
  return started && typeof (started as Server).address === 'function' ? (started as Server) : undefined;
}

function commandSurface(client: webApi.WebClient, channel: string, respond: RespondFn): Surface {
  return {
    ...channelSurface(client, channel),
    ...channelFacts(client, channel),
    ephemeral: async (message) => {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: message.text,
        blocks: message.blocks,
      });
    },
    respondInChannel: async (message) => {
      await respond({ response_type: 'in_channel', text: message.text, blocks: message.blocks });
    },
  };
}

/**
 * A reply in a channel: it is answered in a brief's thread, where the answer streams in (Slack's
 * chat streams need a thread in channels) unless streaming is off.
 */
function eventSurface(
  client: webApi.WebClient,
  target: { channel: string; user: string; teamId: string | null },
  streams: { enabled: boolean; logger: Logger },
): Surface {
  const { channel, user } = target;
  return {
    ...channelSurface(client, channel),
    ...(streams.enabled
      ? {
          stream: (opts?: { threadTs?: string }) =>
            slackLiveMessage(client, { ...target, threadTs: opts?.threadTs ?? '' }, streams.logger),
        }
      : {}),
    ephemeral: async (message) => {
      await client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
    },
  };
}

function channelSurface(client: webApi.WebClient, channel: string): Omit<Surface, 'ephemeral'> {
  const payload = (message: SlackMessage) => ({
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
  return {
    post: async (message, opts) => {
      try {
        const res = await client.chat.postMessage({
          channel,
          ...payload(message),
          thread_ts: opts?.threadTs,
        });
        return res.ts ?? '';
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        if (code && CANNOT_POST.has(code)) throw new CannotPostError(code);
        if (code && REVOKED.has(code)) {
          // The response_url still works without a token, so the requester hears why.
          throw new UserError(
            'slack-auth',
            `Slack no longer accepts newsbrief's token for this workspace (${code}); an admin needs to reinstall the app.`,
            { cause: err },
          );
        }
        throw err;
      }
    },
    update: async (ts, message) => {
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    },
    remove: async (ts) => {
      await client.chat.delete({ channel, ts });
    },
  };
}

/** /healthz: the process is up. /readyz: the store answers and Slack accepts our token. */
function healthRoutes(opts: SlackAppOptions, client: () => webApi.WebClient | undefined): CustomRoute[] {
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        void checkReady(opts, client()).then((checks) => json(res, checks.ok ? 200 : 503, checks));
      },
    },
  ];
}

async function checkReady(
  opts: SlackAppOptions,
  client: webApi.WebClient | undefined,
): Promise<{ ok: boolean; store: string; slack: string }> {
  const settle = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
  // In OAuth mode there is no one token to test: each workspace's is checked when it is used.
  const slack = opts.oauth
    ? Promise.resolve()
    : client
      ? client.auth.test()
      : Promise.reject(new Error('not started'));
  const [storeState, slackState] = await Promise.all([settle(opts.ready()), settle(slack)]);
  return { ok: storeState === 'ok' && slackState === 'ok', store: storeState, slack: slackState };
}

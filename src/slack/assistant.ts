import { type App, Assistant, type AssistantConfig, type webApi } from '@slack/bolt';
import { assistantGreeting, handleAssistantMessage } from '../app/assistant.ts';
import type { AppDeps } from '../app/handlers.ts';
import type { InFlight } from '../app/inflight.ts';
import type { Surface } from '../app/surface.ts';
import type { WorkQueue } from '../limits/queue.ts';
import type { Logger } from '../log.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { unescapeSlack } from '../views/mrkdwn.ts';
import { slackLiveMessage } from './stream.ts';

/*
 * The assistant panel (Agents & AI Apps) and DMs. Listeners only translate: Slack's thread
 * events in, src/app/assistant.ts's handlers out, through a Surface that posts in the thread,
 * shows the assistant status, sets the title and streams briefs.
 */

export interface AssistantListenerDeps {
  deps: AppDeps;
  work: InFlight;
  afterAck: WorkQueue;
  logger: Logger;
}

type AssistantThreadContextStore = NonNullable<AssistantConfig['threadContextStore']>;
type AssistantThreadContext = Awaited<ReturnType<AssistantThreadContextStore['get']>>;

/** Thread contexts (which channel the user is viewing), kept in memory: they only seed prompts. */
function memoryContextStore(limit = 10_000): AssistantThreadContextStore {
  const contexts = new Map<string, AssistantThreadContext>();
  const keyOf = (args: { payload: unknown }) => {
    const p = args.payload as {
      assistant_thread?: { channel_id?: string; thread_ts?: string };
      channel?: string;
      thread_ts?: string;
    };
    return `${p.assistant_thread?.channel_id ?? p.channel}:${p.assistant_thread?.thread_ts ?? p.thread_ts}`;
  };
  return {
    async get(args) {
      return contexts.get(keyOf(args)) ?? {};
    },
    async save(args) {
      const p = args.payload as { assistant_thread?: { context?: AssistantThreadContext } };
      if (contexts.size >= limit) contexts.delete(contexts.keys().next().value as string);
      contexts.set(keyOf(args), p.assistant_thread?.context ?? {});
    },
  };
}

const payload = (message: SlackMessage) => ({
  text: message.text,
  blocks: message.blocks,
  unfurl_links: false,
  unfurl_media: false,
});

/** A conversation that is one thread: an assistant thread, or a DM message and its replies. */
export function threadSurface(
  client: webApi.WebClient,
  target: { channel: string; threadTs: string; user: string; teamId: string | null },
  logger: Logger,
  streaming: boolean,
): Surface {
  const { channel, threadTs } = target;
  const post = async (message: SlackMessage) => {
    const res = await client.chat.postMessage({ channel, thread_ts: threadTs, ...payload(message) });
    return res.ts ?? '';
  };
  return {
    post,
    update: async (ts, message) => {
      await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
    },
    remove: async (ts) => {
      await client.chat.delete({ channel, ts });
    },
    // Nobody else reads this conversation.
    ephemeral: async (message) => {
      await post(message);
    },
    thread: threadTs,
    status: async (status) => {
      await client.assistant.threads.setStatus({ channel_id: channel, thread_ts: threadTs, status });
    },
    setTitle: async (title) => {
      await client.assistant.threads.setTitle({
        channel_id: channel,
        thread_ts: threadTs,
        title: title.slice(0, 200),
      });
    },
    ...(streaming ? { stream: () => slackLiveMessage(client, target, logger) } : {}),
  };
}

/** Registers the assistant panel's listeners (thread started, context changed, messages). */
export function registerAssistant(app: App, opts: AssistantListenerDeps): void {
  const { deps, work, afterAck, logger } = opts;
  const assistant = new Assistant({
    threadContextStore: memoryContextStore(),
    threadStarted: async ({ event, say, setSuggestedPrompts, saveThreadContext, context }) => {
      const thread = event.assistant_thread;
      await saveThreadContext();
      const greeting = await assistantGreeting(
        { teamId: context.teamId ?? null, viewedChannel: thread.context.channel_id ?? null },
        deps,
      );
      await say(payload(greeting.message));
      await setSuggestedPrompts({ prompts: greeting.prompts, title: 'Try one of these:' });
    },
    threadContextChanged: async ({ saveThreadContext }) => {
      await saveThreadContext();
    },
    userMessage: async ({ message, client, context }) => {
      if (!('user' in message) || !message.user || 'bot_id' in message || !('thread_ts' in message)) return;
      const threadTs = message.thread_ts;
      if (!threadTs) return;
      await converse(client, {
        channel: message.channel,
        threadTs,
        ts: message.ts,
        text: message.text ?? '',
        user: message.user,
        teamId: context.teamId ?? null,
      });
    },
  });
  app.assistant(assistant);

  /** A message in a DM or assistant thread, worked on after the ack like a /brief. */
  async function converse(
    client: webApi.WebClient,
    msg: { channel: string; threadTs: string; ts: string; text: string; user: string; teamId: string | null },
  ) {
    if (!work.accepting) {
      logger.info({ channel: msg.channel }, 'assistant message ignored: shutting down');
      return;
    }
    const surface = threadSurface(client, msg, logger, deps.engine.stream !== false);
    await work.run(surface, (s) =>
      afterAck.run(() => handleAssistantMessage({ ...msg, text: unescapeSlack(msg.text) }, s, deps)),
    );
  }

  /** A top-level message in the bot's DM (Messages tab): the reply starts a thread on it. */
  app.message(async ({ message, client, context }) => {
    const m = message as {
      channel_type?: string;
      subtype?: string;
      thread_ts?: string;
      user?: string;
      bot_id?: string;
      channel: string;
      ts: string;
      text?: string;
    };
    if (m.channel_type !== 'im' || m.subtype !== undefined || m.thread_ts || !m.user || m.bot_id) {
      return; // channel messages: the brief-thread listener's
    }
    await converse(client, {
      channel: m.channel,
      threadTs: m.ts,
      ts: m.ts,
      text: m.text ?? '',
      user: m.user,
      teamId: context.teamId ?? null,
    });
  });
}

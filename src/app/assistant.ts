/*
 * The assistant panel and DMs, surface-neutral: what to greet a new thread with, and how to read a
 * message typed there. A message is read like `/brief` (a topic, a link, `help`…), except that a
 * question in a thread that already holds a brief is a follow-up answered from its articles.
 */
import type { SlackMessage } from '../views/blocks.ts';
import { noticeMessage } from '../views/common.ts';
import { parseBriefCommand } from './command.ts';
import { type AppDeps, acknowledgement, handleCommand, handleThreadMessage } from './handlers.ts';
import type { Surface } from './surface.ts';

/** Slack shows at most four suggested prompts. */
const MAX_PROMPTS = 4;

export interface SuggestedPrompt {
  title: string;
  message: string;
}

export interface Greeting {
  message: SlackMessage;
  prompts: SuggestedPrompt[];
}

export const GREETING =
  'Hi! Tell me a topic (like `korea-japan`) or paste a link, and I will brief it: every item quotes its article, checked by our code. Then ask me anything about it here.';

export const BRIEF_A_LINK = 'Brief a link';
const LINK_PLEASE =
  'Paste the article’s link here (https://…) and I will brief it: every item with a quote checked against the page.';

const shorten = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`);

/**
 * The greeting and prompts for a new assistant thread, from what this workspace has: the topics
 * the channel the user is viewing follows (else the workspace's), the biggest stories of the last
 * day, and a link to brief.
 */
export async function assistantGreeting(
  who: { teamId: string | null; viewedChannel: string | null },
  deps: AppDeps,
): Promise<Greeting> {
  const prompts: SuggestedPrompt[] = [];
  const teamId = who.teamId ?? '';
  const seen = new Set<string>();
  const add = (p: SuggestedPrompt) => {
    const key = p.message.toLowerCase();
    if (seen.has(key) || prompts.length >= MAX_PROMPTS - 1) return;
    seen.add(key);
    prompts.push(p);
  };
  try {
    const channel = who.viewedChannel ? await deps.store.digests.channel(teamId, who.viewedChannel) : null;
    const topics = channel?.topics.length
      ? channel.topics
      : (await deps.store.digests.channels(teamId)).flatMap((c) => c.topics);
    for (const topic of topics.slice(0, 2)) add({ title: `Brief ${shorten(topic, 60)}`, message: topic });
    const now = deps.now?.() ?? new Date();
    const recent = await deps.store.stories.list(null, {
      teamId,
      windowDays: 1,
      now,
      limit: 20,
      withArticles: 0,
    });
    const biggest = [...recent].sort((a, b) => b.articleCount - a.articleCount || b.score - a.score);
    for (const story of biggest.slice(0, 2)) {
      add({ title: shorten(story.headline, 70), message: `story ${story.id}` });
    }
  } catch (err) {
    // The greeting still helps without the workspace's topics.
    deps.logger.warn({ err, teamId }, 'could not build suggested prompts');
  }
  // A prompt is sent as soon as it is clicked, so this one asks for the link.
  prompts.push({ title: 'Brief a link…', message: BRIEF_A_LINK });
  return { message: noticeMessage(GREETING), prompts };
}

const QUESTION_START =
  /^(?:who|whom|whose|what|when|where|why|how|which|did|does|do|is|are|was|were|will|would|can|could|should|has|have|had)\b/i;

/** A question about the thread's brief rather than a new topic: a question mark, a question word, or a sentence. */
export function looksLikeQuestion(text: string): boolean {
  const t = text.trim();
  return /\?\s*$/.test(t) || QUESTION_START.test(t) || t.split(/\s+/).length >= 5;
}

export interface AssistantMessage {
  channel: string;
  /** The thread the conversation is in (an assistant thread, or the DM message itself). */
  threadTs: string;
  ts: string;
  text: string;
  user: string;
  teamId: string | null;
}

/**
 * A message in an assistant thread or DM: a follow-up when the thread holds a brief and this
 * reads as a question about it, else like `/brief <text>`. Never throws.
 */
export async function handleAssistantMessage(
  msg: AssistantMessage,
  surface: Surface,
  deps: AppDeps,
): Promise<void> {
  if (msg.text.trim().toLowerCase() === BRIEF_A_LINK.toLowerCase()) {
    await surface.post(noticeMessage(LINK_PLEASE), { threadTs: msg.threadTs });
    return;
  }
  const text = msg.text.replace(/^\/?brief\s+/i, '').trim();
  const command = parseBriefCommand(text);
  if (command.kind === 'topic' && looksLikeQuestion(text)) {
    if (await handleThreadMessage({ ...msg, text }, surface, deps)) return;
  }
  // A retried event must not brief twice.
  if (!(await deps.store.events.firstSeen(`message:${msg.channel}:${msg.ts}`))) return;
  const early = acknowledgement(command);
  // Help and mistakes are the whole answer; "working on…" is what the status says here.
  if (command.kind === 'help' || command.kind === 'invalid') {
    if (early) await surface.post(early, { threadTs: msg.threadTs });
    return;
  }
  await handleCommand(command, { channel: msg.channel, user: msg.user, teamId: msg.teamId }, surface, deps);
}

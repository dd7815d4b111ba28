/*
 * Thumbs up/down under briefs and answers, surface-neutral: which brief a vote is about (with its
 * model and prompt version, so a bad prompt shows in the counts), one vote per person per message.
 */
import type { FeedbackReason } from '../store/store.ts';
import type { SlackMessage } from '../views/blocks.ts';
import { FEEDBACK_REASONS, feedbackAck, parseFeedbackValue } from '../views/feedback.ts';
import type { AppDeps } from './handlers.ts';

export interface FeedbackClick {
  teamId: string | null;
  channel: string;
  /** The message voted on. */
  messageTs: string;
  /** Its thread, when it is a reply (an answer, or a brief in an assistant thread). */
  threadTs: string | null;
  user: string;
  /** The button's value (`brief:up`, `answer:down`). */
  value: string;
}

/** Where the "what was wrong?" modal writes back: the vote's message, as one string. */
export function feedbackRef(c: Pick<FeedbackClick, 'channel' | 'messageTs'>): string {
  return `${c.channel}/${c.messageTs}`;
}

export function parseFeedbackRef(ref: string): { channel: string; messageTs: string } | null {
  const m = /^([A-Z0-9]+)\/(\d+\.\d+)$/i.exec(ref);
  return m ? { channel: m[1] as string, messageTs: m[2] as string } : null;
}

/** Stores the vote; returns the ephemeral thanks (null for a value that is not ours). */
export async function recordFeedback(click: FeedbackClick, deps: AppDeps): Promise<SlackMessage | null> {
  const parsed = parseFeedbackValue(click.value);
  if (!parsed) return null;
  const teamId = click.teamId ?? '';
  // A channel brief is keyed by its own ts; an answer or an assistant-thread brief by the thread.
  const brief =
    (click.threadTs ? await deps.store.briefs.byThread(click.channel, click.threadTs, click.teamId) : null) ??
    (await deps.store.briefs.byThread(click.channel, click.messageTs, click.teamId));
  const answer = parsed.kind === 'answer';
  const { changed } = await deps.store.feedback.vote({
    teamId,
    channel: click.channel,
    messageTs: click.messageTs,
    user: click.user,
    kind: parsed.kind,
    vote: parsed.vote,
    briefId: brief?.id ?? null,
    model: answer ? (deps.answerLlm?.settings.model ?? null) : (brief?.result.meta.model ?? null),
    promptVersion: answer
      ? (deps.answerLlm?.prompt.version ?? null)
      : (brief?.result.meta.promptVersion ?? null),
    at: deps.now?.() ?? new Date(),
  });
  deps.logger.info(
    {
      teamId,
      channel: click.channel,
      kind: parsed.kind,
      vote: parsed.vote,
      changed,
      briefId: brief?.id ?? null,
    },
    'feedback recorded',
  );
  return feedbackAck(parsed.vote, changed, feedbackRef(click));
}

/** The "what was wrong?" modal's answer, on the person's vote. */
export async function recordFeedbackReason(
  input: { teamId: string | null; ref: string; user: string; reason: string; comment: string | null },
  deps: AppDeps,
): Promise<boolean> {
  const ref = parseFeedbackRef(input.ref);
  const reason = FEEDBACK_REASONS.find((r) => r.value === input.reason)?.value as FeedbackReason | undefined;
  if (!ref || !reason) return false;
  const comment = input.comment?.trim().slice(0, 1000) || null;
  return deps.store.feedback.explain({
    teamId: input.teamId ?? '',
    channel: ref.channel,
    messageTs: ref.messageTs,
    user: input.user,
    reason,
    comment,
    at: deps.now?.() ?? new Date(),
  });
}

import type { SlackMessage } from '../views/blocks.ts';

/**
 * Where a conversation happens: a Slack channel for one request, or the terminal console.
 * The handlers speak only to this, so both adapters run the same code.
 */
export interface Surface {
  /** Posts in the channel, or in a thread when threadTs is given; returns the new message's ts. */
  post(message: SlackMessage, opts?: { threadTs?: string }): Promise<string>;
  update(ts: string, message: SlackMessage): Promise<void>;
  remove(ts: string): Promise<void>;
  /** Visible only to the person who asked. */
  ephemeral(message: SlackMessage): Promise<void>;
  /**
   * For a slash command in a channel the bot cannot post in: answers through the command's
   * response_url, visible to the channel, but with no ts to thread on.
   */
  respondInChannel?(message: SlackMessage): Promise<void>;
  /** The channel creator's time zone (a digest's default zone); absent or null when unknown. */
  channelZone?(): Promise<string | null>;
  /** Whether `user` is in the channel: only members change what it follows. Absent: yes. */
  isMember?(user: string): Promise<boolean>;
  /**
   * A conversation that is one thread (an assistant thread, a DM thread): every post goes in it,
   * and a brief made here is kept under this ts, so the thread's next question is a follow-up.
   */
  thread?: string;
  /** What is happening now ("Reading 3 articles…"): the assistant thread's status. */
  status?(text: string): Promise<void>;
  /** The assistant thread's title. */
  setTitle?(title: string): Promise<void>;
  /**
   * A message that grows as verified pieces arrive, in the thread given (a channel needs one; a
   * one-thread conversation streams in its thread); absent where streaming is not possible.
   */
  stream?(opts?: { threadTs?: string }): LiveMessage;
}

/** A streamed message (Slack's chat.startStream / appendStream / stopStream, or the terminal). */
export interface LiveMessage {
  /** Queues Markdown to show; never throws (a failed stream is noted and ends the streaming). */
  append(markdown: string): void;
  /**
   * Ends the stream with the final message and returns its ts; null when nothing was streamed or
   * the stream failed, and the caller posts the message whole instead (a broken stream is closed).
   * The stream stops with `closing`, the blocks not yet shown (by default a brief's closing blocks).
   */
  finish(message: SlackMessage, closing?: SlackMessage['blocks']): Promise<string | null>;
  /** Closes and removes what was streamed (the brief failed, or came from another reply). */
  discard(): Promise<void>;
}

/** The bot may not post here (not a member, a DM it cannot reach, an archived channel). */
export class CannotPostError extends Error {
  override name = 'CannotPostError';
  constructor(readonly reason: string) {
    super(`cannot post in this channel: ${reason}`);
  }
}

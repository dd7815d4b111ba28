import type { webApi } from '@slack/bolt';
import type { LiveMessage } from '../app/surface.ts';
import type { Logger } from '../log.ts';
import { closingBlocks } from '../views/briefStream.ts';

/*
 * A brief or an answer streamed into Slack with the Web API client's chat stream (chat.startStream, then
 * chat.appendStream per verified piece, then chat.stopStream). Every append is sent at once
 * (buffer_size 1): a piece is only appended once verified, so there is nothing to hold back.
 *
 * At the end the stream is stopped with the final message's closing blocks (sources, buttons,
 * feedback), and the message is then updated to the very Block Kit message a non-streamed brief
 * posts, so both paths leave the same message behind. If any stream call fails, the half stream
 * is closed and removed, and `finish` returns null: the caller posts the whole message once.
 */

export interface StreamTarget {
  channel: string;
  threadTs: string;
  /** Needed by Slack outside DMs; harmless in them. */
  teamId: string | null;
  user: string;
}

const errorCode = (err: unknown) =>
  (err as { data?: { error?: string } }).data?.error ?? (err instanceof Error ? err.message : String(err));

export function slackLiveMessage(
  client: webApi.WebClient,
  target: StreamTarget,
  logger: Logger,
): LiveMessage {
  const streamer = client.chatStream({
    channel: target.channel,
    thread_ts: target.threadTs,
    recipient_user_id: target.user,
    ...(target.teamId ? { recipient_team_id: target.teamId } : {}),
    buffer_size: 1,
  });
  let queue: Promise<void> = Promise.resolve();
  let appended = 0;
  let failure: unknown = null;
  const log = { channel: target.channel, threadTs: target.threadTs };

  const fail = (err: unknown, during: string) => {
    failure ??= err;
    logger.warn(
      { ...log, code: errorCode(err), during },
      'streaming failed; the message will be posted whole',
    );
  };

  /** Closes and removes a stream that broke halfway, so the whole message is not posted twice. */
  async function discard(): Promise<void> {
    const ts = streamer.ts;
    if (!ts) return;
    await client.chat.stopStream({ channel: target.channel, ts }).catch((err: unknown) => {
      logger.debug({ ...log, code: errorCode(err) }, 'could not close the broken stream');
    });
    await client.chat.delete({ channel: target.channel, ts }).catch((err: unknown) => {
      logger.debug({ ...log, code: errorCode(err) }, 'could not remove the broken stream');
    });
  }

  return {
    append(markdown) {
      if (failure || !markdown) return;
      appended++;
      queue = queue.then(async () => {
        if (failure) return;
        try {
          await streamer.append({ markdown_text: markdown });
        } catch (err) {
          fail(err, 'append');
        }
      });
    },
    async discard() {
      await queue;
      failure ??= new Error('discarded');
      await discard();
    },
    async finish(message, closing = closingBlocks(message)) {
      await queue;
      if (appended === 0) return null;
      if (!failure) {
        try {
          await streamer.stop({ blocks: closing });
        } catch (err) {
          fail(err, 'stop');
        }
      }
      const ts = streamer.ts;
      if (failure || !ts) {
        await discard();
        return null;
      }
      try {
        await client.chat.update({ channel: target.channel, ts, text: message.text, blocks: message.blocks });
      } catch (err) {
        // The streamed message holds the same verified pieces and the closing blocks.
        logger.warn(
          { ...log, code: errorCode(err) },
          'could not replace the streamed message with its blocks',
        );
      }
      return ts;
    },
  };
}

import type { webApi } from '@slack/bolt';
import { DIGEST_EVENT_TYPE, type DigestMarker, type DigestPoster } from '../digest/run.ts';

/*
 * Digests through the Slack Web API. The WebClient itself waits out a 429 for as long as its
 * Retry-After says and retries; on top, posts to one channel are spaced at least a second apart,
 * Slack's posting rate per channel, so a digest and its thread never trip it.
 */

export interface SlackDigestOptions {
  /** The client for a workspace: the bot's, or in OAuth mode the workspace's own (refreshed) one. */
  clientFor: (teamId: string) => webApi.WebClient | Promise<webApi.WebClient>;
  /** Minimum gap between two posts to one channel. */
  channelGapMs?: number;
  /** Pages of history searched for a marker after a crash. */
  maxHistoryPages?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const CHANNEL_GAP_MS = 1100;

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export function slackDigestPoster(opts: SlackDigestOptions): DigestPoster {
  const gap = opts.channelGapMs ?? CHANNEL_GAP_MS;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  /** Per channel: the earliest time the next post may go. Posts reserve their slot in order. */
  const nextSlot = new Map<string, number>();

  async function waitForSlot(channel: string) {
    const now = Date.now();
    const slot = Math.max(now, nextSlot.get(channel) ?? 0);
    nextSlot.set(channel, slot + gap);
    if (slot > now) await sleep(slot - now);
  }

  return {
    async post(target, message, postOpts = {}) {
      await waitForSlot(target.channel);
      const client = await opts.clientFor(target.teamId);
      const res = await client.chat.postMessage({
        channel: target.channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(postOpts.threadTs ? { thread_ts: postOpts.threadTs } : {}),
        ...(postOpts.marker ? { metadata: markerMetadata(postOpts.marker) } : {}),
      });
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return res.ts;
    },

    async findMarker(target, marker, since) {
      const client = await opts.clientFor(target.teamId);
      let cursor: string | undefined;
      for (let page = 0; page < (opts.maxHistoryPages ?? 5); page++) {
        const res = await client.conversations.history({
          channel: target.channel,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
        const found = (res.messages as HistoryMessage[] | undefined)?.find((m) => isMarker(m, marker));
        if (found?.ts) return found.ts;
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
      return null;
    },
  };
}

function markerMetadata(marker: DigestMarker) {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { digest_id: marker.digestId, date: marker.date } };
}

function isMarker(m: HistoryMessage, marker: DigestMarker): boolean {
  const payload = m.metadata?.event_payload;
  return (
    m.metadata?.event_type === DIGEST_EVENT_TYPE &&
    Number(payload?.digest_id) === marker.digestId &&
    payload?.date === marker.date
  );
}

import type { DigestMarker, DigestPoster } from '../../src/digest/run.ts';
import type { SlackMessage } from '../../src/views/blocks.ts';
import { blocksToText } from '../../src/views/common.ts';

export interface Posted {
  channel: string;
  text: string;
  threadTs?: string;
  marker?: DigestMarker;
  ts: string;
}

/** A fake Slack that keeps every post; `failNext` makes the next post fail with a Slack error. */
export function fakeDigestSlack() {
  const posts: Posted[] = [];
  let n = 0;
  const state = { failNext: null as string | null };
  const poster: DigestPoster = {
    async post(target, message: SlackMessage, opts = {}) {
      if (state.failNext) {
        const code = state.failNext;
        state.failNext = null;
        throw Object.assign(new Error(`An API error occurred: ${code}`), {
          data: { ok: false, error: code },
        });
      }
      const ts = `1700000000.${String(++n).padStart(6, '0')}`;
      posts.push({ channel: target.channel, text: blocksToText(message.blocks), ...opts, ts });
      return ts;
    },
    async findMarker(target, marker) {
      return (
        posts.find(
          (p) =>
            p.channel === target.channel &&
            p.marker?.digestId === marker.digestId &&
            p.marker.date === marker.date,
        )?.ts ?? null
      );
    },
  };
  return { posts, poster, state, tops: () => posts.filter((p) => !p.threadTs) };
}

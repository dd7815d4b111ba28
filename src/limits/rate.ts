import { UserError } from '../errors.ts';

/*
 * Per-user and per-channel request limits for `/brief` and follow-ups: a sliding window of
 * timestamps per key, in memory. Each replica counts its own requests, so with N replicas the
 * effective limit is up to N times higher — a brake on runaway use, not an accounting system
 * (the daily token budget, kept in the store, is the hard limit on spend).
 */

export interface RateLimiter {
  /** Counts a request for `key`; null when allowed, else how long until one is. */
  take(key: string): number | null;
}

export function slidingWindow(limit: number, windowMs: number, now: () => number = Date.now): RateLimiter {
  const hits = new Map<string, number[]>();
  let lastSweep = now();
  return {
    take(key) {
      if (limit <= 0) return null;
      const t = now();
      // Forget idle keys now and then, so the map does not grow with every user ever seen.
      if (t - lastSweep > windowMs * 10) {
        for (const [k, times] of hits) if ((times.at(-1) ?? 0) <= t - windowMs) hits.delete(k);
        lastSweep = t;
      }
      const recent = (hits.get(key) ?? []).filter((h) => h > t - windowMs);
      if (recent.length >= limit) {
        hits.set(key, recent);
        return (recent[0] as number) + windowMs - t;
      }
      recent.push(t);
      hits.set(key, recent);
      return null;
    },
  };
}

export interface RequestLimits {
  /** Throws a UserError saying when to try again, when the user or the channel is over its limit. */
  check(who: { teamId: string | null; channel: string; user: string }): void;
}

export function requestLimits(
  opts: { userPerMinute: number; channelPerMinute: number },
  now: () => number = Date.now,
): RequestLimits {
  const users = slidingWindow(opts.userPerMinute, 60_000, now);
  const channels = slidingWindow(opts.channelPerMinute, 60_000, now);
  return {
    check(who) {
      const team = who.teamId ?? '';
      const userWait = users.take(`${team}:${who.user}`);
      if (userWait !== null) {
        throw new UserError(
          'rate-limited',
          `You have made ${opts.userPerMinute} requests in the last minute; try again in ${seconds(userWait)}.`,
        );
      }
      const channelWait = channels.take(`${team}:${who.channel}`);
      if (channelWait !== null) {
        throw new UserError(
          'rate-limited',
          `This channel has made ${opts.channelPerMinute} requests in the last minute; try again in ${seconds(channelWait)}.`,
        );
      }
    },
  };
}

function seconds(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return `${s} second${s === 1 ? '' : 's'}`;
}

import { UserError } from '../errors.ts';
import { noticeMessage } from '../views/common.ts';
import type { Surface } from './surface.ts';

/*
 * Requests still being worked on after Slack's ack, so a shutdown can stop taking work, let what
 * is in flight finish posting, and tell the people whose brief it gives up on. Pure bookkeeping:
 * the adapters decide what "refuse" and "notify" mean.
 */

export const RESTARTING_TEXT =
  'newsbrief is restarting, so it is not taking requests right now. Please try again in a minute.';
const ABANDONED_TEXT =
  'newsbrief restarted before your request was done, so nothing was posted. Please try again in a minute.';

export interface DrainResult {
  /** Requests that ended (done or failed) while draining. */
  finished: number;
  /** Requests given up on before they posted anything (their requester was told). */
  abandoned: number;
  /** Requests that had started posting and were still running when the grace ran out. */
  leftRunning: number;
}

export interface InFlight {
  /** False once drain() has begun: new requests are refused. */
  readonly accepting: boolean;
  /**
   * Runs one request's work on a guarded surface. Once the request is given up on, the guarded
   * surface refuses to start posting (so no half brief appears later) and stays quiet.
   */
  run(surface: Surface, work: (surface: Surface) => Promise<void>): Promise<void>;
  /** How many requests are running now. */
  readonly size: number;
  /**
   * Stops taking requests and waits up to `timeoutMs` for those in flight. Requests that have not
   * posted yet are then given up on (told once, ephemerally); requests already posting get up to
   * `graceMs` more, since stopping them half-way would leave a half-posted brief.
   */
  drain(opts?: { timeoutMs?: number; graceMs?: number }): Promise<DrainResult>;
}

interface Entry {
  done: Promise<void>;
  /** Something was posted in the channel: stopping now would leave it half-done. */
  committed: boolean;
  abandoned: boolean;
  notify: () => Promise<void>;
}

export function inFlight(): InFlight {
  const entries = new Set<Entry>();
  let accepting = true;
  let finished = 0;

  return {
    get accepting() {
      return accepting;
    },
    get size() {
      return entries.size;
    },
    async run(surface, work) {
      const entry: Entry = {
        done: Promise.resolve(),
        committed: false,
        abandoned: false,
        notify: () => surface.ephemeral(noticeMessage(ABANDONED_TEXT)),
      };
      const refuse = () => {
        throw new UserError('restarting', ABANDONED_TEXT);
      };
      const guarded: Surface = {
        ...surface,
        post: async (message, opts) => {
          if (entry.abandoned && !entry.committed) refuse();
          entry.committed = true;
          return surface.post(message, opts);
        },
        update: (ts, message) => surface.update(ts, message),
        remove: (ts) => surface.remove(ts),
        // After the "gave up" notice, an error about the same request would only confuse.
        ephemeral: async (message) => {
          if (!entry.abandoned) await surface.ephemeral(message);
        },
        // A stream that has begun is a post under way: it gets the posting grace, like a post.
        ...(surface.stream
          ? {
              stream: (opts?: { threadTs?: string }) => {
                entry.committed = true;
                return (surface.stream as NonNullable<Surface['stream']>)(opts);
              },
            }
          : {}),
        ...(surface.respondInChannel
          ? {
              respondInChannel: async (message) => {
                if (entry.abandoned && !entry.committed) refuse();
                entry.committed = true;
                await surface.respondInChannel?.(message);
              },
            }
          : {}),
      };
      const running = work(guarded);
      entry.done = running.then(
        () => {},
        () => {},
      );
      entries.add(entry);
      try {
        await running; // a failure still reaches the adapter's own error handling
      } finally {
        entries.delete(entry);
        finished++;
      }
    },
    async drain({ timeoutMs = 20_000, graceMs = 5_000 } = {}) {
      accepting = false;
      const before = finished;
      await settleWithin(
        [...entries].map((e) => e.done),
        timeoutMs,
      );
      let abandoned = 0;
      for (const entry of entries) {
        if (entry.committed) continue;
        entry.abandoned = true;
        abandoned++;
        await entry.notify().catch(() => {});
      }
      const posting = [...entries].filter((e) => e.committed);
      await settleWithin(
        posting.map((e) => e.done),
        graceMs,
      );
      return {
        finished: finished - before,
        abandoned,
        leftRunning: [...entries].filter((e) => e.committed).length,
      };
    },
  };
}

async function settleWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  if (promises.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

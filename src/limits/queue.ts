/*
 * The work a Slack request starts after its ack (store, brief, render, post) waits here for one of
 * a few slots, and each job starts on a later turn of the event loop (setImmediate). Everything runs
 * on one thread — the embedded store's queries too — so without this a burst (a single-flight LLM
 * answer releasing dozens of waiting briefs at once) holds the loop for seconds, and the acks of
 * requests arriving meanwhile, which Slack wants within 3 s, wait behind it.
 */

export interface WorkQueue {
  /** Runs `fn` once a slot is free; resolves or rejects with it. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly running: number;
  readonly waiting: number;
}

export function workQueue(concurrency: number): WorkQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  const pump = () => {
    while (running < concurrency && waiting.length > 0) {
      running++;
      setImmediate(waiting.shift() as () => void);
    }
  };
  return {
    async run(fn) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        pump();
      });
      try {
        return await fn();
      } finally {
        running--;
        pump();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}

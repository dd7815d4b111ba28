import { mkdir } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { projectUrl } from '../paths.ts';
import type { Db, Queryable } from './db.ts';
import {
  fromThreadError,
  type ThreadReply,
  type ThreadRequest,
  type ThreadWorkerData,
} from './threadProtocol.ts';

/*
 * The embedded store in a worker thread. PGlite is PostgreSQL compiled to WebAssembly and runs
 * each statement synchronously on the thread that calls it: in-process, a search or a commit held
 * the event loop that acks Slack (bench/load.ts --cold), and opening it (compiling the WebAssembly)
 * held the start-up. Here the worker (threadWorker.ts) owns PGlite and this adapter speaks the same
 * `Db` over messages: the main thread only waits, and a start imports Slack and pg-boss while the
 * worker opens the store on the other core.
 *
 * Not PGlite's own `@electric-sql/pglite/worker`: its PGliteWorker is written for browser Web
 * Workers (navigator.locks and BroadcastChannel for leader election between tabs), which Node 20's
 * worker_threads do not offer.
 */

export interface ThreadOptions {
  /** Told once when the worker thread fails or exits unasked; every statement then fails. */
  onFailure?: (err: Error) => void;
  /** Another worker script speaking the same messages (tests: one that crashes). */
  entry?: URL;
}

/**
 * The worker's entry: the compiled one beside the build (dist/store/threadWorker.js), or, when
 * these sources run as TypeScript (tests, `npm run dev`, the benchmarks), the source under tsx.
 */
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./threadWorker.dev.mjs', import.meta.url)
    : projectUrl('dist/store/threadWorker.js');
}

interface Pending {
  resolve: (rows: unknown[]) => void;
  reject: (err: Error) => void;
}

/** Opens PGlite (null → in memory) in a worker thread and applies pending migrations there. */
export async function openPgliteThread(dataDir: string | null, opts: ThreadOptions = {}): Promise<Db> {
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  const worker = new Worker(opts.entry ?? workerEntry(), {
    workerData: { dataDir } satisfies ThreadWorkerData,
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let nextTx = 1;
  /** Set once the worker is gone: every statement fails with it from then on. */
  let failed: Error | undefined;
  let closed = false;

  // While a reply is awaited the worker keeps the process alive, as a statement in hand would;
  // an idle store does not (a CLI command that is done may exit).
  const refresh = () => (pending.size > 0 ? worker.ref() : worker.unref());

  const fail = (err: Error) => {
    if (failed) return;
    failed = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    refresh();
    if (!closed) opts.onFailure?.(err);
  };

  worker.on('message', (msg: ThreadReply) => {
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    refresh();
    if (msg.ok) p.resolve(msg.rows ?? []);
    else p.reject(fromThreadError(msg.error));
  });
  worker.on('error', (err) => {
    fail(new Error(`the embedded store's worker thread failed: ${err.message}`, { cause: err }));
  });
  worker.on('exit', (code) => {
    fail(
      new Error(
        closed ? 'the embedded store is closed' : `the embedded store's worker thread exited (code ${code})`,
      ),
    );
  });

  const wait = (id: number) =>
    new Promise<unknown[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      refresh();
    });

  // Distributes Omit over the union of requests.
  type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
  const call = (req: Without<ThreadRequest, 'id'>): Promise<unknown[]> => {
    if (failed) return Promise.reject(failed);
    if (closed) return Promise.reject(new Error('the embedded store is closed'));
    const id = nextId++;
    const replied = wait(id);
    worker.postMessage({ ...req, id } as ThreadRequest);
    return replied;
  };

  const on = (tx: number | undefined): Queryable => ({
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await call({ op: 'query', sql, params, tx })) as T[],
    }),
    exec: async (sql: string) => {
      await call({ op: 'exec', sql, tx });
    },
  });

  try {
    await wait(0);
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  let closing: Promise<void> | undefined;
  return {
    ...on(undefined),
    async transaction(fn, txOpts) {
      const tx = nextTx++;
      await call({ op: 'begin', tx, opening: txOpts?.opening });
      let value: Awaited<ReturnType<typeof fn>>;
      try {
        value = await fn(on(tx));
      } catch (err) {
        // Rolled back in the worker; the caller sees its own error, as in-process.
        await call({ op: 'end', tx, commit: false }).catch(() => {});
        throw err;
      }
      await call({ op: 'end', tx, commit: true });
      return value;
    },
    vacuum: async () => {
      await call({ op: 'vacuum' });
    },
    close() {
      closing ??= (async () => {
        try {
          if (!failed) await call({ op: 'close' });
        } finally {
          closed = true;
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}

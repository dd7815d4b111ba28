import { parentPort, workerData } from 'node:worker_threads';
import { type Db, openPglite, type Queryable } from './db.ts';
import {
  type ThreadReply,
  type ThreadRequest,
  type ThreadWorkerData,
  toThreadError,
} from './threadProtocol.ts';

/*
 * The embedded store's worker thread: it owns PGlite (opened and migrated exactly as in-process,
 * by openPglite) and runs what the main thread's adapter (thread.ts) sends, one reply per request.
 * PGlite serialises statements and transactions itself, so requests are simply started as they
 * arrive; a transaction's statements name it and run on its connection.
 */

if (!parentPort) throw new Error('threadWorker.ts runs as a worker thread (see store/thread.ts)');
const port = parentPort;
const { dataDir } = workerData as ThreadWorkerData;

/** A transaction open in PGlite, waiting for its statements and then its end. */
interface OpenTx {
  tx: Queryable;
  end: (commit: boolean) => void;
  done: Promise<void>;
}

/** Thrown inside PGlite's transaction so that it rolls back; not an error of anyone's. */
const ROLLBACK = Symbol('rollback');

const reply = (message: ThreadReply) => port.postMessage(message);

async function serve(db: Db): Promise<void> {
  const txs = new Map<number, OpenTx>();
  let closing: Promise<void> | undefined;

  function begin(tx: number, opening: string | undefined): Promise<void> {
    return new Promise((began, failed) => {
      let open = false;
      const done = db.transaction(
        async (queryable) => {
          const commit = await new Promise<boolean>((end) => {
            txs.set(tx, { tx: queryable, end, done });
            open = true;
            began();
          });
          if (!commit) throw ROLLBACK;
        },
        opening ? { opening } : {},
      );
      // A failed BEGIN (or opening) is the begin request's error; later failures are end's.
      done.catch((err: unknown) => {
        if (!open) failed(err);
      });
    });
  }

  async function run(req: ThreadRequest): Promise<unknown[] | undefined> {
    switch (req.op) {
      case 'query':
      case 'exec': {
        const on = req.tx === undefined ? db : txs.get(req.tx)?.tx;
        if (!on) throw new Error(`no open transaction ${req.tx} in the store's worker`);
        if (req.op === 'exec') {
          await on.exec(req.sql);
          return undefined;
        }
        return (await on.query(req.sql, req.params)).rows;
      }
      case 'begin':
        await begin(req.tx, req.opening);
        return undefined;
      case 'end': {
        const open = txs.get(req.tx);
        if (!open) throw new Error(`no open transaction ${req.tx} in the store's worker`);
        txs.delete(req.tx);
        open.end(req.commit);
        await open.done.catch((err: unknown) => {
          if (err !== ROLLBACK) throw err;
        });
        return undefined;
      }
      case 'vacuum':
        await db.vacuum?.();
        return undefined;
      case 'close':
        // Statements already sent run first (PGlite queues them); then the database closes.
        closing ??= db.close();
        await closing;
        return undefined;
    }
  }

  port.on('message', (req: ThreadRequest) => {
    run(req).then(
      (rows) => reply(rows === undefined ? { id: req.id, ok: true } : { id: req.id, ok: true, rows }),
      (err: unknown) => reply({ id: req.id, ok: false, error: toThreadError(err) }),
    );
  });
}

try {
  const db = await openPglite(dataDir);
  await serve(db);
  reply({ id: 0, ok: true });
} catch (err) {
  reply({ id: 0, ok: false, error: toThreadError(err) });
}

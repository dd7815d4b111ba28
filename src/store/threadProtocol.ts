/*
 * The messages between the embedded store's worker thread (threadWorker.ts) and its adapter on the
 * main thread (thread.ts). Every request carries an id its reply repeats; a transaction's
 * statements carry the transaction's id, so they run inside it in the worker.
 */

export type ThreadRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[] | undefined; tx?: number | undefined }
  | { id: number; op: 'exec'; sql: string; tx?: number | undefined }
  | { id: number; op: 'begin'; tx: number; opening?: string | undefined }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'vacuum' }
  | { id: number; op: 'close' };

/** Id 0 is the open itself (PGlite created, migrations applied). */
export type ThreadReply =
  | { id: number; ok: true; rows?: unknown[] }
  | { id: number; ok: false; error: ThreadError };

/** An error as it crosses the thread: its message, plus PostgreSQL's fields (code '23505', …). */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string | undefined;
  fields: Record<string, string | number>;
}

export interface ThreadWorkerData {
  /** null → in memory. */
  dataDir: string | null;
}

/** The fields of PostgreSQL's error (PGlite's DatabaseError, as `pg` names them) worth keeping. */
const FIELDS = [
  'code',
  'severity',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
] as const;

export function toThreadError(err: unknown): ThreadError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), fields: {} };
  const fields: Record<string, string | number> = {};
  for (const key of FIELDS) {
    const value = (err as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
  }
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

/**
 * The error again on this side, with its PostgreSQL fields, so callers that look at `code` work as
 * on an in-process store; the stack is this thread's (where the caller awaited), then the worker's.
 */
export function fromThreadError(e: ThreadError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  Object.assign(err, e.fields);
  if (e.stack) err.stack = `${err.stack}\n    --- in the store's worker thread ---\n${e.stack}`;
  return err;
}

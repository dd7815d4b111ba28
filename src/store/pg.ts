import type pg from 'pg';
import { type Db, MIGRATION_LOCK, migrate, type Queryable, type QueryOptions } from './db.ts';

export interface PostgresOptions {
  /**
   * Tables live in this schema (created when missing) instead of `public`: tests give each file
   * its own, so files running in parallel never see each other's rows.
   */
  schema?: string;
  /** Connections in the pool; each replica holds at most this many. */
  maxConnections?: number;
  /** Shown in pg_stat_activity, so an operator (or a test) can tell our connections apart. */
  applicationName?: string;
}

/** The server ended the session (restart, failover, pg_terminate_backend): the statement was aborted. */
const SERVER_ENDED = new Set(['57P01', '57P02', '57P03']);

/**
 * Whether a statement that failed this way may simply run again. The server ending the session
 * aborts the statement, so anything may; a connection that died on our side may have
 * died after a commit, so only a read (or a BEGIN) is repeated.
 */
export function retryable(err: unknown, sql: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && SERVER_ENDED.has(e.code)) return true;
  const lost =
    (typeof e?.code === 'string' && ['ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(e.code)) ||
    /Connection terminated|not queryable|connection error/i.test(String(e?.message ?? ''));
  return lost && /^\s*(SELECT|WITH|BEGIN)\b/i.test(sql) && !/\b(INSERT|UPDATE|DELETE|MERGE)\b/i.test(sql);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL server (DATABASE_URL), migrated. Several replicas may open it at once. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`bad schema name: ${schema}`);
  // Loaded here, not at the top: the embedded store and storeless commands never need the driver.
  const { default: pg } = await import('pg');
  if (schema !== undefined) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // IF NOT EXISTS still races when two processes create it at once: take the migration lock.
      await admin.query('BEGIN');
      await admin.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await admin.query('COMMIT');
    } finally {
      await admin.end();
    }
  }
  const max = opts.maxConnections ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: opts.applicationName ?? 'newsbrief',
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // drops it and the next query opens a fresh one.
  pool.on('error', () => {});
  const db = poolDb(pool, max + 1);
  try {
    await db.query('SELECT 1');
    await migrate(db);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return db;
}

/** A named statement is parsed and planned once per connection (pg keeps the name → statement). */
function statement(sql: string, params: unknown[] | undefined, opts: QueryOptions | undefined) {
  return opts?.name ? { name: opts.name, text: sql, values: params } : { text: sql, values: params };
}

function clientQueryable(client: pg.ClientBase): Queryable {
  return {
    query: async <T>(sql: string, params?: unknown[], opts?: QueryOptions) => ({
      rows: (await client.query(statement(sql, params, opts))).rows as T[],
    }),
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

/**
 * Runs `run` again on a fresh connection when it failed because its connection died and repeating
 * it is safe, so a database restart costs a request a short wait, not an error. Every idle
 * connection in the pool may be dead at once, and each try discards one: up to `tries` in all.
 */
async function again<T>(sql: string, tries: number, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= tries || !retryable(err, sql)) throw err;
      // Dead idle connections fail at once; a server coming back needs a moment.
      if (attempt > 1) await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}

function poolDb(pool: pg.Pool, tries: number): Db {
  return {
    query: async <T>(sql: string, params?: unknown[], opts?: QueryOptions) => ({
      rows: (await again(sql, tries, () => pool.query(statement(sql, params, opts)))).rows as T[],
    }),
    exec: async (sql) => {
      await again(sql, tries, () => pool.query(sql));
    },
    async transaction(fn, opts) {
      const client = await again('BEGIN', tries, () => beginOn(pool, opts?.opening));
      let broken: unknown;
      try {
        const value = await fn(clientQueryable(client));
        await client.query('COMMIT');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          broken = rollbackErr;
        });
        throw err;
      } finally {
        // A connection that could not even roll back is destroyed rather than reused.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * A pooled connection inside BEGIN (and `opening`, in the same round trip); one found dead is
 * dropped (nothing ran on it yet).
 */
async function beginOn(pool: pg.Pool, opening?: string): Promise<pg.PoolClient> {
  const client = await pool.connect();
  try {
    await client.query(opening ? `BEGIN; ${opening}` : 'BEGIN');
    return client;
  } catch (err) {
    client.release(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}

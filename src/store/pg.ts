import pg from 'pg';
import { type Db, MIGRATION_LOCK, migrate, type Queryable } from './db.ts';

export interface PostgresOptions {
  /**
   * Tables live in this schema (created when missing) instead of `public`: tests give each file
   * its own, so files running in parallel never see each other's rows.
   */
  schema?: string;
  /** Connections in the pool; each replica holds at most this many. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL server (DATABASE_URL), migrated. Several replicas may open it at once. */
export async function openPostgres(url: string, opts: PostgresOptions = {}): Promise<Db> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) throw new Error(`bad schema name: ${schema}`);
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
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    ...(schema !== undefined ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // drops it and the next query opens a fresh one.
  pool.on('error', () => {});
  const db = poolDb(pool);
  try {
    await db.query('SELECT 1');
    await migrate(db);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return db;
}

function clientQueryable(client: pg.ClientBase): Queryable {
  return {
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await client.query(sql, params)).rows as T[],
    }),
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

function poolDb(pool: pg.Pool): Db {
  return {
    query: async <T>(sql: string, params?: unknown[]) => ({
      rows: (await pool.query(sql, params)).rows as T[],
    }),
    exec: async (sql) => {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
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

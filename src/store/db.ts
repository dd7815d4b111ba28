import { mkdir, readdir, readFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import { projectUrl } from '../paths.ts';

/** What the store needs from a connection: PGlite today, a `pg` Pool later. */
export interface Queryable {
  /**
   * One statement; values travel as parameters ($1, $2, …), never spliced into the SQL. `opts.name`
   * (PostgreSQL; PGlite ignores it): prepare it once per connection under this name and reuse the
   * plan, for the hot statements of ingest; the same name must always come with the same SQL.
   */
  query<T>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<{ rows: T[] }>;
  /** Several statements, no parameters (migrations, truncation in tests). */
  exec(sql: string): Promise<void>;
}

export interface QueryOptions {
  name?: string;
}

export interface TransactionOptions {
  /**
   * Statements without parameters run first in the transaction (e.g. taking an advisory lock), in
   * BEGIN's round trip on PostgreSQL.
   */
  opening?: string;
}

export interface Db extends Queryable {
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection (ROLLBACK when it throws). A pool cannot
   * offer this through `query` alone, since each call may land on a different connection.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  /**
   * Routine upkeep the engine does not do by itself: PGlite has no autovacuum, so its planner
   * statistics and dead rows stay as they are until this runs. Absent: the server does it.
   */
  vacuum?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One process is the only client, so PostgreSQL's defaults (128 MB shared buffers, 100 connection
 * slots) are sized for a load PGlite never sees; smaller ones cut ~100 MB of resident memory. 24 MB
 * of buffers keep a week of topic search at 100k articles mostly in memory (bench/store.ts: search
 * p95 27–31 ms at 16 MB, 24–25 ms at 24 MB, for ~15 MB more resident memory).
 */
const pgliteStartParams = (defaults: string[]) => [
  ...defaults,
  '-c',
  'shared_buffers=24MB',
  '-c',
  'max_connections=5',
  // VACUUM and index builds (maintenance, migrations) use up to this much; WebAssembly memory
  // once touched stays resident, so PostgreSQL's 64 MB default would stay with the process.
  '-c',
  'maintenance_work_mem=16MB',
];

/** Opens PGlite (null → in memory) and applies pending migrations. */
export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir !== null) await mkdir(dataDir, { recursive: true });
  // Loaded here, not at the top: commands that never open the store (a file's brief) skip it.
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create({
    ...(dataDir === null ? {} : { dataDir }),
    startParams: pgliteStartParams(PGlite.defaultStartParams),
  });
  const db = pgliteDb(pg);
  try {
    await migrate(db);
  } catch (err) {
    await pg.close();
    throw err;
  }
  return db;
}

/** The store's view of an open PGlite (migrations not applied: openPglite does that). */
export function pgliteDb(pg: PGlite): Db {
  return {
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await pg.query<T>(sql, params)).rows }),
    exec: async (sql) => {
      await pg.exec(sql);
    },
    transaction: (fn, opts) =>
      pg.transaction(async (tx) => {
        if (opts?.opening) await tx.exec(opts.opening);
        return fn({
          query: async <T>(sql: string, params?: unknown[]) => ({
            rows: (await tx.query<T>(sql, params)).rows,
          }),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        });
      }),
    vacuum: async () => {
      await pg.exec('VACUUM (ANALYZE)');
    },
    close: () => pg.close(),
  };
}

export interface Migration {
  /** The file name without `.sql`, e.g. `001_init`. */
  version: string;
  sql: string;
}

// The migrations ship as .sql files beside the sources; the build bundles code only.
const MIGRATIONS_DIR = projectUrl('src/store/migrations/');
const MIGRATION_FILE = /^(\d{3}_[a-z0-9_]+)\.sql$/;
/** Any fixed number; every process that migrates this database takes the same lock. */
export const MIGRATION_LOCK = 7_312_004_001;

/** The SQL files in src/store/migrations, in order. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const name of names) {
    const version = MIGRATION_FILE.exec(name)?.[1];
    if (!version) throw new Error(`migration file name must look like 001_name.sql: ${name}`);
    migrations.push({ version, sql: await readFile(new URL(name, dir), 'utf8') });
  }
  return migrations;
}

/**
 * Applies each migration not yet recorded in schema_migrations, in order, each in its own
 * transaction. The advisory lock makes a second process wait, then see the row and skip.
 * Returns the versions this call applied.
 */
export async function migrate(db: Db, migrations?: Migration[]): Promise<string[]> {
  const pending = migrations ?? (await loadMigrations());
  const lock = `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
  await db.transaction(async (tx) => {
    await tx.query(lock);
    await tx.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
  });
  const applied: string[] = [];
  for (const m of pending) {
    const done = await db.transaction(async (tx) => {
      await tx.query(lock);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rows.length > 0) return true;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      return false;
    });
    if (!done) applied.push(m.version);
  }
  return applied;
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { type Db, openPglite } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/pg.ts';

/*
 * The store's suites run on both engines: embedded PGlite always, a PostgreSQL server when
 * TEST_DATABASE_URL is set (.ci/run sets it). Each PostgreSQL database gets its own schema, so
 * test files running in parallel never share rows; the schema is dropped afterwards.
 */

export type EngineName = 'pglite' | 'postgres';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface TestEngine {
  name: EngineName;
  /** A fresh, migrated, empty database. */
  open(): Promise<Db>;
}

export const engines: TestEngine[] = [
  { name: 'pglite', open: () => openPglite(null) },
  ...(TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, open: () => openTestPostgres(TEST_DATABASE_URL) }]
    : []),
];

/** A migrated database in a new schema of the server at `url`; closing it drops the schema. */
export async function openTestPostgres(url: string, opts: { applicationName?: string } = {}): Promise<Db> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openPostgres(url, { schema, maxConnections: 5, ...opts });
  return {
    ...db,
    async close() {
      await db.close();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await admin.end();
      }
    },
  };
}

export interface EngineContext {
  /** The open database of the current engine (set in beforeAll). */
  readonly db: Db;
  readonly engine: EngineName;
}

/**
 * Runs `body` once per engine inside `describe(<title> [engine])`, with one database per engine
 * opened before the suite and closed after it. With `reset`, every table is emptied before each
 * test. Without TEST_DATABASE_URL the PostgreSQL run is reported as skipped, saying why.
 */
export function describeEngines(
  title: string,
  body: (ctx: EngineContext) => void,
  opts: { reset?: boolean } = {},
): void {
  for (const engine of engines) {
    describe(`${title} [${engine.name}]`, () => {
      let db: Db | undefined;
      const ctx: EngineContext = {
        get db() {
          if (!db) throw new Error('the database is opened in beforeAll');
          return db;
        },
        engine: engine.name,
      };
      beforeAll(async () => {
        db = await engine.open();
      });
      afterAll(async () => {
        await db?.close();
      });
      if (opts.reset) beforeEach(() => truncateAll(ctx.db));
      body(ctx);
    });
  }
  if (!TEST_DATABASE_URL) {
    describe.skip(`${title} [postgres] — skipped: TEST_DATABASE_URL is not set`, () => {
      body({ db: undefined as unknown as Db, engine: 'postgres' });
    });
  }
}

/** Empties every table the migrations made (but schema_migrations) and restarts ids. */
export async function truncateAll(db: Db): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables
     WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`,
  );
  if (rows.length === 0) return;
  await db.exec(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
}

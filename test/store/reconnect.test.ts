import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Job, startJobs } from '../../src/jobs/scheduler.ts';
import type { Db } from '../../src/store/db.ts';
import { retryable } from '../../src/store/pg.ts';
import { createStore } from '../../src/store/store.ts';
import { openTestPostgres, TEST_DATABASE_URL } from '../helpers/db.ts';
import { silentLogger } from '../helpers/llm.ts';
import { eventually } from '../helpers/slack.ts';

/*
 * PostgreSQL going away under a running app (a restart, a failover, an operator's
 * pg_terminate_backend): the store's next calls work, a statement the server aborted is run again,
 * and jobs keep running. Only this file's own connections are killed, by their application_name.
 */

describe('which failed statements run again', () => {
  const ended = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
  const lost = new Error('Connection terminated unexpectedly');

  it('any statement the server aborted by ending the session', () => {
    expect(retryable(ended, 'INSERT INTO t VALUES (1)')).toBe(true);
  });

  it('only reads when the connection died on our side (a write may have committed)', () => {
    expect(retryable(lost, 'SELECT 1')).toBe(true);
    expect(retryable(lost, ' with x as (select 1) select * from x')).toBe(true);
    expect(retryable(lost, 'INSERT INTO t VALUES (1)')).toBe(false);
    expect(retryable(lost, 'WITH x AS (DELETE FROM t RETURNING 1) SELECT * FROM x')).toBe(false);
  });

  it('never a statement that failed for its own reasons', () => {
    expect(retryable(Object.assign(new Error('duplicate key'), { code: '23505' }), 'SELECT 1')).toBe(false);
  });
});

const url = TEST_DATABASE_URL;

describe.skipIf(!url)('PostgreSQL connections killed mid-run', () => {
  const app = `newsbrief-test-${randomBytes(4).toString('hex')}`;
  let db: Db;
  let admin: pg.Client;

  /** Ends every session of this file's pool(s) on the server, as a restart would. */
  async function kill(name = app): Promise<number> {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1`,
      [name],
    );
    return rows.filter((r) => r.killed).length;
  }

  beforeAll(async () => {
    db = await openTestPostgres(url ?? '', { applicationName: app });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.close();
  });

  it('the store works again right after its idle connections are killed', async () => {
    const store = createStore(db);
    await Promise.all([store.ping(), store.articles.count(), store.ping()]);
    expect(await kill()).toBeGreaterThan(0);
    // No pause: the pool may not have noticed yet that its connections are dead.
    expect(await store.articles.count()).toBe(0);
    await store.ping();
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
    });
  });

  it('a read in flight when its session is killed is run again and answers', async () => {
    const read = db.query<{ n: number }>('SELECT 42 AS n FROM pg_sleep(0.4)');
    await new Promise((r) => setTimeout(r, 150));
    expect(await kill()).toBeGreaterThan(0);
    expect((await read).rows).toEqual([{ n: 42 }]);
  });

  it('a write the server aborted is run again, and applied once', async () => {
    await db.exec('CREATE TABLE probe (n int)');
    const write = db.query('INSERT INTO probe SELECT 1 FROM pg_sleep(0.4)');
    await new Promise((r) => setTimeout(r, 150));
    expect(await kill()).toBeGreaterThan(0);
    await write;
    expect((await db.query<{ c: string }>('SELECT count(*) AS c FROM probe')).rows[0]?.c).toBe('1');
  });

  it('jobs keep running after their connections are killed', async () => {
    const schema = `pgboss_${randomBytes(5).toString('hex')}`;
    const jobsApp = `${app}-jobs`;
    let runs = 0;
    const job: Job = {
      name: `probe-${randomBytes(3).toString('hex')}`,
      cron: '0 0 1 1 *',
      run: async () => {
        runs++;
        return { runs };
      },
    };
    const jobs = await startJobs({
      jobs: [job],
      backend: { kind: 'postgres', connectionString: url ?? '', schema, applicationName: jobsApp },
      logger: silentLogger,
      checkSeconds: 1,
    });
    try {
      await jobs.trigger(job.name);
      await eventually(() => runs === 1, 15_000);
      expect(await kill(jobsApp)).toBeGreaterThan(0);
      // pg-boss's pool replaces the dead connections; a failed poll is retried on the next one.
      await eventually(() => {
        void jobs.trigger(job.name).catch(() => {});
        return runs >= 2;
      }, 20_000);
    } finally {
      await jobs.stop();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  }, 40_000);
});

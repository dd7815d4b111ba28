import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { guarded, type Job, type JobsBackend, pgliteExecutor, startJobs } from '../../src/jobs/scheduler.ts';
import { describeEngines, TEST_DATABASE_URL } from '../helpers/db.ts';

interface Line {
  level: 'info' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

function recorder() {
  const lines: Line[] = [];
  return {
    lines,
    logger: {
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj: obj as Line['obj'], msg }),
      error: (obj: object, msg: string) => lines.push({ level: 'error', obj: obj as Line['obj'], msg }),
    },
  };
}

async function eventually(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const unique = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

describe('guarded', () => {
  it('logs what a run did, and logs a failure instead of throwing', async () => {
    const { lines, logger } = recorder();
    await guarded(
      { name: 'ok', run: async () => ({ added: 2 }) },
      logger,
    )({ signal: new AbortController().signal });
    await guarded(
      { name: 'idle', run: async () => undefined },
      logger,
    )({ signal: new AbortController().signal }); // debug only: not recorded
    await guarded(
      {
        name: 'bad',
        run: async () => {
          throw new Error('boom');
        },
      },
      logger,
    )({ signal: new AbortController().signal });
    expect(lines[0]).toMatchObject({ level: 'info', obj: { job: 'ok', added: 2 }, msg: 'job done' });
    expect(lines[1]).toMatchObject({ level: 'error', obj: { job: 'bad' } });
    expect(String(lines[1]?.obj.err)).toContain('boom');
  });
});

describeEngines('scheduled jobs', (ctx) => {
  /** pg-boss on the engine under test: our PGlite connection, or a throwaway schema on the server. */
  async function backend(): Promise<{ backend: JobsBackend; cleanup: () => Promise<void> }> {
    if (ctx.engine === 'pglite') return { backend: { kind: 'pglite', db: ctx.db }, cleanup: async () => {} };
    const url = TEST_DATABASE_URL ?? '';
    const schema = `pgboss_${randomBytes(5).toString('hex')}`;
    return {
      backend: { kind: 'postgres', connectionString: url, schema },
      cleanup: async () => {
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

  it('runs a job on its cron schedule; a failing run is logged and the next one runs', async () => {
    const { backend: b, cleanup } = await backend();
    const { lines, logger } = recorder();
    let runs = 0;
    const job: Job = {
      name: unique('tick'),
      cron: '* * * * *',
      run: async () => {
        runs++;
        if (runs === 1) throw new Error('feed server down');
        return { runs };
      },
    };
    const jobs = await startJobs({ jobs: [job], backend: b, logger, checkSeconds: 1 });
    try {
      // The minute's cron tick arrives within pg-boss's check interval; it fails and is logged.
      await eventually(() => lines.some((l) => l.msg.startsWith('job failed')));
      expect(lines.find((l) => l.level === 'error')?.obj).toMatchObject({ job: job.name });
      // The next tick (here triggered rather than a minute away) runs again and succeeds.
      await jobs.trigger(job.name);
      await eventually(() => lines.some((l) => l.msg === 'job done'));
      expect(lines.find((l) => l.msg === 'job done')?.obj).toMatchObject({ job: job.name, runs: 2 });
    } finally {
      await jobs.stop();
      await cleanup();
    }
  }, 30_000);

  it('adds and removes a job while running (as per-channel digests will)', async () => {
    const { backend: b, cleanup } = await backend();
    const { lines, logger } = recorder();
    const jobs = await startJobs({ jobs: [], backend: b, logger, checkSeconds: 1 });
    try {
      const name = unique('digest');
      // atStart: runs at once, though its cron is a year away.
      await jobs.add({ name, cron: '0 0 1 1 *', atStart: true, run: async () => ({ channel: 'C1' }) });
      await expect(jobs.add({ name, cron: '* * * * *', run: async () => ({}) })).rejects.toThrow(/already/);
      await eventually(() => lines.some((l) => l.msg === 'job done' && l.obj.job === name));
      expect(await jobs.remove(name)).toBe(true);
      expect(await jobs.remove(name)).toBe(false);
      await expect(jobs.trigger(name)).rejects.toThrow(/no such job/);
    } finally {
      await jobs.stop();
      await cleanup();
    }
  }, 30_000);

  it('stop() waits for a run in flight', async () => {
    const { backend: b, cleanup } = await backend();
    const { logger } = recorder();
    let started = false;
    let finished = false;
    let aborted = false;
    const job: Job = {
      name: unique('slow'),
      cron: '0 0 1 1 *', // never during the test: only the trigger runs it
      run: async ({ signal }) => {
        started = true;
        await new Promise((r) => setTimeout(r, 700));
        aborted = signal.aborted;
        finished = true;
        return {};
      },
    };
    const jobs = await startJobs({ jobs: [job], backend: b, logger, checkSeconds: 1 });
    try {
      await jobs.trigger(job.name);
      await eventually(() => started);
      expect(finished).toBe(false);
      await jobs.stop();
      expect(finished).toBe(true);
      expect(aborted).toBe(true); // told to wrap up
    } finally {
      await jobs.stop();
      await cleanup();
    }
  }, 30_000);

  it('leaves the store usable: our own transactions and pg-boss share the connection', async () => {
    const { backend: b, cleanup } = await backend();
    const { lines, logger } = recorder();
    const job: Job = {
      name: unique('store'),
      cron: '0 0 1 1 *',
      run: async () => {
        const { rows } = await ctx.db.transaction((tx) => tx.query<{ n: number }>('SELECT 1 AS n'));
        return { n: rows[0]?.n };
      },
    };
    const jobs = await startJobs({ jobs: [job], backend: b, logger, checkSeconds: 1 });
    try {
      await jobs.trigger(job.name);
      await ctx.db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await new Promise((r) => setTimeout(r, 300));
      });
      await eventually(() => lines.some((l) => l.msg === 'job done'));
      expect(lines.find((l) => l.msg === 'job done')?.obj).toMatchObject({ n: 1 });
    } finally {
      await jobs.stop();
      await cleanup();
    }
  }, 30_000);

  if (ctx.engine === 'pglite') {
    it("leaves PGlite's one connection usable when pg-boss's multi-statement SQL fails half-way", async () => {
      const exec = pgliteExecutor(ctx.db);
      await expect(exec.executeSql('BEGIN; SELECT 1/0; COMMIT;')).rejects.toThrow(/division by zero/);
      expect((await ctx.db.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
      await exec.executeSql(
        'BEGIN; CREATE TEMP TABLE boss_t (x int); INSERT INTO boss_t VALUES (7); COMMIT;',
      );
      expect((await exec.executeSql('SELECT x FROM boss_t')).rows).toEqual([{ x: 7 }]);
      expect((await exec.executeSql('SELECT $1::int AS y', [3])).rows).toEqual([{ y: 3 }]);
    });
  }

  it('refuses a job name pg-boss cannot take', async () => {
    const { backend: b } = await backend();
    await expect(
      startJobs({
        jobs: [{ name: 'Bad Name', cron: '* * * * *', run: async () => ({}) }],
        backend: b,
        logger: recorder().logger,
      }),
    ).rejects.toThrow(/bad job name/);
  });
});

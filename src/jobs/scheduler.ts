import PgBoss from 'pg-boss';
import type { Db } from '../store/db.ts';

/*
 * Recurring jobs on pg-boss: on PostgreSQL in its own schema (`pgboss`), so several replicas share
 * one schedule and each tick runs once; on embedded PGlite through pg-boss's `db` option, over the
 * app's own single connection (measured: schedules, workers and graceful stop all work there).
 * PGlite runs one statement at a time, so a job must never wait on pg-boss from inside one of our
 * store transactions: the two would wait on each other.
 */

export interface Job {
  /** The pg-boss queue name, e.g. `feeds-poll`; later also e.g. `digest-C0123`. */
  name: string;
  /** Five-field cron in UTC; pg-boss fires at most once a minute. */
  cron: string;
  /** Also run once when the scheduler starts (a daily job would otherwise never run in a process that is never up at its hour). */
  atStart?: boolean;
  /**
   * What one run did (counts) goes into its info log line; undefined (nothing to do) logs at debug,
   * so a minute tick stays quiet. A throw is logged; the next tick runs again.
   */
  run(ctx: JobContext): Promise<Record<string, unknown> | undefined>;
}

export interface JobContext {
  /** Aborted when the scheduler stops: a long run should return at its next safe point. */
  signal: AbortSignal;
}

export type JobsBackend =
  | { kind: 'postgres'; connectionString: string; schema?: string; applicationName?: string }
  | { kind: 'pglite'; db: Db; schema?: string };

export interface JobsLogger {
  info(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobsOptions {
  jobs: Job[];
  backend: JobsBackend;
  logger: JobsLogger;
  /** How often pg-boss checks schedules and queues, in seconds (tests use 1; 1–45). */
  checkSeconds?: number;
  /** How long stop() waits for a run in flight. */
  stopTimeoutMs?: number;
}

export interface RunningJobs {
  /**
   * Schedules one more job while running (e.g. a channel's daily digest at its own time). Every
   * replica that should run it must add it too; the schedule itself is stored once.
   */
  add(job: Job): Promise<void>;
  /** Unschedules a job (for every replica) and stops working it here; false when unknown. */
  remove(name: string): Promise<boolean>;
  /** Queues one run now, outside the schedule (e.g. tests, or "poll now"). */
  trigger(name: string): Promise<void>;
  /** Stops scheduling and waits for any run in flight. */
  stop(): Promise<void>;
}

/** Names pg-boss accepts as queues. */
const JOB_NAME = /^[a-z][a-z0-9_-]{0,49}$/;

export async function startJobs(opts: JobsOptions): Promise<RunningJobs> {
  for (const job of opts.jobs) {
    if (!JOB_NAME.test(job.name)) throw new Error(`bad job name: ${job.name}`);
  }
  if (new Set(opts.jobs.map((j) => j.name)).size !== opts.jobs.length) throw new Error('duplicate job names');
  const check = opts.checkSeconds;
  const boss = new PgBoss({
    ...(opts.backend.kind === 'postgres'
      ? {
          connectionString: opts.backend.connectionString,
          max: 2,
          application_name: opts.backend.applicationName ?? 'newsbrief-jobs',
        }
      : { db: pgliteExecutor(opts.backend.db) }),
    schema: opts.backend.schema ?? 'pgboss',
    // pg-boss's defaults otherwise: schedules checked every 30 s, so a tick may start up to ~45 s late.
    ...(check
      ? {
          cronMonitorIntervalSeconds: check,
          cronWorkerIntervalSeconds: check,
          clockMonitorIntervalSeconds: check,
        }
      : {}),
  });
  // Our jobs are minute-grained: a queue checked every 10 s costs PGlite's one connection little.
  const pollingIntervalSeconds = check ? Math.max(check / 2, 0.5) : 10;
  // pg-boss reports its own background failures (maintenance, a lost connection) as events;
  // unhandled, an 'error' event would crash the process.
  boss.on('error', (err) => opts.logger.error({ err }, 'job scheduler error'));
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  const jobs = new Map<string, Job>();

  async function add(job: Job): Promise<void> {
    if (!JOB_NAME.test(job.name)) throw new Error(`bad job name: ${job.name}`);
    if (jobs.has(job.name)) throw new Error(`job already running: ${job.name}`);
    // stately: at most one run queued and one active, so a slow run never piles up a backlog
    // and two replicas never run the same job at once.
    await boss.createQueue(job.name, { name: job.name, policy: 'stately', expireInSeconds: 3600 });
    await boss.schedule(job.name, job.cron, undefined, { tz: 'UTC' });
    const run = guarded(job, opts.logger);
    await boss.work(job.name, { pollingIntervalSeconds }, async () => {
      const p = run({ signal: stopping.signal });
      inFlight.add(p);
      try {
        await p;
      } finally {
        inFlight.delete(p);
      }
    });
    jobs.set(job.name, job);
    if (job.atStart) await boss.send(job.name, {});
  }

  await boss.start();
  try {
    for (const job of opts.jobs) await add(job);
  } catch (err) {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    throw err;
  }
  opts.logger.info(
    { jobs: opts.jobs.map((j) => ({ name: j.name, cron: j.cron })), engine: opts.backend.kind },
    'jobs started',
  );
  let stopped: Promise<void> | undefined;
  return {
    add,
    async remove(name) {
      if (!jobs.delete(name)) return false;
      // The schedule is shared by every replica: removing it here removes it for all of them.
      await boss.unschedule(name);
      await boss.offWork(name);
      return true;
    },
    async trigger(name) {
      if (!jobs.has(name)) throw new Error(`no such job: ${name}`);
      await boss.send(name, {});
    },
    stop() {
      stopped ??= (async () => {
        const timeout = opts.stopTimeoutMs ?? 30_000;
        stopping.abort();
        await boss.stop({ graceful: true, wait: true, close: true, timeout });
        // pg-boss gives up on a run after the timeout; we wait for it as long again, then leave it
        // (the process is going down; a half-done poll is redone by the next one).
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = await Promise.race([
          Promise.allSettled([...inFlight]).then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), timeout);
          }),
        ]);
        clearTimeout(timer);
        if (gaveUp)
          opts.logger.error({ running: inFlight.size }, 'jobs still running at shutdown; left unfinished');
      })();
      return stopped;
    },
  };
}

/** One run of a job that logs its outcome and never throws, so a failure waits for the next tick. */
export function guarded(
  job: Pick<Job, 'name' | 'run'>,
  logger: JobsLogger,
): (ctx: JobContext) => Promise<void> {
  return async (ctx) => {
    const started = Date.now();
    try {
      const summary = await job.run(ctx);
      const line = { job: job.name, ms: Date.now() - started, ...summary };
      if (summary) logger.info(line, 'job done');
      else logger.debug?.(line, 'job done, nothing to do');
    } catch (err) {
      logger.error({ job: job.name, ms: Date.now() - started, err }, 'job failed; retrying next tick');
    }
  };
}

/**
 * pg-boss's `db` option over PGlite. pg-boss sends migrations and locked maintenance as several
 * statements in one string (`BEGIN; …; COMMIT;`, no parameters, rows unused), which PGlite's `query`
 * refuses without running any of it: those go through `exec`, inside our transaction, because on
 * PGlite's one connection a failure half-way would otherwise leave the transaction open and aborted,
 * and every later store query would fail until a ROLLBACK.
 */
export function pgliteExecutor(db: Db) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return db.query(text, values);
      try {
        return await db.query(text);
      } catch (err) {
        if (!/multiple commands/i.test(String((err as Error).message))) throw err;
        await db.transaction((tx) => tx.exec(text));
        return { rows: [] };
      }
    },
  };
}

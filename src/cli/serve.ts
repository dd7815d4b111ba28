import { join } from 'node:path';
import { CONSOLE_HISTORY_FILE, runConsole } from '../console/console.ts';
import { consoleLog } from '../console/log.ts';
import { UsageError } from '../errors.ts';
import { createRuntime, seedArticles, serveSlack, slackIdentity, stopServing } from '../main.ts';
import type { CommandContext } from './command.ts';
import { handleProcessFailures, tuneForServing, waitForStopSignal } from './process.ts';

export async function startCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { config, logger, io, overrides } = ctx;
  if (args.length > 0) throw new UsageError('start takes no arguments');
  if (!config.slack && !config.slackOAuth) {
    io.stderr('newsbrief: no SLACK_BOT_TOKEN set, so starting the console instead of the Slack app.\n');
    return consoleCommand(args, ctx);
  }
  tuneForServing();
  // Where a start's time goes (performance.now() counts from the process's start), for operators.
  const since = (from: number) => Math.round(performance.now() - from);
  const opening = performance.now();
  // While the store's worker thread opens PGlite, this thread loads the Slack SDK and pg-boss and
  // asks Slack who we are; each is awaited where it is used (a failure surfaces there).
  const identity = config.slack && !config.slackOAuth ? slackIdentity(config.slack) : undefined;
  identity?.catch(() => {});
  for (const loading of [import('../slack/app.ts'), import('../jobs/scheduler.ts')]) loading.catch(() => {});
  const runtime = await createRuntime(config, logger, { storeThread: true, ...overrides });
  try {
    const storeMs = since(opening);
    const starting = performance.now();
    // Jobs start alongside Slack's start; serveSlack waits for them before it listens, so jobs that
    // cannot start still fail the start-up before Slack is served.
    const jobs = runtime.startJobs();
    jobs.catch(() => {});
    handleProcessFailures(logger);
    const served = await serveSlack(config, runtime, logger, identity ? { identity } : {});
    await jobs;
    logger.info(
      { readyMs: since(0), storeMs, slackAndJobsMs: since(starting) },
      'ready: start-up took readyMs since the process started',
    );
    await waitForStopSignal(logger);
    // Stop taking requests, let those in flight post; then jobs and the store (finally).
    await stopServing(served, logger);
  } finally {
    await runtime.close();
  }
  return 0;
}

export async function consoleCommand(args: string[], { config, io, overrides }: CommandContext) {
  if (args.length > 0) throw new UsageError('console takes no arguments');
  // Logs go to a file in the data folder, not between the prompts; warnings also show, on their own line.
  const log = consoleLog(config.log, config.dataDir);
  const runtime = await createRuntime(config, log.logger, overrides);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await runtime.close();
  };
  try {
    const notes: string[] = [];
    if ((await runtime.store.articles.count()) === 0) {
      const seeded = await seedArticles(runtime.store);
      notes.push(
        `The store was empty, so I added ${seeded.added} sample articles (newsbrief seed): try /brief korea-japan.`,
      );
    }
    await runtime.startJobs();
    // In a terminal, readline needs the real stdout (cursor moves, width); otherwise plain writes.
    const tty = io.input === undefined && Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const output = tty
      ? process.stdout
      : ({
          write: (text: string) => {
            io.stdout(text);
            return true;
          },
        } as unknown as NodeJS.WritableStream);
    await runConsole(runtime.deps, {
      input: io.input ?? process.stdin,
      output,
      historyPath: join(config.dataDir, CONSOLE_HISTORY_FILE),
      logPath: log.path,
      notes,
      onPrinter: log.showWith,
      close,
    });
  } finally {
    await close();
  }
  return 0;
}

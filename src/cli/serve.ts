import { runConsole } from '../console/console.ts';
import { UsageError } from '../errors.ts';
import { createRuntime, seedArticles, serveSlack, stopServing } from '../main.ts';
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
  const runtime = await createRuntime(config, logger, overrides);
  try {
    // Jobs first: if they cannot start, start-up fails before Slack is listening.
    await runtime.startJobs();
    handleProcessFailures(logger);
    const served = await serveSlack(config, runtime, logger);
    await waitForStopSignal(logger);
    // Stop taking requests, let those in flight post; then jobs and the store (finally).
    await stopServing(served, logger);
  } finally {
    await runtime.close();
  }
  return 0;
}

export async function consoleCommand(args: string[], { config, logger, io, overrides }: CommandContext) {
  if (args.length > 0) throw new UsageError('console takes no arguments');
  const runtime = await createRuntime(config, logger, overrides);
  try {
    if ((await runtime.store.articles.count()) === 0) {
      const seeded = await seedArticles(runtime.store, runtime.deps.loadUrl);
      io.stderr(
        `newsbrief: the store was empty, so I added ${seeded.added} sample articles (newsbrief seed).\n`,
      );
    }
    await runtime.startJobs();
    await runConsole(runtime.deps, {
      input: io.input ?? process.stdin,
      output: {
        write: (text: string) => {
          io.stdout(text);
          return true;
        },
      } as unknown as NodeJS.WritableStream,
    });
  } finally {
    await runtime.close();
  }
  return 0;
}

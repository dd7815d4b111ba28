import { UsageError, UserError } from '../errors.ts';
import type { Resolver } from '../ingest/fetch.ts';
import type { Logger } from '../log.ts';
import type { Overrides } from '../main.ts';
import type { Command } from './command.ts';
import { USAGE } from './help.ts';

export { USAGE };

/** Where the CLI talks to; tests pass their own. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** When given, settings come from here instead of process.env and .env. */
  env?: Record<string, string | undefined>;
  /** Replaces the global fetch for the LLM client (tests). */
  fetch?: typeof fetch;
  /** Replaces DNS for page fetches (tests). */
  resolve?: Resolver;
  /** Use an in-memory store instead of DATA_DIR (tests). */
  memoryStore?: boolean;
  /** Console input (tests); stdin otherwise. */
  input?: NodeJS.ReadableStream;
  /** false: `start` and `console` run without the scheduled jobs (tests). */
  jobs?: boolean;
}

/*
 * Each command's modules load only when it runs: `newsbrief help` imports this file and the help
 * text, `newsbrief brief <file>` neither the Slack app nor the job queue.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  brief: async () => (await import('./brief.ts')).briefCommand,
  stories: async () => (await import('./brief.ts')).storiesCommand,
  extract: async () => (await import('./extract.ts')).extractCommand,
  start: async () => (await import('./serve.ts')).startCommand,
  console: async () => (await import('./serve.ts')).consoleCommand,
  ingest: async () => (await import('./ingest.ts')).ingestCommand,
  seed: async () => (await import('./ingest.ts')).seedCommand,
  feeds: async () => (await import('./feeds.ts')).feedsCommand,
  digest: async () => (await import('./digest.ts')).digestCommand,
  usage: async () => (await import('./usage.ts')).usageCommand,
  feedback: async () => (await import('./feedback.ts')).feedbackCommand,
};

const HELP_HINT = 'try: newsbrief help';

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let logger: Logger | undefined;
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"`);
    const [{ loadConfig, parseConfig }, { createLogger }, run] = await Promise.all([
      import('../config.ts'),
      import('../log.ts'),
      load(),
    ]);
    const config = io.env ? parseConfig(io.env) : loadConfig();
    logger = createLogger(config.log);
    return await run(rest, { config, logger, io, overrides: overrides(io) });
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`newsbrief: ${errorLine(err)}\n`);
      return err instanceof UsageError ? 2 : 1;
    }
    logger?.error({ err }, 'unexpected failure');
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`newsbrief: unexpected failure: ${oneLine(message)} (please report it, with the log)\n`);
    return 1;
  }
}

/** One line; a usage error ends with where to look, unless it already says what to do. */
function errorLine(err: UserError): string {
  const line = oneLine(err.message);
  if (!(err instanceof UsageError) || /\btry[: ]/.test(line)) return line;
  return `${line.replace(/[.;:,]$/, '')}; ${HELP_HINT}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function overrides(io: Io): Overrides {
  return {
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.resolve ? { resolve: io.resolve } : {}),
    ...(io.memoryStore ? { memoryStore: true } : {}),
    ...(io.jobs === false ? { jobs: false } : {}),
  };
}

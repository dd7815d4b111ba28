import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { briefArticles, sourceOf } from '../brief/engine.ts';
import { type Config, loadConfig, parseConfig } from '../config.ts';
import { CONSOLE_HISTORY_FILE, runConsole } from '../console/console.ts';
import { consoleLog } from '../console/log.ts';
import { UsageError, UserError } from '../errors.ts';
import { extractBatch } from '../ingest/batch.ts';
import type { Resolver } from '../ingest/fetch.ts';
import { isUrl } from '../ingest/load.ts';
import { createLogger, type Logger } from '../log.ts';
import {
  articleLoader,
  createRuntime,
  engineDeps,
  type Overrides,
  seedArticles,
  serveSlack,
  stopServing,
} from '../main.ts';
import type { StoryMatch } from '../store/store.ts';
import { articlesForBrief } from '../stories/select.ts';
import { MAX_WINDOW_DAYS } from '../stories/topic.ts';
import { suggestedWindowDays } from '../views/stories.ts';
import { DIGEST_USAGE, digestCommand } from './digest.ts';
import { FEEDBACK_USAGE, feedbackCommand } from './feedback.ts';
import { FEEDS_USAGE, feedsCommand } from './feeds.ts';
import { handleProcessFailures, tuneForServing, waitForStopSignal } from './process.ts';
import { renderBrief, renderStories } from './render.ts';
import { USAGE_USAGE, usageCommand } from './usage.ts';

export const USAGE = `newsbrief — short, verifiable news briefs

Usage:
  newsbrief brief <file|url|-> [--json] [--engine auto|llm|extractive]
      Brief one article (.html, .txt, .md, a URL, or - for stdin).
      --json prints { brief, sources, meta } on stdout.
  newsbrief brief <topic> [--days N] [--json] [--engine …]
      Brief the story in the store that best matches the topic (korea-japan, "climate finance"),
      from its most informative articles; N days back (default TOPIC_WINDOW_DAYS).
      --json adds { story: { id, headline, sources } } with every article of the story.
  newsbrief stories [topic] [--days N]
      List the stories in the store (matching the topic), with their article counts and sources.
  newsbrief extract <file|url|->
      Print the article text as extracted and cleaned.
  newsbrief extract --batch DIR --out FILE.json
      Extract DIR/html/*.html(.gz) into { "<id>": { "articleBody": "…" } }.
  newsbrief start
      Run the Slack app (SLACK_BOT_TOKEN set), or the console when no Slack tokens are set.
  newsbrief console
      The bot in your terminal: /brief <topic>, then follow-ups. Uses the embedded store.
  newsbrief ingest <file|url>...
      Add articles to the store, for /brief <topic>.
  newsbrief seed
      Add the bundled sample articles to the store.
${FEEDS_USAGE}
${DIGEST_USAGE}
${USAGE_USAGE}
${FEEDBACK_USAGE}
  newsbrief help

Settings come from the environment or a .env file (see README). Exit codes: 0 ok, 1 failure, 2 bad usage.
`;

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
    const config = io.env ? parseConfig(io.env) : loadConfig();
    logger = createLogger(config.log);
    switch (command) {
      case 'brief':
        return await briefCommand(rest, config, logger, io);
      case 'extract':
        return await extractCommand(rest, config, io);
      case 'start':
        return await startCommand(rest, config, logger, io);
      case 'console':
        return await consoleCommand(rest, config, logger, io);
      case 'ingest':
        return await ingestCommand(rest, config, logger, io);
      case 'seed':
        return await seedCommand(rest, config, logger, io);
      case 'stories':
        return await storiesCommand(rest, config, logger, io);
      case 'feeds':
        return await feedsCommand(rest, config, logger, io, overrides(io));
      case 'digest':
        return await digestCommand(rest, config, logger, io, overrides(io));
      case 'usage':
        return await usageCommand(rest, config, logger, io, overrides(io));
      case 'feedback':
        return await feedbackCommand(rest, config, logger, io, overrides(io));
      default:
        throw new UsageError(`unknown command "${command}" (try: newsbrief help)`);
    }
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr(`newsbrief: ${err.message}\n`);
      return err instanceof UsageError ? 2 : 1;
    }
    logger?.error({ err }, 'unexpected failure');
    io.stderr(`newsbrief: unexpected failure: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** A brief argument that is no file, URL or stdin is a topic for the store. */
function isTopic(input: string): boolean {
  if (input === '-' || isUrl(input) || existsSync(input)) return false;
  return !/[/\\]|\.(?:html?|txt|md|gz)$/i.test(input);
}

async function briefCommand(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    json: { type: 'boolean', default: false },
    engine: { type: 'string' },
    days: { type: 'string' },
  });
  // Several words are one topic (`newsbrief brief korea japan`); otherwise one article.
  const joined = positionals.join(' ');
  const input =
    positionals.length > 1 && isTopic(joined)
      ? joined
      : single(positionals, 'brief needs one article (a file, a URL, or - for stdin) or a topic');
  const engine = values.engine ?? config.brief.engine;
  if (engine !== 'auto' && engine !== 'llm' && engine !== 'extractive') {
    throw new UsageError(`--engine must be auto, llm or extractive, not "${engine}"`);
  }
  if (engine === 'llm' && !config.llm) {
    throw new UsageError('--engine llm needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
  }
  const deps = engineDeps(config, logger, overrides(io), engine);
  if (isTopic(input)) {
    const days = windowDays(values.days, config);
    const runtime = await createRuntime(config, logger, overrides(io));
    try {
      const story = await bestStory(runtime.store, input, days);
      const articles = articlesForBrief(story.articles, {
        maxArticles: config.brief.articlesPerBrief,
        maxTokens: deps.llm?.settings.maxArticleTokens ?? null,
      });
      const result = await briefArticles(articles, deps);
      const all = { id: story.id, headline: story.headline, sources: story.articles.map(sourceOf) };
      io.stdout(
        values.json ? `${JSON.stringify({ ...result, story: all }, null, 2)}\n` : renderBrief(result),
      );
    } finally {
      await runtime.close();
    }
    return 0;
  }
  if (values.days !== undefined) throw new UsageError('--days is for a topic, not a file or URL');
  const article = await articleLoader(config, overrides(io), logger)(input);
  const result = await briefArticles([article], deps);
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderBrief(result));
  return 0;
}

function windowDays(days: string | undefined, config: Config): number {
  if (days === undefined) return config.stories.windowDays;
  const n = Number(days);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WINDOW_DAYS) {
    throw new UsageError(`--days must be a whole number from 1 to ${MAX_WINDOW_DAYS}, not "${days}"`);
  }
  return n;
}

/** The best story in the window, or a UserError that says what there is instead. */
async function bestStory(
  store: Awaited<ReturnType<typeof createRuntime>>['store'],
  topic: string,
  days: number,
): Promise<StoryMatch> {
  const [best] = await store.stories.search(topic, { windowDays: days, limit: 1 });
  if (best) return best;
  const [latest] = await store.stories.search(topic, { windowDays: null, limit: 1 });
  if (latest) {
    const needed = suggestedWindowDays(latest.lastAt, new Date());
    throw new UserError(
      'no-recent-story',
      `no story about "${topic}" in the last ${days} days; the latest is from ${latest.lastAt.slice(0, 10)} ("${latest.headline}"): try --days ${needed}`,
    );
  }
  throw new UserError(
    'no-articles',
    `no articles about "${topic}" in the store (and no such file); add some with newsbrief ingest <file|url>`,
  );
}

async function storiesCommand(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  const { values, positionals } = parse(args, { days: { type: 'string' } });
  const days = windowDays(values.days, config);
  const topic = positionals.join(' ').trim() || null;
  const runtime = await createRuntime(config, logger, overrides(io));
  try {
    const stories = await runtime.store.stories.list(topic, { windowDays: days, limit: 50 });
    io.stdout(renderStories(stories, { topic, days }));
  } finally {
    await runtime.close();
  }
  return 0;
}

async function extractCommand(args: string[], config: Config, io: Io): Promise<number> {
  const { values, positionals } = parse(args, { batch: { type: 'string' }, out: { type: 'string' } });
  if (values.batch !== undefined) {
    if (!values.out) throw new UsageError('extract --batch DIR needs --out FILE.json');
    if (positionals.length > 0) throw new UsageError('extract --batch takes no other arguments');
    const bodies = await extractBatch(values.batch);
    await writeFile(values.out, `${JSON.stringify(bodies, null, 1)}\n`);
    io.stderr(`newsbrief: extracted ${Object.keys(bodies).length} pages into ${values.out}\n`);
    return 0;
  }
  const input = single(positionals, 'extract needs one article: a file, a URL, or - for stdin');
  const article = await articleLoader(config, overrides(io))(input);
  const heading = [article.title, article.siteName, article.publishedAt, article.url]
    .filter(Boolean)
    .join(' — ');
  io.stdout(`${heading ? `${heading}\n\n` : ''}${article.text}\n`);
  return 0;
}

function overrides(io: Io): Overrides {
  return {
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(io.resolve ? { resolve: io.resolve } : {}),
    ...(io.memoryStore ? { memoryStore: true } : {}),
    ...(io.jobs === false ? { jobs: false } : {}),
  };
}

async function startCommand(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError('start takes no arguments');
  if (!config.slack && !config.slackOAuth) {
    io.stderr('newsbrief: no SLACK_BOT_TOKEN set, so starting the console instead of the Slack app.\n');
    return consoleCommand(args, config, logger, io);
  }
  tuneForServing();
  const runtime = await createRuntime(config, logger, overrides(io));
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

async function consoleCommand(args: string[], config: Config, _logger: Logger, io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError('console takes no arguments');
  // Logs go to a file in the data folder, not between the prompts; warnings also show, on their own line.
  const log = consoleLog(config.log, config.dataDir);
  const runtime = await createRuntime(config, log.logger, overrides(io));
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

async function ingestCommand(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length === 0) throw new UsageError('ingest needs at least one file or URL');
  const runtime = await createRuntime(config, logger, overrides(io));
  let failed = 0;
  try {
    for (const input of positionals) {
      try {
        const { article, created } = await runtime.store.articles.add(await runtime.deps.loadUrl(input));
        await runtime.store.stories.assign(article);
        io.stdout(`${created ? 'added' : 'already stored'}: ${article.title ?? input} (#${article.id})\n`);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        failed++;
        io.stderr(`newsbrief: ${input}: ${err.message}\n`);
      }
    }
  } finally {
    await runtime.close();
  }
  return failed > 0 ? 1 : 0;
}

async function seedCommand(args: string[], config: Config, logger: Logger, io: Io): Promise<number> {
  if (args.length > 0) throw new UsageError('seed takes no arguments');
  const runtime = await createRuntime(config, logger, overrides(io));
  try {
    const { added, total, skipped } = await seedArticles(runtime.store);
    for (const line of skipped) io.stderr(`newsbrief: skipped ${line}\n`);
    io.stdout(`added ${added} of ${total} sample articles (the rest were already stored or skipped)\n`);
  } finally {
    await runtime.close();
  }
  return 0;
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function single(positionals: string[], message: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(message);
  return positionals[0];
}

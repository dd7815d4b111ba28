import { existsSync } from 'node:fs';
import { briefArticles, type EngineDeps, sourceOf } from '../brief/engine.ts';
import type { Config } from '../config.ts';
import { UsageError, UserError } from '../errors.ts';
import { articleLoader, createRuntime, engineDeps, type Runtime } from '../main.ts';
import type { StoryMatch } from '../store/store.ts';
import { articlesForBrief } from '../stories/select.ts';
import { MAX_WINDOW_DAYS } from '../stories/topic.ts';
import { suggestedWindowDays } from '../views/stories.ts';
import { parseOptions, single } from './args.ts';
import type { CommandContext } from './command.ts';
import { renderBrief, renderStories } from './render.ts';

/** A brief argument that is no file, URL or stdin is a topic for the store. */
function isTopic(input: string): boolean {
  if (input === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(input) || existsSync(input)) return false;
  return !/[/\\]|\.(?:html?|txt|md|gz)$/i.test(input);
}

export async function briefCommand(args: string[], { config, logger, io, overrides }: CommandContext) {
  const { values, positionals } = parseOptions('brief', args, {
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
  const engine = engineOf(values.engine ?? config.brief.engine);
  if (engine === 'llm' && !config.llm) {
    throw new UsageError('--engine llm needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)');
  }
  if (isTopic(input)) {
    const days = windowDays(values.days, config);
    const runtime = await createRuntime(config, logger, overrides);
    try {
      const story = await bestStory(runtime.store, input, days);
      // The app's engine: the store's brief cache and single flight, and the metered LLM fetch
      // (budget, usage), the same as Slack, the console and digests brief through.
      const deps = { ...runtime.deps.engine, engine };
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
  // One article from outside the store: no store to open (so this also runs beside the app on the
  // embedded store), hence no cache and no usage record.
  const deps = engineDeps(config, logger, overrides, engine);
  const article = await articleLoader(config, overrides, logger)(input);
  const result = await briefArticles([article], deps);
  io.stdout(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderBrief(result));
  return 0;
}

export async function storiesCommand(args: string[], { config, logger, io, overrides }: CommandContext) {
  const { values, positionals } = parseOptions('stories', args, { days: { type: 'string' } });
  const days = windowDays(values.days, config);
  const topic = positionals.join(' ').trim() || null;
  const runtime = await createRuntime(config, logger, overrides);
  try {
    const stories = await runtime.store.stories.list(topic, { windowDays: days, limit: 50 });
    io.stdout(renderStories(stories, { topic, days }));
  } finally {
    await runtime.close();
  }
  return 0;
}

function engineOf(engine: string): EngineDeps['engine'] {
  if (engine === 'auto' || engine === 'llm' || engine === 'extractive') return engine;
  throw new UsageError(`--engine must be auto, llm or extractive, not "${engine}"`);
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
async function bestStory(store: Runtime['store'], topic: string, days: number): Promise<StoryMatch> {
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
    `no articles about "${topic}" in the store (and no such file); add some with: newsbrief ingest <file|url>`,
  );
}

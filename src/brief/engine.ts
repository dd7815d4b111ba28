import type OpenAI from 'openai';
import { UserError } from '../errors.ts';
import type { Article } from '../ingest/article.ts';
import { assertReadable } from '../ingest/text.ts';
import type { Logger } from '../log.ts';
import { generateBrief, type LlmSettings, type Usage } from './generate.ts';
import type { Prompt } from './prompt.ts';
import type { Adjustment, Brief, DroppedItem } from './schema.ts';
import { verifyBrief } from './verify.ts';

export type EngineName = 'llm' | 'extractive';

export interface Source {
  url: string | null;
  title: string | null;
  siteName: string | null;
  publishedAt: string | null;
}

/** The --json contract: { brief, sources, meta }. */
export interface BriefResult {
  brief: Brief;
  sources: Source[];
  meta: {
    engine: EngineName;
    model: string | null;
    promptVersion: string | null;
    usage: Usage | null;
    attempts: number;
    truncated: boolean;
    dropped: DroppedItem[];
    adjustments: Adjustment[];
    /** Why the extractive engine answered instead of the LLM, when it did. */
    fallbackReason: string | null;
  };
}

export interface EngineDeps {
  /** null when no LLM is configured. */
  llm: { client: OpenAI; settings: LlmSettings; prompt: Prompt } | null;
  /** auto: the LLM when configured, else extractive. */
  engine: 'auto' | EngineName;
  /** What to do when the LLM call fails. */
  fallback: 'extractive' | 'none';
  extractive: (article: Article) => Brief;
  logger: Logger;
}

export const NO_LLM_NOTE =
  'No LLM is configured, so this brief is extractive (sentences taken from the article). Set OPENAI_API_KEY, or OPENAI_BASE_URL for a local server, for written briefs.';

/**
 * Articles on one story in (most relevant first), verified brief out. Nothing reaches the LLM
 * unless every article is readable. The extractive engine works from the first article.
 */
export async function briefArticles(articles: readonly Article[], deps: EngineDeps): Promise<BriefResult> {
  const [article] = articles;
  if (!article) throw new UserError('no-articles', 'there are no articles to brief');
  for (const a of articles) assertReadable(a);
  const useLlm = deps.engine === 'llm' || (deps.engine === 'auto' && deps.llm !== null);
  if (!useLlm || !deps.llm) {
    return finish(articles, deps.extractive(article), deps, {
      engine: 'extractive',
      fallbackReason: deps.engine === 'auto' ? NO_LLM_NOTE : null,
    });
  }
  const { client, settings, prompt } = deps.llm;
  try {
    const generated = await generateBrief(articles, { client, settings, prompt, logger: deps.logger });
    return finish(articles, generated.brief, deps, {
      engine: 'llm',
      model: settings.model,
      promptVersion: prompt.version,
      usage: generated.usage,
      attempts: generated.attempts,
      truncated: generated.truncated,
    });
  } catch (err) {
    if (deps.fallback !== 'extractive' || !(err instanceof UserError)) throw err;
    deps.logger.warn(
      { code: err.code, source: article.source },
      'LLM failed; answering with the extractive engine',
    );
    return finish(articles, deps.extractive(article), deps, {
      engine: 'extractive',
      fallbackReason: `The LLM failed (${err.message}), so this brief is extractive.`,
    });
  }
}

function finish(
  articles: readonly Article[],
  draft: Brief,
  deps: EngineDeps,
  meta: Partial<BriefResult['meta']> & { engine: EngineName },
): BriefResult {
  const verified = verifyBrief(draft, articles);
  if (verified.dropped.length > 0) {
    deps.logger.info(
      {
        sources: articles.map((a) => a.source),
        dropped: verified.dropped.map((d) => `${d.field}:${d.reason}`),
      },
      'verification dropped items',
    );
  }
  return {
    brief: verified.brief,
    sources: articles.map(sourceOf),
    meta: {
      model: null,
      promptVersion: null,
      usage: null,
      attempts: 0,
      truncated: false,
      fallbackReason: null,
      ...meta,
      dropped: verified.dropped,
      adjustments: verified.adjustments,
    },
  };
}

export function sourceOf(article: Article): Source {
  return {
    url: article.url,
    title: article.title,
    siteName: article.siteName,
    publishedAt: article.publishedAt,
  };
}

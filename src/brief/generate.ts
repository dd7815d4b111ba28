import type OpenAI from 'openai';
import type { Article } from '../ingest/article.ts';
import { noteArticleTokens } from '../llm/meter.ts';
import { completeStructured, type LlmSettings, type Usage } from '../llm/structured.ts';
import type { Logger } from '../log.ts';
import { fitToBudget } from './budget.ts';
import { type BriefLanguage, briefTask } from './language.ts';
import { articleMessage, type Prompt } from './prompt.ts';
import { type Brief, BriefDraftSchema, fromDraft } from './schema.ts';

export type { LlmSettings, Usage };

export interface GeneratedBrief {
  brief: Brief;
  usage: Usage;
  /** 1, or 2 when a repair turn was needed. */
  attempts: number;
  /** Whether any article was cut to fit LLM_MAX_ARTICLE_TOKENS, and the articles' estimated tokens as sent. */
  truncated: boolean;
  articleTokens: number;
}

export interface GenerateDeps {
  client: OpenAI;
  settings: LlmSettings;
  prompt: Prompt;
  logger: Logger;
  /** Absent or English: the system prompt's English, and no extra line. */
  language?: BriefLanguage;
}

/** Asks the model for a Brief of one story's articles (most relevant first). */
export async function generateBrief(
  articles: readonly Article[],
  deps: GenerateDeps,
  /** Streams the reply: the text so far after each chunk (see completeStructured). */
  stream?: { onSnapshot: (text: string) => void },
): Promise<GeneratedBrief> {
  const { settings, prompt, logger } = deps;
  // The budget is shared: several outlets on one story each get an equal slice.
  const share = Math.floor(settings.maxArticleTokens / Math.max(articles.length, 1));
  const fitted = articles.map((article) => ({ article, ...fitToBudget(article.text, share) }));
  for (const f of fitted.filter((f) => f.truncated)) {
    logger.info(
      { source: f.article.source, originalChars: f.originalChars, keptChars: f.text.length },
      'article cut to fit the token budget',
    );
  }
  const articleTokens = fitted.reduce((sum, f) => sum + f.tokens, 0);
  noteArticleTokens(articleTokens);
  const { value, usage, attempts } = await completeStructured(
    {
      system: prompt.system,
      user: articleMessage(fitted, undefined, briefTask(deps.language)),
      schema: BriefDraftSchema,
      name: 'brief',
      what: 'brief',
    },
    deps,
    stream,
  );
  return {
    brief: fromDraft(value),
    usage,
    attempts,
    truncated: fitted.some((f) => f.truncated),
    articleTokens,
  };
}

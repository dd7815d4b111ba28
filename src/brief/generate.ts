import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { Article } from '../ingest/article.ts';
import { llmErrorToUserError } from '../llm/errors.ts';
import type { Logger } from '../log.ts';
import { fitToBudget } from './budget.ts';
import { articleMessage, type Prompt } from './prompt.ts';
import { type Brief, BriefSchema } from './schema.ts';

export interface LlmSettings {
  model: string;
  /** json_schema: strict structured output. json_object: JSON mode plus our own validation. */
  responseFormat: 'json_schema' | 'json_object';
  maxArticleTokens: number;
  maxOutputTokens: number;
  /** For error messages only. */
  baseURL: string;
  timeoutMs: number;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface GeneratedBrief {
  brief: Brief;
  usage: Usage;
  /** 1, or 2 when a repair turn was needed. */
  attempts: number;
  /** Whether the article was cut to fit LLM_MAX_ARTICLE_TOKENS, and its estimated tokens as sent. */
  truncated: boolean;
  articleTokens: number;
}

export interface GenerateDeps {
  client: OpenAI;
  settings: LlmSettings;
  prompt: Prompt;
  logger: Logger;
}

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

const briefFormat = zodResponseFormat(BriefSchema, 'brief');

/**
 * Asks the model for a Brief. Both response formats go through one path: we read the raw text
 * and validate it with zod ourselves (the SDK's parse() throws away the raw reply, which the
 * repair turn needs to show the model), so a server that ignores the schema is still caught.
 */
export async function generateBrief(article: Article, deps: GenerateDeps): Promise<GeneratedBrief> {
  const { settings, prompt, logger } = deps;
  const fitted = fitToBudget(article.text, settings.maxArticleTokens);
  if (fitted.truncated) {
    logger.info(
      { source: article.source, originalChars: fitted.originalChars, keptChars: fitted.text.length },
      'article cut to fit the token budget',
    );
  }
  const messages: Message[] = [
    { role: 'system', content: systemPrompt(prompt, settings.responseFormat) },
    { role: 'user', content: articleMessage(article, fitted.text) },
  ];
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await complete(messages, deps, usage);
    const checked = validateReply(reply);
    if (checked.ok) {
      return {
        brief: checked.brief,
        usage,
        attempts: attempt,
        truncated: fitted.truncated,
        articleTokens: fitted.tokens,
      };
    }
    logger.warn(
      { source: article.source, attempt, problems: checked.problems },
      'LLM reply failed validation',
    );
    messages.push(
      { role: 'assistant', content: reply },
      {
        role: 'user',
        content: `Your reply does not match the required JSON schema:\n- ${checked.problems.join('\n- ')}\nReply again with the complete, corrected JSON object only.`,
      },
    );
  }
  throw new UserError(
    'llm-invalid',
    `the model's reply did not match the brief schema, even after a repair attempt (model ${settings.model})`,
  );
}

function systemPrompt(prompt: Prompt, format: LlmSettings['responseFormat']): string {
  if (format === 'json_schema') return prompt.system;
  // JSON mode enforces only "some JSON": spell the schema out for the model.
  return `${prompt.system}\n\nReply with one JSON object matching this JSON Schema, and nothing else:\n${JSON.stringify(z.toJSONSchema(BriefSchema))}`;
}

async function complete(messages: Message[], deps: GenerateDeps, usage: Usage): Promise<string> {
  const { client, settings, logger } = deps;
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      model: settings.model,
      messages,
      response_format: settings.responseFormat === 'json_schema' ? briefFormat : { type: 'json_object' },
      max_completion_tokens: settings.maxOutputTokens,
    });
  } catch (err) {
    const userError = llmErrorToUserError(err, settings);
    logger.error({ err, code: userError.code, model: settings.model }, 'LLM call failed');
    throw userError;
  }
  usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
  usage.completionTokens += completion.usage?.completion_tokens ?? 0;
  usage.totalTokens += completion.usage?.total_tokens ?? 0;

  const choice = completion.choices[0];
  if (!choice) throw new UserError('llm-empty', 'the model returned no answer');
  if (choice.message.refusal) {
    throw new UserError(
      'llm-refusal',
      `the model declined to brief this article: ${oneLine(choice.message.refusal)}`,
    );
  }
  if (choice.finish_reason === 'length') {
    throw new UserError(
      'llm-length',
      `the model ran out of output tokens before finishing the brief; raise LLM_MAX_OUTPUT_TOKENS (now ${settings.maxOutputTokens})`,
    );
  }
  if (choice.finish_reason === 'content_filter') {
    throw new UserError(
      'llm-content-filter',
      "the provider's content filter stopped the brief for this article",
    );
  }
  return choice.message.content ?? '';
}

type Checked = { ok: true; brief: Brief } | { ok: false; problems: string[] };

export function validateReply(reply: string): Checked {
  let json: unknown;
  try {
    // Some servers wrap JSON mode output in a Markdown fence.
    json = JSON.parse(reply.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
  } catch (err) {
    return { ok: false, problems: [`not valid JSON (${err instanceof Error ? err.message : String(err)})`] };
  }
  const parsed = BriefSchema.safeParse(json);
  if (parsed.success) return { ok: true, brief: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}

import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { llmErrorToUserError } from './errors.ts';

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

export interface StructuredDeps {
  client: OpenAI;
  settings: LlmSettings;
  logger: Logger;
}

export type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

export interface Structured<T> {
  value: T;
  usage: Usage;
  /** 1, or 2 when a repair turn was needed. */
  attempts: number;
}

/**
 * One model call whose reply must match `schema`. Both response formats go through one path:
 * we read the raw text and validate it with zod ourselves (the SDK's parse() throws the raw reply
 * away, and the repair turn must show it to the model), so a server that ignores the schema is
 * caught too. A reply that fails validation gets one repair turn listing its errors.
 */
export async function completeStructured<S extends z.ZodObject>(
  request: { system: string; user: string; schema: S; name: string; what: string },
  deps: StructuredDeps,
  /**
   * Streams the first reply and calls `onSnapshot` with the text so far after each chunk. The
   * reply, once whole, is validated exactly as a non-streamed one; a repair turn is not streamed.
   */
  stream?: { onSnapshot: (text: string) => void },
): Promise<Structured<z.infer<S>>> {
  const { settings, logger } = deps;
  const format =
    settings.responseFormat === 'json_schema'
      ? withoutDraftUrl(zodResponseFormat(request.schema, request.name))
      : ({ type: 'json_object' } as const);
  // JSON mode enforces only "some JSON": spell the schema out for the model.
  const system =
    settings.responseFormat === 'json_schema'
      ? request.system
      : `${request.system}\n\nReply with one JSON object matching this JSON Schema, and nothing else:\n${JSON.stringify(withoutDraft(z.toJSONSchema(request.schema)))}`;
  const messages: Message[] = [
    { role: 'system', content: system },
    { role: 'user', content: request.user },
  ];
  const usage: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply =
      stream && attempt === 1
        ? await completeStreaming(messages, format, request.what, deps, usage, stream.onSnapshot)
        : await complete(messages, format, request.what, deps, usage);
    const checked = validateReply(reply, request.schema);
    if (checked.ok) return { value: checked.value, usage, attempts: attempt };
    logger.warn({ what: request.what, attempt, problems: checked.problems }, 'LLM reply failed validation');
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
    `the model's reply did not match the ${request.what} schema, even after a repair attempt (model ${settings.model})`,
  );
}

/**
 * zod stamps each JSON Schema with its draft's URL (`$schema`); the model has no use for it, and
 * it would ride along with every request (issue 7, token accounting).
 */
function withoutDraft<T extends Record<string, unknown>>(schema: T): T {
  const { $schema: _draft, ...rest } = schema;
  return rest as T;
}

function withoutDraftUrl<F extends { json_schema: { schema?: Record<string, unknown> } }>(format: F): F {
  const schema = format.json_schema.schema;
  if (schema) format.json_schema.schema = withoutDraft(schema);
  return format;
}

async function complete(
  messages: Message[],
  format: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'],
  what: string,
  deps: StructuredDeps,
  usage: Usage,
): Promise<string> {
  const { client, settings, logger } = deps;
  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await client.chat.completions.create({
      model: settings.model,
      messages,
      response_format: format,
      max_completion_tokens: settings.maxOutputTokens,
    });
  } catch (err) {
    const userError = llmErrorToUserError(err, settings);
    logger.error({ err, code: userError.code, model: settings.model, what }, 'LLM call failed');
    throw userError;
  }
  usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
  usage.completionTokens += completion.usage?.completion_tokens ?? 0;
  usage.totalTokens += completion.usage?.total_tokens ?? 0;

  const choice = completion.choices[0];
  if (!choice) throw new UserError('llm-empty', 'the model returned no answer');
  return finishedReply(
    { content: choice.message.content, refusal: choice.message.refusal, finish: choice.finish_reason },
    what,
    settings,
  );
}

/** The reply's text, or the error a refusal or an unfinished reply means (streamed or not). */
function finishedReply(
  reply: { content: string | null; refusal: string | null; finish: string | null },
  what: string,
  settings: LlmSettings,
): string {
  if (reply.refusal) {
    throw new UserError('llm-refusal', `the model declined to write this ${what}: ${oneLine(reply.refusal)}`);
  }
  if (reply.finish === 'length') {
    throw new UserError(
      'llm-length',
      `the model ran out of output tokens before finishing the ${what}; raise LLM_MAX_OUTPUT_TOKENS (now ${settings.maxOutputTokens})`,
    );
  }
  if (reply.finish === 'content_filter') {
    throw new UserError('llm-content-filter', `the provider's content filter stopped the ${what}`);
  }
  return reply.content ?? '';
}

/**
 * The same request as `complete`, streamed (server-sent events): the text so far goes to
 * `onSnapshot` after every chunk; usage comes in the last chunk (stream_options.include_usage).
 */
async function completeStreaming(
  messages: Message[],
  format: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'],
  what: string,
  deps: StructuredDeps,
  usage: Usage,
  onSnapshot: (text: string) => void,
): Promise<string> {
  const { client, settings, logger } = deps;
  let content = '';
  let refusal: string | null = null;
  let finish: string | null = null;
  let chunks = 0;
  try {
    const stream = await client.chat.completions.create({
      model: settings.model,
      messages,
      response_format: format,
      max_completion_tokens: settings.maxOutputTokens,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) {
        usage.promptTokens += chunk.usage.prompt_tokens ?? 0;
        usage.completionTokens += chunk.usage.completion_tokens ?? 0;
        usage.totalTokens += chunk.usage.total_tokens ?? 0;
      }
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.delta?.refusal) refusal = (refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) finish = choice.finish_reason;
      if (choice.delta?.content) {
        content += choice.delta.content;
        onSnapshot(content);
      }
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    const userError = llmErrorToUserError(err, settings);
    logger.error({ err, code: userError.code, model: settings.model, what }, 'LLM stream failed');
    throw userError;
  }
  if (chunks === 0) throw new UserError('llm-empty', 'the model returned no answer');
  return finishedReply({ content, refusal, finish }, what, settings);
}

type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export function validateReply<S extends z.ZodObject>(reply: string, schema: S): Checked<z.infer<S>> {
  let json: unknown;
  try {
    // Some servers wrap JSON mode output in a Markdown fence.
    json = JSON.parse(reply.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
  } catch (err) {
    return { ok: false, problems: [`not valid JSON (${err instanceof Error ? err.message : String(err)})`] };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
  };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}

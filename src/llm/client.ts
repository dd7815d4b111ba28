import OpenAI from 'openai';
import type { LlmConfig } from '../config.ts';

/**
 * One client for any OpenAI-compatible server. The SDK retries 429, 5xx, timeouts and dropped
 * connections itself (exponential backoff, honouring Retry-After), up to `maxRetries` times.
 */
export function createOpenAIClient(config: LlmConfig, fetchImpl?: typeof fetch): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseURL,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

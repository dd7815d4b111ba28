import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../log.ts';
import type { LlmPurpose, UsageStore } from '../store/usage.ts';

/*
 * Every LLM request goes through one fetch, so one place limits concurrency, enforces each
 * workspace's daily token budget and records usage — for briefs, answers and digests alike.
 * Who is asking travels with the async call (AsyncLocalStorage), set where a request comes in.
 */

export interface LlmScope {
  /** The Slack workspace ('' when none: CLI, console). */
  teamId: string;
  purpose: LlmPurpose;
  /** Estimated article tokens in the prompt about to be sent (set by the brief generator). */
  articleTokens?: number;
}

const scope = new AsyncLocalStorage<LlmScope>();

export function withLlmScope<T>(s: LlmScope, fn: () => Promise<T>): Promise<T> {
  return scope.run({ ...s }, fn);
}

/** Notes the article tokens of the prompt being built, for the usage record. */
export function noteArticleTokens(tokens: number): void {
  const s = scope.getStore();
  if (s) s.articleTokens = tokens;
}

/** The error code of the 429 the meter answers with when a budget is spent (see llm/errors.ts). */
export const BUDGET_ERROR_CODE = 'newsbrief_daily_budget';

export interface MeterOptions {
  usage: UsageStore;
  /** LLM requests in flight at once, across the process; the rest wait their turn. */
  maxConcurrent: number;
  /** Tokens a workspace may use per UTC day; null or 0 → no limit. */
  dailyBudget: (teamId: string) => Promise<number | null> | number | null;
  logger: Logger;
  now?: () => Date;
}

interface CompletionUsage {
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** A fetch for the OpenAI client that waits for a slot, checks the budget, and records usage. */
export function meteredFetch(inner: typeof fetch, opts: MeterOptions): typeof fetch {
  const now = opts.now ?? (() => new Date());
  const waiting: (() => void)[] = [];
  let inFlight = 0;

  async function acquire(): Promise<() => void> {
    if (inFlight >= opts.maxConcurrent) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight--;
      waiting.shift()?.();
    };
  }

  return async (input, init) => {
    const s = scope.getStore() ?? { teamId: '', purpose: 'brief' as const };
    const budget = await opts.dailyBudget(s.teamId);
    if (budget) {
      const used = await opts.usage.tokensOn(s.teamId, now());
      if (used >= budget) {
        opts.logger.warn({ team: s.teamId, used, budget }, 'daily LLM token budget reached');
        return budgetExceeded(budget);
      }
    }
    const release = await acquire();
    let response: Response;
    try {
      response = await inner(input, init);
    } finally {
      release();
    }
    // A streamed reply is recorded when its last event (with the usage) has arrived; awaiting
    // that here would hold the whole stream back.
    if (response.ok && isEventStream(response)) void record(response.clone(), s);
    // Awaited, so the next request's budget check already counts this one.
    else if (response.ok) await record(response.clone(), s);
    return response;
  };

  async function record(response: Response, s: LlmScope) {
    try {
      const body = isEventStream(response)
        ? lastUsage(await response.text())
        : ((await response.json()) as CompletionUsage);
      await opts.usage.record({
        teamId: s.teamId,
        purpose: s.purpose,
        at: now(),
        promptTokens: body.usage?.prompt_tokens ?? 0,
        completionTokens: body.usage?.completion_tokens ?? 0,
        articleTokens: s.articleTokens ?? 0,
      });
    } catch (err) {
      opts.logger.warn({ err, team: s.teamId }, 'could not record LLM usage');
    }
  }
}

function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('text/event-stream');
}

/** The usage of a server-sent chat completion stream: the last `data:` event that carries one. */
function lastUsage(events: string): CompletionUsage {
  let found: CompletionUsage = {};
  for (const line of events.split('\n')) {
    if (!line.startsWith('data:') || !line.includes('"usage"')) continue;
    try {
      const event = JSON.parse(line.slice(5)) as CompletionUsage;
      if (event.usage) found = event;
    } catch {
      // A keep-alive or [DONE] line.
    }
  }
  return found;
}

/**
 * A 429 the SDK will not retry (x-should-retry: false), so the spent budget surfaces as one clear
 * error — and the brief engine's fallback (extractive) takes over when it is enabled.
 */
function budgetExceeded(budget: number): Response {
  const error = {
    message: `this workspace has used its daily LLM budget of ${budget.toLocaleString('en')} tokens; it renews at 00:00 UTC`,
    type: 'budget_exceeded',
    code: BUDGET_ERROR_CODE,
  };
  return new Response(JSON.stringify({ error }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'x-should-retry': 'false' },
  });
}

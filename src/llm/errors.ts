import OpenAI from 'openai';
import { UserError } from '../errors.ts';
import { maskTokens } from '../secrets.ts';
import { BUDGET_ERROR_CODE } from './meter.ts';

/** Turns an SDK error (after the SDK's own retries) into one line a user can act on. */
export function llmErrorToUserError(
  err: unknown,
  ctx: { model: string; baseURL: string; timeoutMs: number },
): UserError {
  if (err instanceof UserError) return err;
  const where = `the LLM at ${ctx.baseURL}`;
  if (err instanceof OpenAI.APIConnectionTimeoutError) {
    return new UserError(
      'llm-timeout',
      `${where} did not answer within ${ctx.timeoutMs < 1000 ? `${ctx.timeoutMs} ms` : `${Math.round(ctx.timeoutMs / 1000)} s`}; try again, or raise OPENAI_TIMEOUT_MS`,
      { cause: err },
    );
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new UserError('llm-unreachable', `cannot reach ${where}; check OPENAI_BASE_URL and the network`, {
      cause: err,
    });
  }
  if (err instanceof OpenAI.RateLimitError) {
    if (err.code === BUDGET_ERROR_CODE) {
      return new UserError(
        'llm-budget',
        err.error && typeof err.error === 'object' && 'message' in err.error
          ? String(err.error.message)
          : err.message,
        { cause: err },
      );
    }
    return err.code === 'insufficient_quota'
      ? new UserError('llm-quota', `${where} says the account's quota is used up (429 insufficient_quota)`, {
          cause: err,
        })
      : new UserError('llm-rate-limited', `${where} is rate-limiting requests (429); try again in a minute`, {
          cause: err,
        });
  }
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new UserError('llm-auth', `${where} rejected the API key (${err.status}); check OPENAI_API_KEY`, {
      cause: err,
    });
  }
  if (err instanceof OpenAI.NotFoundError) {
    return new UserError('llm-model', `${where} has no model "${ctx.model}" (404); check OPENAI_MODEL`, {
      cause: err,
    });
  }
  if (err instanceof OpenAI.BadRequestError) {
    const hint = /response_format|json_schema|schema/i.test(err.message)
      ? '; if this server lacks strict JSON schema support, set LLM_RESPONSE_FORMAT=json_object'
      : '';
    return new UserError(
      'llm-bad-request',
      `${where} refused the request (400: ${maskTokens(err.message)})${hint}`,
      {
        cause: err,
      },
    );
  }
  if (
    err instanceof OpenAI.InternalServerError ||
    (err instanceof OpenAI.APIError && (err.status ?? 0) >= 500)
  ) {
    return new UserError('llm-unavailable', `${where} is failing (${err.status}); try again later`, {
      cause: err,
    });
  }
  if (err instanceof OpenAI.APIError) {
    return new UserError(
      'llm-error',
      `${where} returned an error (${err.status ?? 'no status'}): ${maskTokens(err.message)}`,
      {
        cause: err,
      },
    );
  }
  return new UserError(
    'llm-error',
    `the LLM call failed: ${maskTokens(err instanceof Error ? err.message : String(err))}`,
    {
      cause: err,
    },
  );
}

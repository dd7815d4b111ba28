/*
 * Secrets never reach a log line or a user-facing message. Two nets:
 *   - the configured values themselves (tokens, signing secret, API key, database password),
 *     scrubbed from every log line the logger writes, whatever object or string carried them;
 *   - well-known token shapes (sk-…, xoxb-…, xapp-…), masked in upstream error text we repeat to
 *     users: a misbehaving server may echo the key it was sent.
 * Pino's `redact` paths (log.ts) still remove known keys before serialising; this catches the rest.
 */

const CENSOR = '[redacted]';

/** Provider token shapes: OpenAI keys, Slack bot/user/app/config tokens. */
const TOKEN_SHAPES = /\b(?:sk-(?:proj-|svcacct-)?|xox[abposre]-|xapp-)[A-Za-z0-9_-]{6,}/g;

/** `text` with anything shaped like an API key or Slack token cut to its prefix. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_SHAPES, (token) => `${token.slice(0, token.indexOf('-') + 1)}${CENSOR}`);
}

/** Values shorter than this are not treated as secrets (they would match ordinary text). */
const MIN_SECRET = 8;

/** A function that removes every given secret (raw or JSON-escaped) and every token shape. */
export function scrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const values = [
    ...new Set(
      secrets
        .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]),
    ),
  ].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const v of values) if (out.includes(v)) out = out.split(v).join(CENSOR);
    return maskTokens(out);
  };
}

/** The secret values of an environment: what the scrubber must know. */
export function secretsOf(env: {
  OPENAI_API_KEY?: string | undefined;
  SLACK_BOT_TOKEN?: string | undefined;
  SLACK_SIGNING_SECRET?: string | undefined;
  SLACK_APP_TOKEN?: string | undefined;
  SLACK_CLIENT_SECRET?: string | undefined;
  SLACK_STATE_SECRET?: string | undefined;
  INSTALLATION_KEY?: string | undefined;
  DATABASE_URL?: string | undefined;
}): string[] {
  let dbPassword: string | undefined;
  try {
    dbPassword = env.DATABASE_URL
      ? decodeURIComponent(new URL(env.DATABASE_URL).password) || undefined
      : undefined;
  } catch {
    dbPassword = undefined;
  }
  return [
    env.OPENAI_API_KEY,
    env.SLACK_BOT_TOKEN,
    env.SLACK_SIGNING_SECRET,
    env.SLACK_APP_TOKEN,
    env.SLACK_CLIENT_SECRET,
    env.SLACK_STATE_SECRET,
    // A comma-separated list of keys: each one is a secret.
    ...(env.INSTALLATION_KEY?.split(',').map((k) => k.trim()) ?? []),
    dbPassword,
  ].filter((s): s is string => typeof s === 'string' && s !== '');
}

import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { scrubber } from './secrets.ts';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
export const REDACT_PATHS = [
  'apiKey',
  'token',
  'authorization',
  'signingSecret',
  'botToken',
  'appToken',
  'password',
  '*.apiKey',
  '*.token',
  '*.authorization',
  '*.Authorization',
  '*.signingSecret',
  '*.botToken',
  '*.appToken',
  '*.password',
  '*.OPENAI_API_KEY',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  '*.SLACK_APP_TOKEN',
  'headers.authorization',
  '*.headers.authorization',
];

/**
 * JSON lines in production; a readable, coloured stream in a terminal.
 * Logs go to stderr so the CLI's stdout stays clean for --json output (`destination`: tests).
 * Every line is scrubbed of `secrets` and token-shaped strings after serialising, so a secret
 * inside an error's message, a header echoed back or a string Bolt logs never gets out.
 */
export function createLogger(
  opts: { level: string; format: 'json' | 'pretty'; secrets?: readonly string[] },
  destination?: DestinationStream,
): Logger {
  const options = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'newsbrief' },
    hooks: { streamWrite: scrubber(opts.secrets ?? []) },
  };
  if (opts.format === 'pretty') {
    return pino(
      options,
      pretty({ destination: destination ?? 2, colorize: true, ignore: 'pid,hostname,app', sync: true }),
    );
  }
  return pino(options, destination ?? pino.destination({ fd: 2, sync: true }));
}

import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
export const REDACT_PATHS = [
  'apiKey',
  'token',
  'authorization',
  'signingSecret',
  'password',
  '*.apiKey',
  '*.token',
  '*.authorization',
  '*.Authorization',
  '*.signingSecret',
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
 * Logs go to stderr so the CLI's stdout stays clean for --json output.
 */
export function createLogger(opts: { level: string; format: 'json' | 'pretty' }): Logger {
  const options = {
    level: opts.level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'newsbrief' },
  };
  if (opts.format === 'pretty') {
    return pino(options, pretty({ destination: 2, colorize: true, ignore: 'pid,hostname,app', sync: true }));
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

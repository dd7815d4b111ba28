import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createLogger, type Logger } from '../log.ts';

/*
 * The console's logs: every line at LOG_LEVEL to a file in the data directory, and warnings and
 * errors also in the terminal, one short line each, printed between prompts (never inside one). A
 * failure the person has already been told about (its message carries an error id) is not repeated.
 */

export const CONSOLE_LOG_FILE = 'newsbrief.log';

export interface ConsoleLog {
  logger: Logger;
  /** Where the log file is. */
  path: string;
  /** Where the terminal lines go from now on (the console's printer, which keeps the prompt whole). */
  showWith(print: (line: string) => void): void;
}

const LEVEL_NAMES: Record<number, string> = { 40: 'warning', 50: 'error', 60: 'fatal' };

/** One JSON log record as a terminal line, or null when the person has seen it already. */
export function terminalLine(record: Record<string, unknown>): string | null {
  if (typeof record.errorId === 'string') return null;
  const level = LEVEL_NAMES[Number(record.level)] ?? 'warning';
  const err = record.err as { message?: unknown } | undefined;
  const detail = typeof err?.message === 'string' ? `: ${err.message}` : '';
  return `${level === 'warning' ? '⚠️ ' : '✖ '} ${level}: ${String(record.msg ?? '')}${detail}`;
}

export function consoleLog(
  opts: { level: string; secrets?: readonly string[] },
  dataDir: string,
): ConsoleLog {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, CONSOLE_LOG_FILE);
  let print: (line: string) => void = (line) => process.stderr.write(`${line}\n`);
  const terminal = {
    write(chunk: string) {
      for (const json of chunk.split('\n')) {
        if (!json.trim()) continue;
        try {
          const line = terminalLine(JSON.parse(json) as Record<string, unknown>);
          if (line) print(line);
        } catch {
          print(json);
        }
      }
    },
  };
  const streams = pino.multistream([
    {
      level: opts.level === 'silent' ? 'fatal' : opts.level,
      stream: pino.destination({ dest: path, sync: true }),
    },
    { level: 'warn', stream: terminal },
  ]);
  const logger = createLogger({ ...opts, format: 'json' }, streams);
  return {
    logger,
    path,
    showWith: (p) => {
      print = p;
    },
  };
}

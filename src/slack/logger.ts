import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../log.ts';

/**
 * Bolt wants @slack/logger's variadic interface with get/setLevel; pino takes (object, message).
 * Bolt's messages become one string, under a child logger tagged component=bolt.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = toBolt(child.level);
  const line = (msgs: unknown[]) =>
    msgs.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  return {
    debug: (...msgs) => child.debug(line(msgs)),
    info: (...msgs) => child.info(line(msgs)),
    warn: (...msgs) => child.warn(line(msgs)),
    error: (...msgs) => child.error(line(msgs)),
    setLevel: (next) => {
      level = next;
      child.level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function toBolt(pinoLevel: string): LogLevel {
  if (pinoLevel === 'debug' || pinoLevel === 'trace') return LogLevel.DEBUG;
  if (pinoLevel === 'warn') return LogLevel.WARN;
  if (pinoLevel === 'error' || pinoLevel === 'fatal' || pinoLevel === 'silent') return LogLevel.ERROR;
  return LogLevel.INFO;
}

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/**
 * parseArgs with strict options, its errors reworded as our one-line usage messages ("unknown option
 * --colour for brief") rather than Node's text about positionals and `--`.
 */
export function parseOptions<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(argsMessage(command, err));
  }
}

function argsMessage(command: string, err: unknown): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const option = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} for ${command}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(message) ? `${option} takes no value` : `${option} needs a value`;
  }
  return `${command}: ${message.split('\n')[0]}`;
}

/** The one positional argument, or a usage error with `message`. */
export function single(positionals: string[], message: string): string {
  if (positionals.length !== 1 || !positionals[0]) throw new UsageError(message);
  return positionals[0];
}

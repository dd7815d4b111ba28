import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Overrides } from '../main.ts';
import type { Io } from './main.ts';

/** What every command receives: its arguments after the command's name, and the process around it. */
export interface CommandContext {
  config: Config;
  logger: Logger;
  io: Io;
  overrides: Overrides;
}

export type Command = (args: string[], ctx: CommandContext) => Promise<number>;

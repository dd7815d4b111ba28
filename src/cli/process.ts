import { setFlagsFromString } from 'node:v8';
import type { Logger } from '../log.ts';

/*
 * What a long-running command (start) asks of the process: the stop signals, and a last word on
 * failures nobody caught. The process is passed in, so tests drive a plain EventEmitter.
 */

type Signal = 'SIGINT' | 'SIGTERM';

interface ProcessLike {
  once(event: Signal, listener: (signal: Signal) => void): unknown;
  off(event: Signal, listener: (signal: Signal) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (err: Error) => void): unknown;
  exit(code: number): never;
}

/**
 * V8 settings for a process that serves for long (`newsbrief start`), set before the store opens.
 * One-shot commands and tests keep V8's defaults: they would pay for tuning they do not live to use.
 *
 * `--no-liftoff`: the embedded store is PostgreSQL compiled to WebAssembly, which V8 by default
 * compiles twice, a quick baseline (Liftoff) at start and optimised code (TurboFan) for each function
 * that gets hot. A server then keeps both copies and its memory grows with the load; baseline code
 * alone (`--no-wasm-tier-up`, tried) is larger still. Optimised code only costs the start ~1–2 s of
 * compiling (in the store's worker thread, store/thread.ts, while this thread loads Slack and
 * pg-boss) and keeps the app smallest: measured with the worker, quiet machine (bench/README.md,
 * "Start-up" and "Load"): peak RSS at 100k articles 279–293 MB against 327–340 MB with Liftoff only,
 * 700–810 MB against 880–965 MB under 30 s of load; start 4.4–6.4 s against 3.0–3.6 s; the cold
 * burst and the 30 s acks under target either way. Memory is paid all day, a start once a deploy.
 * It applies to WebAssembly compiled after it is set, in any thread. (`--optimize-for-size`, tried
 * for memory, cut the store benchmark's RSS by ~80 MB but tripled p99 ack under load: not used.)
 */
export function tuneForServing(): void {
  setFlagsFromString('--no-liftoff');
}

/** 128 + the signal's number, as shells report a process a signal ended. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Resolves on the first SIGINT or SIGTERM, so the caller can stop gracefully; a second signal
 * while that runs means "now" and exits at once.
 */
export function waitForStopSignal(
  logger: Logger,
  proc: ProcessLike = process as ProcessLike,
): Promise<Signal> {
  return new Promise((resolve) => {
    const first = (signal: Signal) => {
      proc.off('SIGINT', first);
      proc.off('SIGTERM', first);
      const again = (second: Signal) => {
        logger.warn({ signal: second }, 'second stop signal: exiting without waiting');
        proc.exit(SIGNAL_EXIT[second]);
      };
      proc.once('SIGINT', again);
      proc.once('SIGTERM', again);
      logger.info({ signal }, 'stop signal: shutting down gracefully (send it again to exit at once)');
      resolve(signal);
    };
    proc.once('SIGINT', first);
    proc.once('SIGTERM', first);
  });
}

/**
 * A promise nobody awaited that failed is logged and the process keeps serving: one request's bug
 * must not drop everyone's. An exception nobody caught leaves state unknown: logged, then exit 1
 * (a supervisor restarts us).
 */
export function handleProcessFailures(logger: Logger, proc: ProcessLike = process as ProcessLike): void {
  proc.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; continuing');
  });
  proc.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception; exiting');
    proc.exit(1);
  });
}

import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { handleProcessFailures, waitForStopSignal } from '../../src/cli/process.ts';

function fakeProcess() {
  const proc = new EventEmitter() as EventEmitter & { exit: (code: number) => never; exits: number[] };
  proc.exits = [];
  proc.exit = ((code: number) => {
    proc.exits.push(code);
  }) as (code: number) => never;
  return proc;
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'trace' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

describe('stop signals', () => {
  it('resolves on the first signal, and a second one exits at once with 128 + its number', async () => {
    const proc = fakeProcess();
    const { logger } = capture();
    const stopping = waitForStopSignal(logger, proc as never);
    proc.emit('SIGTERM', 'SIGTERM');
    expect(await stopping).toBe('SIGTERM');
    expect(proc.exits).toEqual([]);
    proc.emit('SIGINT', 'SIGINT');
    expect(proc.exits).toEqual([130]);
  });

  it('a second SIGTERM exits with 143', async () => {
    const proc = fakeProcess();
    const stopping = waitForStopSignal(capture().logger, proc as never);
    proc.emit('SIGINT', 'SIGINT');
    await stopping;
    proc.emit('SIGTERM', 'SIGTERM');
    expect(proc.exits).toEqual([143]);
  });
});

describe('failures nobody caught', () => {
  it('logs an unhandled rejection, structured, and keeps running', () => {
    const proc = fakeProcess();
    const { logger, lines } = capture();
    handleProcessFailures(logger, proc as never);
    proc.emit('unhandledRejection', new Error('lost promise'));
    expect(proc.exits).toEqual([]);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: expect.stringContaining('unhandled promise rejection'),
    });
    expect(JSON.stringify(lines[0])).toContain('lost promise');
  });

  it('logs an uncaught exception and exits 1', () => {
    const proc = fakeProcess();
    const { logger, lines } = capture();
    handleProcessFailures(logger, proc as never);
    proc.emit('uncaughtException', new Error('thrown'));
    expect(proc.exits).toEqual([1]);
    expect(lines[0]).toMatchObject({ level: 60 });
  });
});

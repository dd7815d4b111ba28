import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleLog, terminalLine } from '../../src/console/log.ts';

describe('console logs', () => {
  it('go to the log file; only warnings and errors reach the terminal, one line each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-console-log-'));
    try {
      const shown: string[] = [];
      const log = consoleLog({ level: 'info', secrets: ['sk-very-secret-key'] }, dir);
      log.showWith((line) => shown.push(line));
      log.logger.info({ jobs: 3 }, 'jobs started');
      log.logger.warn({ feed: 7 }, 'feed poll failed');
      log.logger.error({ err: new Error('store closed, key sk-very-secret-key') }, 'job failed');
      log.logger.warn({ errorId: 'ab12', code: 'no-articles' }, 'request failed');

      expect(shown).toEqual([
        '⚠️  warning: feed poll failed',
        '✖  error: job failed: store closed, key [redacted]',
      ]);
      const lines = readFileSync(log.path, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.msg)).toEqual([
        'jobs started',
        'feed poll failed',
        'job failed',
        'request failed',
      ]);
      expect(readFileSync(log.path, 'utf8')).not.toContain('sk-very-secret-key');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure the person was already told about (it has an error id) is not repeated', () => {
    expect(terminalLine({ level: 40, msg: 'request failed', errorId: 'x1' })).toBeNull();
    expect(terminalLine({ level: 50, msg: 'boom' })).toBe('✖  error: boom');
  });
});

import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { REDACT_PATHS } from '../src/log.ts';

describe('logger redaction', () => {
  it('never writes API keys, tokens or secrets', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    logger.info(
      {
        apiKey: 'sk-live-1',
        config: { apiKey: 'sk-live-2', token: 'xoxb-3' },
        headers: { authorization: 'Bearer sk-live-4' },
      },
      'x',
    );
    const out = lines.join('');
    expect(out).not.toMatch(/sk-live|xoxb-3/);
    expect(out).toContain('[redacted]');
  });
});

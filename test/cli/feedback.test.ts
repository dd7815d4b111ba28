import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/main.ts';
import { runCli } from '../helpers/cli.ts';
import { silentLogger } from '../helpers/llm.ts';

/* `newsbrief feedback` over an embedded store with recorded votes. */

let env: Record<string, string>;
const run = (argv: string[]) => runCli(argv, env);
const DAY = 86_400_000;

beforeAll(async () => {
  env = { LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'nb-feedback-')) };
  const runtime = await createRuntime(parseConfig(env), silentLogger, { jobs: false });
  try {
    const vote = (user: string, messageTs: string, v: 'up' | 'down', at: Date, promptVersion = 'brief-v3') =>
      runtime.store.feedback.vote({
        teamId: 'T1',
        channel: 'C1',
        messageTs,
        user,
        kind: 'brief',
        vote: v,
        briefId: null,
        model: 'gpt-4.1-mini',
        promptVersion,
        at,
      });
    const now = new Date();
    await vote('U1', '1.1', 'up', now);
    await vote('U2', '1.1', 'up', now);
    await vote('U3', '1.1', 'up', now);
    await vote('U3', '1.1', 'down', now); // changed its mind: one vote, down
    await runtime.store.feedback.explain({
      teamId: 'T1',
      channel: 'C1',
      messageTs: '1.1',
      user: 'U3',
      reason: 'wrong-date',
      comment: 'The summit was on the 23rd, not the 24th.',
      at: now,
    });
    await vote('U1', '2.2', 'down', new Date(now.getTime() - 40 * DAY), 'brief-v2'); // outside 30 days
  } finally {
    await runtime.close();
  }
}, 120_000);

describe('newsbrief feedback', () => {
  it('prints votes by model and prompt version, one per person, and the latest comments', async () => {
    const { code, stdout } = await run(['feedback']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/brief\s+gpt-4\.1-mini\s+brief-v3\s+2\s+1\s+67%/);
    expect(stdout).not.toContain('brief-v2');
    expect(stdout).toContain('wrong-date: The summit was on the 23rd, not the 24th.');
  });

  it('reaches back further with --days', async () => {
    const { stdout } = await run(['feedback', '--days', '60']);
    expect(stdout).toMatch(/brief\s+gpt-4\.1-mini\s+brief-v2\s+0\s+1/);
  });

  it('refuses a bad --days', async () => {
    expect((await run(['feedback', '--days', '0'])).code).toBe(2);
  });
});

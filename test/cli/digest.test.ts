import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/main.ts';
import { runCli } from '../helpers/cli.ts';
import { silentLogger } from '../helpers/llm.ts';
import { slackMethod } from '../helpers/slack.ts';

/* `newsbrief digest run` against an embedded store with the sample articles; Slack nocked. */

let env: Record<string, string>;

const run = (argv: string[]) => runCli(argv, env);

beforeAll(async () => {
  env = {
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'nb-digest-')),
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
  };
  expect((await run(['seed'])).code).toBe(0);
  const runtime = await createRuntime(parseConfig(env), silentLogger, { jobs: false });
  try {
    await runtime.store.digests.follow({
      teamId: 'T1',
      channel: 'C1',
      topic: 'chile vietnam',
      user: 'U1',
      schedule: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'given' },
      defaults: { minutes: 8 * 60, timeZone: 'UTC', zoneSource: 'utc' },
    });
  } finally {
    await runtime.close();
  }
}, 120_000);

afterEach(() => nock.cleanAll());

describe('newsbrief digest run', () => {
  it("posts a channel's digest for a date once, and says so", async () => {
    const posted = slackMethod('chat.postMessage', (call) => ({
      ok: true,
      channel: call.channel,
      ts: '1.000100',
    }));
    const first = await run(['digest', 'run', '--channel', 'C1', '--date', '2030-01-02']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/T1\tC1\t2030-01-02\tposted\t\d+ stories/);
    const top = posted.calls[0] ?? {};
    expect(top.channel).toBe('C1');
    expect(String(top.text)).toContain('News digest — 2030-01-02');
    expect(JSON.parse(String(top.metadata))).toMatchObject({ event_type: 'newsbrief_digest' });

    const again = await run(['digest', 'run', '--channel', 'C1', '--date', '2030-01-02']);
    expect(again.stdout).toContain('\ttaken\t');
    expect(posted.calls.filter((c) => !c.thread_ts)).toHaveLength(1);
  }, 60_000);

  it('explains bad usage and a missing Slack token', async () => {
    expect((await run(['digest', 'send'])).code).toBe(2);
    expect((await run(['digest', 'run', '--date', 'tomorrow'])).stderr).toContain(
      '--date must look like 2026-06-01',
    );
    const saved = env;
    env = { LOG_LEVEL: 'silent', DATA_DIR: saved.DATA_DIR as string };
    try {
      const noSlack = await run(['digest', 'run']);
      expect(noSlack.code).toBe(1);
      expect(noSlack.stderr).toContain('digests are posted to Slack: set SLACK_BOT_TOKEN');
    } finally {
      env = saved;
    }
  });
});

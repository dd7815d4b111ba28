import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderUsage } from '../../src/cli/usage.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/main.ts';
import { runCli } from '../helpers/cli.ts';
import { silentLogger } from '../helpers/llm.ts';

/* `newsbrief usage` over an embedded store with recorded usage. */

let env: Record<string, string>;

const run = (argv: string[]) => runCli(argv, env);

const today = new Date();
const yesterday = new Date(today.getTime() - 86_400_000);
const day = (d: Date) => d.toISOString().slice(0, 10);

beforeAll(async () => {
  env = { LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(tmpdir(), 'nb-usage-')) };
  const runtime = await createRuntime(parseConfig(env), silentLogger, { jobs: false });
  try {
    const record = (
      teamId: string,
      purpose: 'brief' | 'answer' | 'digest',
      at: Date,
      p: number,
      c: number,
      a: number,
    ) =>
      runtime.store.usage.record({
        teamId,
        purpose,
        at,
        promptTokens: p,
        completionTokens: c,
        articleTokens: a,
      });
    await record('T1', 'brief', today, 2000, 400, 1500);
    await record('T1', 'brief', today, 3000, 500, 2400);
    await record('T1', 'answer', yesterday, 1200, 100, 900);
    await record('T2', 'digest', today, 1800, 300, 1300);
  } finally {
    await runtime.close();
  }
}, 120_000);

describe('newsbrief usage', () => {
  it('lists calls and tokens per workspace, day and purpose, with totals and per-call overhead', async () => {
    const { code, stdout } = await run(['usage']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('Workspace T1');
    expect(lines).toContain('Workspace T2');
    // Two briefs today: 5,000 prompt, 900 completion, 3,900 article → 550 overhead and 450 completion per call.
    expect(stdout).toMatch(new RegExp(`${day(today)}\\s+brief\\s+2\\s+5,000\\s+900\\s+3,900\\s+550\\s+450`));
    expect(stdout).toMatch(
      new RegExp(`${day(yesterday)}\\s+answer\\s+1\\s+1,200\\s+100\\s+900\\s+300\\s+100`),
    );
    expect(stdout).toMatch(/total\s+3\s+6,200\s+1,000\s+4,800\s+467\s+333/);
    expect(stdout).toMatch(/all workspaces\s+4\s+8,000\s+1,300\s+6,100\s+475\s+325/);
  });

  it('keeps to one workspace with --team and to today with --days 1', async () => {
    const { code, stdout } = await run(['usage', '--team', 'T1', '--days', '1']);
    expect(code).toBe(0);
    expect(stdout).toContain('Workspace T1');
    expect(stdout).not.toContain('T2');
    expect(stdout).not.toContain('answer');
  });

  it('says when nothing was recorded, and refuses a bad --days', async () => {
    expect((await run(['usage', '--team', 'T9'])).stdout).toBe('No LLM usage recorded in the last 7 days.\n');
    const bad = await run(['usage', '--days', 'zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--days');
  });

  it('renders the CLI and console usage (no workspace) under its own heading', () => {
    const text = renderUsage(
      [
        {
          teamId: '',
          day: '2026-06-01',
          purpose: 'brief',
          calls: 1,
          promptTokens: 100,
          completionTokens: 10,
          articleTokens: 60,
        },
      ],
      7,
    );
    expect(text).toContain('Workspace (none: CLI and console)');
    expect(text).not.toContain('all workspaces');
  });
});

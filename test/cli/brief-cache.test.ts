import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BriefResult } from '../../src/brief/engine.ts';
import { openStore } from '../../src/store/store.ts';
import { runCli } from '../helpers/cli.ts';
import { COMPLETIONS, LLM_BASE, LLM_HOST, recorded } from '../helpers/llm.ts';

/*
 * `newsbrief brief <topic>` briefs through the app's engine: the store's brief cache and the
 * metered LLM fetch, so the same story twice is one LLM call, and that call is in `usage`.
 */

let dataDir: string;
const env = () => ({
  OPENAI_API_KEY: 'sk-test-key',
  OPENAI_BASE_URL: LLM_BASE,
  OPENAI_MAX_RETRIES: '0',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nb-brief-cache-'));
  const { code, stderr } = await runCli(['ingest', 'fixtures/articles/port-deal.txt'], env());
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

afterEach(() => nock.cleanAll());

describe('newsbrief brief <topic> on the CLI', () => {
  it('makes one LLM call for the same story twice, and records its usage', async () => {
    const llm = nock(LLM_HOST).post(COMPLETIONS).times(2).reply(200, recorded('port-deal'));

    const first = await runCli(['brief', 'chile', 'vietnam', 'port', '--json'], env());
    const second = await runCli(['brief', 'chile', 'vietnam', 'port', '--json'], env());

    expect(first.stderr + second.stderr).toBe('');
    const [a, b] = [first, second].map((r) => JSON.parse(r.stdout) as BriefResult);
    expect(a?.meta).toMatchObject({ engine: 'llm', cached: false });
    expect(b?.meta).toMatchObject({ engine: 'llm', cached: true });
    expect(b?.brief).toEqual(a?.brief);
    expect(llm.pendingMocks()).toHaveLength(1); // the second interceptor was never used

    const store = await openStore({ dataDir });
    try {
      const rows = await store.usage.report({ days: 1, until: new Date() });
      expect(rows).toEqual([
        expect.objectContaining({ teamId: '', purpose: 'brief', calls: 1, promptTokens: 812 }),
      ]);
    } finally {
      await store.close();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand, handleThreadMessage } from '../../src/app/handlers.ts';
import { parseConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/main.ts';
import { silentLogger } from '../helpers/llm.ts';
import { recordingSurface } from '../helpers/surface.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'newsbrief-restart-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a restart', () => {
  it('keeps briefs answerable in their threads', async () => {
    // No LLM configured: the offline engine briefs and answers, so nothing here needs a fake.
    const config = parseConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const who = { channel: 'C1', user: 'U1', teamId: 'T1' };

    const before = await createRuntime(config, silentLogger);
    await before.store.articles.add(await before.deps.loadUrl('fixtures/articles/port-deal.txt'));
    const first = recordingSurface();
    await handleCommand({ kind: 'topic', topic: 'chile vietnam' }, who, first.surface, before.deps);
    expect(first.said[0]).toContain('Chile and Vietnam');
    await before.close();

    const after = await createRuntime(config, silentLogger);
    try {
      const second = recordingSurface();
      const ours = await handleThreadMessage(
        { channel: 'C1', threadTs: '1.1', ts: '2.1', text: 'Where was the agreement signed?', user: 'U2' },
        second.surface,
        after.deps,
      );
      expect(ours).toBe(true);
      expect(second.said.join('\n')).toContain('Valparaíso');
    } finally {
      await after.close();
    }
  }, 120_000);
});

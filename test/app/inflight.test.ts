import { describe, expect, it } from 'vitest';
import { inFlight } from '../../src/app/inflight.ts';
import { message, section } from '../../src/views/blocks.ts';
import { recordingSurface } from '../helpers/surface.ts';

const brief = message('Brief', [section('*Brief*')]);
const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('requests in flight', () => {
  it('drains: refuses new work, waits for a running brief to finish posting', async () => {
    const work = inFlight();
    const { surface, said } = recordingSurface();
    const running = work.run(surface, async (s) => {
      await later(100);
      await s.post(brief);
      await s.post(brief, { threadTs: '1.1' });
    });
    expect(work.size).toBe(1);
    const drained = await work.drain({ timeoutMs: 2000, graceMs: 100 });
    await running;
    expect(work.accepting).toBe(false);
    expect(drained).toEqual({ finished: 1, abandoned: 0, leftRunning: 0 });
    expect(said).toHaveLength(2);
  });

  it('gives up on a brief not yet posting when time runs out: tells the requester once, never posts it later', async () => {
    const work = inFlight();
    const { surface, said } = recordingSurface();
    let failed: unknown;
    const running = work.run(surface, async (s) => {
      await later(300); // the slow LLM call
      try {
        await s.post(brief);
      } catch (err) {
        failed = err;
        await s.ephemeral(brief); // the handler's error report: already told, so it stays quiet
      }
    });
    const drained = await work.drain({ timeoutMs: 50, graceMs: 50 });
    expect(drained).toMatchObject({ abandoned: 1, leftRunning: 0 });
    expect(said).toEqual([expect.stringContaining('restarted before your request was done')]);
    await running;
    expect(failed).toMatchObject({ code: 'restarting' });
    expect(said).toHaveLength(1);
  });

  it('waits the grace for a request that has started posting, so its thread is not left half-done', async () => {
    const work = inFlight();
    const { surface, said } = recordingSurface();
    const running = work.run(surface, async (s) => {
      const ts = await s.post(brief);
      await later(150);
      await s.post(brief, { threadTs: ts });
    });
    const drained = await work.drain({ timeoutMs: 20, graceMs: 2000 });
    await running;
    expect(drained).toMatchObject({ abandoned: 0, leftRunning: 0, finished: 1 });
    expect(said).toHaveLength(2);
  });

  it('passes a failure on to the caller and still forgets the request', async () => {
    const work = inFlight();
    const { surface } = recordingSurface();
    await expect(
      work.run(surface, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(work.size).toBe(0);
    expect(await work.drain({ timeoutMs: 10 })).toEqual({ finished: 0, abandoned: 0, leftRunning: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { workQueue } from '../../src/limits/queue.ts';

describe('workQueue', () => {
  it('runs at most `concurrency` jobs at once and all of them in order', async () => {
    const q = workQueue(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const job = (i: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      order.push(i);
      running--;
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => q.run(job(i))));
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    expect(q.running).toBe(0);
    expect(q.waiting).toBe(0);
  });

  it('frees the slot when a job fails', async () => {
    const q = workQueue(1);
    await expect(q.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run(async () => 'next')).resolves.toBe('next');
  });

  it('starts a job on a later turn of the event loop, after pending I/O callbacks', async () => {
    const q = workQueue(1);
    const seen: string[] = [];
    const job = q.run(async () => {
      seen.push('job');
    });
    seen.push('sync');
    await job;
    expect(seen).toEqual(['sync', 'job']);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';

describeEngines('feedback', (ctx) => {
  let store: Store;
  beforeAll(() => {
    store = createStore(ctx.db);
  });
  const at = new Date('2026-12-01T10:00:00Z');
  const vote = (user: string, v: 'up' | 'down', teamId = 'T1') =>
    store.feedback.vote({
      teamId,
      channel: 'D1',
      messageTs: '1.1',
      user,
      kind: 'answer',
      vote: v,
      briefId: null,
      model: 'm',
      promptVersion: 'answer-v1',
      at,
    });

  describe('votes', () => {
    it('keeps one vote per person per message: a second click changes it, and says so', async () => {
      expect(await vote('U1', 'down')).toEqual({ changed: false });
      await store.feedback.explain({
        teamId: 'T1',
        channel: 'D1',
        messageTs: '1.1',
        user: 'U1',
        reason: 'wrong-fact',
        comment: 'no',
        at,
      });
      expect(await vote('U1', 'up')).toEqual({ changed: true });
      expect(await vote('U2', 'up')).toEqual({ changed: false });
      // Thumbs up takes back what the thumbs down said.
      expect(await store.feedback.get('T1', 'D1', '1.1', 'U1')).toMatchObject({
        vote: 'up',
        reason: null,
        comment: null,
      });
      expect(await store.feedback.counts({ since: new Date(at.getTime() - 1000) })).toEqual([
        { kind: 'answer', model: 'm', promptVersion: 'answer-v1', up: 2, down: 0 },
      ]);
    });

    it('keeps workspaces apart and goes with the workspace', async () => {
      await vote('U1', 'down', 'T2');
      expect(await store.feedback.counts({ since: new Date(0), teamId: 'T2' })).toEqual([
        { kind: 'answer', model: 'm', promptVersion: 'answer-v1', up: 0, down: 1 },
      ]);
      const purged = await store.purgeTeam('T2');
      expect(purged.deleted.message_feedback).toBe(1);
      expect(await store.feedback.get('T2', 'D1', '1.1', 'U1')).toBeNull();
      expect(await store.feedback.get('T1', 'D1', '1.1', 'U1')).not.toBeNull();
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { channelSettings, parseChannelSettings } from '../../src/app/channelSettings.ts';
import { briefLanguageOf } from '../../src/store/settings.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';

describe('/brief settings language (issue 19)', () => {
  it('reads a language by code or name, and "default"', () => {
    expect(parseChannelSettings('language ko')).toEqual({ briefLanguage: 'ko' });
    expect(parseChannelSettings('lang Japanese stories 3')).toEqual({ briefLanguage: 'ja', maxStories: 3 });
    expect(parseChannelSettings('language default')).toEqual({ briefLanguage: null });
    expect(() => parseChannelSettings('language fr')).toThrow(
      /English \(en\), Korean \(ko\) or Japanese \(ja\)/,
    );
  });
});

describeEngines(
  'a channel brief language over the workspace’s',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });
    const who = { teamId: 'T1', channel: 'C1', user: 'U1' };
    const replies: string[] = [];
    const surface = {
      ephemeral: async (m: { text: string }) => {
        replies.push(m.text);
      },
    };

    it('is set, shown, audited and reset; briefs there use it, others the workspace’s', async () => {
      await store.digests.follow({
        ...who,
        topic: 'korea-japan',
        schedule: null,
        defaults: { minutes: 480, timeZone: 'UTC', zoneSource: 'utc' },
      });
      await store.settings.update('T1', { briefLanguage: 'ja' }, 'UADMIN');
      expect(await briefLanguageOf(store, 'T1', 'C1')).toBe('ja');

      await channelSettings('language ko', who, surface, { store });
      expect(await store.digests.channel('T1', 'C1')).toMatchObject({
        briefLanguage: 'ko',
        topics: ['korea-japan'],
      });
      expect(replies.at(-1)).toContain('Briefs here are written in Korean.');
      expect((await store.settings.history('T1'))[0]).toMatchObject({
        channel: 'C1',
        changes: { briefLanguage: { from: null, to: 'ko' } },
      });
      expect(await briefLanguageOf(store, 'T1', 'C1')).toBe('ko');
      expect(await briefLanguageOf(store, 'T1', 'C2')).toBe('ja');
      expect(await briefLanguageOf(store, '', undefined)).toBe('en');

      // Other overrides leave the language alone; "default" gives the workspace's back.
      await channelSettings('stories 2', who, surface, { store });
      expect((await store.digests.channel('T1', 'C1'))?.briefLanguage).toBe('ko');
      await channelSettings('language default', who, surface, { store });
      expect((await store.digests.channel('T1', 'C1'))?.briefLanguage).toBeNull();
      expect(await briefLanguageOf(store, 'T1', 'C1')).toBe('ja');
    });
  },
  { reset: true },
);

import { beforeAll, describe, expect, it } from 'vitest';
import { channelSettings, parseChannelSettings } from '../../src/app/channelSettings.ts';
import { parseBriefCommand } from '../../src/app/command.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { describeEngines } from '../helpers/db.ts';

describe('parseChannelSettings', () => {
  it('reads time, zone and stories in any order', () => {
    expect(parseChannelSettings('time 7:30 zone Asia/Seoul stories 4')).toEqual({
      minutes: 450,
      timeZone: 'Asia/Seoul',
      maxStories: 4,
    });
    expect(parseChannelSettings('stories default at 6pm')).toEqual({ maxStories: null, minutes: 18 * 60 });
    expect(parseChannelSettings('')).toEqual({});
    expect(parseBriefCommand('settings time 08:00')).toEqual({ kind: 'settings', args: 'time 08:00' });
  });

  it('says what is wrong', () => {
    expect(() => parseChannelSettings('time 25:00')).toThrow(/not a time of day/);
    expect(() => parseChannelSettings('zone Mars/Olympus')).toThrow(/not a time zone/);
    expect(() => parseChannelSettings('stories 99')).toThrow(/1 to 20/);
    expect(() => parseChannelSettings('colour blue')).toThrow(/don't know the setting "colour"/);
    expect(() => parseChannelSettings('time')).toThrow(/needs a value/);
  });
});

describeEngines(
  '/brief settings',
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

    it('overrides the channel digest time, zone and stories, logs who did it, and shows them back', async () => {
      await store.digests.follow({
        ...who,
        topic: 'trade',
        schedule: null,
        defaults: { minutes: 480, timeZone: 'UTC', zoneSource: 'utc' },
      });
      await channelSettings('time 07:15 zone Europe/Paris stories 3', who, surface, { store });

      expect(await store.digests.channel('T1', 'C1')).toMatchObject({
        minutes: 435,
        timeZone: 'Europe/Paris',
        zoneSource: 'given',
        maxStories: 3,
        topics: ['trade'],
      });
      expect(replies.at(-1)).toContain('07:15 Europe/Paris');
      expect(replies.at(-1)).toContain('up to 3 stories');
      const [entry] = await store.settings.history('T1');
      expect(entry).toMatchObject({
        channel: 'C1',
        userId: 'U1',
        changes: {
          digestTime: { from: '08:00', to: '07:15' },
          digestTimeZone: { from: 'UTC', to: 'Europe/Paris' },
          maxStories: { from: null, to: 3 },
        },
      });

      await channelSettings('stories default', who, surface, { store });
      expect((await store.digests.channel('T1', 'C1'))?.maxStories).toBeNull();
      expect((await store.digests.channel('T1', 'C1'))?.minutes).toBe(435);
      await channelSettings('', who, surface, { store });
      expect(replies.at(-1)).toContain('the default number of stories');
    });

    it('refuses a channel that follows nothing', async () => {
      await expect(
        channelSettings('time 08:00', { ...who, channel: 'C2' }, surface, { store }),
      ).rejects.toThrow(/no daily digest/);
    });
  },
  { reset: true },
);

import { beforeAll, expect, it } from 'vitest';
import { type FollowDeps, follow, following, homeFollows, postNow, unfollow } from '../../src/app/follows.ts';
import { parseFollow } from '../../src/digest/follow.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { limitViolations } from '../../src/views/blocks.ts';
import { blocksToText } from '../../src/views/common.ts';
import { homeView } from '../../src/views/home.ts';
import { describeEngines } from '../helpers/db.ts';

describeEngines(
  'following topics',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });
    const who = { teamId: 'T1', channel: 'C100', user: 'U1' };

    function deps(over: Partial<FollowDeps> = {}): FollowDeps {
      return {
        digests: store.digests,
        channelZone: async () => 'Asia/Seoul',
        isMember: async (_t, _c, user) => user !== 'UOUT',
        runNow: async (teamId, channel) => ({
          teamId,
          channel,
          date: '2026-06-01',
          outcome: 'posted',
          stories: 2,
        }),
        now: () => new Date('2026-06-01T00:00:00Z'),
        ...over,
      };
    }
    const text = (m: { blocks: Parameters<typeof blocksToText>[0] } | null) =>
      m ? blocksToText(m.blocks) : '';

    it("follows with the creator's zone by default, says so in the channel, and keeps the time for a second topic", async () => {
      const first = await follow(parseFollow('korea-japan'), who, deps());
      expect(first.ephemeral).toBeNull();
      expect(text(first.inChannel)).toContain('daily digest on korea-japan at 08:00 Asia/Seoul');
      expect(text(first.inChannel)).toContain("channel creator's time zone");

      const second = await follow(
        parseFollow('"climate finance"'),
        who,
        deps({ channelZone: async () => null }),
      );
      expect(text(second.inChannel)).toContain('climate finance at 08:00 Asia/Seoul');
      const ch = await store.digests.channel('T1', 'C100');
      expect(ch?.topics).toEqual(['korea-japan', 'climate finance']);

      const again = await follow(parseFollow('korea-japan'), who, deps());
      expect(again.inChannel).toBeNull();
      expect(text(again.ephemeral)).toContain('already follows');

      const moved = await follow(parseFollow('korea-japan at 7pm Europe/Paris'), who, deps());
      expect(text(moved.inChannel)).toContain('moved this channel');
      expect(text(moved.inChannel)).toContain('19:00 Europe/Paris');
    });

    it('uses UTC, and says so, when Slack gives no zone', async () => {
      const r = await follow(
        parseFollow('ports'),
        { ...who, channel: 'C101' },
        deps({ channelZone: async () => null }),
      );
      expect(text(r.inChannel)).toContain('08:00 UTC (UTC: I could not find a time zone');
    });

    it('refuses changes from someone outside the channel', async () => {
      await expect(follow(parseFollow('rail'), { ...who, user: 'UOUT' }, deps())).rejects.toThrow(
        /Only people in a channel/,
      );
      await expect(unfollow('korea-japan', { ...who, user: 'UOUT' }, deps())).rejects.toThrow(/Only people/);
    });

    it('unfollows, lists, and drops the schedule with the last topic', async () => {
      const w = { ...who, channel: 'C102' };
      await follow(parseFollow('trade at 09:15 UTC'), w, deps());
      expect(text((await following(w, deps())).ephemeral)).toContain(
        '"trade": one digest daily at 09:15 UTC; next 2026-06-01 09:15 UTC',
      );
      expect(text((await unfollow('nope', w, deps())).ephemeral)).toContain(
        'does not follow "nope". It follows: trade.',
      );
      expect(text((await unfollow('trade', w, deps())).inChannel)).toContain(
        "stopped this channel's daily digest on trade",
      );
      expect(await store.digests.channel('T1', 'C102')).toBeNull();
      expect(text((await following(w, deps())).ephemeral)).toContain('follows no topics');
    });

    it('shows the workspace follows in the App Home, within Slack limits, with post-now and unfollow buttons', async () => {
      const w = { ...who, teamId: 'T2', channel: 'C200' };
      await follow(parseFollow('energy at 06:30 UTC'), w, deps());
      await follow(parseFollow('water'), w, deps());
      const view = homeView(await homeFollows('T2', deps()));
      const shown = blocksToText(view.blocks);
      expect(shown).toContain('energy, water');
      expect(shown).toContain('Daily at 06:30 UTC');
      expect(shown).toContain('No digest yet');
      const buttons = view.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
      expect(buttons.map((b) => b.action_id)).toEqual([
        'home_follow',
        'home_post_now',
        'home_unfollow_0',
        'home_unfollow_1',
      ]);
      expect(JSON.parse(buttons[3]?.value ?? '{}')).toEqual({ channel: 'C200', topic: 'water' });
      expect(limitViolations({ text: '', blocks: view.blocks })).toEqual([]);
      expect(text(await postNow(w, deps()))).toContain("Posted today's digest");
      expect(
        text(
          await postNow(
            w,
            deps({
              runNow: async (t, c) => ({ teamId: t, channel: c, date: null, outcome: 'taken', stories: 0 }),
            }),
          ),
        ),
      ).toContain('already has');
    });
  },
  { reset: true },
);

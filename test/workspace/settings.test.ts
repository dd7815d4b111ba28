import { beforeAll, describe, expect, it } from 'vitest';
import { type FollowDeps, follow } from '../../src/app/follows.ts';
import { parseFollow } from '../../src/digest/follow.ts';
import { settingsHooks } from '../../src/store/settings.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { readSettingsForm, settingsModal } from '../../src/views/settings.ts';
import {
  canManageSettings,
  DEFAULT_SETTINGS,
  parseSettingsForm,
  readSettings,
  resolveTopicAlias,
  type SettingsForm,
} from '../../src/workspace/settings.ts';
import { describeEngines } from '../helpers/db.ts';

const form = (over: Partial<SettingsForm> = {}): SettingsForm => ({
  llmModel: '',
  dailyTokenBudget: '',
  digestTime: '08:00',
  digestTimeZone: '',
  topicAliases: '',
  answerLanguagePolicy: 'question',
  answerLanguage: '',
  briefLanguage: 'en',
  postNothingNew: true,
  ...over,
});

describe('workspace settings', () => {
  it('reads anything stored, falling back field by field', () => {
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(readSettings({ digestTime: 'noon', postNothingNew: false, extra: 1 })).toEqual({
      ...DEFAULT_SETTINGS,
      postNothingNew: false,
    });
  });

  it('validates the form and names each bad field', () => {
    const ok = parseSettingsForm(
      form({ dailyTokenBudget: '1_000_000', topicAliases: 'KJ = korea-japan\n\n' }),
    );
    expect(ok).toMatchObject({
      ok: true,
      settings: { dailyTokenBudget: 1_000_000, topicAliases: { kj: 'korea-japan' } },
    });
    const bad = parseSettingsForm(
      form({
        dailyTokenBudget: 'lots',
        digestTime: '26:00',
        digestTimeZone: 'Nowhere/City',
        topicAliases: 'no equals sign',
        answerLanguagePolicy: 'fixed',
      }),
    );
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual([
      'answerLanguage',
      'dailyTokenBudget',
      'digestTime',
      'digestTimeZone',
      'topicAliases',
    ]);
  });

  it('round-trips through the modal', () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      llmModel: 'm',
      topicAliases: { kj: 'korea-japan' },
      postNothingNew: false,
    };
    const view = settingsModal(settings, { defaultModel: 'gpt-4.1-mini' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    // Slack sends back each input's value under block id → action id.
    const values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const b of view.blocks) {
      const el = b.element as Record<string, unknown>;
      values[b.block_id] = {
        value: {
          value: el.initial_value ?? null,
          selected_option: el.initial_option ?? null,
          selected_options: el.initial_options ?? [],
        },
      };
    }
    const parsed = parseSettingsForm(readSettingsForm(values as never));
    expect(parsed).toEqual({ ok: true, settings });
  });

  it('lets admins, owners and the installer manage settings, nobody else', () => {
    const member = { id: 'U1', isAdmin: false, isOwner: false };
    expect(canManageSettings(member, 'U9')).toBe(false);
    expect(canManageSettings(member, null)).toBe(false);
    expect(canManageSettings(member, 'U1')).toBe(true);
    expect(canManageSettings({ ...member, isAdmin: true }, null)).toBe(true);
    expect(canManageSettings({ ...member, isOwner: true }, null)).toBe(true);
  });

  it('resolves topic aliases case-insensitively', () => {
    const s = { ...DEFAULT_SETTINGS, topicAliases: { kj: 'korea-japan' } };
    expect(resolveTopicAlias(s, 'KJ ')).toBe('korea-japan');
    expect(resolveTopicAlias(s, 'climate')).toBe('climate');
  });
});

describeEngines(
  'workspace settings in digests',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });
    const deps = (over: Partial<FollowDeps> = {}): FollowDeps => ({
      digests: store.digests,
      channelZone: async () => 'Asia/Seoul',
      isMember: async () => true,
      runNow: async () => {
        throw new Error('not used');
      },
      now: () => new Date('2026-06-01T00:00:00Z'),
      workspaceDefaults: settingsHooks(store.settings).workspaceDefaults,
      ...over,
    });

    it("gives a new digest the workspace's default time and zone, over the creator's zone", async () => {
      await store.settings.update('T1', { digestTime: '06:45', digestTimeZone: 'Europe/Paris' }, 'UADMIN');
      await follow(parseFollow('trade'), { teamId: 'T1', channel: 'C1', user: 'U1' }, deps());
      expect(await store.digests.channel('T1', 'C1')).toMatchObject({
        minutes: 405,
        timeZone: 'Europe/Paris',
        zoneSource: 'workspace',
      });
      // A workspace without settings: the creator's zone at 08:00, as before.
      await follow(parseFollow('trade'), { teamId: 'T2', channel: 'C2', user: 'U1' }, deps());
      expect(await store.digests.channel('T2', 'C2')).toMatchObject({ minutes: 480, timeZone: 'Asia/Seoul' });
      // A time given in the command wins.
      await follow(parseFollow('trade at 9:00'), { teamId: 'T1', channel: 'C3', user: 'U1' }, deps());
      expect(await store.digests.channel('T1', 'C3')).toMatchObject({
        minutes: 540,
        timeZone: 'Europe/Paris',
      });
    });

    it('reads the nothing-new setting per workspace', async () => {
      const hooks = settingsHooks(store.settings);
      await store.settings.update('T1', { postNothingNew: false }, 'UADMIN');
      expect(await hooks.postNothingNew('T1')).toBe(false);
      expect(await hooks.postNothingNew('T2')).toBe(true);
      expect(await hooks.postNothingNew('')).toBe(true);
    });
  },
  { reset: true },
);

import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineDeps } from '../../src/brief/engine.ts';
import { extractiveBrief } from '../../src/extractive/index.ts';
import { createStore, type Store } from '../../src/store/store.ts';
import { readSettingsForm, settingsModal } from '../../src/views/settings.ts';
import {
  DEFAULT_SETTINGS,
  engineFor,
  parseSettingsForm,
  readSettings,
  type SettingsForm,
} from '../../src/workspace/settings.ts';
import { describeEngines } from '../helpers/db.ts';
import { silentLogger } from '../helpers/llm.ts';

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

/** What Slack sends back for a modal nobody edited: each input's initial value. */
function submitted(view: ReturnType<typeof settingsModal>) {
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
  return values as never;
}

describe('the brief language setting (issue 19)', () => {
  it('is English by default and for anything stored it cannot read', () => {
    expect(DEFAULT_SETTINGS.briefLanguage).toBe('en');
    expect(readSettings({ briefLanguage: 'fr' }).briefLanguage).toBe('en');
    expect(readSettings({ briefLanguage: 'ja' }).briefLanguage).toBe('ja');
  });

  it('is chosen in the settings modal and round-trips through it', () => {
    const settings = { ...DEFAULT_SETTINGS, briefLanguage: 'ko' as const };
    const view = settingsModal(settings, { defaultModel: null });
    const block = view.blocks.find((b) => b.block_id === 'briefLanguage') as { element: unknown };
    expect(JSON.stringify(block.element)).toContain(
      '"initial_option":{"text":{"type":"plain_text","text":"Korean"}',
    );
    expect(parseSettingsForm(readSettingsForm(submitted(view)))).toEqual({ ok: true, settings });
  });

  it('refuses a language briefs cannot be written in, and reads a modal without the field as English', () => {
    const bad = parseSettingsForm(form({ briefLanguage: 'klingon' }));
    expect(bad).toEqual({ ok: false, errors: { briefLanguage: 'Choose one.' } });
    expect(readSettingsForm({} as never).briefLanguage).toBe('en');
  });

  it("gives the brief engine the workspace's language (English: the engine as it was)", () => {
    const engine: EngineDeps = {
      llm: null,
      engine: 'auto',
      fallback: 'extractive',
      extractive: extractiveBrief,
      logger: silentLogger,
    };
    expect(engineFor(engine, { llmModel: null, briefLanguage: 'ja' }).briefLanguage).toBe('ja');
    expect(engineFor(engine, { llmModel: null, briefLanguage: 'en' })).toBe(engine);
    expect(engineFor(engine, null)).toBe(engine);
  });
});

describeEngines(
  'the brief language setting in the store',
  (ctx) => {
    let store: Store;
    beforeAll(() => {
      store = createStore(ctx.db);
    });

    it('is saved per workspace and audited', async () => {
      const { changes } = await store.settings.update('T1', { briefLanguage: 'ko' }, 'UADMIN');
      expect(changes).toEqual({ briefLanguage: { from: 'en', to: 'ko' } });
      expect((await store.settings.get('T1')).briefLanguage).toBe('ko');
      expect((await store.settings.get('T2')).briefLanguage).toBe('en');
      expect((await store.settings.history('T1'))[0]?.changes).toEqual(changes);
    });
  },
  { reset: true },
);

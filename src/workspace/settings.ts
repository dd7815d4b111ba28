import { z } from 'zod';
import type { EngineDeps } from '../brief/engine.ts';
import { BRIEF_LANGUAGE_NAMES, BRIEF_LANGUAGES, type BriefLanguage } from '../brief/language.ts';

// The settings modal (a pure view) reads the choices from here.
export { BRIEF_LANGUAGE_NAMES, BRIEF_LANGUAGES, type BriefLanguage };

import { UserError } from '../errors.ts';
import { formatClock, isTimeZone, type LocalMinutes, parseClock } from '../text/clock.ts';

/*
 * A workspace's own settings, edited from the App Home by its admins or the installer. Stored as
 * JSON; read through this schema, so a field added later falls back to its default and a bad
 * stored value never breaks a request.
 */

/** A channel's digest time when nobody chose one: 08:00 local. */
export const DEFAULT_DIGEST_MINUTES: LocalMinutes = 8 * 60;

export const ANSWER_LANGUAGE_POLICIES = ['question', 'article', 'fixed'] as const;
export type AnswerLanguagePolicy = (typeof ANSWER_LANGUAGE_POLICIES)[number];

const clock = z
  .string()
  .refine((s) => parseClock(s) !== null && /^\d{1,2}:\d{2}$/.test(s), 'a time as HH:MM');

export const WorkspaceSettingsSchema = z.object({
  /** null: the server's OPENAI_MODEL. */
  llmModel: z.string().trim().min(1).max(100).nullable().catch(null),
  /** LLM tokens a day for the whole workspace; null: the deployment's LLM_DAILY_TOKEN_BUDGET; 0: no limit. */
  dailyTokenBudget: z.number().int().min(0).max(1_000_000_000).nullable().catch(null),
  /** A new digest's time and zone when `/brief follow` gives none. */
  digestTime: clock.catch(formatClock(DEFAULT_DIGEST_MINUTES)),
  /** null: the channel creator's zone, else UTC (as without workspace settings). */
  digestTimeZone: z.string().refine(isTimeZone, 'an IANA time zone').nullable().catch(null),
  /** alias → topic: `/brief kj` briefs "korea-japan". Lower-cased aliases. */
  topicAliases: z.record(z.string(), z.string()).catch({}),
  /** Answers in the question's language, the articles', or always `answerLanguage`. */
  answerLanguagePolicy: z.enum(ANSWER_LANGUAGE_POLICIES).catch('question'),
  answerLanguage: z.string().trim().min(2).max(40).nullable().catch(null),
  /** The language LLM briefs are written in (quotes stay in the article's); English by default. */
  briefLanguage: z.enum(BRIEF_LANGUAGES).catch('en'),
  /** On a day with nothing new: a one-line "nothing new on …" (true) or no post (false). */
  postNothingNew: z.boolean().catch(true),
});

export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const DEFAULT_SETTINGS: WorkspaceSettings = WorkspaceSettingsSchema.parse({});

/** Whatever is stored (possibly from an older version) → complete settings. */
export function readSettings(stored: unknown): WorkspaceSettings {
  return WorkspaceSettingsSchema.parse(stored && typeof stored === 'object' ? stored : {});
}

/** Fields that differ, as { field: { from, to } }: what the audit log records. */
export function diffSettings(
  before: WorkspaceSettings,
  after: WorkspaceSettings,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const k of Object.keys(after) as (keyof WorkspaceSettings)[]) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      changes[k] = { from: before[k], to: after[k] };
  }
  return changes;
}

/** The modal's fields as typed; an error per field the person must fix. */
export interface SettingsForm {
  llmModel: string;
  dailyTokenBudget: string;
  digestTime: string;
  digestTimeZone: string;
  topicAliases: string;
  answerLanguagePolicy: string;
  answerLanguage: string;
  briefLanguage: string;
  postNothingNew: boolean;
}

export type FormResult =
  | { ok: true; settings: WorkspaceSettings }
  | { ok: false; errors: Partial<Record<keyof SettingsForm, string>> };

/** Validates the modal's values; every bad field gets its own message (Slack shows them inline). */
export function parseSettingsForm(form: SettingsForm): FormResult {
  const errors: Partial<Record<keyof SettingsForm, string>> = {};
  const model = form.llmModel.trim();
  if (model.length > 100) errors.llmModel = 'At most 100 characters.';
  let budget: number | null = null;
  const budgetText = form.dailyTokenBudget.replace(/[\s,_]/g, '');
  if (budgetText) {
    if (!/^\d{1,10}$/.test(budgetText) || Number(budgetText) > 1_000_000_000) {
      errors.dailyTokenBudget =
        'A whole number of tokens (e.g. 200000; 0 for no limit), or empty for the default.';
    } else budget = Number(budgetText);
  }
  const minutes = parseClock(form.digestTime.trim());
  if (minutes === null) errors.digestTime = 'A time like 08:00 or 18:30.';
  const zone = form.digestTimeZone.trim() || null;
  if (zone !== null && !isTimeZone(zone))
    errors.digestTimeZone = 'A time zone like Europe/Paris, Asia/Seoul or UTC.';
  const aliases = parseAliases(form.topicAliases);
  if (typeof aliases === 'string') errors.topicAliases = aliases;
  const policy = ANSWER_LANGUAGE_POLICIES.find((p) => p === form.answerLanguagePolicy);
  if (!policy) errors.answerLanguagePolicy = 'Choose one.';
  const language = form.answerLanguage.trim();
  if (policy === 'fixed' && language.length < 2) errors.answerLanguage = 'Say which language, e.g. English.';
  if (language.length > 40) errors.answerLanguage = 'At most 40 characters.';
  const briefLanguage = BRIEF_LANGUAGES.find((l) => l === form.briefLanguage);
  if (!briefLanguage) errors.briefLanguage = 'Choose one.';
  if (
    Object.keys(errors).length > 0 ||
    typeof aliases === 'string' ||
    minutes === null ||
    !policy ||
    !briefLanguage
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    settings: {
      llmModel: model || null,
      dailyTokenBudget: budget,
      digestTime: formatClock(minutes),
      digestTimeZone: zone,
      topicAliases: aliases,
      answerLanguagePolicy: policy,
      answerLanguage: language || null,
      briefLanguage,
      postNothingNew: form.postNothingNew,
    },
  };
}

/** `/brief kj` → "korea-japan" when the workspace set that alias; anything else as typed. */
export function resolveTopicAlias(settings: WorkspaceSettings, topic: string): string {
  return settings.topicAliases[topic.trim().toLowerCase()] ?? topic;
}

/** A new digest's time and zone from the workspace settings (zone null: creator's, else UTC). */
export function digestDefaults(settings: WorkspaceSettings): { minutes: number; timeZone: string | null } {
  return {
    minutes: parseClock(settings.digestTime) ?? DEFAULT_DIGEST_MINUTES,
    timeZone: settings.digestTimeZone,
  };
}

/** One alias a line: `kj = korea-japan`. */
export function parseAliases(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 100) return 'At most 100 aliases.';
  for (const line of lines) {
    const m = /^([^=]{1,60})=(.{1,200})$/.exec(line);
    const alias = m?.[1]?.trim().toLowerCase();
    const topic = m?.[2]?.trim();
    if (!alias || !topic) return `Write one alias a line as "alias = topic" ("${line.slice(0, 40)}" is not).`;
    out[alias] = topic;
  }
  return out;
}

export function formatAliases(aliases: Record<string, string>): string {
  return Object.entries(aliases)
    .map(([a, t]) => `${a} = ${t}`)
    .join('\n');
}

/** Workspace admins and owners, and whoever installed the app, may change its settings. */
export function canManageSettings(
  user: { id: string; isAdmin: boolean; isOwner: boolean },
  installerUserId: string | null,
): boolean {
  return user.isAdmin || user.isOwner || (installerUserId !== null && user.id === installerUserId);
}

export function notAllowed(): UserError {
  return new UserError(
    'not-allowed',
    "Only this workspace's admins, owners, or the person who installed newsbrief can change its settings.",
  );
}

/** The workspace's model over the server's, for anything that carries LLM settings. */
export function withModel<T extends { settings: { model: string } }>(llm: T, model: string | null): T {
  return model ? { ...llm, settings: { ...llm.settings, model } } : llm;
}

/** Brief engine deps with the workspace's model (unchanged without an LLM or a chosen model). */
export function engineWithModel(engine: EngineDeps, model: string | null): EngineDeps {
  return engine.llm && model ? { ...engine, llm: withModel(engine.llm, model) } : engine;
}

/** Brief engine deps with the workspace's model and brief language (English: unchanged). */
export function engineFor(
  engine: EngineDeps,
  settings: Pick<WorkspaceSettings, 'llmModel' | 'briefLanguage'> | null,
  /** The channel's own language (`/brief settings language`), over the workspace's. */
  channelLanguage: BriefLanguage | null = null,
): EngineDeps {
  const withIt = engineWithModel(engine, settings?.llmModel ?? null);
  const language: BriefLanguage = channelLanguage ?? settings?.briefLanguage ?? 'en';
  return language === 'en' ? withIt : { ...withIt, briefLanguage: language };
}

/**
 * The workspace's answer-language rule, added to the answer prompt's system message (it comes from
 * an admin, not from an article); null for the default (the question's language).
 */
export function answerLanguageRule(settings: WorkspaceSettings): string | null {
  if (settings.answerLanguagePolicy === 'article') {
    return "Workspace rule: write the answer in the language the articles are written in, whatever the question's language.";
  }
  const language = (settings.answerLanguage ?? '')
    .replace(/[^\p{L} ()-]/gu, '')
    .trim()
    .slice(0, 40);
  if (settings.answerLanguagePolicy === 'fixed' && language) {
    return `Workspace rule: write the answer in ${language}, whatever the question's language.`;
  }
  return null;
}

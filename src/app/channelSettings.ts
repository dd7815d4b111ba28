import { BRIEF_LANGUAGE_NAMES, type BriefLanguage, parseBriefLanguage } from '../brief/language.ts';
import { UserError } from '../errors.ts';
import type { DigestChannel } from '../store/digests.ts';
import type { Store } from '../store/store.ts';
import { formatClock, isTimeZone, parseClock } from '../text/clock.ts';
import { noticeMessage } from '../views/common.ts';
import type { Surface } from './surface.ts';

/*
 * `/brief settings [time HH:MM] [zone Zone] [stories N|default] [language ko|ja|en|default]`: this
 * channel's own digest time, zone, stories per topic and brief language, over the workspace
 * defaults. Every change is in the settings audit.
 */

export const MAX_STORIES = 20;

export interface ChannelOverrides {
  minutes?: number;
  timeZone?: string;
  /** null: back to the default. */
  maxStories?: number | null;
  /** null: back to the workspace's language. */
  briefLanguage?: BriefLanguage | null;
}

const USAGE =
  'Use `/brief settings time 08:30 zone Europe/Paris stories 5 language ko` (any of them; `stories default` and `language default` reset).';

export function parseChannelSettings(text: string): ChannelOverrides {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const out: ChannelOverrides = {};
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i]?.toLowerCase();
    const value = words[i + 1];
    if (value === undefined) throw new UserError('bad-settings', `"${key}" needs a value. ${USAGE}`);
    if (key === 'time' || key === 'at') {
      const minutes = parseClock(value);
      if (minutes === null)
        throw new UserError('bad-time', `"${value}" is not a time of day; write it like 08:30 or 7pm.`);
      out.minutes = minutes;
    } else if (key === 'zone' || key === 'tz') {
      const zone = value.toLowerCase() === 'utc' ? 'UTC' : value;
      if (!isTimeZone(zone)) {
        throw new UserError(
          'bad-zone',
          `"${value}" is not a time zone I know; use a name like Asia/Seoul or UTC.`,
        );
      }
      out.timeZone = zone;
    } else if (key === 'stories') {
      if (value.toLowerCase() === 'default') out.maxStories = null;
      else if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_STORIES)
        out.maxStories = Number(value);
      else
        throw new UserError(
          'bad-stories',
          `Stories per topic is a number from 1 to ${MAX_STORIES}, or "default".`,
        );
    } else if (key === 'language' || key === 'lang') {
      const language = value.toLowerCase() === 'default' ? null : parseBriefLanguage(value);
      if (language === null && value.toLowerCase() !== 'default') {
        throw new UserError(
          'bad-language',
          'Briefs can be written in English (en), Korean (ko) or Japanese (ja); or "default" for the workspace\'s language.',
        );
      }
      out.briefLanguage = language;
    } else {
      throw new UserError('bad-settings', `I don't know the setting "${key ?? ''}". ${USAGE}`);
    }
  }
  return out;
}

function describe(ch: DigestChannel): string {
  const stories = ch.maxStories
    ? `up to ${ch.maxStories} stories per topic`
    : 'the default number of stories';
  const language = ch.briefLanguage
    ? ` Briefs here are written in ${BRIEF_LANGUAGE_NAMES[ch.briefLanguage]}.`
    : '';
  return `Daily digest here at *${formatClock(ch.minutes)} ${ch.timeZone}*, ${stories}.${language}`;
}

/** Shows or changes the channel's digest overrides; answers privately to whoever asked. */
export async function channelSettings(
  args: string,
  who: { channel: string; user: string; teamId: string | null },
  surface: Pick<Surface, 'ephemeral'>,
  deps: { store: Store },
): Promise<void> {
  // Digests key the console (no workspace) as ''.
  const teamId = who.teamId ?? '';
  const overrides = parseChannelSettings(args);
  const before = await deps.store.digests.channel(teamId, who.channel);
  if (!before) {
    throw new UserError(
      'no-digest',
      'This channel has no daily digest to set up yet. Start one with `/brief follow <topic>`.',
    );
  }
  if (Object.keys(overrides).length === 0) {
    await surface.ephemeral(noticeMessage(`${describe(before)} ${USAGE}`));
    return;
  }
  const after = await deps.store.digests.setOverrides(teamId, who.channel, overrides, who.user);
  if (!after) throw new UserError('no-digest', 'This channel stopped following its topics meanwhile.');
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (before.minutes !== after.minutes)
    changes.digestTime = { from: formatClock(before.minutes), to: formatClock(after.minutes) };
  if (before.timeZone !== after.timeZone)
    changes.digestTimeZone = { from: before.timeZone, to: after.timeZone };
  if ((before.maxStories ?? null) !== (after.maxStories ?? null)) {
    changes.maxStories = { from: before.maxStories ?? null, to: after.maxStories ?? null };
  }
  if ((before.briefLanguage ?? null) !== (after.briefLanguage ?? null)) {
    changes.briefLanguage = { from: before.briefLanguage ?? null, to: after.briefLanguage ?? null };
  }
  if (Object.keys(changes).length > 0) {
    await deps.store.settings.audit({ teamId, channel: who.channel, userId: who.user, changes });
  }
  await surface.ephemeral(noticeMessage(`:white_check_mark: ${describe(after)}`));
}

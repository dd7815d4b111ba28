import { UserError } from '../errors.ts';
import type { ZoneSource } from '../store/digests.ts';
import { isTimeZone, type LocalMinutes, parseClock } from '../text/clock.ts';
import { DEFAULT_DIGEST_MINUTES } from '../workspace/settings.ts';

/** `/brief follow <topic> [at HH:MM] [tz]`, after the word `follow`. */
export interface FollowRequest {
  topic: string;
  minutes: LocalMinutes | null;
  timeZone: string | null;
}

const ZONE_ALIASES: Record<string, string> = { utc: 'UTC', gmt: 'UTC', z: 'UTC' };

/**
 * Reads the schedule from the end: an IANA zone (`Asia/Seoul`, `UTC`), then a time (`at 8:30`,
 * `8am`); what is left is the topic. "korea-japan at 7:30 Asia/Seoul", "\"climate finance\" 8am".
 */
export function parseFollow(text: string): FollowRequest {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let timeZone: string | null = null;
  let minutes: LocalMinutes | null = null;
  const last = words.at(-1);
  if (last && (last.includes('/') || ZONE_ALIASES[last.toLowerCase()])) {
    const zone = ZONE_ALIASES[last.toLowerCase()] ?? last;
    if (!isTimeZone(zone)) {
      throw new UserError(
        'bad-zone',
        `"${last}" is not a time zone I know; use a name like Asia/Seoul, Europe/Paris or UTC.`,
      );
    }
    timeZone = zone;
    words.pop();
  }
  const time = words.at(-1);
  const clock = time ? parseClock(time) : null;
  const explicit = words.at(-2)?.toLowerCase() === 'at';
  if (time && clock !== null && (explicit || /[:apm]/i.test(time))) {
    minutes = clock;
    words.pop();
    if (explicit) words.pop();
  } else if (explicit) {
    throw new UserError('bad-time', `"${time}" is not a time of day; write it like 08:30 or 7pm.`);
  }
  const topic = unquoteTopic(words.join(' '));
  if (!topic)
    throw new UserError(
      'no-topic',
      'Say which topic to follow, e.g. `/brief follow korea-japan at 08:00 Asia/Seoul`.',
    );
  return { topic, minutes, timeZone };
}

/**
 * The channel's zone: the one given, else the channel creator's from Slack, else UTC — and which
 * it was, so the confirmation can say so.
 */
export function chooseZone(
  given: string | null,
  creatorZone: string | null,
): { timeZone: string; zoneSource: ZoneSource } {
  if (given) return { timeZone: given, zoneSource: 'given' };
  if (creatorZone && isTimeZone(creatorZone)) return { timeZone: creatorZone, zoneSource: 'creator' };
  return { timeZone: 'UTC', zoneSource: 'utc' };
}

export function defaultMinutes(request: FollowRequest): LocalMinutes {
  return request.minutes ?? DEFAULT_DIGEST_MINUTES;
}

export function zoneNote(source: ZoneSource): string {
  switch (source) {
    case 'given':
      return '';
    case 'creator':
      return " (the channel creator's time zone; add a zone to change it, e.g. `at 08:00 Europe/Paris`)";
    case 'workspace':
      return " (the workspace's time zone)";
    case 'utc':
      return ' (UTC: I could not find a time zone for this channel; add one, e.g. `at 08:00 Asia/Seoul`)';
  }
}

/** `"climate finance"` → climate finance: a followed topic is kept without its quotes. */
export function unquoteTopic(text: string): string {
  return text.replace(/^["“”']+|["“”']+$/g, '').trim();
}

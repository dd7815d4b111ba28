import { chooseZone, defaultMinutes, type FollowRequest, zoneNote } from '../digest/follow.ts';
import type { DigestRunResult } from '../digest/run.ts';
import { localTime, nextDigestAt } from '../digest/schedule.ts';
import { UserError } from '../errors.ts';
import type { DigestStore } from '../store/digests.ts';
import { formatClock } from '../text/clock.ts';
import { message, type SlackMessage, section } from '../views/blocks.ts';
import { type EphemeralMessage, noticeMessage } from '../views/common.ts';
import type { HomeFollow } from '../views/home.ts';
import { safeText } from '../views/mrkdwn.ts';

/*
 * Following topics for a channel's daily digest: from `/brief follow …`, the brief's "Follow daily"
 * button and the App Home. Changes are confirmed in the channel so nobody is surprised by a digest.
 */

export interface FollowDeps {
  digests: DigestStore;
  /** The channel creator's time zone from Slack, null when unknown. */
  channelZone: (teamId: string, channel: string) => Promise<string | null>;
  /** Only people in a channel may change what it follows. */
  isMember: (teamId: string, channel: string, user: string) => Promise<boolean>;
  /** Today's digest for the channel now, rather than at its time (the App Home's "Post now"). */
  runNow: (teamId: string, channel: string) => Promise<DigestRunResult>;
  now: () => Date;
  /** The workspace's default digest time and zone (its settings); absent or null: built-in defaults. */
  workspaceDefaults?: (teamId: string) => Promise<{ minutes: number; timeZone: string | null } | null>;
}

export interface FollowWho {
  teamId: string;
  channel: string;
  user: string;
}

/** What to say: privately to the person, and publicly in the channel. */
export interface FollowReply {
  ephemeral: EphemeralMessage | null;
  inChannel: SlackMessage | null;
}

/** An ephemeral note from mrkdwn we built (ids checked, user text escaped), so channel links stay live. */
function notice(line: string): EphemeralMessage {
  return { ...message(line, [section(line)]), response_type: 'ephemeral' };
}

/** `<#C123>` for a real channel id; anything else is shown as plain escaped text. */
function channelRef(channel: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(channel) ? `<#${channel}>` : safeText(channel);
}

async function mustBeMember(who: FollowWho, deps: FollowDeps) {
  if (!(await deps.isMember(who.teamId, who.channel, who.user))) {
    throw new UserError(
      'not-a-member',
      'Only people in a channel can change what it follows; join it first.',
    );
  }
}

export async function follow(request: FollowRequest, who: FollowWho, deps: FollowDeps): Promise<FollowReply> {
  await mustBeMember(who, deps);
  const existing = await deps.digests.channel(who.teamId, who.channel);
  const changesSchedule = request.minutes !== null || request.timeZone !== null || existing === null;
  const workspace = existing ? null : ((await deps.workspaceDefaults?.(who.teamId)) ?? null);
  const zone =
    !request.timeZone && !existing && workspace?.timeZone
      ? { timeZone: workspace.timeZone, zoneSource: 'workspace' as const }
      : request.timeZone || !existing
        ? chooseZone(
            request.timeZone,
            request.timeZone ? null : await deps.channelZone(who.teamId, who.channel),
          )
        : { timeZone: existing.timeZone, zoneSource: existing.zoneSource };
  const minutes = request.minutes ?? existing?.minutes ?? workspace?.minutes ?? defaultMinutes(request);
  const { channel, created } = await deps.digests.follow({
    teamId: who.teamId,
    channel: who.channel,
    topic: request.topic,
    user: who.user,
    schedule: changesSchedule ? { minutes, ...zone } : null,
    defaults: { minutes, ...zone },
  });
  const when = `${formatClock(channel.minutes)} ${channel.timeZone}`;
  const topic = safeText(request.topic);
  if (!created && !changesSchedule) {
    return {
      ephemeral: noticeMessage(`This channel already follows "${request.topic}" (daily at ${when}).`),
      inChannel: null,
    };
  }
  const line = created
    ? `:newspaper: <@${who.user}> set this channel to get a daily digest on *${topic}* at ${when}${zoneNote(channel.zoneSource)}. \`/brief unfollow ${topic}\` stops it.`
    : `:newspaper: <@${who.user}> moved this channel's daily digest to ${when}${zoneNote(channel.zoneSource)}.`;
  return { ephemeral: null, inChannel: message(line, [section(line)]) };
}

export async function unfollow(topic: string, who: FollowWho, deps: FollowDeps): Promise<FollowReply> {
  await mustBeMember(who, deps);
  const removed = await deps.digests.unfollow(who.teamId, who.channel, topic);
  if (!removed) {
    const current = await deps.digests.channel(who.teamId, who.channel);
    const list = current?.topics.length ? ` It follows: ${current.topics.join(', ')}.` : '';
    return { ephemeral: noticeMessage(`This channel does not follow "${topic}".${list}`), inChannel: null };
  }
  const line = `:newspaper: <@${who.user}> stopped this channel's daily digest on *${safeText(topic)}*.`;
  return { ephemeral: null, inChannel: message(line, [section(line)]) };
}

export async function following(who: FollowWho, deps: FollowDeps): Promise<FollowReply> {
  const ch = await deps.digests.channel(who.teamId, who.channel);
  if (!ch || ch.topics.length === 0) {
    return {
      ephemeral: noticeMessage(
        'This channel follows no topics. Start with `/brief follow <topic> [at HH:MM] [zone]`.',
      ),
      inChannel: null,
    };
  }
  const latest = await deps.digests.latest(who.teamId, who.channel);
  const postedToday = latest?.date === localTime(deps.now(), ch.timeZone).date && latest.status !== 'claimed';
  const next = nextDigestAt(deps.now(), ch, postedToday);
  return {
    ephemeral: noticeMessage(
      `This channel follows ${ch.topics.map((t) => `"${t}"`).join(', ')}: one digest daily at ${formatClock(ch.minutes)} ${ch.timeZone}; next ${next.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    ),
    inChannel: null,
  };
}

/** The App Home's "Post now": today's digest at once, still at most one per day. */
export async function postNow(who: FollowWho, deps: FollowDeps): Promise<EphemeralMessage> {
  await mustBeMember(who, deps);
  const result = await deps.runNow(who.teamId, who.channel);
  switch (result.outcome) {
    case 'posted':
    case 'recovered':
      return notice(`Posted today's digest in ${channelRef(who.channel)}.`);
    case 'taken':
      return notice(
        `${channelRef(who.channel)} already has today's digest; the next one comes at its usual time.`,
      );
    case 'skipped':
      return noticeMessage('Nothing new today, and the channel skips empty digests.');
    default:
      return noticeMessage(
        `The digest could not be posted (${result.error ?? result.outcome}); it will be retried.`,
      );
  }
}

/** The workspace's follows for the App Home: by channel, with the next time and last status. */
export async function homeFollows(
  teamId: string,
  deps: Pick<FollowDeps, 'digests' | 'now'>,
): Promise<HomeFollow[]> {
  const out: HomeFollow[] = [];
  for (const ch of await deps.digests.channels(teamId)) {
    const latest = await deps.digests.latest(teamId, ch.channel);
    const postedToday =
      latest?.date === localTime(deps.now(), ch.timeZone).date && latest.status !== 'claimed';
    out.push({
      channel: ch.channel,
      topics: ch.topics,
      time: `${formatClock(ch.minutes)} ${ch.timeZone}`,
      next: nextDigestAt(deps.now(), ch, postedToday),
      last: latest ? { date: latest.date, status: latest.status, error: latest.error } : null,
    });
  }
  return out;
}

/* The App Home tab: how to use newsbrief, and the workspace's daily digests by channel. */

import { actions, type Block, button, context, divider, header, section } from './blocks.ts';
import { helpBlocks } from './common.ts';
import { ACTION_HOME_FOLLOW } from './followModal.ts';
import { safeText, truncate } from './mrkdwn.ts';
import { ACTION_OPEN_SETTINGS } from './settings.ts';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

export interface HomeFollow {
  channel: string;
  topics: string[];
  /** "08:00 Asia/Seoul" */
  time: string;
  next: Date;
  last: { date: string; status: string; error: string | null } | null;
}

export const ACTION_HOME_UNFOLLOW = 'home_unfollow';
export const ACTION_HOME_POST_NOW = 'home_post_now';

/** App Home allows 100 blocks; each channel takes a few. */
const MAX_CHANNELS = 20;

export function homeView(
  follows: readonly HomeFollow[] = [],
  opts: { canManageSettings?: boolean; notice?: string | null } = {},
): HomeView {
  const blocks: Block[] = [header('newsbrief')];
  // The outcome of the last button pressed here (App Home has no ephemeral messages).
  if (opts.notice) blocks.push(section(opts.notice));
  blocks.push(...helpBlocks());
  // Only admins and the installer see it; the modal's listener checks again.
  if (opts.canManageSettings) {
    blocks.push(
      divider(),
      section('*Workspace settings*: model, token budget, digest defaults, topic aliases, answer language.'),
      actions(button('Workspace settings', ACTION_OPEN_SETTINGS)),
    );
  }
  blocks.push(divider(), header('Daily digests'), actions(button('Follow a topic', ACTION_HOME_FOLLOW)));
  if (follows.length === 0) {
    blocks.push(
      section('No channel follows a topic yet. In a channel: `/brief follow <topic> [at HH:MM] [zone]`.'),
    );
  }
  for (const f of follows.slice(0, MAX_CHANNELS)) {
    const channel = /^[CG][A-Z0-9]{2,}$/.test(f.channel) ? `<#${f.channel}>` : safeText(f.channel);
    const topics = f.topics.map((t) => `*${safeText(t)}*`).join(', ');
    blocks.push(section(truncate(`${channel}: ${topics}\nDaily at ${safeText(f.time)}`, 2900)));
    blocks.push(
      context(
        `Next: <!date^${Math.floor(f.next.getTime() / 1000)}^{date_short_pretty} {time}|${f.next.toISOString()}>`,
        f.last ? `Last: ${f.last.date} ${lastStatus(f.last)}` : 'No digest yet',
      ),
    );
    blocks.push(
      actions(
        button('Post now', ACTION_HOME_POST_NOW, JSON.stringify({ channel: f.channel })),
        ...f.topics
          .slice(0, 4)
          // action_id must be unique within a block: the listener matches the prefix.
          .map((t, i) =>
            button(
              `Unfollow ${truncate(t, 40)}`,
              `${ACTION_HOME_UNFOLLOW}_${i}`,
              JSON.stringify({ channel: f.channel, topic: t }),
            ),
          ),
      ),
    );
  }
  if (follows.length > MAX_CHANNELS)
    blocks.push(context(`and ${follows.length - MAX_CHANNELS} more channels`));
  return { type: 'home', blocks };
}

function lastStatus(last: NonNullable<HomeFollow['last']>): string {
  switch (last.status) {
    case 'posted':
      return ':white_check_mark: posted';
    case 'skipped':
      return 'nothing new (skipped)';
    case 'failed':
      return `:warning: failed: ${safeText(last.error ?? 'unknown')}`;
    default:
      return ':hourglass: in progress';
  }
}

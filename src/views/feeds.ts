/*
 * Answers to `/brief feeds …`, for the person who asked only. Feed titles and errors come from the
 * outside world: they are made inert before they reach mrkdwn.
 */
import type { Feed } from '../store/feeds.ts';
import { type Block, context, message, section } from './blocks.ts';
import type { EphemeralMessage } from './common.ts';
import { link, safeText, truncate } from './mrkdwn.ts';

/** Slack shows at most this many feeds; the rest are counted. */
const MAX_LISTED = 20;

function ephemeral(text: string, blocks: Block[]): EphemeralMessage {
  return { ...message(text, blocks), response_type: 'ephemeral' };
}

function feedLabel(feed: Pick<Feed, 'title' | 'url'>): string {
  return link(feed.url, truncate((feed.title ?? feed.url).replace(/\s+/g, ' ').trim(), 150));
}

export function feedAddedMessage(added: {
  feed: Feed;
  created: boolean;
  items: number;
  format?: string;
  discovered?: { page: string; chosen: { url: string; title: string | null }; found: number } | undefined;
  warning?: string | undefined;
}): EphemeralMessage {
  const what = added.created ? ':white_check_mark: Added' : ':information_source: Already following';
  const kind = added.format ? ` (${added.format})` : '';
  const line = `${what} ${feedLabel(added.feed)}${kind}: ${added.items} item${added.items === 1 ? '' : 's'} now.`;
  const blocks: Block[] = [section(line)];
  const found = added.discovered;
  if (found) {
    const title = found.chosen.title ? `“${safeText(truncate(found.chosen.title, 100))}” ` : '';
    const naming = found.found === 1 ? 'that names one feed' : `that names ${found.found} feeds`;
    blocks.push(
      context(
        `${safeText(found.page)} is a web page ${naming}; chose ${title}${safeText(found.chosen.url)}${
          found.found === 1 ? '' : ' (its first, comment feeds aside)'
        }.`,
      ),
    );
  }
  if (added.warning) blocks.push(section(`:warning: ${safeText(truncate(added.warning, 500))}`));
  const note = 'Its articles are taken on the next poll; then `/brief &lt;topic&gt;` can use them.';
  blocks.push(context(note));
  return ephemeral(added.warning ? `${line} ${added.warning}` : line, blocks);
}

/** One line per feed: when it was last and will next be polled, and its last error if it is failing. */
export function feedListMessage(feeds: readonly Feed[], now: Date): EphemeralMessage {
  if (feeds.length === 0) {
    const line = 'This workspace follows no feeds yet. Add one with `/brief feeds add https://…/feed.xml`.';
    return ephemeral(line, [section(line)]);
  }
  const lines = feeds.slice(0, MAX_LISTED).map((f) => {
    const polled = f.lastPolledAt ? `polled ${ago(new Date(f.lastPolledAt), now)}` : 'not polled yet';
    const failing =
      f.failures > 0
        ? `\n      :warning: ${f.failures} failure${f.failures === 1 ? '' : 's'}: ${truncate(safeText(f.lastError ?? 'unknown error'), 200)}`
        : f.lastError
          ? `\n      :warning: ${truncate(safeText(f.lastError), 200)}`
          : '';
    return `• \`${f.id}\` ${feedLabel(f)} · ${polled} · next ${until(new Date(f.nextPollAt), now)}${failing}`;
  });
  const blocks: Block[] = [section(truncate(`*Feeds (${feeds.length})*\n${lines.join('\n')}`, 2900))];
  if (feeds.length > MAX_LISTED) blocks.push(context(`…and ${feeds.length - MAX_LISTED} more`));
  blocks.push(context('Remove one with `/brief feeds remove &lt;url or number&gt;`.'));
  return ephemeral(`Feeds: ${feeds.length}`, blocks);
}

export function feedRemovedMessage(removed: Feed | null, target: string): EphemeralMessage {
  const line = removed
    ? `:wastebasket: Removed ${feedLabel(removed)}. Articles already taken from it stay until retention removes them.`
    : `No feed \`${safeText(target.replace(/`/g, ''))}\` in this workspace (see \`/brief feeds list\`).`;
  return ephemeral(line, [section(line)]);
}

export function feedsHelpMessage(): EphemeralMessage {
  const line = [
    "*Feeds* (RSS, Atom or JSON Feed; a site's address finds its feed) for this workspace:",
    '• `/brief feeds add &lt;url&gt;`: follow a feed',
    '• `/brief feeds list`: the feeds, when they were polled, and any errors',
    '• `/brief feeds remove &lt;url or number&gt;`: stop following one',
  ].join('\n');
  return ephemeral('newsbrief feeds commands', [section(line)]);
}

function ago(then: Date, now: Date): string {
  return `${span(now.getTime() - then.getTime())} ago`;
}

function until(then: Date, now: Date): string {
  const ms = then.getTime() - now.getTime();
  return ms <= 0 ? 'due now' : `in ${span(ms)}`;
}

function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
}

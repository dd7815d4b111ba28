/*
 * Story bits of a topic brief: the other matching stories, a window with nothing in it, aliases.
 * Pure: data in, mrkdwn or payload out. Headlines come from articles, so they go through
 * `untrustedText`.
 */

import { message, section } from './blocks.ts';
import { type EphemeralMessage, noticeMessage } from './common.ts';
import { escapeMrkdwn, truncate, untrustedText } from './mrkdwn.ts';

export interface OtherStory {
  id: number;
  headline: string;
  /** How many articles (outlets) the story has. */
  sources: number;
}

const CAP = { headline: 90, line: 700 } as const;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * "2 more stories: Korea beat Japan 2-1 (2 sources, `/brief story 7`); …", so the user can ask for
 * one of them. Null when there are none.
 */
export function otherStoriesLine(stories: readonly OtherStory[]): string | null {
  if (stories.length === 0) return null;
  const parts = stories.map((s) => {
    const headline = truncate(untrustedText(s.headline.replace(/\s+/g, ' ').trim()), CAP.headline);
    return `${headline || 'Untitled story'} (${plural(s.sources, 'source')}, \`/brief story ${s.id}\`)`;
  });
  const head = `${plural(stories.length, 'more story', 'more stories')}: `;
  return truncate(`${head}${parts.join('; ')}`, CAP.line);
}

export interface JoinedStory extends OtherStory {
  /** Language codes of its articles ("ja"). */
  languages: readonly string[];
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

function languageNames(codes: readonly string[]): string {
  return codes
    .map((c) => {
      try {
        return LANGUAGE_NAMES.of(c) ?? c;
      } catch {
        return c;
      }
    })
    .join(' and ');
}

/**
 * "Briefed together with the Japanese reports of this event: 日韓首脳会談… (2 sources, `/brief story 8`)":
 * stories in other languages joined into the brief (issue 19), so the reader knows why the
 * sources mix languages and can brief one alone. Null when none was joined.
 */
export function joinedStoriesLine(stories: readonly JoinedStory[]): string | null {
  if (stories.length === 0) return null;
  const parts = stories.map((s) => {
    const headline = truncate(untrustedText(s.headline.replace(/\s+/g, ' ').trim()), CAP.headline);
    return `${languageNames(s.languages)}: ${headline || 'Untitled story'} (${plural(s.sources, 'source')}, \`/brief story ${s.id}\`)`;
  });
  return truncate(
    `Briefed together with reports of the same event in other languages — ${parts.join('; ')}`,
    CAP.line,
  );
}

/** The story behind a brief: "From 3 of this story's 5 articles" when not all were read. */
export function storyCoverageLine(used: number, total: number): string | null {
  if (total <= 1) return null;
  if (used >= total) return `From all ${total} articles on this story`;
  return `From the ${used} most informative of this story's ${total} articles`;
}

/** Days that reach back to `latestAt` from `now`, for "try `/brief korea 14d`". */
export function suggestedWindowDays(latestAt: string, now: Date, maxDays = 365): number {
  const days = Math.ceil((now.getTime() - Date.parse(latestAt)) / 86_400_000) + 1;
  return Math.min(Math.max(days, 1), maxDays);
}

/** Nothing in the window, but older stories match: say so and how to widen the window. */
export function olderStoriesText(
  topic: string,
  windowDays: number,
  latest: { headline: string; lastAt: string },
  suggestDays: number,
): string {
  const when = latest.lastAt.slice(0, 10);
  const headline = truncate(latest.headline.replace(/\s+/g, ' ').trim(), CAP.headline);
  return `No story about "${topic}" in the last ${plural(windowDays, 'day')}. The latest is from ${when} ("${headline}"): try \`/brief ${topic} ${suggestDays}d\`.`;
}

/**
 * No story matches the topic, but others are in the window: say so (and why, when the topic was
 * only words like "now") and name the closest, each with the command that briefs it.
 */
export function noMatchMessage(
  topic: string,
  commonOnly: boolean,
  closest: readonly OtherStory[],
): EphemeralMessage {
  const shown = truncate(topic.replace(/\s+/g, ' ').trim(), CAP.headline);
  const why = commonOnly ? ' (words like these are in every story, so they cannot pick one)' : '';
  const lines = closest.map((s) => {
    const headline = truncate(untrustedText(s.headline.replace(/\s+/g, ' ').trim()), CAP.headline);
    return `• ${headline || 'Untitled story'}: \`/brief story ${s.id}\``;
  });
  const add =
    'Or brief a link with `/brief https://…`, or add articles with `newsbrief ingest &lt;file|url&gt;`.';
  const text = `No story matches "${escapeMrkdwn(shown)}"${why}. The closest:\n${lines.join('\n')}\n${add}`;
  return {
    ...message(`No story matches "${shown}"`, [section(truncate(text, 2900))]),
    response_type: 'ephemeral',
  };
}

/** `/brief aliases`: the workspace's aliases, one term a line. */
export function aliasesMessage(aliases: ReadonlyMap<string, readonly string[]>): EphemeralMessage {
  if (aliases.size === 0) {
    return noticeMessage(
      'No topic aliases yet. Add one with `/brief alias korea = south korea, seoul, korean`: then `/brief korea` also finds those words.',
    );
  }
  const lines = [...aliases].map(
    ([term, list]) => `• *${escapeMrkdwn(term)}* → ${list.map((a) => escapeMrkdwn(a)).join(', ')}`,
  );
  const text = truncate(`*Topic aliases*\n${lines.join('\n')}`, 2900);
  return { ...message(`Topic aliases: ${aliases.size}`, [section(text)]), response_type: 'ephemeral' };
}

/** The answer to `/brief alias …`. */
export function aliasSavedMessage(term: string, aliases: readonly string[]): EphemeralMessage {
  if (aliases.length === 0) return noticeMessage(`Removed the aliases of "${term}".`);
  return noticeMessage(`"${term}" now also finds: ${aliases.join(', ')}.`);
}

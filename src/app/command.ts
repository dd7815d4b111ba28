import { unquoteTopic } from '../digest/follow.ts';
import { stripInvisible } from '../ingest/invisible.ts';
import { parseAliasDefinition, parseWindow } from '../stories/topic.ts';
import { unescapeSlack } from '../views/mrkdwn.ts';

/** What someone asked for with `/brief …` (or typed in the console). */
export type BriefCommand =
  | { kind: 'help' }
  | { kind: 'url'; url: string }
  /** `topic` as typed, quotes kept (they make a phrase); `windowDays` from a trailing `30d`/`2w`. */
  | { kind: 'topic'; topic: string; windowDays?: number }
  /** `/brief story 12`: one story by the id shown in "more stories". */
  | { kind: 'story'; id: number }
  | { kind: 'ask'; question: string }
  | { kind: 'more' }
  | { kind: 'sources' }
  /** `/brief alias korea = south korea, seoul`; no aliases removes the term. */
  | { kind: 'alias'; term: string; aliases: string[] }
  | { kind: 'aliases' }
  /** `/brief settings [time HH:MM] [zone Z] [stories N] [language ko]`: the channel's overrides. */
  | { kind: 'settings'; args: string }
  /** `/brief follow <topic> [at HH:MM] [zone]`: the channel's daily digest (args parsed by parseFollow). */
  | { kind: 'follow'; args: string }
  | { kind: 'unfollow'; topic: string }
  | { kind: 'following' }
  /** Text we can say at once is wrong (not a link, far too long): `message` is the answer. */
  | { kind: 'invalid'; message: string }
  /**
   * The first word is a typo of a subcommand (`folow korea-japan`): `suggestion` is the command we
   * think was meant, `topic` the text as typed, to brief as a topic if that was meant after all.
   */
  | { kind: 'didYouMean'; suggestion: string; topic: string }
  | FeedsCommand;

/**
 * Slack allows 4,000 characters after a slash command; a topic, a link or a question needs far
 * fewer, and a wall of text is a paste gone wrong, not a request.
 */
export const MAX_COMMAND_CHARS = 2000;

const LINK_EXAMPLE = 'A link looks like `https://example.com/news/story`.';

/** `/brief feeds …`: this workspace's RSS, Atom and JSON feeds. */
export type FeedsCommand =
  | { kind: 'feeds'; action: 'list' }
  | { kind: 'feeds'; action: 'add'; url: string }
  | { kind: 'feeds'; action: 'remove'; target: string }
  | { kind: 'feeds'; action: 'help' };

/**
 * Parses the text after `/brief`. Slack sends links as `<https://…>` or `<https://…|label>`
 * and escapes `& < >`, so both forms are accepted.
 */
export function parseBriefCommand(raw: string): BriefCommand {
  const text = cleanText(raw).trim();
  if (text.length > MAX_COMMAND_CHARS) {
    return {
      kind: 'invalid',
      message: `That is too long (${text.length.toLocaleString('en')} characters): \`/brief\` takes a topic, a link or a question of at most ${MAX_COMMAND_CHARS.toLocaleString('en')} characters.`,
    };
  }
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const remainder = rest.join(' ').trim();
  if (text === '' || word === 'help' || word === '-h' || word === '--help') return { kind: 'help' };
  if (word === 'ask')
    return remainder ? { kind: 'ask', question: unescapeSlack(remainder) } : { kind: 'help' };
  if (word === 'more' && !remainder) return { kind: 'more' };
  if (word === 'sources' && !remainder) return { kind: 'sources' };
  if ((word === 'aliases' || word === 'alias') && !remainder) return { kind: 'aliases' };
  if (word === 'alias') {
    const definition = parseAliasDefinition(unescapeSlack(remainder));
    return definition ? { kind: 'alias', ...definition } : { kind: 'help' };
  }
  const storyId = word === 'story' ? /^#?(\d{1,12})$/.exec(remainder)?.[1] : undefined;
  if (storyId) return { kind: 'story', id: Number(storyId) };
  if (word === 'settings') return { kind: 'settings', args: remainder };
  if (word === 'follow' && remainder) return { kind: 'follow', args: unescapeSlack(remainder) };
  if (word === 'unfollow' && remainder)
    return { kind: 'unfollow', topic: unquoteTopic(unescapeSlack(remainder)) };
  if (word === 'following' && !remainder) return { kind: 'following' };
  if (word === 'feeds') return parseFeedsCommand(rest);
  const meant = closeSubcommand(word, remainder);
  if (meant) {
    const suggestion = `/brief ${meant}${remainder ? ` ${unescapeSlack(remainder)}` : ''}`;
    return { kind: 'didYouMean', suggestion, topic: unescapeSlack(text) };
  }
  const url = /^<?(https?:\/\/[^\s|>]+)(?:\|[^>]*)?>?$/i.exec(text)?.[1];
  if (url && isWebUrl(unescapeSlack(url))) return { kind: 'url', url: unescapeSlack(url) };
  // Looks like a link but is none (`http://`, a space inside, a broken host): say so, not "no articles".
  if (url || /^<?https?:/i.test(text)) {
    const shown = text.replace(/^<|>$/g, '').slice(0, 100);
    return { kind: 'invalid', message: `\`${shown}\` is not a link I can open. ${LINK_EXAMPLE}` };
  }
  return parseTopicCommand(unescapeSlack(text));
}

/**
 * Subcommands and what must follow them for a typo to be taken for them: `args` (something), `none`
 * (nothing), `number` (`story 12`). A word that reads as a topic in its place is briefed as a topic:
 * `/brief storm` is about a storm, `/brief stroy 12` is a story number mistyped.
 */
const SUBCOMMANDS: readonly [name: string, takes: 'args' | 'none' | 'number' | 'any'][] = [
  ['help', 'none'],
  ['ask', 'args'],
  ['more', 'none'],
  ['sources', 'none'],
  ['alias', 'args'],
  ['aliases', 'none'],
  ['story', 'number'],
  ['settings', 'any'],
  ['follow', 'args'],
  ['unfollow', 'args'],
  ['following', 'none'],
  ['feeds', 'any'],
];

/**
 * The subcommand `word` is a typo of, or null. One edit (a letter missing, extra, wrong or two
 * swapped) for words up to five letters, two for longer ones; never for a word of three letters
 * or fewer, which are too often real words of their own.
 */
export function closeSubcommand(word: string, remainder: string): string | null {
  if ([...word].length <= 3 || !/^[a-z]+$/.test(word)) return null;
  let best: { name: string; distance: number } | null = null;
  for (const [name, takes] of SUBCOMMANDS) {
    if (takes === 'none' && remainder) continue;
    if (takes === 'args' && !remainder) continue;
    if (takes === 'number' && !/^#?\d{1,12}$/.test(remainder)) continue;
    const allowed = Math.max(word.length, name.length) <= 5 ? 1 : 2;
    const distance = editDistance(word, name);
    if (distance > 0 && distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** NUL and other invisible characters, and halves of emoji cut in two, mean nothing in a command. */
function cleanText(raw: string): string {
  return stripInvisible(raw).replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `korea-japan 30d` → the topic and its window; quotes stay, since they make a phrase. */
function parseTopicCommand(text: string): BriefCommand {
  const tokens = text.trim().split(/\s+/);
  const windowDays = tokens.length > 1 ? parseWindow(tokens[tokens.length - 1] ?? '') : null;
  if (windowDays !== null) tokens.pop();
  const topic = tokens.join(' ').trim();
  if (!/[\p{L}\p{N}]/u.test(topic)) return { kind: 'help' };
  return windowDays === null ? { kind: 'topic', topic } : { kind: 'topic', topic, windowDays };
}

/** `feeds`, `feeds list`, `feeds add <url>`, `feeds remove <url|number>`; anything else → its help. */
function parseFeedsCommand(args: string[]): FeedsCommand {
  const [action = 'list', target, ...extra] = args;
  const verb = action.toLowerCase();
  if (verb === 'list' && !target) return { kind: 'feeds', action: 'list' };
  if (!target || extra.length > 0) return { kind: 'feeds', action: 'help' };
  const url = /^<?(https?:\/\/[^\s|>]+)(?:\|[^>]*)?>?$/i.exec(target)?.[1];
  if (verb === 'add' && url) return { kind: 'feeds', action: 'add', url: unescapeSlack(url) };
  if (verb === 'remove' || verb === 'rm' || verb === 'delete') {
    return { kind: 'feeds', action: 'remove', target: url ? unescapeSlack(url) : unescapeSlack(target) };
  }
  return { kind: 'feeds', action: 'help' };
}

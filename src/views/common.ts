/*
 * Small views (errors, progress, help, sources, follow-up answers) and a plain-text rendering of any
 * of our blocks for the terminal console. Pure: data in, payload out.
 */
import type { Source } from '../brief/engine.ts';
import { type Block, context, message, type SlackMessage, section } from './blocks.ts';
import { sourceLine, sourcesSection } from './brief.ts';
import { LIMITS } from './limits.ts';
import { escapeMrkdwn, link, safeText, truncate, unescapeSlack, untrustedText } from './mrkdwn.ts';

export interface EphemeralMessage extends SlackMessage {
  /** For `respond()` / `response_url`; chat.postEphemeral ignores it. */
  response_type: 'ephemeral';
}

/**
 * ":warning: <text> (error id `abc123`)", for the person who asked only. `text` is escaped and
 * defused (it may quote an upstream error); a null id leaves the id out.
 */
export function errorMessage(text: string, errorId: string | null): EphemeralMessage {
  const id = errorId?.replace(/[^\w-]/g, '').slice(0, 64);
  const body = truncate(safeText(text.trim()), 1500);
  const line = `:warning: ${body}${id ? ` (error id \`${id}\`)` : ''}`;
  return { ...message(line, [section(line)]), response_type: 'ephemeral' };
}

/** "Working on a brief for *korea-japan*…" while the brief is made. */
export function workingMessage(query: string): SlackMessage {
  const q = truncate(safeText(query.replace(/\s+/g, ' ').replace(/\*/g, '').trim()), 200);
  const line = `:hourglass_flowing_sand: Working on a brief for *${q}*…`;
  return message(line, [section(line)]);
}

/** A placeholder saying what is happening now ("Reading 3 articles…"). */
export function progressMessage(status: string): SlackMessage {
  const line = `:hourglass_flowing_sand: ${truncate(safeText(status.replace(/\s+/g, ' ').trim()), 200)}`;
  return message(line, [section(line)]);
}

/**
 * "Did you mean `/brief follow korea-japan`?" for a typo of a subcommand, with the way to brief the
 * words as a topic if that was meant.
 */
export function didYouMeanMessage(suggestion: string, typed: string): EphemeralMessage {
  const code = (t: string) => `\`${truncate(t.replace(/\s+/g, ' ').replace(/`/g, "'").trim(), 200)}\``;
  const topic = `/brief "${typed.replace(/"/g, '')}"`;
  return noticeMessage(
    `Did you mean ${code(suggestion)}? To brief those words as a topic instead, put them in quotes: ${code(topic)}.`,
  );
}

/** While a follow-up is answered: no "brief" is being made, the articles are being read. */
export function lookingMessage(): SlackMessage {
  const line = ':mag: Looking through the articles…';
  return message(line, [section(line)]);
}

/** An ephemeral note that is not an error, e.g. "I answered in the thread of the latest brief". */
export function noticeMessage(text: string): EphemeralMessage {
  const line = truncate(safeText(text.trim()), 1500);
  return { ...message(line, [section(line)]), response_type: 'ephemeral' };
}

const FOLLOW_UP_EXAMPLE = 'who signed the agreement?';

/** Answer to the "Ask a follow-up" button: how to ask (in the thread, since slash commands can't be). */
export function followUpHelpMessage(): SlackMessage {
  const line = `:speech_balloon: Reply in this brief’s thread with your question, e.g. _${FOLLOW_UP_EXAMPLE}_ I answer only from the brief’s articles. (Slash commands don’t work in threads; in the channel, use \`/brief ask &lt;question&gt;\`.)`;
  return message(line, [section(line)]);
}

/** `slack`: the command needs Slack (digests are posted to channels); the console leaves it out. */
const COMMANDS: [command: string, what: string, example: string, slack?: 'slack'][] = [
  [
    '/brief <topic> [30d]',
    'a brief of the best-matching story of the last week (or the window given); "quotes" make a phrase',
    '/brief korea-japan 30d',
  ],
  ['/brief story <n>', 'a brief of one of the "more stories" a topic brief lists', '/brief story 12'],
  ['/brief <url>', 'a brief of one article', '/brief https://example.com/news/story'],
  [
    '/brief ask <question>',
    'ask about the latest brief in this channel',
    '/brief ask when do the talks resume?',
  ],
  ['/brief more', 'the rest of the latest brief, when it did not fit', ''],
  ['/brief sources', 'the articles behind the latest brief', ''],
  [
    '/brief alias <term> = <words>',
    'let a topic word also find other words in this workspace (nothing after = removes it)',
    '/brief alias korea = south korea, seoul, korean',
  ],
  ['/brief aliases', 'the topic aliases of this workspace', ''],
  [
    '/brief follow <topic> [at HH:MM] [zone]',
    'a daily digest of the topic in this channel (also `unfollow <topic>`, `following`)',
    '/brief follow korea-japan at 08:00 Asia/Seoul',
    'slack',
  ],
  [
    '/brief settings',
    "this channel's digest time, zone, stories per topic and brief language",
    '/brief settings time 07:30',
    'slack',
  ],
  [
    '/brief feeds add <url>',
    "follow a feed (RSS, Atom, JSON; or a site's address) for this workspace (also `feeds list`, `feeds remove <url>`)",
    '',
  ],
  ['/brief help', 'this message', ''],
];

/** Where the help is read: Slack, or the terminal console (no threads, no digests). */
export type HelpSurface = 'slack' | 'console';

/** The blocks of the help text, shared by `helpMessage` and the App Home. */
export function helpBlocks(surface: HelpSurface = 'slack'): Block[] {
  const shown = COMMANDS.filter(([, , , needs]) => surface === 'slack' || needs !== 'slack');
  const lines = shown.map(
    ([command, what, example]) =>
      `• \`${escapeMrkdwn(command)}\`: ${escapeMrkdwn(what)}${example ? `, e.g. \`${escapeMrkdwn(example)}\`` : ''}`,
  );
  const intro =
    '*newsbrief* turns news articles into short briefs you can check: who, where, when, agreements and next steps, each backed by a quote from the article.';
  if (surface === 'console') {
    const ask = `Type a question on its own line (\`>\` in front is optional) to ask about the latest brief, e.g. \`> ${FOLLOW_UP_EXAMPLE}\``;
    const slack =
      'Daily digests need Slack: in a Slack channel, `/brief follow &lt;topic&gt;` posts one every morning and `/brief settings` sets its time (see the README, "Running it in Slack").';
    return [section(intro), section(lines.join('\n')), context(ask), context(slack)];
  }
  const thread = `Follow-up questions can also be asked as replies in a brief’s thread (slash commands don’t work in threads), e.g. _${FOLLOW_UP_EXAMPLE}_`;
  return [section(intro), section(lines.join('\n')), context(thread)];
}

export function helpMessage(surface: HelpSurface = 'slack'): SlackMessage {
  const shown = COMMANDS.filter(([, , , needs]) => surface === 'slack' || needs !== 'slack');
  const text = escapeMrkdwn(`newsbrief commands: ${shown.map(([command]) => command).join(', ')}`);
  return message(text, helpBlocks(surface));
}

/** The numbered sources of a brief, as many as fit, each title linking to its article. */
export function sourcesMessage(sources: readonly Source[]): SlackMessage {
  if (sources.length === 0) {
    const line = 'No sources recorded for this brief.';
    return message(line, [section(line)]);
  }
  // Sections of at most ~2,800 characters each, up to the visible-text budget.
  const budget = LIMITS.visibleText - 200;
  const blocks: Block[] = [];
  let used = 0;
  let current = '*Sources*';
  let shown = 0;
  for (const [i, s] of sources.entries()) {
    const line = sourceLine(s, i + 1);
    if (used + current.length + line.length + 1 > budget) break;
    if (current.length + line.length + 1 > LIMITS.sectionText - 200) {
      blocks.push(section(current));
      used += current.length;
      current = line;
    } else {
      current += `\n${line}`;
    }
    shown++;
  }
  blocks.push(section(current));
  if (shown < sources.length) blocks.push(context(`…and ${sources.length - shown} more not shown`));
  const text = `Sources: ${sources.length} article${sources.length === 1 ? '' : 's'}`;
  return message(text, blocks);
}

export interface Answer {
  answer: string;
  /** Verbatim supporting quotes; `sourceIndex` is 0-based into `sources` and shown as [index + 1]. */
  quotes: { text: string; sourceIndex: number }[];
  answered: boolean;
}

const NOT_ANSWERED = 'The articles don’t say.';

/** A thread reply to a follow-up question: the answer and its quotes, or that the articles don't say. */
export function answerMessage(answer: Answer, sources: readonly Source[]): SlackMessage {
  const body = answer.answer.replace(/\s+/g, ' ').trim();
  if (!answer.answered || !body) {
    const note = 'I answer only from the articles in this brief.';
    return message(NOT_ANSWERED, [section(`:mag: ${NOT_ANSWERED}`), context(note)]);
  }
  const text = truncate(untrustedText(body), 1500);
  const blocks: Block[] = [section(text)];
  const quoteLines: string[] = [];
  let used = 0;
  for (const q of answer.quotes) {
    const quoted = truncate(untrustedText(q.text.replace(/\s+/g, ' ').trim()), 400);
    if (!quoted) continue;
    const source = sources[q.sourceIndex];
    const ref = source ? ` ${link(source.url, `[${q.sourceIndex + 1}]`)}` : '';
    const line = `> “${quoted}”${ref}`;
    if (used + line.length + 1 > 1500) {
      quoteLines.push('> …');
      break;
    }
    quoteLines.push(line);
    used += line.length + 1;
  }
  if (quoteLines.length > 0) blocks.push(section(quoteLines.join('\n')));
  const refs = sourcesSection(sources, 400, (n) => `_…${n} more_`);
  if (sources.length > 0 && answer.quotes.length > 0) blocks.push(context(refs.text));
  return message(text, blocks);
}

/** The shortcodes our messages use (and a few common ones), as the emoji a terminal shows. */
const EMOJI: Readonly<Record<string, string>> = {
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  mag: '🔍',
  warning: '⚠️',
  white_check_mark: '✅',
  newspaper: '📰',
  wastebasket: '🗑️',
  speech_balloon: '💬',
  information_source: 'ℹ️',
  x: '❌',
  no_entry: '⛔',
  bell: '🔔',
  calendar: '📅',
  link: '🔗',
  tada: '🎉',
  '+1': '👍',
  thumbsup: '👍',
};

/** `:mag:` → 🔍; a shortcode we do not know stays as written. */
export function emojify(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);
}

/** Slack mrkdwn to terminal text: links as "label (url)", mentions as words, formatting marks removed. */
function mrkdwnToPlain(s: string): string {
  const plain = s
    .replace(/<([^>|]*)(?:\|([^>]*))?>/g, (_m, target: string, label?: string) => {
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!')) return label ?? `@${target.slice(1)}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/(^|[\s(“"])([*_~])([^\s*_~](?:[^\n]*?[^\s])?)\2(?=$|[\s).,:;!?”"…])/gm, '$1$3')
    .replace(/`([^`\n]+)`/g, '$1');
  return emojify(unescapeSlack(plain));
}

/** Any of our blocks as plain text for a terminal: header underlined, buttons as [Label]. */
export function blocksToText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        out.push(`${emojify(b.text.text)}\n${'='.repeat(Math.min([...b.text.text].length, 80))}`);
        break;
      case 'section':
        out.push(mrkdwnToPlain(b.text.text));
        break;
      case 'context':
        out.push(b.elements.map((e) => (e.type === 'mrkdwn' ? mrkdwnToPlain(e.text) : e.text)).join(' · '));
        break;
      case 'divider':
        out.push('—'.repeat(40));
        break;
      case 'actions':
        out.push(b.elements.map((e) => `[${e.text.text}]`).join(' '));
        break;
      case 'context_actions':
        break; // feedback buttons: Slack only
    }
  }
  return `${out.join('\n\n')}\n`;
}

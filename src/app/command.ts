import { unescapeSlack } from '../slack/mrkdwn.ts';

/** What someone asked for with `/brief …` (or typed in the console). */
export type BriefCommand =
  | { kind: 'help' }
  | { kind: 'url'; url: string }
  | { kind: 'topic'; topic: string }
  | { kind: 'ask'; question: string }
  | { kind: 'more' }
  | { kind: 'sources' }
  | FeedsCommand;

/** `/brief feeds …`: this workspace's RSS/Atom feeds. */
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
  const text = raw.trim();
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const remainder = rest.join(' ').trim();
  if (text === '' || word === 'help' || word === '-h' || word === '--help') return { kind: 'help' };
  if (word === 'ask')
    return remainder ? { kind: 'ask', question: unescapeSlack(remainder) } : { kind: 'help' };
  if (word === 'more' && !remainder) return { kind: 'more' };
  if (word === 'sources' && !remainder) return { kind: 'sources' };
  if (word === 'feeds') return parseFeedsCommand(rest);
  const url = /^<?(https?:\/\/[^\s|>]+)(?:\|[^>]*)?>?$/i.exec(text)?.[1];
  if (url) return { kind: 'url', url: unescapeSlack(url) };
  const topic = unescapeSlack(text)
    .replace(/^["“”']+|["“”']+$/g, '')
    .trim();
  return topic ? { kind: 'topic', topic } : { kind: 'help' };
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

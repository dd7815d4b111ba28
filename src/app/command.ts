import { unescapeSlack } from '../slack/mrkdwn.ts';

/** What someone asked for with `/brief …` (or typed in the console). */
export type BriefCommand =
  | { kind: 'help' }
  | { kind: 'url'; url: string }
  | { kind: 'topic'; topic: string }
  | { kind: 'ask'; question: string }
  | { kind: 'more' }
  | { kind: 'sources' }
  /** `/brief settings [time HH:MM] [zone Z] [stories N]`: the channel's digest overrides. */
  | { kind: 'settings'; args: string };

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
  if (word === 'settings') return { kind: 'settings', args: remainder };
  const url = /^<?(https?:\/\/[^\s|>]+)(?:\|[^>]*)?>?$/i.exec(text)?.[1];
  if (url) return { kind: 'url', url: unescapeSlack(url) };
  const topic = unescapeSlack(text)
    .replace(/^["“”']+|["“”']+$/g, '')
    .trim();
  return topic ? { kind: 'topic', topic } : { kind: 'help' };
}

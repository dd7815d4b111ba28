/*
 * A brief as it streams: each verified piece (src/brief/stream.ts) as a few lines of Markdown for
 * Slack's chat streams (`markdown_text`) and the console. Untrusted text is made inert exactly as
 * in the Block Kit view; once the stream ends the message is replaced by the Block Kit brief.
 */
import type { ItemField } from '../brief/schema.ts';
import type { StreamPiece } from '../brief/stream.ts';
import type { SlackMessage } from './blocks.ts';
import { truncate, untrustedText } from './mrkdwn.ts';

const TITLES: Record<ItemField, string> = {
  who: 'Who',
  where: 'Where',
  when: 'When',
  agreements: 'Agreements',
  nextSteps: 'Next steps',
};

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const piece = (s: string, max: number) => truncate(untrustedText(oneLine(s)), max);
const quote = (evidence: string) => {
  const q = piece(evidence, 240);
  return q ? ` — “${q}”` : '';
};

function itemLine(p: Extract<StreamPiece, { kind: 'item' }>): string {
  const item = p.item as Record<string, unknown>;
  const text = (k: string) => (typeof item[k] === 'string' ? (item[k] as string) : '');
  const evidence = quote(text('evidence'));
  switch (p.field) {
    case 'who': {
      const role = text('role') ? `, ${piece(text('role'), 120)}` : '';
      return `• **${piece(text('name'), 120)}**${role}${evidence}`;
    }
    case 'where':
      return `• **${piece(text('place'), 120)}**${evidence}`;
    case 'when':
      return `• **${piece(text('text'), 120)}** (${text('date') ? piece(text('date'), 40) : 'date not stated'})${evidence}`;
    case 'agreements': {
      const parties = Array.isArray(item.parties)
        ? (item.parties as string[]).map(oneLine).filter(Boolean)
        : [];
      const who = parties.length > 0 ? ` (${piece(parties.join(', '), 200)})` : '';
      return `• ${piece(text('statement'), 300)}${who}${evidence}`;
    }
    case 'nextSteps': {
      const date = text('date') ? ` (${piece(text('date'), 40)})` : '';
      return `• ${piece(text('statement'), 300)}${date}${evidence}`;
    }
  }
}

/**
 * Markdown that turns pieces into a readable, growing message. It remembers the last section so
 * an item under a new field starts with that field's title.
 */
export function streamRenderer(): (p: StreamPiece) => string {
  let section: ItemField | null = null;
  let started = false;
  return (p) => {
    const gap = started ? '\n\n' : '';
    started = true;
    switch (p.kind) {
      case 'headline':
        return `${gap}### ${piece(p.headline, 150)}`;
      case 'summary': {
        const text = typeof p.summary === 'string' ? piece(p.summary, 1000) : '';
        return text ? `${gap}${text}` : '';
      }
      case 'item': {
        const title = section === p.field ? '' : `${gap}**${TITLES[p.field]}**`;
        section = p.field;
        return `${title}\n${itemLine(p)}`;
      }
    }
  };
}

/** The blocks after a brief's last divider: its sources, notes, buttons and feedback. */
export function closingBlocks(message: SlackMessage): SlackMessage['blocks'] {
  const last = message.blocks.map((b) => b.type).lastIndexOf('divider');
  return message.blocks.slice(last + 1);
}

/**
 * An answer as it streams: each verified sentence (src/answer/answer.ts) on the same line as the
 * one before, made inert as in the Block Kit answer, which replaces it when the stream ends.
 */
export function answerStreamRenderer(): (sentence: string) => string {
  let started = false;
  return (sentence) => {
    const text = piece(sentence, 1500);
    if (!text) return '';
    const gap = started ? ' ' : '';
    started = true;
    return `${gap}${text}`;
  };
}

/** The blocks after an answer's text: its quotes, sources and feedback. */
export function answerClosingBlocks(message: SlackMessage): SlackMessage['blocks'] {
  return message.blocks.slice(1);
}

/*
 * Minimal local Block Kit shapes (only what our views use) and small builders.
 * Plain objects, structurally compatible with @slack/types, so no dependency is needed here.
 */
import { LIMITS } from './limits.ts';
import { truncate } from './mrkdwn.ts';

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link URLs, channel names or mentions in this text. */
  verbatim?: boolean;
}

export type TextObject = PlainText | MrkdwnText;

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}

export interface DividerBlock {
  type: 'divider';
}

export interface ButtonElement {
  type: 'button';
  text: PlainText;
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface ActionsBlock {
  type: 'actions';
  elements: ButtonElement[];
}

/** Slack's thumbs up/down under an AI answer (a `feedback_buttons` element in `context_actions`). */
export interface FeedbackButtonsElement {
  type: 'feedback_buttons';
  action_id: string;
  positive_button: { text: PlainText; value: string; accessibility_label?: string };
  negative_button: { text: PlainText; value: string; accessibility_label?: string };
}

export interface ContextActionsBlock {
  type: 'context_actions';
  elements: FeedbackButtonsElement[];
}

export type Block =
  | HeaderBlock
  | SectionBlock
  | ContextBlock
  | DividerBlock
  | ActionsBlock
  | ContextActionsBlock;

/** What chat.postMessage / respond() take from a view (channel, thread_ts are the caller's). */
export interface SlackMessage {
  /** Top-level fallback for notifications and screen readers; escaped mrkdwn. */
  text: string;
  blocks: Block[];
  unfurl_links: false;
  unfurl_media: false;
}

/** A header; `text` must already be neutralised (plain_text is not escaped). */
export function header(text: string): HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
  };
}

/** A section of ready-made (escaped) mrkdwn; verbatim so nothing in it is auto-linked. */
export function section(mrkdwn: string): SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(mrkdwn, LIMITS.sectionText), verbatim: true },
  };
}

/** A context block of ready-made mrkdwn elements (empty ones skipped, at most 10). */
export function context(...elements: (string | null | undefined | false)[]): ContextBlock {
  return {
    type: 'context',
    elements: elements
      .filter((e): e is string => typeof e === 'string' && e !== '')
      .slice(0, LIMITS.contextElements)
      .map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.sectionText), verbatim: true })),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(label: string, actionId: string, value?: string): ButtonElement {
  const b: ButtonElement = {
    type: 'button',
    text: { type: 'plain_text', text: truncate(label, LIMITS.buttonText), emoji: true },
    action_id: actionId.slice(0, LIMITS.actionId),
  };
  if (value !== undefined) b.value = value.slice(0, LIMITS.buttonValue);
  return b;
}

export function actions(...elements: ButtonElement[]): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
}

export function message(text: string, blocks: Block[]): SlackMessage {
  return { text: truncate(text, LIMITS.fallbackText), blocks, unfurl_links: false, unfurl_media: false };
}

/** Every piece of text a reader sees in these blocks. */
export function visibleTexts(blocks: readonly Block[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
      case 'section':
        out.push(b.text.text);
        break;
      case 'context':
        for (const e of b.elements) out.push(e.text);
        break;
      case 'actions':
        for (const e of b.elements) out.push(e.text.text);
        break;
      case 'divider':
      case 'context_actions':
        break;
    }
  }
  return out;
}

export interface MessageSize {
  blocks: number;
  visibleChars: number;
  serializedChars: number;
  fallbackChars: number;
}

export function measure(msg: Pick<SlackMessage, 'text' | 'blocks'>): MessageSize {
  return {
    blocks: msg.blocks.length,
    visibleChars: visibleTexts(msg.blocks).reduce((n, t) => n + t.length, 0),
    serializedChars: JSON.stringify(msg.blocks).length,
    fallbackChars: msg.text.length,
  };
}

/** Which of LIMITS a message breaks; empty when it is within all of them. */
export function limitViolations(msg: Pick<SlackMessage, 'text' | 'blocks'>): string[] {
  const v: string[] = [];
  const size = measure(msg);
  if (size.blocks > LIMITS.blocks) v.push(`${size.blocks} blocks > ${LIMITS.blocks}`);
  if (size.visibleChars > LIMITS.visibleText)
    v.push(`visible text ${size.visibleChars} > ${LIMITS.visibleText}`);
  if (size.serializedChars > LIMITS.serializedBlocks)
    v.push(`serialized blocks ${size.serializedChars} > ${LIMITS.serializedBlocks}`);
  if (size.fallbackChars > LIMITS.fallbackText)
    v.push(`fallback text ${size.fallbackChars} > ${LIMITS.fallbackText}`);
  msg.blocks.forEach((b, i) => {
    if (b.type === 'header' && b.text.text.length > LIMITS.headerText) v.push(`block ${i}: header too long`);
    if (b.type === 'section' && b.text.text.length > LIMITS.sectionText)
      v.push(`block ${i}: section too long`);
    if (b.type === 'context') {
      if (b.elements.length > LIMITS.contextElements) v.push(`block ${i}: too many context elements`);
      if (b.elements.some((e) => e.text.length > LIMITS.sectionText))
        v.push(`block ${i}: context text too long`);
    }
    if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actionsElements) v.push(`block ${i}: too many buttons`);
      if (b.elements.some((e) => e.text.text.length > LIMITS.buttonText))
        v.push(`block ${i}: button text too long`);
      if (b.elements.some((e) => (e.value?.length ?? 0) > LIMITS.buttonValue))
        v.push(`block ${i}: button value too long`);
    }
  });
  return v;
}

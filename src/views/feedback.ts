/*
 * Feedback on a brief or an answer: Slack's thumbs up/down under the message, and the optional
 * "what was wrong?" modal a thumbs-down offers. Pure builders; the Slack adapter posts them.
 */
import type { ContextActionsBlock, SlackMessage } from './blocks.ts';
import { plain, textInput } from './inputs.ts';
import { truncate } from './mrkdwn.ts';

export const ACTION_FEEDBACK = 'brief_feedback';
export const ACTION_FEEDBACK_DETAILS = 'brief_feedback_details';
export const VIEW_FEEDBACK = 'brief_feedback_modal';

export type FeedbackKind = 'brief' | 'answer';
export type Vote = 'up' | 'down';

/** What a thumbs-down can say went wrong; the values are stored. */
export const FEEDBACK_REASONS = [
  { value: 'wrong-fact', label: 'A wrong fact' },
  { value: 'missing-item', label: 'Something important is missing' },
  { value: 'wrong-date', label: 'A wrong date' },
  { value: 'other', label: 'Something else' },
] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number]['value'];

/** The button values: which kind of message, and which way. */
export function feedbackValue(kind: FeedbackKind, vote: Vote): string {
  return `${kind}:${vote}`;
}

export function parseFeedbackValue(value: string): { kind: FeedbackKind; vote: Vote } | null {
  const m = /^(brief|answer):(up|down)$/.exec(value);
  return m ? { kind: m[1] as FeedbackKind, vote: m[2] as Vote } : null;
}

export function feedbackBlock(kind: FeedbackKind): ContextActionsBlock {
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: ACTION_FEEDBACK,
        positive_button: {
          text: { type: 'plain_text', text: 'Good' },
          value: feedbackValue(kind, 'up'),
          accessibility_label: `This ${kind} was right`,
        },
        negative_button: {
          text: { type: 'plain_text', text: 'Wrong' },
          value: feedbackValue(kind, 'down'),
          accessibility_label: `Something in this ${kind} was wrong`,
        },
      },
    ],
  };
}

/** The message with the feedback buttons at its end. */
export function withFeedback<M extends SlackMessage>(message: M, kind: FeedbackKind): M {
  return { ...message, blocks: [...message.blocks, feedbackBlock(kind)] };
}

/** The ephemeral thanks; a thumbs-down also offers the modal. */
export function feedbackAck(vote: Vote, changed: boolean, ref: string): SlackMessage {
  const line =
    vote === 'up'
      ? `Thanks${changed ? ', vote changed' : ''}: glad it helped.`
      : `Thanks${changed ? ', vote changed' : ''}: we'll look at it.`;
  const blocks: SlackMessage['blocks'] = [{ type: 'section', text: { type: 'mrkdwn', text: line } }];
  if (vote === 'down') {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'What was wrong?' },
          action_id: ACTION_FEEDBACK_DETAILS,
          value: ref,
        },
      ],
    });
  }
  return { text: line, blocks, unfurl_links: false, unfurl_media: false };
}

/** The "what was wrong?" modal; `ref` (channel and message) comes back in private_metadata. */
export function feedbackModal(ref: string) {
  return {
    type: 'modal' as const,
    callback_id: VIEW_FEEDBACK,
    private_metadata: truncate(ref, 3000),
    title: plain('What was wrong?'),
    submit: plain('Send'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: plain('What was wrong'),
        element: {
          type: 'radio_buttons',
          action_id: 'value',
          options: FEEDBACK_REASONS.map((r) => ({
            text: plain(r.label),
            value: r.value,
          })),
        },
      },
      textInput('comment', 'Anything to add?', '', { multiline: true, optional: true }),
    ],
  };
}

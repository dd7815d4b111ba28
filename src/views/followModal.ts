/* The App Home's "Follow a topic" modal: pure view builder and form reader. */
import { plain, textInput } from './inputs.ts';

export const ACTION_HOME_FOLLOW = 'home_follow';
export const FOLLOW_CALLBACK = 'follow_topic';

/** Block ids are the form's field names, so reading the submission is a lookup. */
const input = (field: keyof FollowForm, label: string, opts: Parameters<typeof textInput>[3]) =>
  textInput(field, label, '', opts);

export interface FollowForm {
  channel: string | null;
  topic: string;
  time: string;
  zone: string;
}

export function followModal() {
  return {
    type: 'modal' as const,
    callback_id: FOLLOW_CALLBACK,
    title: plain('Follow a topic'),
    submit: plain('Follow'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: 'channel',
        label: plain('Channel'),
        hint: plain('It gets one digest a day; you must be in it, and so must the bot.'),
        element: {
          type: 'conversations_select',
          action_id: 'value',
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
      input('topic', 'Topic', { placeholder: 'korea-japan', optional: false }),
      input('time', 'Time of day', {
        placeholder: '08:00',
        hint: "Empty: the channel's time, else the workspace default.",
      }),
      input('zone', 'Time zone', {
        placeholder: 'Asia/Seoul',
        hint: "Empty: the channel creator's zone, else UTC.",
      }),
    ],
  };
}

type Values = Record<
  string,
  Record<string, { value?: string | null; selected_conversation?: string | null }>
>;

export function readFollowForm(values: Values): FollowForm {
  const text = (id: keyof FollowForm) => (values[id]?.value?.value ?? '').trim();
  return {
    channel: values.channel?.value?.selected_conversation ?? null,
    topic: text('topic'),
    time: text('time'),
    zone: text('zone'),
  };
}

/** The form as `/brief follow` arguments: "<topic> [at HH:MM] [zone]". */
export function followArgs(form: FollowForm): string {
  const topic = /\s/.test(form.topic) && !/^["“]/.test(form.topic) ? `"${form.topic}"` : form.topic;
  return [topic, form.time ? `at ${form.time}` : '', form.zone].filter(Boolean).join(' ');
}

/* The workspace settings modal (opened from the App Home): pure view builder and form reader. */
import {
  ANSWER_LANGUAGE_POLICIES,
  type AnswerLanguagePolicy,
  BRIEF_LANGUAGE_NAMES,
  BRIEF_LANGUAGES,
  formatAliases,
  type SettingsForm,
  type WorkspaceSettings,
} from '../workspace/settings.ts';
import { plain, textInput as sharedTextInput } from './inputs.ts';

export const ACTION_OPEN_SETTINGS = 'open_workspace_settings';
export const SETTINGS_CALLBACK = 'workspace_settings';

const POLICY_LABELS: Record<AnswerLanguagePolicy, string> = {
  question: "The question's language",
  article: "The articles' language",
  fixed: 'Always the language below',
};

type Option = { text: { type: 'plain_text'; text: string }; value: string };
const option = (text: string, value: string): Option => ({ text: { type: 'plain_text', text }, value });

/** Block ids are the form's field names, so reading the submission is a lookup. */
const textInput = sharedTextInput<keyof SettingsForm>;

export function settingsModal(settings: WorkspaceSettings, opts: { defaultModel: string | null }) {
  const policyOptions = ANSWER_LANGUAGE_POLICIES.map((p) => option(POLICY_LABELS[p], p));
  const briefLanguageOptions = BRIEF_LANGUAGES.map((l) => option(BRIEF_LANGUAGE_NAMES[l], l));
  const nothingNew = option('Post a one-line "nothing new on …" when a digest has no news', 'yes');
  return {
    type: 'modal' as const,
    callback_id: SETTINGS_CALLBACK,
    title: plain('Workspace settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [
      textInput('llmModel', 'LLM model', settings.llmModel ?? '', {
        placeholder: opts.defaultModel ?? 'server default',
        hint: 'Empty: the server default. It must support structured outputs.',
      }),
      textInput(
        'dailyTokenBudget',
        'Daily token budget',
        settings.dailyTokenBudget === null ? '' : String(settings.dailyTokenBudget),
        {
          placeholder: 'the default',
          hint: 'LLM tokens a day for the whole workspace (UTC days). Empty: the deployment default; 0: no limit.',
        },
      ),
      textInput('digestTime', 'Default digest time', settings.digestTime, {
        optional: false,
        placeholder: '08:00',
        hint: 'For channels that follow a topic without saying when.',
      }),
      textInput('digestTimeZone', 'Default time zone', settings.digestTimeZone ?? '', {
        placeholder: 'Europe/Paris',
        hint: "Empty: the channel creator's time zone, else UTC.",
      }),
      textInput('topicAliases', 'Topic aliases', formatAliases(settings.topicAliases), {
        multiline: true,
        placeholder: 'kj = korea-japan',
        hint: 'One a line: alias = topic.',
      }),
      {
        type: 'input',
        block_id: 'answerLanguagePolicy',
        label: plain('Answer in'),
        element: {
          type: 'static_select',
          action_id: 'value',
          options: policyOptions,
          initial_option: policyOptions.find((o) => o.value === settings.answerLanguagePolicy),
        },
      },
      textInput('answerLanguage', 'Language', settings.answerLanguage ?? '', {
        placeholder: 'English',
        hint: 'Used when answers are always in one language.',
      }),
      {
        type: 'input',
        block_id: 'briefLanguage',
        label: plain('Write briefs in'),
        hint: plain("Headline, summary and statements; quotes stay in the article's language."),
        element: {
          type: 'static_select',
          action_id: 'value',
          options: briefLanguageOptions,
          initial_option: briefLanguageOptions.find((o) => o.value === settings.briefLanguage),
        },
      },
      {
        type: 'input',
        block_id: 'postNothingNew',
        optional: true,
        label: plain('Quiet days'),
        element: {
          type: 'checkboxes',
          action_id: 'value',
          options: [nothingNew],
          ...(settings.postNothingNew ? { initial_options: [nothingNew] } : {}),
        },
      },
    ],
  };
}

interface StateValue {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/** `view.state.values` → the form; missing fields read as empty. */
export function readSettingsForm(values: Record<string, Record<string, StateValue>>): SettingsForm {
  const v = (field: keyof SettingsForm) => values[field]?.value;
  return {
    llmModel: v('llmModel')?.value ?? '',
    dailyTokenBudget: v('dailyTokenBudget')?.value ?? '',
    digestTime: v('digestTime')?.value ?? '',
    digestTimeZone: v('digestTimeZone')?.value ?? '',
    topicAliases: v('topicAliases')?.value ?? '',
    answerLanguagePolicy: v('answerLanguagePolicy')?.selected_option?.value ?? '',
    answerLanguage: v('answerLanguage')?.value ?? '',
    // A modal opened before the field existed submits without it: English, as before.
    briefLanguage: v('briefLanguage')?.selected_option?.value ?? 'en',
    postNothingNew: (v('postNothingNew')?.selected_options ?? []).some((o) => o.value === 'yes'),
  };
}

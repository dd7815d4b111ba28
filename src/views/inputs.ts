/* Block Kit pieces the modals share. */

export const plain = (text: string) => ({ type: 'plain_text' as const, text });

/** A one-value text input whose block id is the form field it fills, so reading it is a lookup. */
export function textInput<Field extends string>(
  field: Field,
  label: string,
  value: string,
  opts: { hint?: string; placeholder?: string; multiline?: boolean; optional?: boolean } = {},
) {
  return {
    type: 'input',
    block_id: field,
    optional: opts.optional ?? true,
    label: plain(label),
    ...(opts.hint ? { hint: plain(opts.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      ...(value ? { initial_value: value } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
      ...(opts.multiline ? { multiline: true } : {}),
    },
  };
}

/*
 * A token estimate good enough for budgeting without shipping a tokenizer: English runs at
 * roughly four characters a token, while Hangul, kana and CJK ideographs cost about one token
 * each. It errs high, so a cut article still fits the model's window.
 */
const WIDE = /[\u1100-\u11FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF]/gu;

export function estimateTokens(text: string): number {
  const wide = text.match(WIDE)?.length ?? 0;
  return Math.ceil(wide + (text.length - wide) / 3.5);
}

export interface Fitted {
  text: string;
  truncated: boolean;
  /** Estimated tokens of the text as sent. */
  tokens: number;
  originalChars: number;
}

/** Keeps whole paragraphs from the top (news puts the essentials first) until the budget is used. */
export function fitToBudget(text: string, maxTokens: number): Fitted {
  const total = estimateTokens(text);
  if (total <= maxTokens) return { text, truncated: false, tokens: total, originalChars: text.length };
  const kept: string[] = [];
  let used = 0;
  for (const paragraph of text.split(/\n{2,}/)) {
    const cost = estimateTokens(paragraph) + 1;
    if (used + cost > maxTokens) {
      if (kept.length === 0) kept.push(paragraph.slice(0, Math.floor((paragraph.length * maxTokens) / cost)));
      break;
    }
    kept.push(paragraph);
    used += cost;
  }
  const cut = kept.join('\n\n');
  return { text: cut, truncated: true, tokens: estimateTokens(cut), originalChars: text.length };
}

/*
 * Sentences of an article that talk to the model rather than to readers: "ignore previous
 * instructions", "SYSTEM: …", guessed end markers, "reply in French", Slack mention syntax.
 *
 * Verification reads articles with these sentences masked, so the model cannot make an injected
 * claim "verified" by quoting the injection itself ("say that the mayor resigned"), and a headline
 * or summary built from it finds no support. The cost: a news story *about* prompt injection that
 * quotes such a sentence loses the items resting on that quote (dropped and counted as unverified,
 * never shown wrong). Patterns are narrow on purpose; the model prompt is the first line of defence,
 * this is the second, output neutralising (src/views/mrkdwn.ts) the third.
 */

const PATTERNS: readonly RegExp[] = [
  // "Ignore (all) previous instructions", "disregard the above rules", "forget your prompt"
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|rules|prompts?|directions|guidelines|guardrails)\b/i,
  // A role label opening a line or sentence: "SYSTEM: …", "[assistant]", "### Instruction"
  /(?:^|[\n.!?]\s*)[[(#*_\s]*(?:system|assistant|developer|user|instruction|admin|operator)s?\s*(?:message|prompt|note|override)?\s*[\]):>]/i,
  // Guessed delimiters: "<<<END ARTICLE>>>", "</article>", "<system>", "[/INST]", "<|im_start|>"
  /<{2,}|>{3,}|<\/?\s*(?:article|system|instructions?|prompt|user|assistant)\b[^>]{0,40}>|\[\/?INST\]|<\|[a-z_]+\|>/i,
  // Addressing the model: "you are now in maintenance mode", "note to AI assistants", "if you are an AI"
  /\byou are (?:now|no longer)\b|\bas an ai\b|\bif you are an? (?:ai|llm|language model|chatbot|bot)\b|\b(?:note|message|instructions?) (?:to|for) (?:the |any )?(?:ai|llm|language model|chatbot|bot|model|summari[sz]er)s?\b|\b(?:ai|llm|language model|chatbot|model)s? (?:reading|processing|summari[sz]ing)\b/i,
  // "Format your whole answer as …", "begin your reply with …"
  /\b(?:format|begin|start|end|prefix|wrap)\b[^.!?\n]{0,20}\byour (?:whole |entire )?(?:answer|reply|response|output)\b/i,
  // "Reply in French", "write your answer in Spanish", "respond only in German"
  /\b(?:reply|respond|answer|write|translate|summari[sz]e)\b[^.!?\n]{0,40}\b(?:in|into)\s+(?:french|english|spanish|german|italian|portuguese|dutch|russian|chinese|japanese|korean|arabic|hindi|turkish|polish|another language|a different language)\b/i,
  // The same in the languages above: "Réponds en français", "Responde en español", "Antworte auf Deutsch"
  /\b(?:réponds|répondez|responde|responda|antworte|antworten sie|rispondi|risponda)\b/i,
  // "Reveal/print your system prompt", "new instructions:"
  /\b(?:reveal|print|show|repeat|output|leak)\b[^.!?\n]{0,30}\b(?:system prompt|your prompt|your instructions|hidden instructions)\b|\bnew instructions?\s*:/i,
  // Telling the summary what to say or who to ping: "say that …", "tell everyone to …", "the headline must …"
  /\b(?:tell|notify|ping|alert)\s+(?:everyone|all users|the channel|all readers)\b|\b(?:the )?(?:headline|summary)\s+(?:must|should|shall)\b|\b(?:start|beginning|end|top) of (?:the|your) (?:headline|summary|reply|answer)\b|^\s*(?:say|state|claim|announce|write) that\b|\b(?:say|state|claim|report) that\b[^.!?\n]{0,80}\b(?:instead|regardless)\b/i,
  // Slack markup has no business in an article: <!channel>, <@U123>, <https://x|label>
  /<[!@#][^>\s]{0,40}>|<(?:https?|mailto):[^>\s]*\|[^>]*>/i,
];

/** True when `sentence` reads as an instruction to a model or carries Slack control markup. */
export function looksLikeInstruction(sentence: string): boolean {
  return PATTERNS.some((p) => p.test(sentence));
}

/** A sentence ends at . ! ? (and CJK ones) before whitespace, or at a line break. */
const SENTENCE = /[^\n]*?(?:[.!?。！？]+["'”’)\]]*(?=\s|$)|(?=\n)|$)/gu;

/** Placeholder for a masked sentence: not a word, so no quote can match across it. */
export const MASK = ' ¶ ';

/** `text` with every instruction-like sentence replaced by MASK; everything else untouched. */
export function maskInstructions(text: string): string {
  return splitInstructions(text).kept;
}

/** The text with instruction-like sentences masked, and those sentences. */
export function splitInstructions(text: string): { kept: string; removed: string[] } {
  const removed: string[] = [];
  if (!PATTERNS.some((p) => p.test(text))) return { kept: text, removed };
  const kept = text.replace(SENTENCE, (s) => {
    if (s.trim() === '' || !looksLikeInstruction(s)) return s;
    removed.push(s);
    return MASK;
  });
  return { kept, removed };
}

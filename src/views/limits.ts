/**
 * The Slack message limits we keep to, in one place.
 *
 * The first group is Slack's documented Block Kit limits. The second is our own, deliberately below
 * what Slack documents: in practice `msg_too_long` appears around 4,000 characters of text and
 * `msg_blocks_too_long` around 13,000 characters of blocks, well under the documented 40,000.
 * Sizes are measured in UTF-16 code units (String#length), which is never less than the character count.
 */
export const LIMITS = {
  /** Blocks per message (modals and App Home allow 100; messages 50). */
  blocks: 50,
  /** Section block `text`. */
  sectionText: 3000,
  /** Header block `plain_text`. */
  headerText: 150,
  /** Elements in one context block. */
  contextElements: 10,
  /** Elements in one actions block. */
  actionsElements: 25,
  /** Button label (`plain_text`). */
  buttonText: 75,
  /** Button `value`. */
  buttonValue: 2000,
  /** `action_id` and `block_id`. */
  actionId: 255,

  /** Our budget: all text a reader sees across the blocks (header, sections, context, buttons). */
  visibleText: 3500,
  /** Our budget: `JSON.stringify(blocks).length`. */
  serializedBlocks: 12_000,
  /** Our budget: the top-level `text` fallback (notifications, screen readers, old clients). */
  fallbackText: 3000,
} as const;

export type Limits = typeof LIMITS;

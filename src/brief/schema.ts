import { z } from 'zod';

/*
 * The Brief is a contract other parts and outside tools rely on: keep these names.
 * Every item carries `evidence`, a verbatim quote our code checks against the article.
 * Field descriptions reach the model through .describe(); absent values are .nullable(),
 * never .optional(), because strict structured output requires every property.
 */

const evidence = z
  .string()
  .describe(
    'A verbatim quote copied exactly from the article text (one sentence or less) that supports this item. Never paraphrase.',
  );

export const WhoSchema = z.object({
  name: z.string().describe('Full name of a person or organisation, spelled as in the article.'),
  role: z.string().nullable().describe('Their role or title as the article gives it, or null.'),
  evidence,
});

export const WhereSchema = z.object({
  place: z.string().describe('A place where the reported events happen, as named in the article.'),
  evidence,
});

export const WhenSchema = z.object({
  text: z.string().describe('The time expression exactly as written in the article, e.g. "on the 23rd".'),
  date: z
    .string()
    .nullable()
    .describe(
      'The calendar date it denotes as YYYY-MM-DD, YYYY-MM or YYYY, only if the article makes it certain; otherwise null.',
    ),
  evidence,
});

export const AgreementSchema = z.object({
  statement: z.string().describe('What was agreed, decided, signed or pledged, in one short sentence.'),
  parties: z.array(z.string()).describe('Who agreed, as named in the article.'),
  evidence,
});

export const NextStepSchema = z.object({
  statement: z.string().describe('A planned or announced next step, in one short sentence.'),
  date: z
    .string()
    .nullable()
    .describe(
      'When it is due as YYYY-MM-DD, YYYY-MM or YYYY, only if the article makes it certain; else null.',
    ),
  evidence,
});

export const BriefSchema = z.object({
  headline: z.string().describe('A neutral headline of at most 12 words.'),
  summary: z
    .string()
    .describe('One or two sentences summarising what happened, using only facts in the article.'),
  who: z.array(WhoSchema).describe('The main people and organisations involved.'),
  where: z.array(WhereSchema).describe('Where it happened.'),
  when: z.array(WhenSchema).describe('When the reported events happened or will happen.'),
  agreements: z.array(AgreementSchema).describe('Agreements, decisions or pledges reported; empty if none.'),
  nextSteps: z.array(NextStepSchema).describe('Announced next steps or scheduled events; empty if none.'),
});

export type Brief = z.infer<typeof BriefSchema>;
export type Who = z.infer<typeof WhoSchema>;
export type Where = z.infer<typeof WhereSchema>;
export type When = z.infer<typeof WhenSchema>;
export type Agreement = z.infer<typeof AgreementSchema>;
export type NextStep = z.infer<typeof NextStepSchema>;

/** The list fields whose items carry evidence, in the order a reader sees them. */
export const ITEM_FIELDS = ['who', 'where', 'when', 'agreements', 'nextSteps'] as const;
export type ItemField = (typeof ITEM_FIELDS)[number];

/** Why verification removed an item. */
export type DropReason =
  | 'quote-not-found' // evidence is not in the article
  | 'name-not-in-article' // a who.name the article never mentions
  | 'empty'; // an item with blank text or evidence

export interface DroppedItem {
  field: ItemField;
  /** Position of the item in the model's list for that field. */
  index: number;
  reason: DropReason;
  /** The item as the model gave it, for logs and the --json output. */
  item: unknown;
}

/** A correction verification made rather than a drop, e.g. a date the article does not support. */
export interface Adjustment {
  /**
   * 'when'/'nextSteps': a date changed; 'agreements': a party the article does not name was removed;
   * any field, 'headline', 'summary': model-written text the articles' words do not support was
   * replaced (see claims.ts).
   */
  field: ItemField | 'headline' | 'summary';
  /** Position of the item in the verified brief's list (after drops). */
  index: number;
  note: string;
  from: string | null;
  to: string | null;
}

export interface VerifiedBrief {
  brief: Brief;
  dropped: DroppedItem[];
  adjustments: Adjustment[];
  /** For each kept item, the index (into the articles given) of the article its evidence was found in. */
  itemSources: Record<ItemField, number[]>;
}

import { z } from 'zod';

/*
 * The Brief is a contract other parts and outside tools rely on: keep these names.
 * Every item carries `evidence`, a verbatim quote our code checks against the article.
 * The rules for each field are in the system prompt (prompts/brief.md), which the model reads
 * alongside this schema: no .describe() texts here, as they would repeat it on every request
 * (issue 7, token accounting). Absent values are .nullable(), never .optional(), because strict
 * structured output requires every property.
 */

const evidence = z.string();

export const WhoSchema = z.object({
  name: z.string(),
  role: z.string().nullable(),
  evidence,
});

export const WhereSchema = z.object({
  place: z.string(),
  evidence,
});

export const WhenSchema = z.object({
  text: z.string(),
  date: z.string().nullable(),
  evidence,
});

export const AgreementSchema = z.object({
  statement: z.string(),
  parties: z.array(z.string()),
  evidence,
});

export const NextStepSchema = z.object({
  statement: z.string(),
  date: z.string().nullable(),
  evidence,
});

export const BriefSchema = z.object({
  headline: z.string(),
  summary: z.string(),
  who: z.array(WhoSchema),
  where: z.array(WhereSchema),
  when: z.array(WhenSchema),
  agreements: z.array(AgreementSchema),
  nextSteps: z.array(NextStepSchema),
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

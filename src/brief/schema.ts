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

/** One summary sentence and the exact article sentences it rests on (issue 17: checked claim by claim). */
export const SummarySentenceSchema = z.object({
  text: z.string(),
  evidence: z.array(z.string()),
});

const briefFields = {
  headline: z.string(),
  who: z.array(WhoSchema),
  where: z.array(WhereSchema),
  when: z.array(WhenSchema),
  agreements: z.array(AgreementSchema),
  nextSteps: z.array(NextStepSchema),
};

/**
 * What the model is asked for: the summary as sentences, each with its own quotes, written compactly
 * as [sentence, quote, quote…] (the schema is sent with every request; an object per sentence
 * would cost about 25 prompt tokens more: bench/tokens.ts).
 */
export const BriefDraftSchema = z.object({
  headline: briefFields.headline,
  summary: z.array(z.array(z.string())),
  who: briefFields.who,
  where: briefFields.where,
  when: briefFields.when,
  agreements: briefFields.agreements,
  nextSteps: briefFields.nextSteps,
});

/**
 * The brief as delivered (the --json contract): `summary` is one string; `summaryEvidence`, beside
 * it, holds the sentences that survived verification with their quotes. Absent from extractive
 * briefs written before issue 17 and from results cached under an older prompt version.
 */
export const BriefSchema = z.object({
  headline: briefFields.headline,
  summary: z.string(),
  summaryEvidence: z.array(SummarySentenceSchema).optional(),
  who: briefFields.who,
  where: briefFields.where,
  when: briefFields.when,
  agreements: briefFields.agreements,
  nextSteps: briefFields.nextSteps,
});

export type Brief = z.infer<typeof BriefSchema>;
export type BriefDraft = z.infer<typeof BriefDraftSchema>;
export type SummarySentence = z.infer<typeof SummarySentenceSchema>;

/** The delivered form of a model's draft: sentences joined into `summary`, their quotes beside it. */
export function fromDraft(draft: BriefDraft): Brief {
  const { summary, ...rest } = draft;
  const sentences = summary
    .map(([text = '', ...evidence]) => ({ text: text.trim(), evidence }))
    .filter((s) => s.text !== '');
  return {
    ...rest,
    summary: sentences.map((s) => s.text).join(' '),
    summaryEvidence: sentences,
  };
}
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

/** A model-written sentence (or headline, role, answer sentence) verification removed, and why. */
export interface RejectedClaim {
  field: 'headline' | 'summary' | 'role' | 'answer';
  text: string;
  /** A SentenceFailure (sentenceCheck.ts) or an Unsupported reason (support.ts). */
  reason: string;
  detail: string;
}

export interface VerifiedBrief {
  brief: Brief;
  dropped: DroppedItem[];
  adjustments: Adjustment[];
  /** Model-written sentences checked claim by claim and removed (issue 17). */
  rejectedClaims: RejectedClaim[];
  /** For each kept item, the index (into the articles given) of the article its evidence was found in. */
  itemSources: Record<ItemField, number[]>;
}

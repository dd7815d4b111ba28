/*
 * Streaming that never shows an unverified word. The model's reply arrives as a growing JSON
 * prefix; each time a piece of it is finished (the headline, the summary, one item) that piece
 * alone goes through the same verification as the whole brief (verifyBrief: quotes, names,
 * dates, and the claim checks on model-written text), and is handed on only if it passed, in
 * the form verification left it in (a replaced headline, a corrected date).
 *
 * Why a piece checked alone equals the same piece checked in the whole brief: every check looks
 * at one field or one item against the articles, never at its neighbours. So what is shown is
 * what the final brief holds, and a dropped item is never shown. The final brief itself is not
 * made here: the engine verifies the complete reply exactly as when nothing streams.
 */
import type { z } from 'zod';
import type { Article } from '../ingest/article.ts';
import type { BriefLanguage } from './language.ts';
import { readPartialObject } from './partialJson.ts';
import {
  type Brief,
  type BriefDraft,
  BriefDraftSchema,
  BriefSchema,
  fromDraft,
  ITEM_FIELDS,
  type ItemField,
} from './schema.ts';
import { verifyBrief } from './verify.ts';

export type BriefItem = Brief[ItemField][number];

/** One verified piece of a brief, in the order the model wrote it. */
export type StreamPiece =
  | { kind: 'headline'; headline: Brief['headline'] }
  | { kind: 'summary'; summary: Brief['summary'] }
  | { kind: 'item'; field: ItemField; item: BriefItem };

export interface BriefStreamer {
  /** The reply so far (the whole prefix, not the delta). */
  feed(snapshot: string): void;
  /** How many pieces were handed on, and how many complete items verification held back. */
  readonly shown: number;
  readonly withheld: number;
}

/** Empty values for a zod schema: '' for strings, [] for arrays, null for nullables, objects filled. */
function blankOf(schema: z.ZodType): unknown {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, blankOf(v)]));
    }
    case 'array':
      return [];
    case 'nullable':
    case 'optional':
      return null;
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return '';
  }
}

const itemSchema = (field: ItemField) => BriefSchema.shape[field].element as z.ZodType;

/** Calls `onPiece` with each verified piece of the brief as soon as the reply holds it whole. */
export function briefStreamer(
  articles: readonly Article[],
  onPiece: (piece: StreamPiece) => void,
  /** The brief's language (issue 19): its translated sentences are checked as the whole brief's. */
  language?: BriefLanguage,
): BriefStreamer {
  // No summary evidence unless the summary is in the piece (an optional field, absent as in the whole brief).
  const { summaryEvidence: _none, ...blank } = blankOf(BriefSchema) as Brief;
  const blankDraft = blankOf(BriefDraftSchema) as BriefDraft;
  const seen: Record<ItemField, number> = { who: 0, where: 0, when: 0, agreements: 0, nextSteps: 0 };
  let headlineDone = false;
  let summaryDone = false;
  let shown = 0;
  let withheld = 0;
  let lastLength = -1;

  const emit = (piece: StreamPiece) => {
    shown++;
    onPiece(piece);
  };

  function feed(snapshot: string) {
    if (snapshot.length === lastLength) return;
    lastLength = snapshot.length;
    const partial = readPartialObject(snapshot);
    const done = new Set(partial.completeKeys);
    const value = partial.value as Partial<Record<keyof Brief, unknown>>;

    // Only what finished since the last call is verified; each piece is checked on its own.
    const draft: Brief = structuredClone(blank);
    let fresh = false;
    // The headline is checked against the summary's surviving quotes (verifyBrief), so both wait
    // for the summary and are verified together, as in the whole brief.
    const wantSummary = !summaryDone && done.has('summary') && done.has('headline');
    const wantHeadline = !headlineDone && wantSummary;
    if (wantSummary) {
      const { summary, summaryEvidence } = fromDraft({
        ...blankDraft,
        summary: value.summary as BriefDraft['summary'],
      });
      draft.headline = value.headline as Brief['headline'];
      draft.summary = summary;
      draft.summaryEvidence = summaryEvidence;
      fresh = true;
    }
    const taken: Record<ItemField, number> = { ...seen };
    for (const field of ITEM_FIELDS) {
      const items = Array.isArray(value[field]) ? (value[field] as unknown[]) : [];
      const fresher = items.slice(seen[field]);
      taken[field] = items.length;
      const valid = fresher.filter((item) => itemSchema(field).safeParse(item).success);
      withheld += fresher.length - valid.length;
      (draft[field] as unknown[]) = valid;
      if (fresher.length > 0) fresh = true;
    }
    if (!fresh) return;

    const verified = verifyBrief(draft, articles, { language }).brief;
    if (wantHeadline) {
      headlineDone = true;
      if (verified.headline) emit({ kind: 'headline', headline: verified.headline });
    }
    if (wantSummary) {
      summaryDone = true;
      emit({ kind: 'summary', summary: verified.summary });
    }
    for (const field of ITEM_FIELDS) {
      const offered = taken[field] - seen[field];
      const kept = verified[field] as BriefItem[];
      withheld += Math.max(0, (draft[field] as unknown[]).length - kept.length);
      for (const item of kept) emit({ kind: 'item', field, item });
      seen[field] += offered;
    }
  }

  return {
    feed,
    get shown() {
      return shown;
    },
    get withheld() {
      return withheld;
    },
  };
}

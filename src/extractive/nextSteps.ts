/*
 * Next steps: sentences that schedule or announce something ("will hold", "is scheduled to",
 * "plans to", "next round", "by 2028"), scored by their cues outside quotation marks and by a
 * future time expression in them. The date is resolveDate over the evidence in the future tense —
 * the same reading verifyBrief makes — so it is never more precise than the article.
 */

import type { NextStep } from '../brief/schema.ts';
import { resolveDate } from '../text/dates.ts';
import { evidenceOf, type Sentence, statementOf } from '../text/sentences.ts';
import { type Analysis, inQuote } from './names.ts';
import type { TimeSpan } from './when.ts';

export const MAX_NEXT_STEPS = 4;

/** Verbs of scheduled action: what a plan, a timetable or an announcement commits someone to. */
const ACTION =
  '(?:hold|host|meet|visit|travel|attend|convene|sign|vote|launch|begin|start|open|resume|return|report|publish|submit|present|issue|announce|decide|pass|complete|conclude|finish|take\\s+effect|come\\s+into\\s+force|be\\s+(?:held|signed|appointed|launched|introduced|completed|published|announced))';
/** Cues worth 2: scheduling words. */
const SCHEDULE = new RegExp(
  [
    '\\b(?:is|are|was|were)\\s+(?:due|scheduled|set|slated|planned)\\s+(?:to|for|in|on)\\b',
    `\\b(?:is|are|was|were)\\s+expected\\s+(?:in\\b|to\\s+(?:\\w+\\s+){0,2}?${ACTION}\\b)`,
    '\\b(?:plans?|planning|aims?|intends?)\\s+to\\b',
    '\\bnext\\s+(?:round|meeting|summit|session|talks|step|phase|hearing)\\b',
    '\\b(?:first|second|third)\\s+round\\b',
    `\\b(?:will|shall|would)\\s+(?:\\w+\\s+)?${ACTION}\\b`,
    '\\bto\\s+be\\s+held\\b',
    '\\bmust\\s+\\w+\\b[^.]*\\bby\\b',
  ].join('|'),
  'i',
);
/** Cues worth 1: any future or reported-future verb, or a commitment to act. */
const FUTURE =
  /\b(?:will|shall|would)\b|'ll\b|\b(?:is|are)\s+to\b|\bupcoming\b|\bstarting\b|\b(?:pledged|promised|agreed|vowed|committed)\s+to\b/i;
/** What lies ahead for the sentence's own subject: a modal or a scheduling verb. */
const MODAL =
  /\b(?:will|shall)\b|'ll\b|\b(?:is|are)\s+(?:due|scheduled|set|slated|expected|planned|to)\b|\b(?:plans?|aims?|intends?)\s+to\b/i;
/** Forecasts and warnings are not steps anyone takes: "expects the winds to ease", "forecast that inflation would". */
const FORECAST =
  /\b(?:forecasts?|predicts?|predicted|projects?|projected|expects?|expected|warned|warns)\s+(?:that\s+)?(?:the\s+)?[\p{L}-]+(?:\s+[\p{L}-]+){0,5}?\s+(?:would|will|to|could|might)\b|\bexpected\s+to\s+(?:peak|rise|fall|ease|grow|slow|increase|decrease|remain|worsen|improve)\b/iu;

function cueScore(a: Analysis, s: Sentence, re: RegExp): number {
  const g = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
  for (const m of s.text.matchAll(g)) {
    const at = s.start + m.index;
    if (!inQuote(a, at, at + m[0].length)) return 1;
  }
  return 0;
}

/** A time expression pointing ahead of the publication (or read in the future tense). */
function isAhead(sp: TimeSpan, publishedAt: string | null): boolean {
  if (sp.tense === 'future' || /\b(?:next|coming|upcoming|later\s+this)\b/i.test(sp.text)) return true;
  const pub = /^\s*(\d{4}-\d{2}-\d{2})/.exec(publishedAt ?? '')?.[1];
  if (!pub || !sp.date) return false;
  const same = pub.slice(0, sp.date.length);
  return sp.date > same || (sp.date === same && /^(?:by|until|before|till)\b/i.test(sp.text));
}

export function findNextSteps(
  a: Analysis,
  publishedAt: string | null,
  spans: readonly TimeSpan[],
): NextStep[] {
  const scored: Array<{ s: Sentence; score: number; anchor: number }> = [];
  for (const s of a.sentences) {
    if (s.kind !== 'body') continue;
    const schedule = cueScore(a, s, SCHEDULE);
    const future = cueScore(a, s, FUTURE);
    const dated = spans.filter((sp) => sp.sentence === s.index && isAhead(sp, publishedAt));
    const forecast = cueScore(a, s, FORECAST);
    // a sentence dated only before publication reports what happened ("held their summit on the 23rd
    // and agreed to …"), however it is phrased
    const pastOnly =
      dated.length === 0 &&
      spans.some((sp) => sp.sentence === s.index && sp.tense === 'past' && sp.date !== null);
    // … and without a modal or a scheduling verb, "held a first round of talks on Oct. 28 and agreed
    // to …" is a past event whatever its other cues
    if (pastOnly && cueScore(a, s, MODAL) === 0) continue;
    const score = 2 * schedule + future + (dated.length > 0 ? 1 : 0) - forecast - (pastOnly ? 1 : 0);
    if (score < 2) continue;
    scored.push({ s, score, anchor: dated[0]?.start ?? s.start });
  }
  return scored
    .sort((x, y) => y.score - x.score || x.s.index - y.s.index)
    .slice(0, MAX_NEXT_STEPS)
    .sort((x, y) => x.s.index - y.s.index)
    .map(({ s, anchor }) => {
      const evidence = evidenceOf(a.text, s, { start: anchor, end: anchor + 1 });
      const own = spans.find((sp) => sp.sentence === s.index && sp.date !== null && isAhead(sp, publishedAt));
      return {
        statement: statementOf(evidence, a.dateline?.prefix ?? null),
        date:
          own && evidence.includes(own.text)
            ? own.date
            : resolveDate(evidence, publishedAt, { tense: 'future' }),
        evidence,
      };
    });
}

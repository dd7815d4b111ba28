/*
 * The extractive engine: a Brief from one article with no LLM. Every list item's evidence is a
 * verbatim slice of article.text (a sentence, or a clause run of a long one), so verifyBrief keeps
 * them all; dates come from resolveDate against the publication date. Pure: no I/O, no clock.
 */
import type { Brief } from '../brief/schema.ts';
import type { Article } from '../ingest/article.ts';
import { scriptLanguage } from '../text/cjk.ts';
import type { Sentence } from '../text/sentences.ts';
import { trimWords, wordCount } from '../text/sentences.ts';
import { findAgreements } from './agreements.ts';
import { extractiveBriefCjk } from './cjk.ts';
import { analyse } from './names.ts';
import { findNextSteps } from './nextSteps.ts';
import { findTimeSpans, findWhen } from './when.ts';
import { findWhere } from './where.ts';
import { findEntities, findWho } from './who.ts';

export const HEADLINE_WORDS = 12;
const SUMMARY_FIRST_SHORT = 25;
const SUMMARY_MAX_WORDS = 60;

export function extractiveBrief(article: Article): Brief {
  if (scriptLanguage(article.text) !== null) return extractiveBriefCjk(article);
  const a = analyse(article.text);
  const entities = findEntities(a);
  const spans = findTimeSpans(a, article.publishedAt);
  const lead = leadSentences(a.sentences).map((s) =>
    stripDateline(s, a.dateline?.prefix ?? null, s.start === a.dateline?.start),
  );
  const title = article.title?.trim();
  const headline = trimWords(title ? title : (lead[0] ?? '').replace(/[.!?]+$/, ''), HEADLINE_WORDS);
  return {
    headline,
    summary: summaryOf(lead),
    who: findWho(a, entities),
    where: findWhere(a, entities),
    when: findWhen(a, article.publishedAt, spans),
    agreements: findAgreements(a, entities),
    nextSteps: findNextSteps(a, article.publishedAt, spans),
  };
}

function leadSentences(sentences: readonly Sentence[]): Sentence[] {
  return sentences.filter((s) => s.kind === 'body').slice(0, 2);
}

function stripDateline(s: Sentence, prefix: string | null, first: boolean): string {
  return first && prefix && s.text.startsWith(prefix) ? s.text.slice(prefix.length) : s.text;
}

function summaryOf(lead: string[]): string {
  const [first, second] = lead;
  if (!first) return '';
  if (
    second &&
    wordCount(first) < SUMMARY_FIRST_SHORT &&
    wordCount(first) + wordCount(second) <= SUMMARY_MAX_WORDS
  )
    return `${first} ${second}`;
  return trimWords(first, SUMMARY_MAX_WORDS);
}

export { analyse } from './names.ts';

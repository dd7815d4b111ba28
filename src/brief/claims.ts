/*
 * The second half of verification: what the model wrote in its own words. Quotes prove an item's
 * evidence; they do not prove the headline, the summary, a role, a place or a statement, which an
 * obeyed injection would fill with its message ("the mayor resigned", French text, a link).
 * Each such field must be supported by the articles' words (support.ts); what is not is replaced
 * by the articles' own words where there are some, else removed, and said so in `adjustments`.
 *
 *   headline  → the first article's title (the view falls back to "News brief" without one)
 *   summary   → the first article's lead sentence, or nothing
 *   role      → null
 *   place     → the item is dropped (a place must be named in the article)
 *   when.text, statements → the item's verified evidence quote
 */

import type { Article } from '../ingest/article.ts';
import { hasCjk } from '../text/cjk.ts';
import { splitSentences } from '../text/sentences.ts';
import { looksLikeInstruction, splitInstructions } from './injection.ts';
import { type BriefLanguage, isTranslation } from './language.ts';
import type { Adjustment, ItemField, VerifiedBrief } from './schema.ts';
import { nameKeyMentioned, roleSupported } from './sentenceCheck.ts';
import { supportChecker, type Unsupported } from './support.ts';
import { checkTranslated } from './translatedCheck.ts';

const WHY: Record<Unsupported, string> = {
  markup: 'it carries a link, mention or markup',
  injected: 'it repeats an instruction found in the article',
  numbers: 'it has a number the article lacks',
  language: 'it is not in English',
  words: 'its words are not the article’s',
};

const MAX_LEAD = 400;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The first article's title, unless it is itself an instruction. */
export function titleOf(articles: readonly Article[]): string {
  const title = oneLine(articles[0]?.title ?? '');
  return title && !looksLikeInstruction(title) ? title : '';
}

/** The first article's first prose sentence that is not an instruction, if short enough. */
export function leadOf(articles: readonly Article[]): string {
  const first = articles[0];
  if (!first) return '';
  const lead = splitSentences(first.text).find((s) => s.kind === 'body' && !looksLikeInstruction(s.text));
  const text = oneLine(lead?.text ?? '');
  return text.length <= MAX_LEAD ? text : '';
}

/**
 * A support checker over the articles read as verification reads them, plus `extra` trusted text.
 * The metadata the model was shown counts too: a summary may name the outlet or give the date.
 */
export function articleSupport(articles: readonly Article[], extra: readonly string[] = []) {
  const parts = articles.flatMap((a) =>
    [a.text, a.title ?? '', a.siteName ?? '', a.publishedAt ?? ''].map(splitInstructions),
  );
  return supportChecker(
    [...parts.map((p) => p.kept), ...extra],
    parts.flatMap((p) => p.removed),
  );
}

/** Checks the model-written fields of a verified brief against the articles; see the file comment. */
export function checkClaims(
  verified: VerifiedBrief,
  articles: readonly Article[],
  language?: BriefLanguage,
): VerifiedBrief {
  const check = articleSupport(articles);
  // A brief written in another language (issue 19): statements are translations of their quotes.
  const translated = isTranslation(language, articles);
  const english = { english: true };
  const { brief } = verified;
  const adjustments: Adjustment[] = [...verified.adjustments];
  const dropped = [...verified.dropped];
  const itemSources = { ...verified.itemSources };
  const adjust = (
    field: Adjustment['field'],
    index: number,
    why: Unsupported,
    what: string,
    from: string | null,
    to: string | null,
  ) => adjustments.push({ field, index, note: `${what}: ${WHY[why]}`, from, to });

  const rejectedClaims = [...verified.rejectedClaims];
  // A summary that came with its evidence was checked claim by claim (verify.ts), headline too.
  const sentenceChecked = brief.summaryEvidence !== undefined;
  let headline = brief.headline;
  const headlineWhy = oneLine(headline) && !sentenceChecked ? check(headline, english) : null;
  if (headlineWhy) {
    headline = titleOf(articles);
    adjust(
      'headline',
      0,
      headlineWhy,
      'headline replaced with the article’s title',
      brief.headline,
      headline,
    );
  }

  let summary = brief.summary;
  const summaryWhy = oneLine(summary) && !sentenceChecked ? check(summary, english) : null;
  if (summaryWhy) {
    summary = leadOf(articles);
    adjust('summary', 0, summaryWhy, 'summary replaced with the article’s lead', brief.summary, summary);
  }

  const who = brief.who.map((w, i) => {
    if (!w.role || !oneLine(w.role)) return w;
    const why = check(w.role, english);
    if (why) {
      adjust('who', i, why, `role of ${w.name} removed`, w.role, null);
      return { ...w, role: null };
    }
    // A role must come from a quote that names that person (issue 17), not from another's sentence.
    if (!roleInQuote(w.name, w.role, w.evidence)) {
      adjustments.push({
        field: 'who',
        index: i,
        note: `role of ${w.name} removed: its quote does not name ${w.name} with that role`,
        from: w.role,
        to: null,
      });
      rejectedClaims.push({ field: 'role', text: w.role, reason: 'role', detail: w.name });
      return { ...w, role: null };
    }
    return w;
  });

  const keptSources: number[] = [];
  const where = brief.where.filter((w, i) => {
    const why = check(w.place, english);
    if (!why) {
      keptSources.push(itemSources.where[i] as number);
      return true;
    }
    dropped.push({ field: 'where', index: i, reason: 'name-not-in-article', item: w });
    return false;
  });
  itemSources.where = keptSources;

  /** `text` when supported, else the item's verified quote (and an adjustment saying so). */
  const orQuote = (field: ItemField, i: number, what: string, text: string, evidence: string): string => {
    if (translated) {
      const article = itemSources[field][i] ?? 0;
      const gated = check(text.replace(/\p{Nd}+/gu, ' '), { vocabulary: false });
      const verdict = gated
        ? null
        : checkTranslated(text, [{ text: evidence, article, sentence: -1 }], {
            publishedAt: articles[article]?.publishedAt ?? null,
            names: [...brief.who.map((w) => w.name), ...where.map((w) => w.place)],
          });
      if (!gated && !verdict) return text;
      const note = gated ? WHY[gated] : `its ${verdict?.reason} ${verdict?.detail} is not its quote's`;
      adjustments.push({
        field,
        index: i,
        note: `${what} replaced with its quote: ${note}`,
        from: text,
        to: evidence,
      });
      return evidence;
    }
    const why = check(text, english);
    if (!why) return text;
    adjust(field, i, why, `${what} replaced with its quote`, text, evidence);
    return evidence;
  };
  const when = brief.when.map((w, i) => ({ ...w, text: orQuote('when', i, 'time', w.text, w.evidence) }));
  const agreements = brief.agreements.map((a, i) => ({
    ...a,
    statement: orQuote('agreements', i, 'statement', a.statement, a.evidence),
  }));
  const nextSteps = brief.nextSteps.map((n, i) => ({
    ...n,
    statement: orQuote('nextSteps', i, 'statement', n.statement, n.evidence),
  }));

  return {
    brief: { ...brief, headline, summary, who, where, when, agreements, nextSteps },
    dropped,
    adjustments,
    itemSources,
    rejectedClaims,
  };
}

/**
 * Whether the quote names the person with that role. Korean and Japanese attach particles to words
 * (이재명 대통령은) or write no spaces at all (石破茂首相は), so there both must simply be in it.
 */
function roleInQuote(name: string, role: string, quote: string): boolean {
  if (hasCjk(name) || hasCjk(role)) {
    const text = quote.normalize('NFKC');
    return text.includes(name.normalize('NFKC').trim()) && text.includes(role.normalize('NFKC').trim());
  }
  return nameKeyMentioned(name, quote) && roleSupported(role, quote);
}

/*
 * A brief as a Slack message: pure, data in and payload out.
 * Every string the model or an article wrote goes through `untrustedText` (links made plain, mentions
 * defused, escaped); only the brief's own `sources[].url` become links.
 */
import type { BriefResult, Source } from '../brief/engine.ts';
import type { Brief, ItemField } from '../brief/schema.ts';
import { scriptLanguage } from '../text/cjk.ts';
import { type RoleLanguage, roleIn } from '../text/roles.ts';
import { restatesQuote } from '../text/sentences.ts';
import {
  actions,
  type Block,
  button,
  context,
  divider,
  header,
  limitViolations,
  message,
  type SlackMessage,
  section,
} from './blocks.ts';
import { LIMITS } from './limits.ts';
import { link, neutralizeMentions, safeText, stripFormatting, truncate, untrustedText } from './mrkdwn.ts';

export interface BriefMessageOptions {
  /** Slack user id (U…/W…) of whoever asked; shown as "Requested by @…". */
  requestedBy?: string;
  /** The topic or URL asked for; the "Follow daily" button carries it. */
  query?: string;
  showFollowButton?: boolean;
  /** Ready-made mrkdwn about the story (`storyCoverageLine`, `otherStoriesLine`), shown under the brief. */
  storyNotes?: readonly (string | null)[];
}

export interface BriefMessage extends SlackMessage {
  /**
   * What did not fit (items trimmed from the end of the longest sections, plus all sources), for the
   * caller to post in the thread with `continuationMessage`; null when everything fit.
   */
  overflow: BriefResult | null;
}

export const ACTION_FOLLOWUP_HELP = 'brief_followup_help';
export const ACTION_FOLLOW = 'brief_follow';

const FIELDS: readonly ItemField[] = ['who', 'where', 'when', 'agreements', 'nextSteps'];
const TITLES: Record<ItemField, string> = {
  who: 'Who',
  where: 'Where',
  when: 'When',
  agreements: 'Agreements',
  nextSteps: 'Next steps',
};

/** Caps on single pieces, in characters of the final (escaped) text. */
const CAP = {
  summary: 1000,
  name: 120,
  statement: 300,
  quote: 240,
  parties: 200,
  sourceTitle: 150,
  note: 300,
  query: 120,
  /** The sources section of the first message; the rest go to the thread. */
  sourcesMain: 800,
  /** The sources section of a continuation; beyond it, `/brief sources`. */
  sourcesContinuation: 1500,
} as const;

type Items = Pick<Brief, ItemField>;
type Counts = Record<ItemField, number>;

/** One line, whitespace collapsed: briefs are read in bullets. */
function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Untrusted text for one bullet line, capped. */
function piece(s: string, max: number): string {
  return truncate(untrustedText(oneLine(s)), max);
}

/** Bold untrusted text; `*` inside would end the bold early, so it goes. */
function bold(s: string, max: number): string {
  const t = piece(s.replace(/\*/g, ''), max);
  return t ? `*${t}*` : '';
}

/**
 * In a brief written in another language than its articles (issue 19), each quote says its own
 * language ("(English)"): quotes stay verbatim, so a reader can tell them from the translation.
 */
function quoteLanguage(evidence: string, marked: boolean): string {
  return marked ? ` (${languageName(scriptLanguage(evidence) ?? 'en', true)})` : '';
}

function quote(evidence: string, marked: boolean): string {
  const q = piece(evidence, CAP.quote);
  return q ? ` — “${q}”${quoteLanguage(evidence, marked)}` : '';
}

/** A statement and its quote; a statement that only repeats the quote is not shown twice. */
function claim(statement: string, evidence: string, details: string, marked: boolean): string {
  if (restatesQuote(statement, evidence)) {
    const q = piece(evidence, CAP.statement);
    return `• “${q}”${quoteLanguage(evidence, marked)}${details}`;
  }
  return `• ${piece(statement, CAP.statement)}${details}${quote(evidence, marked)}`;
}

function itemLines(field: ItemField, items: Items, marked: boolean, language: RoleLanguage): string[] {
  switch (field) {
    case 'who':
      return items.who.map((w) => {
        const role = w.role && oneLine(w.role) ? `, ${roleText(w.role, language)}` : '';
        return `• ${bold(w.name, CAP.name)}${role}${quote(w.evidence, marked)}`;
      });
    case 'where':
      return items.where.map((w) => `• ${bold(w.place, CAP.name)}${quote(w.evidence, marked)}`);
    case 'when':
      return items.when.map((w) => {
        const date = w.date ? piece(w.date, 40) : 'date not stated';
        return `• ${bold(w.text, CAP.name)} (${date})${quote(w.evidence, marked)}`;
      });
    case 'agreements':
      return items.agreements.map((a) => {
        const parties = a.parties.map(oneLine).filter(Boolean);
        const who = parties.length > 0 ? ` (${piece(parties.join(', '), CAP.parties)})` : '';
        return claim(a.statement, a.evidence, who, marked);
      });
    case 'nextSteps':
      return items.nextSteps.map((n) => {
        const date = n.date ? ` (${piece(n.date, 40)})` : '';
        return claim(n.statement, n.evidence, date, marked);
      });
  }
}

/**
 * A role as the article words it, after its rendering in the brief's language when the title table
 * knows it ("President (대통령)" in an English brief of a Korean report): the rendering is ours, the
 * word in brackets is the verified one.
 */
function roleText(role: string, language: RoleLanguage): string {
  const rendered = roleIn(role, language);
  return rendered ? `${piece(rendered, CAP.name)} (${piece(role, CAP.name)})` : piece(role, CAP.name);
}

function sectionText(
  field: ItemField,
  kept: Items,
  moved: number,
  where: 'thread' | 'next reply',
  marked = false,
  language: RoleLanguage = 'en',
): string {
  const lines = itemLines(field, kept, marked, language);
  if (lines.length === 0) lines.push(moved > 0 ? `_${moved} in the ${where}_` : '_none reported_');
  else if (moved > 0) lines.push(`_…${moved} more in the ${where}_`);
  return `*${TITLES[field]}*\n${lines.join('\n')}`;
}

function formatDate(s: string): string {
  const iso = s.match(/^\d{4}-\d{2}-\d{2}/);
  if (iso) return iso[0];
  const t = Date.parse(s);
  if (!Number.isNaN(t)) return new Date(t).toISOString().slice(0, 10);
  return oneLine(s);
}

function hostname(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** "1. <url|Title> — Outlet, 2025-09-22": the title links only when the source has an http(s) URL. */
export function sourceLine(source: Source, n: number): string {
  const title = oneLine(source.title ?? '') || hostname(source.url) || 'Untitled article';
  const label = truncate(neutralizeMentions(stripFormatting(title)), CAP.sourceTitle);
  const details = [
    source.siteName ? piece(source.siteName, 80) : null,
    source.publishedAt ? piece(formatDate(source.publishedAt), 40) : null,
    languageName(source.lang),
  ].filter((d): d is string => Boolean(d));
  return `${n}. ${link(source.url, label)}${details.length > 0 ? ` — ${details.join(', ')}` : ''}`;
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "Korean" for a source not in English (briefs mix languages since topic search finds them all). */
function languageName(lang: string | null | undefined, withEnglish = false): string | null {
  const code = lang?.trim().toLowerCase().split(/[-_]/)[0];
  if (!code || (code === 'en' && !withEnglish) || !/^[a-z]{2,3}$/.test(code)) return null;
  try {
    return LANGUAGE_NAMES.of(code) ?? null;
  } catch {
    return null;
  }
}

/** A sources section within `budget` characters; `more` is said about the ones left out. */
export function sourcesSection(
  sources: readonly Source[],
  budget: number,
  more: (n: number) => string,
): { text: string; shown: number } {
  if (sources.length === 0) return { text: '*Sources*\n_none recorded_', shown: 0 };
  let text = '*Sources*';
  let shown = 0;
  for (const [i, s] of sources.entries()) {
    const line = `\n${sourceLine(s, i + 1)}`;
    const tail = i + 1 < sources.length ? `\n${more(sources.length - i - 1)}`.length : 0;
    if (text.length + line.length + tail > budget && shown > 0) break;
    text += line;
    shown++;
  }
  if (shown < sources.length) text += `\n${more(sources.length - shown)}`;
  return { text: truncate(text, LIMITS.sectionText), shown };
}

function engineLine(meta: BriefResult['meta']): string {
  if (meta.engine === 'extractive') return 'Extractive brief';
  const shortened = meta.truncated ? ' · article shortened to fit' : '';
  return `Model ${safeText(meta.model ?? 'unknown')}, prompt ${safeText(meta.promptVersion ?? 'unknown')}${shortened}`;
}

function verificationLine(meta: BriefResult['meta']): string {
  const n = meta.dropped.length;
  const items =
    n === 0 ? 'all items verified against the sources' : `${n} unverified item${n === 1 ? '' : 's'} removed`;
  // Said openly: a headline or summary the articles' words did not support was replaced (claims.ts).
  const replaced = (['headline', 'summary'] as const).filter((f) =>
    meta.adjustments.some((a) => a.field === f),
  );
  return replaced.length > 0
    ? `${items}; unsupported ${replaced.join(' and ')} replaced from the article`
    : items;
}

function requestedLine(opts: BriefMessageOptions): string | null {
  const who = opts.requestedBy?.trim();
  const mention = who ? (/^[UW][A-Z0-9]{2,}$/.test(who) ? `<@${who}>` : truncate(safeText(who), 80)) : null;
  const query = opts.query?.trim() ? `“${truncate(safeText(oneLine(opts.query)), CAP.query)}”` : null;
  if (mention && query) return `Requested by ${mention}: ${query}`;
  if (mention) return `Requested by ${mention}`;
  return query ? `Brief for ${query}` : null;
}

function counts(items: Items): Counts {
  return {
    who: items.who.length,
    where: items.where.length,
    when: items.when.length,
    agreements: items.agreements.length,
    nextSteps: items.nextSteps.length,
  };
}

function pick(brief: Items): Items {
  return {
    who: [...brief.who],
    where: [...brief.where],
    when: [...brief.when],
    agreements: [...brief.agreements],
    nextSteps: [...brief.nextSteps],
  };
}

function none(): Items {
  return { who: [], where: [], when: [], agreements: [], nextSteps: [] };
}

function total(c: Counts): number {
  return FIELDS.reduce((n, f) => n + c[f], 0);
}

/** Move the last item of `field` from `kept` to the front of `rest`. */
function moveLast(kept: Items, rest: Items, field: ItemField): void {
  const from = kept[field] as unknown[];
  const to = rest[field] as unknown[];
  const item = from.pop();
  if (item !== undefined) to.unshift(item);
}

interface Rendered {
  msg: SlackMessage;
  sectionLength: Counts;
  sourcesCut: boolean;
}

/**
 * Render with everything, then while any limit is broken move the last item of the longest
 * section into `rest`. Each item line is capped, so a message always has room for at least one.
 */
function fitItems(all: Items, render: (kept: Items, moved: Counts) => Rendered): Rendered & { rest: Items } {
  const kept = pick(all);
  const rest = none();
  let r = render(kept, counts(rest));
  // section() would silently cut an over-long section (and the items in it), so check before that.
  const tooLong = (x: Rendered) => FIELDS.some((f) => x.sectionLength[f] > LIMITS.sectionText);
  while (tooLong(r) || limitViolations(r.msg).length > 0) {
    let longest: ItemField | null = null;
    for (const f of FIELDS) {
      if (kept[f].length > 0 && (longest === null || r.sectionLength[f] > r.sectionLength[longest]))
        longest = f;
    }
    if (longest === null) break;
    moveLast(kept, rest, longest);
    r = render(kept, counts(rest));
  }
  return { ...r, rest };
}

function remainder(result: BriefResult, rest: Items): BriefResult {
  return { brief: { ...result.brief, ...rest }, sources: [...result.sources], meta: result.meta };
}

function headlineOf(brief: Brief): string {
  return oneLine(brief.headline) || 'News brief';
}

function fallbackText(brief: Brief, suffix = ''): string {
  const summary = oneLine(brief.summary);
  const text = `${untrustedText(headlineOf(brief))}${suffix}${summary ? `\n${untrustedText(summary)}` : ''}`;
  return truncate(text, LIMITS.fallbackText);
}

/** The brief as one channel message; what does not fit comes back in `overflow` for the thread. */
export function briefMessage(result: BriefResult, opts: BriefMessageOptions = {}): BriefMessage {
  const { brief, sources, meta } = result;
  const summary = oneLine(brief.summary);
  const buttons = [button('Ask a follow-up', ACTION_FOLLOWUP_HELP)];
  const query = opts.query?.trim();
  if (opts.showFollowButton && query) buttons.push(button('Follow daily', ACTION_FOLLOW, query));

  const render = (kept: Items, moved: Counts): Rendered => {
    const src = sourcesSection(sources, CAP.sourcesMain, (n) => `_…${n} more in the thread_`);
    const sourcesCut = src.shown < sources.length;
    const sectionLength = {} as Counts;
    const itemSections = FIELDS.map((f) => {
      const text = sectionText(
        f,
        kept,
        moved[f],
        'thread',
        Boolean(meta.languageChecks),
        meta.briefLanguage ?? 'en',
      );
      sectionLength[f] = text.length;
      return section(text);
    });
    const blocks: Block[] = [
      header(neutralizeMentions(stripFormatting(headlineOf(brief)))),
      ...(summary ? [section(truncate(untrustedText(summary), CAP.summary))] : []),
      divider(),
      ...itemSections,
      divider(),
      section(src.text),
      context(
        engineLine(meta),
        verificationLine(meta),
        meta.languageChecks ? truncate(safeText(oneLine(meta.languageChecks)), CAP.note) : null,
        meta.fallbackReason ? truncate(safeText(oneLine(meta.fallbackReason)), CAP.note) : null,
        requestedLine(opts),
        total(moved) > 0 || sourcesCut ? '…more in thread' : null,
      ),
      ...(opts.storyNotes?.some(Boolean) ? [context(...(opts.storyNotes ?? []))] : []),
      actions(...buttons),
    ];
    return { msg: message(fallbackText(brief), blocks), sectionLength, sourcesCut };
  };

  const r = fitItems(pick(brief), render);
  const overflow = total(counts(r.rest)) > 0 || r.sourcesCut ? remainder(result, r.rest) : null;
  return { ...r.msg, overflow };
}

/**
 * The rest of a brief (the `overflow` of `briefMessage`) as a thread reply: the remaining items and
 * all sources, within the same limits. If even that is too long, the items that still do not fit come
 * back in `overflow` again ("…more in the next reply"); sources are shown once, in the last reply.
 */
export function continuationMessage(overflow: BriefResult): BriefMessage {
  const { brief, sources } = overflow;
  const fields = FIELDS.filter((f) => brief[f].length > 0);

  const renderWith =
    (withSources: boolean) =>
    (kept: Items, moved: Counts): Rendered => {
      const sectionLength = {} as Counts;
      for (const f of FIELDS) sectionLength[f] = 0;
      const itemSections = fields.map((f) => {
        const text = sectionText(
          f,
          kept,
          moved[f],
          'next reply',
          Boolean(overflow.meta.languageChecks),
          overflow.meta.briefLanguage ?? 'en',
        );
        sectionLength[f] = text.length;
        return section(text);
      });
      const blocks: Block[] = [
        section(`*Continued:* ${truncate(untrustedText(headlineOf(brief)), LIMITS.headerText)}`),
      ];
      blocks.push(...itemSections);
      if (withSources) {
        const src = sourcesSection(
          sources,
          CAP.sourcesContinuation,
          (n) => `_…${n} more: use \`/brief sources\`_`,
        );
        blocks.push(section(src.text));
      }
      if (!withSources || total(moved) > 0) blocks.push(context('…more in the next reply'));
      return { msg: message(fallbackText(brief, ' (continued)'), blocks), sectionLength, sourcesCut: false };
    };

  const all = pick(brief);
  const withSources = fitItems(all, renderWith(true));
  if (total(counts(withSources.rest)) === 0) return { ...withSources.msg, overflow: null };
  // Not all items fit: leave the sources to the last reply of the chain and use the room for items.
  const itemsOnly = fitItems(all, renderWith(false));
  return { ...itemsOnly.msg, overflow: remainder(overflow, itemsOnly.rest) };
}

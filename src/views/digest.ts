/*
 * A channel's daily digest as one Slack message: per followed topic, the new or updated stories as
 * compact briefs. Pure. Model- and article-written text goes through `untrustedText`; only sources'
 * own URLs become links.
 */
import type { BriefResult, Source } from '../brief/engine.ts';
import { formatClock } from '../text/clock.ts';
import { type Block, context, divider, header, message, type SlackMessage, section } from './blocks.ts';
import { sourceLine } from './brief.ts';
import { safeText, truncate, untrustedText } from './mrkdwn.ts';

export interface DigestStoryView {
  /** The story's brief, or null when it could not be summarised (then title and lead show). */
  result: BriefResult | null;
  title: string;
  /** The article's opening sentence, for an unsummarised story. */
  lead: string;
  sources: Source[];
  updated: boolean;
}

export interface DigestTopicView {
  topic: string;
  stories: DigestStoryView[];
}

export interface DigestView {
  date: string;
  minutes: number;
  timeZone: string;
  delayed: boolean;
  topics: DigestTopicView[];
}

const CAP = { line: 300, title: 150, sources: 3 };

/** Long topics lists still fit: each story takes a few blocks, 50 is Slack's cap. */
const MAX_STORIES = 12;

export function digestMessage(view: DigestView): SlackMessage {
  const blocks: Block[] = [header(truncate(`News digest — ${view.date}`, 150))];
  const note = [
    `Daily at ${formatClock(view.minutes)} ${view.timeZone}`,
    view.delayed ? ':hourglass: delayed: the bot was unavailable at the scheduled time' : null,
  ];
  blocks.push(context(...note));
  let shown = 0;
  let unsummarised = false;
  for (const t of view.topics) {
    blocks.push(divider());
    if (t.stories.length === 0) {
      blocks.push(context(`Nothing new on *${untrustedText(t.topic)}*.`));
      continue;
    }
    blocks.push(section(`*${untrustedText(t.topic)}*`));
    for (const s of t.stories) {
      if (shown >= MAX_STORIES) break;
      shown++;
      if (!s.result) unsummarised = true;
      blocks.push(section(storyText(s)));
    }
  }
  if (unsummarised) {
    blocks.push(
      context(
        ':warning: Some stories are unsummarised (the summariser was unavailable); summaries follow in the thread.',
      ),
    );
  }
  blocks.push(context('Full briefs are in the thread. Reply there to ask about these stories.'));
  const fallback = `News digest — ${view.date}: ${view.topics
    .map((t) => `${safeText(t.topic)} (${t.stories.length})`)
    .join(', ')}`;
  return message(truncate(fallback, 3000), blocks);
}

function storyText(s: DigestStoryView): string {
  const mark = s.updated ? '*[updated]* ' : '';
  const lines: string[] = [];
  if (s.result) {
    const b = s.result.brief;
    lines.push(`${mark}*${truncate(untrustedText(oneLine(b.headline)), CAP.title)}*`);
    if (b.summary) lines.push(truncate(untrustedText(oneLine(b.summary)), CAP.line));
    const agreement = b.agreements[0];
    if (agreement) lines.push(`• Agreed: ${truncate(untrustedText(oneLine(agreement.statement)), CAP.line)}`);
    const next = b.nextSteps[0];
    if (next) {
      const when = next.date ? ` (${next.date})` : '';
      lines.push(`• Next: ${truncate(untrustedText(oneLine(next.statement)), CAP.line)}${when}`);
    }
    if (s.result.meta.fallbackReason) lines.push('_offline summary: quoted sentences, no model_');
  } else {
    lines.push(`${mark}*${truncate(untrustedText(oneLine(s.title)), CAP.title)}* _(unsummarised)_`);
    if (s.lead) lines.push(truncate(untrustedText(oneLine(s.lead)), CAP.line));
  }
  const sources = s.sources.slice(0, CAP.sources).map((src, i) => sourceLine(src, i + 1));
  if (s.sources.length > CAP.sources) sources.push(`and ${s.sources.length - CAP.sources} more`);
  lines.push(sources.join('  '));
  return lines.join('\n');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function summaryFollowsMessage(topic: string): SlackMessage {
  return message(`Summary for a story on "${safeText(topic)}", now that the summariser is back:`, [
    context(`Summary for a story on *${untrustedText(topic)}*, now that the summariser is back:`),
  ]);
}

import type { BriefResult } from '../brief/engine.ts';
import type { DropReason } from '../brief/schema.ts';
import { stripInvisible } from '../ingest/invisible.ts';
import type { Story } from '../store/store.ts';
import { roleIn } from '../text/roles.ts';
import { restatesQuote } from '../text/sentences.ts';

const REASONS: Record<DropReason, string> = {
  'quote-not-found': 'quote not found in the article',
  'name-not-in-article': 'name not in the article',
  empty: 'empty item',
};

/** The brief as a person reads it in a terminal. */
export function renderBrief(result: BriefResult): string {
  const { brief, sources, meta } = result;
  const out: string[] = [
    brief.headline,
    '='.repeat(Math.min(brief.headline.length, 80)),
    '',
    brief.summary,
    '',
  ];
  const section = (title: string, lines: string[]) => {
    out.push(`${title}:`);
    out.push(...(lines.length > 0 ? lines : ['  none reported']));
    out.push('');
  };
  const quote = (evidence: string) => `      “${evidence}”`;
  // In the brief's language beside the article's word ("President (대통령)"), as in Slack.
  const role = (r: string) => {
    const rendered = roleIn(r, meta.briefLanguage ?? 'en');
    return rendered ? `${rendered} (${r})` : r;
  };

  section(
    'Who',
    brief.who.flatMap((w) => [`  • ${w.name}${w.role ? ` — ${role(w.role)}` : ''}`, quote(w.evidence)]),
  );
  section(
    'Where',
    brief.where.flatMap((w) => [`  • ${w.place}`, quote(w.evidence)]),
  );
  section(
    'When',
    brief.when.flatMap((w) => [`  • ${w.text} (${w.date ?? 'date not stated'})`, quote(w.evidence)]),
  );
  // a statement that only repeats its quote is shown once, as the quote
  const claim = (statement: string, evidence: string, details: string) =>
    restatesQuote(statement, evidence)
      ? [`  • “${evidence}”${details}`]
      : [`  • ${statement}${details}`, quote(evidence)];
  section(
    'Agreements',
    brief.agreements.flatMap((a) =>
      claim(a.statement, a.evidence, a.parties.length > 0 ? ` [${a.parties.join(', ')}]` : ''),
    ),
  );
  section(
    'Next steps',
    brief.nextSteps.flatMap((n) => claim(n.statement, n.evidence, n.date ? ` (${n.date})` : '')),
  );
  section(
    'Sources',
    sources.map((s, i) => {
      const parts = [
        s.title ?? 'untitled',
        s.siteName,
        s.publishedAt ? `published ${s.publishedAt}` : null,
        s.lang && !s.lang.toLowerCase().startsWith('en') ? `in ${s.lang}` : null,
        s.url,
      ];
      return `  [${i + 1}] ${parts.filter(Boolean).join(' — ')}`;
    }),
  );
  out.push(verificationLine(result));
  if (meta.adjustments.length > 0) {
    out.push(`Corrected ${meta.adjustments.length}: ${meta.adjustments.map((a) => a.note).join('; ')}.`);
  }
  if (meta.engine === 'llm') {
    const usage = meta.usage ? `, ${meta.usage.totalTokens} tokens` : '';
    out.push(
      `Model ${meta.model}, prompt ${meta.promptVersion}${usage}${meta.truncated ? '; article cut to fit the token budget' : ''}.`,
    );
  } else {
    out.push('Extractive brief: every item is a sentence taken from the article.');
  }
  if (meta.languageChecks) out.push(meta.languageChecks);
  if (meta.fallbackReason) out.push(meta.fallbackReason);
  // Model and article text reach a terminal: no escape sequences or bidi tricks (control characters).
  return `${stripInvisible(out.join('\n'))}\n`;
}

function verificationLine({ brief, meta }: BriefResult): string {
  const kept =
    brief.who.length +
    brief.where.length +
    brief.when.length +
    brief.agreements.length +
    brief.nextSteps.length;
  if (meta.dropped.length === 0) return `Verified: all ${kept} items quote the article.`;
  const counts = new Map<string, number>();
  for (const d of meta.dropped) counts.set(REASONS[d.reason], (counts.get(REASONS[d.reason]) ?? 0) + 1);
  const why = [...counts].map(([reason, n]) => `${n} ${reason}`).join(', ');
  return `Verified: ${kept} items quote the article; ${meta.dropped.length} dropped (${why}).`;
}

/** `newsbrief stories`: one story a block, with its article count, dates and outlets. */
export function renderStories(
  stories: readonly Story[],
  opts: { topic: string | null; days: number },
): string {
  const what = opts.topic ? `matching "${opts.topic}" ` : '';
  if (stories.length === 0) return `No stories ${what}in the last ${opts.days} days.\n`;
  const out = [
    `${stories.length} ${stories.length === 1 ? 'story' : 'stories'} ${what}in the last ${opts.days} days:`,
    '',
  ];
  for (const s of stories) {
    const n = s.articles.length;
    const span = [s.firstAt.slice(0, 10), s.lastAt.slice(0, 10)];
    const dates = span[0] === span[1] ? span[0] : `${span[0]} – ${span[1]}`;
    out.push(`#${s.id}  ${s.headline}`);
    out.push(`     ${n} ${n === 1 ? 'article' : 'articles'}, ${dates}`);
    for (const a of s.articles) {
      const outlet = a.siteName ?? (a.url ? hostOf(a.url) : null) ?? a.source;
      out.push(`     - ${outlet}: ${a.title ?? 'untitled'}${a.url ? ` <${a.url}>` : ''}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

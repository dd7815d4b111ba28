import type { BriefResult } from '../brief/engine.ts';
import type { DropReason } from '../brief/schema.ts';
import { stripInvisible } from '../ingest/invisible.ts';

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

  section(
    'Who',
    brief.who.flatMap((w) => [`  • ${w.name}${w.role ? ` — ${w.role}` : ''}`, quote(w.evidence)]),
  );
  section(
    'Where',
    brief.where.flatMap((w) => [`  • ${w.place}`, quote(w.evidence)]),
  );
  section(
    'When',
    brief.when.flatMap((w) => [`  • ${w.text} (${w.date ?? 'date not stated'})`, quote(w.evidence)]),
  );
  section(
    'Agreements',
    brief.agreements.flatMap((a) => [
      `  • ${a.statement}${a.parties.length > 0 ? ` [${a.parties.join(', ')}]` : ''}`,
      quote(a.evidence),
    ]),
  );
  section(
    'Next steps',
    brief.nextSteps.flatMap((n) => [`  • ${n.statement}${n.date ? ` (${n.date})` : ''}`, quote(n.evidence)]),
  );
  section(
    'Sources',
    sources.map((s, i) => {
      const parts = [
        s.title ?? 'untitled',
        s.siteName,
        s.publishedAt ? `published ${s.publishedAt}` : null,
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

import { UsageError } from '../errors.ts';
import { createRuntime } from '../main.ts';
import type { FeedbackCount, FeedbackRow } from '../store/store.ts';
import { parseOptions } from './args.ts';
import type { CommandContext } from './command.ts';

/*
 * `newsbrief feedback [--days N] [--team T]`: the thumbs up/down people gave briefs and answers,
 * by kind, model and prompt version (so a prompt that made things worse shows), then the latest
 * "what was wrong?" answers.
 */

const LATEST = 10;

export async function feedbackCommand(
  args: string[],
  { config, logger, io, overrides }: CommandContext,
): Promise<number> {
  const { values, positionals } = parseOptions('feedback', args, {
    days: { type: 'string', default: '30' },
    team: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`feedback takes options only, not "${positionals.join(' ')}"`);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new UsageError('--days must be 1–3650');
  const runtime = await createRuntime(config, logger, { ...overrides, jobs: false });
  try {
    const since = new Date(Date.now() - days * 86_400_000);
    const team = values.team ? { teamId: values.team } : {};
    const counts = await runtime.store.feedback.counts({ since, ...team });
    const latest = await runtime.store.feedback.latestComments({ since, limit: LATEST, ...team });
    io.stdout(renderFeedback(counts, latest, days));
    return 0;
  } finally {
    await runtime.close();
  }
}

const pct = (up: number, down: number) => (up + down > 0 ? `${Math.round((100 * up) / (up + down))}%` : '–');

export function renderFeedback(
  counts: readonly FeedbackCount[],
  latest: readonly FeedbackRow[],
  days: number,
): string {
  const span = `the last ${days} day${days === 1 ? '' : 's'}`;
  if (counts.length === 0) return `No feedback in ${span}.\n`;
  const header = ['kind', 'model', 'prompt', 'up', 'down', 'good'];
  const rows = counts.map((c) => [
    c.kind,
    c.model ?? '–',
    c.promptVersion ?? '–',
    String(c.up),
    String(c.down),
    pct(c.up, c.down),
  ]);
  const up = counts.reduce((n, c) => n + c.up, 0);
  const down = counts.reduce((n, c) => n + c.down, 0);
  rows.push(['total', '', '', String(up), String(down), pct(up, down)]);
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const out = [`Feedback in ${span}`];
  for (const r of table) {
    out.push(
      r
        .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    );
  }
  if (latest.length > 0) {
    out.push('', 'Latest comments');
    for (const f of latest) {
      const comment = f.comment ? `: ${f.comment.replace(/\s+/g, ' ').slice(0, 200)}` : '';
      out.push(
        `${f.updatedAt.slice(0, 16).replace('T', ' ')}  ${f.teamId || '–'}  ${f.kind}  ${f.reason ?? 'other'}${comment}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

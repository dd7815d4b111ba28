import { UsageError } from '../errors.ts';
import { createRuntime } from '../main.ts';
import type { UsageRow } from '../store/usage.ts';
import { parseOptions } from './args.ts';
import type { CommandContext } from './command.ts';

/*
 * `newsbrief usage [--days N] [--team T]`: the LLM tokens recorded by the metered fetch, per
 * workspace, UTC day and purpose (brief, answer, digest), with each workspace's totals. "Overhead"
 * is the prompt beyond the article text (instructions, schema, question): what a brief costs on
 * top of the news it reads.
 */

export async function usageCommand(
  args: string[],
  { config, logger, io, overrides }: CommandContext,
): Promise<number> {
  const { values, positionals } = parseOptions('usage', args, {
    days: { type: 'string', default: '7' },
    team: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new UsageError(`usage takes options only, not "${positionals.join(' ')}"`);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError('--days must be 1–366');
  const runtime = await createRuntime(config, logger, { ...overrides, jobs: false });
  try {
    const rows = await runtime.store.usage.report({
      days,
      until: new Date(),
      ...(values.team ? { teamId: values.team } : {}),
    });
    io.stdout(renderUsage(rows, days));
    return 0;
  } finally {
    await runtime.close();
  }
}

type Sums = Pick<UsageRow, 'calls' | 'promptTokens' | 'completionTokens' | 'articleTokens'>;

const HEADER = [
  'day',
  'purpose',
  'calls',
  'prompt',
  'completion',
  'article',
  'overhead/call',
  'completion/call',
];

/** A plain-text table per workspace, newest day first, then the workspace's total. */
export function renderUsage(rows: readonly UsageRow[], days: number): string {
  if (rows.length === 0) return `No LLM usage recorded in the last ${days} day${days === 1 ? '' : 's'}.\n`;
  const teams = [...new Set(rows.map((r) => r.teamId))].sort();
  const out: string[] = [];
  const all: Sums[] = [];
  for (const team of teams) {
    const mine = rows.filter((r) => r.teamId === team);
    const table = mine.map((r) => [r.day, r.purpose, ...figures(r)]);
    const total = sum(mine);
    all.push(total);
    table.push(['total', '', ...figures(total)]);
    out.push(`Workspace ${team || '(none: CLI and console)'}`, ...align([HEADER, ...table]), '');
  }
  if (teams.length > 1) {
    out.push(...align([HEADER, ['all workspaces', '', ...figures(sum(all))]]), '');
  }
  out.push(
    'Tokens as the LLM server reported them; article tokens are our estimate of the article text sent.',
  );
  return `${out.join('\n')}\n`;
}

function sum(rows: readonly Sums[]): Sums {
  return rows.reduce(
    (t, r) => ({
      calls: t.calls + r.calls,
      promptTokens: t.promptTokens + r.promptTokens,
      completionTokens: t.completionTokens + r.completionTokens,
      articleTokens: t.articleTokens + r.articleTokens,
    }),
    { calls: 0, promptTokens: 0, completionTokens: 0, articleTokens: 0 },
  );
}

function figures(r: Sums): string[] {
  const perCall = (n: number) => (r.calls > 0 ? Math.round(n / r.calls).toLocaleString('en') : '–');
  return [
    r.calls.toLocaleString('en'),
    r.promptTokens.toLocaleString('en'),
    r.completionTokens.toLocaleString('en'),
    r.articleTokens.toLocaleString('en'),
    perCall(Math.max(0, r.promptTokens - r.articleTokens)),
    perCall(r.completionTokens),
  ];
}

/** Left-aligned text columns, right-aligned figures. */
function align(table: string[][]): string[] {
  const widths = HEADER.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  return table.map((row) =>
    row
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

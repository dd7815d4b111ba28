/**
 * Faithfulness of the summary check on human-labelled news summaries (issue 17).
 *
 *   npm run eval:faithfulness [-- <data dir>] [--reasons]
 *
 * <data dir> holds items.json ([{ id, article, summary, supported, errorType }]), default
 * ../shared/bench/factuality (SummEdits news, 300 items, 25 articles). The items are split by
 * article: the tuning part (even-numbered articles in sorted order) was used to set thresholds,
 * the held-out part was not. Prints, per part and per method (BEFORE: today's article-wide check;
 * AFTER: the per-sentence claim check), the share of unsupported summaries caught per error type,
 * the share of supported ones kept, and balanced accuracy.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type FaithItem, type Method, type Scores, score, splitByArticle } from './faithfulness.ts';

const args = process.argv.slice(2);
const dir = resolve(args.find((a) => !a.startsWith('--')) ?? '../shared/bench/factuality');
const showReasons = args.includes('--reasons');
let items: FaithItem[];
try {
  items = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8')) as FaithItem[];
} catch (err) {
  console.error(`cannot read ${join(dir, 'items.json')}: ${(err as Error).message}`);
  process.exit(1);
}

const parts = splitByArticle(items);
const pct = (x: number) => (x * 100).toFixed(1);
const rows: string[] = [];
const types = new Set<string>();
const results: { part: string; method: Method; s: Scores; n: number }[] = [];
for (const [part, list] of [
  ['tune', parts.tune],
  ['held-out', parts.heldOut],
] as const) {
  for (const method of ['before', 'after'] as const) {
    const s = score(list, method);
    for (const t of Object.keys(s.caught)) types.add(t);
    results.push({ part, method, s, n: list.length });
  }
}
const typeList = ['all', ...[...types].filter((t) => t !== 'all').sort()];
console.log(`# Faithfulness: ${items.length} items from ${dir}\n`);
console.log(
  `| part | method | items | ${typeList.map((t) => `caught ${t}`).join(' | ')} | kept supported | balanced accuracy |`,
);
console.log(`|---|---|---|${typeList.map(() => '---|').join('')}---|---|`);
for (const { part, method, s, n } of results) {
  const cells = typeList.map((t) => (s.caught[t] ? `${pct(s.caught[t].share)} (${s.caught[t].n})` : '–'));
  rows.push(
    `| ${part} | ${method.toUpperCase()} | ${n} | ${cells.join(' | ')} | ${pct(s.kept.share)} (${s.kept.n}) | **${pct(s.balancedAccuracy)}** |`,
  );
}
console.log(rows.join('\n'));
console.log('\nTargets on the held-out part: balanced accuracy ≥ 75.0 with caught (all) ≥ 70.0.');
if (showReasons) {
  for (const { part, method, s } of results) {
    console.log(
      `\n${part} ${method}: false alarms ${JSON.stringify(s.reasons.falseAlarms)}; caught ${JSON.stringify(s.reasons.caught)}`,
    );
  }
}

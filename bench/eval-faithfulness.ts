/**
 * Faithfulness of the summary check on human-labelled news summaries (issue 17).
 *
 *   npm run eval:faithfulness [-- <data dir>] [--reasons] [--part tune|held-out] [--explain]
 *
 * <data dir> holds items.json ([{ id, article, summary, supported, errorType }]), default
 * ../shared/bench/factuality (SummEdits news, 300 items, 25 articles). The items are split by
 * article: the tuning part (even-numbered articles in sorted order) was used to set thresholds,
 * the held-out part was not. Prints, per part and per method (BEFORE: today's article-wide check;
 * AFTER: the per-sentence claim check), the share of unsupported summaries caught per error type,
 * the share of supported ones kept, and balanced accuracy. `--part` runs one part only; `--explain`
 * (tuning part only, never the held-out one) lists, per item, every rule each sentence fails and
 * the evidence it was given, then a per-rule table: supported summaries a rule rejects (false
 * alarms) and unsupported ones it catches.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { explain, type FaithItem, type Method, type Scores, score, splitByArticle } from './faithfulness.ts';

const args = process.argv.slice(2);
const dir = resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--part') ?? '../shared/bench/factuality',
);
const showReasons = args.includes('--reasons');
const explainTune = args.includes('--explain');
const onlyPart = args.includes('--part') ? args[args.indexOf('--part') + 1] : explainTune ? 'tune' : null;
if (onlyPart !== null && onlyPart !== 'tune' && onlyPart !== 'held-out') {
  console.error('--part is tune or held-out');
  process.exit(1);
}
if (explainTune && onlyPart !== 'tune') {
  console.error('--explain lists items of the tuning part only');
  process.exit(1);
}
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
  if (onlyPart !== null && part !== onlyPart) continue;
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

if (explainTune) {
  // Per rule: supported summaries it rejects, unsupported ones it catches (a summary counts once
  // per rule, whichever sentence fails it), and those it alone catches or rejects.
  const table: Record<
    string,
    { falseAlarm: number; caught: number; onlyFalseAlarm: number; onlyCaught: number }
  > = {};
  let missed = 0;
  console.log('\n## Tuning part, item by item\n');
  for (const item of parts.tune) {
    const sentences = explain(item);
    const rules = new Set(sentences.flatMap((s) => s.failures.map((f) => f.reason)));
    const label = item.supported ? 'SUPPORTED' : `UNSUPPORTED ${item.errorType}`;
    const verdict =
      rules.size === 0 ? (item.supported ? 'kept' : 'MISSED') : item.supported ? 'FALSE ALARM' : 'caught';
    if (!item.supported && rules.size === 0) missed++;
    console.log(`### ${item.id} — ${label} — ${verdict}`);
    for (const s of sentences) {
      console.log(`- ${s.sentence}`);
      for (const e of s.evidence) console.log(`    > [${e.sentence}] ${e.text}`);
      for (const f of s.failures) console.log(`    ✗ ${f.reason}: ${f.detail}`);
    }
    for (const r of rules) {
      const row = table[r] ?? { falseAlarm: 0, caught: 0, onlyFalseAlarm: 0, onlyCaught: 0 };
      table[r] = row;
      if (item.supported) {
        row.falseAlarm++;
        if (rules.size === 1) row.onlyFalseAlarm++;
      } else {
        row.caught++;
        if (rules.size === 1) row.onlyCaught++;
      }
    }
  }
  const supported = parts.tune.filter((i) => i.supported).length;
  console.log(
    `\n## Rules on the tuning part (${supported} supported, ${parts.tune.length - supported} unsupported; ${missed} unsupported missed)\n`,
  );
  console.log('| rule | rejects supported | of which alone | catches unsupported | of which alone |');
  console.log('|---|---|---|---|---|');
  for (const [rule, r] of Object.entries(table).sort((a, b) => b[1].falseAlarm - a[1].falseAlarm))
    console.log(`| ${rule} | ${r.falseAlarm} | ${r.onlyFalseAlarm} | ${r.caught} | ${r.onlyCaught} |`);
}

/**
 * Feed parsing against the hand-written corpus in fixtures/feeds/corpus: feeds parsed, items
 * matched (link and title), dates found, and what went wrong where.
 *
 *   npm run bench:feeds [-- --verbose]
 */
import { parseArgs } from 'node:util';
import { type FeedScore, scoreCorpus } from './feedCorpus.ts';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false } } });
const scores = scoreCorpus();
const sum = (f: (s: FeedScore) => number) => scores.reduce((n, s) => n + f(s), 0);
const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);

const feeds = scores.length;
const parsed = sum((s) => (s.parsed ? 1 : 0));
const threw = sum((s) => (s.error ? 1 : 0));
const items = sum((s) => s.items);
const matched = sum((s) => s.matched);
const extra = sum((s) => s.extra);
const dated = sum((s) => s.dated);
const datesFound = sum((s) => s.datesFound);
const titles = sum((s) => (s.titleOk ? 1 : 0));

console.log(`\n### Feed corpus (${feeds} feeds, fixtures/feeds/corpus)\n`);
console.log('| measure | result | target |');
console.log('|---|---|---|');
console.log(
  `| feeds parsed (right format, no exception) | ${parsed}/${feeds} (${pct(parsed, feeds)}) | 100% |`,
);
console.log(`| feeds that threw | ${threw} | 0 |`);
console.log(`| items matched (link and title) | ${matched}/${items} (${pct(matched, items)}) | 100% |`);
console.log(`| items not expected | ${extra} | 0 |`);
console.log(`| dates found | ${datesFound}/${dated} (${pct(datesFound, dated)}) | 100% |`);
console.log(`| feed titles | ${titles}/${feeds} | |`);
console.log(`| parse time, whole corpus | ${sum((s) => s.ms).toFixed(1)} ms | |`);

const wrong = scores.filter((s) => s.misses.length > 0 || s.error);
if (wrong.length > 0 || values.verbose) {
  console.log('\n| feed | items | dates | problems |');
  console.log('|---|---|---|---|');
  for (const s of values.verbose ? scores : wrong) {
    const problems = s.error ? `threw: ${s.error}` : s.misses.join('; ') || 'ok';
    console.log(
      `| ${s.name} | ${s.matched}/${s.items} | ${s.datesFound}/${s.dated} | ${problems.replace(/\|/g, '\\|')} |`,
    );
  }
}
process.exitCode = threw > 0 ? 1 : 0;

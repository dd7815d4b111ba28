/*
 * How well the offline answerer (src/answer/extractive.ts) finds the sentence that answers a
 * follow-up, and declines what the articles do not say, on the hand-written gold set in
 * fixtures/gold/answers/questions.json.
 *
 *   npm run eval:answers                  # both splits: top-1, top-3, unanswerable declined
 *   npm run eval:answers -- --verbose     # also every miss, with what was shown
 *   npm run eval:answers -- --calibrate   # sweep the decline threshold on the train split only
 *
 * A question is asked of its set's articles (a brief's articles: one, or several outlets of one
 * story). Top-1: the first sentence shown is one of the question's answer sentences; top-3: any
 * sentence shown is. A declined answerable question counts as a miss for both. Splits are by
 * article set: the held-out sets were written apart and are not used to tune anything.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIN_COVERAGE, selectAnswers } from '../src/answer/extractive.ts';
import { indexArticles, rank, type SentenceIndex } from '../src/answer/retrieve.ts';
import type { Article } from '../src/ingest/article.ts';
import { extractHtml } from '../src/ingest/extract.ts';
import { parsePlainText } from '../src/ingest/text.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const GOLD_PATH = 'fixtures/gold/answers/questions.json';
export const SPLITS = ['train', 'held-out'] as const;
export type Split = (typeof SPLITS)[number];

export interface GoldQuestion {
  set: string;
  question: string;
  /** Sentences of the set's articles that answer it (any one will do); empty: the articles do not say. */
  answers: string[];
  tags: string[];
}

export interface GoldSet {
  sets: Record<string, { split: Split; files: string[] }>;
  questions: GoldQuestion[];
}

/**
 * An article file as the app reads it. Story fixtures (fixtures/stories) carry a `key: value`
 * header before a `---` line: the title, site and date come from it, the text after it.
 */
export function loadArticleFile(path: string): Article {
  const raw = readFileSync(resolve(ROOT, path), 'utf8');
  if (/\.html?$/i.test(path)) return extractHtml(raw, { source: path, url: null });
  const header = /^((?:[a-z]+: .*\n)+)---\n/.exec(raw);
  if (!header) return parsePlainText(raw, { source: path });
  const fields = Object.fromEntries(
    (header[1] as string)
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return {
    ...parsePlainText(raw.slice(header[0].length), { source: path }),
    title: fields.title ?? null,
    siteName: fields.site ?? null,
    url: fields.url ?? null,
    publishedAt: fields.published ?? null,
  };
}

export function loadGold(path = GOLD_PATH): GoldSet {
  return JSON.parse(readFileSync(resolve(ROOT, path), 'utf8')) as GoldSet;
}

const same = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim();

export interface Figures {
  split: Split;
  answerable: number;
  top1: number;
  top3: number;
  unanswerable: number;
  declined: number;
  misses: Array<{ set: string; question: string; shown: string[]; expected: string[] }>;
}

/** Scores one split; `minCoverage` overrides the answerer's threshold (for calibration). */
export function evaluate(gold: GoldSet, split: Split, minCoverage = MIN_COVERAGE): Figures {
  const indexes = new Map<string, SentenceIndex>();
  const indexOf = (set: string): SentenceIndex => {
    let index = indexes.get(set);
    if (!index) {
      const files = gold.sets[set]?.files ?? [];
      index = indexArticles(files.map(loadArticleFile));
      indexes.set(set, index);
    }
    return index;
  };
  const figures: Figures = {
    split,
    answerable: 0,
    top1: 0,
    top3: 0,
    unanswerable: 0,
    declined: 0,
    misses: [],
  };
  for (const q of gold.questions) {
    if (gold.sets[q.set]?.split !== split) continue;
    const shown = selectAnswers(rank(q.question, indexOf(q.set)).ranked, minCoverage).map((r) =>
      same(r.sentence.text),
    );
    const expected = q.answers.map(same);
    if (expected.length === 0) {
      figures.unanswerable++;
      if (shown.length === 0) figures.declined++;
      else figures.misses.push({ set: q.set, question: q.question, shown, expected });
      continue;
    }
    figures.answerable++;
    const first = shown[0] !== undefined && expected.includes(shown[0]);
    if (first) figures.top1++;
    if (shown.some((s) => expected.includes(s))) figures.top3++;
    if (!first) figures.misses.push({ set: q.set, question: q.question, shown, expected });
  }
  return figures;
}

export const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);

function row(f: Figures): string {
  const pct = (n: number, of: number) => share(n, of).toFixed(2).padStart(5);
  return `| ${f.split.padEnd(8)} | ${String(f.answerable).padStart(10)} | ${pct(f.top1, f.answerable)} | ${pct(f.top3, f.answerable)} | ${String(f.unanswerable).padStart(12)} | ${pct(f.declined, f.unanswerable)}    |`;
}

function main(): void {
  const argv = process.argv.slice(2);
  const gold = loadGold();
  if (argv.includes('--calibrate')) {
    // Train split only: the held-out split is never looked at while choosing the threshold.
    console.log('| min coverage | top-1 | top-3 | declined | mean(top-1, declined) |');
    console.log('|---|---|---|---|---|');
    for (let t = 0.3; t <= 0.951; t += 0.05) {
      const f = evaluate(gold, 'train', t);
      const top1 = share(f.top1, f.answerable);
      const declined = share(f.declined, f.unanswerable);
      console.log(
        `| ${t.toFixed(2)} | ${top1.toFixed(2)} | ${share(f.top3, f.answerable).toFixed(2)} | ${declined.toFixed(2)} | ${((top1 + declined) / 2).toFixed(3)} |`,
      );
    }
    return;
  }
  const all = SPLITS.map((s) => evaluate(gold, s));
  console.log(`Offline answers, gold set ${GOLD_PATH} (decline below coverage ${MIN_COVERAGE})\n`);
  console.log('| split    | answerable | top-1 | top-3 | unanswerable | declined |');
  console.log('|----------|------------|-------|-------|--------------|----------|');
  for (const f of all) console.log(row(f));
  if (argv.includes('--verbose')) {
    for (const f of all) {
      for (const m of f.misses) {
        console.log(`\n[${f.split}] ${m.set}: ${m.question}`);
        console.log(`  expected: ${m.expected.length === 0 ? '(decline)' : m.expected.join(' || ')}`);
        for (const s of m.shown) console.log(`  shown:    ${s}`);
        if (m.shown.length === 0) console.log('  shown:    (declined)');
      }
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

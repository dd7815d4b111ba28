/*
 * How well the offline answerer (src/answer/extractive.ts) finds the sentence that answers a
 * follow-up, and declines what the articles do not say, on the hand-written gold set in
 * fixtures/gold/answers/questions.json.
 *
 *   npm run eval:answers                  # every split: top-1, top-3, unanswerable declined
 *   npm run eval:answers -- --verbose     # also every miss, with what was shown
 *   npm run eval:answers -- --calibrate   # sweep the decline threshold on the train split only
 *   npm run eval:answers -- --cv          # leave-one-set-out cross-validation over the train split
 *                                         # (ranker weights and threshold fitted per fold; hand order beside it)
 *   npm run eval:answers -- --train       # refit src/answer/ranker-weights.json on the train split
 *   npm run eval:answers -- --split train # one split only (tuning never looks at held-out)
 *
 * A question is asked of its set's articles (a brief's articles: one, or several outlets of one
 * story). Top-1: the first sentence shown is one of the question's answer sentences; top-3: any
 * sentence shown is. A declined answerable question counts as a miss for both. Splits are by
 * article set: the held-out sets were written apart and are not used to tune anything.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MIN_COVERAGE, selectAnswers } from '../src/answer/extractive.ts';
import { type Example, FEATURES, features, fitRanker, order, SHIPPED } from '../src/answer/ranker.ts';
import { indexArticles, type Ranked, rank, type SentenceIndex } from '../src/answer/retrieve.ts';
import type { Article } from '../src/ingest/article.ts';
import { extractHtml } from '../src/ingest/extract.ts';
import { parsePlainText } from '../src/ingest/text.ts';

export const ROOT = resolve(import.meta.dirname, '..');
export const GOLD_PATH = 'fixtures/gold/answers/questions.json';
/**
 * held-out: written apart from the answerer but scored in many earlier rounds, so no longer a clean
 * measure. held-out-2: six articles and their questions written before any change of this round,
 * committed on their own, and scored once at the end of its round (and a second time in the next).
 * held-out-3: four articles and their questions written the same way for the word-vector round.
 */
export const SPLITS = ['train', 'held-out', 'held-out-2', 'held-out-3'] as const;
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

/** A question with what the answerer ranked for it, before the decline threshold is applied. */
interface Asked {
  q: GoldQuestion;
  ranked: Ranked[];
  /** The learned ranker's features of each candidate, in `ranked` order. */
  feats: number[][];
}

/** Every question of these sets asked once (ranking does not depend on the threshold). */
function ask(gold: GoldSet, keep: (set: string) => boolean): Asked[] {
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
  return gold.questions
    .filter((q) => keep(q.set))
    .map((q) => {
      const index = indexOf(q.set);
      const { ranked, type } = rank(q.question, index);
      return { q, ranked, feats: features(q.question, type, ranked, index) };
    });
}

/** The fitting examples of these questions: each candidate marked answer or not. */
function examples(asked: readonly Asked[]): Example[] {
  return asked.map(({ q, ranked, feats }) => {
    const expected = new Set(q.answers.map(same));
    return { feats, answer: ranked.map((r) => expected.has(same(r.sentence.text))) };
  });
}

/** `weights`: the learned ranker's (null: the hand order of retrieve.ts). */
function score(
  asked: readonly Asked[],
  split: Split,
  minCoverage: number,
  weights: readonly number[] | null = SHIPPED,
): Figures {
  const figures: Figures = {
    split,
    answerable: 0,
    top1: 0,
    top3: 0,
    unanswerable: 0,
    declined: 0,
    misses: [],
  };
  for (const { q, ranked, feats } of asked) {
    const ordered = weights ? order(ranked, feats, weights) : ranked;
    const shown = selectAnswers(ordered, minCoverage).map((r) => same(r.sentence.text));
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

/** Scores one split; `minCoverage` overrides the answerer's threshold (for calibration). */
export function evaluate(
  gold: GoldSet,
  split: Split,
  minCoverage = MIN_COVERAGE,
  weights: readonly number[] | null = SHIPPED,
): Figures {
  return score(
    ask(gold, (set) => gold.sets[set]?.split === split),
    split,
    minCoverage,
    weights,
  );
}

/** Decline thresholds tried when calibrating. */
const THRESHOLDS = Array.from({ length: 14 }, (_, i) => Math.round((0.3 + 0.05 * i) * 100) / 100);
/** What calibration maximises: answering right and declining right count alike. */
const objective = (f: Figures) => (share(f.top1, f.answerable) + share(f.declined, f.unanswerable)) / 2;

/**
 * Leave-one-set-out cross-validation over the train split: for each train set, the decline
 * threshold is chosen on the other train sets and the set is scored at it. The summed figures say
 * how the threshold (and anything else tuned on train) carries to articles it was not chosen on.
 */
export function crossValidate(
  gold: GoldSet,
  opts: { learned?: boolean; l2?: number } = {},
): { figures: Figures; chosen: Map<string, number> } {
  const learned = opts.learned ?? true;
  const asked = ask(gold, (set) => gold.sets[set]?.split === 'train');
  const sets = [...new Set(asked.map((a) => a.q.set))];
  const total = score([], 'train', MIN_COVERAGE);
  const chosen = new Map<string, number>();
  for (const held of sets) {
    const rest = asked.filter((a) => a.q.set !== held);
    // The ranker's weights too are fitted on the other sets only.
    const weights = learned ? fitRanker(examples(rest), { l2: opts.l2 }) : null;
    const best = chooseThreshold(rest, weights);
    chosen.set(held, best);
    const f = score(
      asked.filter((a) => a.q.set === held),
      'train',
      best,
      weights,
    );
    total.answerable += f.answerable;
    total.top1 += f.top1;
    total.top3 += f.top3;
    total.unanswerable += f.unanswerable;
    total.declined += f.declined;
    total.misses.push(...f.misses);
  }
  return { figures: total, chosen };
}

/** The decline threshold that does best on these questions, ranked with `weights`. */
function chooseThreshold(asked: readonly Asked[], weights: readonly number[] | null): number {
  let best = THRESHOLDS[0] as number;
  let bestValue = -1;
  for (const t of THRESHOLDS) {
    const value = objective(score(asked, 'train', t, weights));
    if (value > bestValue + 1e-9) {
      best = t;
      bestValue = value;
    }
  }
  return best;
}

/** The ranker's weights fitted on the whole train split (what ships in ranker-weights.json). */
export function trainWeights(gold: GoldSet, l2?: number): { weights: number[]; threshold: number } {
  const asked = ask(gold, (set) => gold.sets[set]?.split === 'train');
  const weights = fitRanker(examples(asked), { l2 });
  return { weights, threshold: chooseThreshold(asked, weights) };
}

export const share = (n: number, of: number): number => (of === 0 ? 0 : n / of);

function row(f: Figures, label: string = f.split): string {
  const pct = (n: number, of: number) => share(n, of).toFixed(2).padStart(5);
  return `| ${label.padEnd(10)} | ${String(f.answerable).padStart(10)} | ${pct(f.top1, f.answerable)} | ${pct(f.top3, f.answerable)} | ${String(f.unanswerable).padStart(12)} | ${pct(f.declined, f.unanswerable)}    |`;
}

function printMisses(label: string, f: Figures): void {
  for (const m of f.misses) {
    console.log(`\n[${label}] ${m.set}: ${m.question}`);
    console.log(`  expected: ${m.expected.length === 0 ? '(decline)' : m.expected.join(' || ')}`);
    for (const s of m.shown) console.log(`  shown:    ${s}`);
    if (m.shown.length === 0) console.log('  shown:    (declined)');
  }
}

function main(): void {
  const argv = process.argv.slice(2);
  const gold = loadGold();
  const verbose = argv.includes('--verbose');
  const onlySplit = argv.includes('--split') ? (argv[argv.indexOf('--split') + 1] as Split) : null;
  if (onlySplit !== null && !SPLITS.includes(onlySplit)) {
    console.error(`--split takes one of: ${SPLITS.join(', ')}`);
    process.exitCode = 2;
    return;
  }
  if (argv.includes('--calibrate')) {
    // Train split only: the held-out split is never looked at while choosing the threshold.
    const asked = ask(gold, (set) => gold.sets[set]?.split === 'train');
    console.log('| min coverage | top-1 | top-3 | declined | mean(top-1, declined) |');
    console.log('|---|---|---|---|---|');
    for (const t of THRESHOLDS) {
      const f = score(asked, 'train', t);
      console.log(
        `| ${t.toFixed(2)} | ${share(f.top1, f.answerable).toFixed(2)} | ${share(f.top3, f.answerable).toFixed(2)} | ${share(f.declined, f.unanswerable).toFixed(2)} | ${objective(f).toFixed(3)} |`,
      );
    }
    return;
  }
  const header = () => {
    console.log('| split      | answerable | top-1 | top-3 | unanswerable | declined |');
    console.log('|------------|------------|-------|-------|--------------|----------|');
  };
  const l2 = argv.includes('--l2') ? Number(argv[argv.indexOf('--l2') + 1]) : undefined;
  if (argv.includes('--cv')) {
    console.log('Leave-one-set-out cross-validation over the train split: each train set scored with the');
    console.log(
      'ranker weights and decline threshold fitted on the other train sets (held-out splits not used)\n',
    );
    header();
    const hand = crossValidate(gold, { learned: false });
    console.log(row(hand.figures, 'CV hand'));
    const { figures, chosen } = crossValidate(gold, { learned: true, l2 });
    console.log(row(figures, 'train CV'));
    const thresholds = [...new Set(chosen.values())].sort();
    console.log(`\nthresholds chosen on the folds: ${thresholds.map((t) => t.toFixed(2)).join(', ')}`);
    console.log('CV hand: the hand order of retrieve.ts; train CV: the learned ranker (ranker.ts)');
    if (verbose) printMisses('train CV', figures);
    return;
  }
  if (argv.includes('--train')) {
    // Train split only, like every fitting here.
    const { weights, threshold } = trainWeights(gold, l2);
    const file = resolve(ROOT, 'src/answer/ranker-weights.json');
    const body = {
      about:
        'Weights of the learned answer ranker (src/answer/ranker.ts), fitted on the train split of fixtures/gold/answers by `npm run eval:answers -- --train`.',
      features: [...FEATURES],
      weights,
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    for (const [i, name] of FEATURES.entries()) console.log(`${name.padEnd(12)} ${weights[i]}`);
    console.log(
      `\ndecline threshold that does best on train with these weights: ${threshold} (MIN_COVERAGE is ${MIN_COVERAGE})`,
    );
    console.log(`\nwrote ${file}`);
    return;
  }
  const splits = onlySplit ? [onlySplit] : SPLITS;
  const all = splits.map((s) => evaluate(gold, s));
  console.log(`Offline answers, gold set ${GOLD_PATH} (decline below coverage ${MIN_COVERAGE})\n`);
  header();
  for (const f of all) console.log(row(f));
  if (!onlySplit) {
    const cv = crossValidate(gold).figures;
    console.log(row(cv, 'train CV'));
    console.log('\ntrain CV: each train set scored at the threshold chosen on the other train sets.');
  }
  if (verbose) for (const f of all) printMisses(f.split, f);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadArticleFile, loadGold, ROOT, SPLITS, share } from '../../bench/eval-answers.ts';
import { splitSentences } from '../../src/text/sentences.ts';

const gold = loadGold();
const splitOf = (set: string) => gold.sets[set]?.split;
const answerable = gold.questions.filter((q) => q.answers.length > 0);
const unanswerable = gold.questions.filter((q) => q.answers.length === 0);

describe('the answers gold set', () => {
  it('has at least 80 answerable and 25 unanswerable questions, on both splits', () => {
    expect(answerable.length).toBeGreaterThanOrEqual(80);
    expect(unanswerable.length).toBeGreaterThanOrEqual(25);
    for (const split of SPLITS) {
      expect(answerable.filter((q) => splitOf(q.set) === split).length, split).toBeGreaterThanOrEqual(30);
      expect(unanswerable.filter((q) => splitOf(q.set) === split).length, split).toBeGreaterThanOrEqual(10);
    }
  });

  it('covers abbreviations, pronouns, synonyms, numbers, dates, who and where', () => {
    for (const tag of ['abbreviation', 'pronoun', 'synonym', 'number', 'date', 'who', 'where'])
      expect(answerable.filter((q) => q.tags.includes(tag)).length, tag).toBeGreaterThanOrEqual(5);
  });

  it('splits by article: no file is in both splits', () => {
    const files = (split: string) =>
      new Set(Object.values(gold.sets).flatMap((s) => (s.split === split ? s.files : [])));
    const train = files('train');
    for (const split of SPLITS.filter((x) => x !== 'train'))
      expect(
        [...files(split)].filter((f) => train.has(f)),
        split,
      ).toEqual([]);
    for (const q of gold.questions) expect(gold.sets[q.set], q.question).toBeDefined();
  });

  it('every answer is a whole body sentence of its set’s articles', () => {
    for (const [name, set] of Object.entries(gold.sets)) {
      for (const file of set.files) expect(existsSync(resolve(ROOT, file)), file).toBe(true);
      const sentences = new Set(
        set.files.flatMap((f) =>
          splitSentences(loadArticleFile(f).text)
            .filter((s) => s.kind === 'body')
            .map((s) => s.text.trim()),
        ),
      );
      for (const q of gold.questions.filter((x) => x.set === name))
        for (const answer of q.answers) expect(sentences.has(answer), `${name}: ${q.question}`).toBe(true);
    }
  });
});

/**
 * What bench/README.md and the report give (measured 2026-12-03 with the learned ranker; held-out
 * splits run once, at the end of the round; held-out-3 added in the word-vector round, which
 * changed no answerer code); the eval must not fall below them.
 */
const REPORTED: Partial<Record<(typeof SPLITS)[number], { top1: number; top3: number; declined: number }>> = {
  train: { top1: 0.815, top3: 0.847, declined: 0.932 },
  'held-out': { top1: 0.565, top3: 0.652, declined: 0.917 },
  'held-out-2': { top1: 0.465, top3: 0.523, declined: 0.722 },
  'held-out-3': { top1: 0.196, top3: 0.274, declined: 0.818 },
};

describe('the offline answerer on the gold set', () => {
  it.each(SPLITS.filter((s) => REPORTED[s]))(
    '%s: top-1, top-3 and declined do not fall below the reported figures',
    (split) => {
      const f = evaluate(gold, split);
      const floor = REPORTED[split] as { top1: number; top3: number; declined: number };
      expect(share(f.top1, f.answerable)).toBeGreaterThanOrEqual(floor.top1 - 0.005);
      expect(share(f.top3, f.answerable)).toBeGreaterThanOrEqual(floor.top3 - 0.005);
      expect(share(f.declined, f.unanswerable)).toBeGreaterThanOrEqual(floor.declined - 0.005);
    },
  );
});

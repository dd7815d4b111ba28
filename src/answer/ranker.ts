/*
 * A learned re-ranking of retrieve.ts's candidates: each candidate sentence is described by a few
 * features (the hand-weighted score among them, but also exact-word and bigram overlap, the
 * question's rare words, answer-type match, position) and ordered by a linear score whose weights
 * are fitted on the gold set's train split (ranker-weights.json; retrain with
 * `npm run eval:answers -- --train`). Fitting is a listwise softmax: the weights that make an
 * answer sentence the most probable of its question's candidates. Pure: no I/O, no clock.
 *
 * Why learned: the hand weights in retrieve.ts were chosen on the wording they were tried on; a few
 * weights fitted under leave-one-set-out cross-validation say how much each signal carries to
 * articles that were not looked at.
 */
import { synonymsOf, type Term, tokens } from './expand.ts';
import type { QuestionType } from './questionType.ts';
import WEIGHTS from './ranker-weights.json' with { type: 'json' };
import type { Ranked, SentenceIndex } from './retrieve.ts';

export const FEATURES = [
  'handScore',
  'handTop',
  'handRank',
  'coverage',
  'typeMatch',
  'typed',
  'exact',
  'exactAround',
  'bigram',
  'lead',
  'early',
  'missing',
  'carried',
  'length',
  'number',
  'quote',
  'countNoun',
] as const;

const NUMBER_WORD =
  /^(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|millions)$/i;

/**
 * Whether a figure stands right before one of the question's words ("1,200 trucks", "2.3 million
 * customers"): what "how many trucks…" asks for, unlike a date or another count in the sentence.
 */
function countsNoun(text: string, wanted: ReadonlySet<Term>): number {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N},.'’-]*/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    if (!NUMBER_WORD.test((words[i] as string).replace(/[.,]$/, ''))) continue;
    for (let j = i + 1; j <= i + 3 && j < words.length; j++)
      if (tokens(words[j] as string).some((t) => wanted.has(t.term))) return 1;
  }
  return 0;
}

export interface Weights {
  features: readonly string[];
  weights: number[];
}

const idf = (n: number, df: number): number => Math.log(1 + (n - df + 0.5) / (df + 0.5));

/** The question's own content terms with their rarity in these articles (unseen: as rare as the rarest). */
function questionTerms(question: string, index: SentenceIndex): { term: Term; weight: number }[] {
  const n = index.sentences.length;
  const seen = new Set<Term>();
  const out: { term: Term; weight: number }[] = [];
  for (const t of tokens(question)) {
    if (seen.has(t.term)) continue;
    seen.add(t.term);
    out.push({ term: t.term, weight: idf(n, Math.max(1, index.df.get(t.term) ?? 1)) });
  }
  return out;
}

/** Adjacent pairs of the question's terms: "border crossing", "council tax". */
const pairs = (terms: readonly Term[]): string[] => terms.slice(1).map((t, i) => `${terms[i] as Term} ${t}`);

/** One feature vector per candidate, in the order of `ranked`. */
export function features(
  question: string,
  type: QuestionType,
  ranked: readonly Ranked[],
  index: SentenceIndex,
): number[][] {
  const q = questionTerms(question, index);
  const qTotal = q.reduce((a, b) => a + b.weight, 0) || 1;
  const qPairs = pairs(tokens(question).map((t) => t.term));
  const best = ranked[0]?.score || 1;
  const typed = type !== 'other' ? 1 : 0;
  const wanted = new Set(q.flatMap(({ term }) => [term, ...synonymsOf(term)]));
  const counting = type === 'number' || type === 'measure' || type === 'duration' || type === 'age' ? 1 : 0;
  return ranked.map((r, i) => {
    const s = r.sentence;
    const own = new Set(s.terms);
    const around = new Set([...s.carriedTerms, ...s.contextTerms]);
    let exact = 0;
    let exactAround = 0;
    for (const { term, weight } of q) {
      if (own.has(term)) exact += weight;
      else if (around.has(term)) exactAround += weight;
    }
    const sPairs = new Set([
      ...pairs(s.terms),
      ...s.terms.slice(2).map((t, j) => `${s.terms[j] as Term} ${t}`),
    ]);
    const bigram = qPairs.length === 0 ? 0 : qPairs.filter((p) => sPairs.has(p)).length / qPairs.length;
    return [
      r.score / best,
      i === 0 ? 1 : 0,
      1 / (1 + i),
      r.coverage,
      r.typeMatch,
      typed * r.typeMatch,
      exact / qTotal,
      exactAround / qTotal,
      bigram,
      s.lead ? 1 : 0,
      1 / (1 + s.index),
      Math.min(r.missing, 3) / 3,
      s.carried ? 1 : 0,
      Math.log(1 + s.terms.length) / Math.log(50),
      s.kinds.number,
      s.kinds.quote,
      counting * countsNoun(s.text, wanted),
    ];
  });
}

export const dot = (w: readonly number[], f: readonly number[]): number =>
  f.reduce((sum, x, i) => sum + x * (w[i] ?? 0), 0);

/** The shipped weights, in FEATURES order (a missing feature weighs 0). */
export const SHIPPED: number[] = FEATURES.map((name) => {
  const at = (WEIGHTS as Weights).features.indexOf(name);
  return at < 0 ? 0 : ((WEIGHTS as Weights).weights[at] ?? 0);
});

/** The candidates reordered by the learned score, best first; `learned` is each one's softmax share. */
export function rerank(
  question: string,
  type: QuestionType,
  ranked: readonly Ranked[],
  index: SentenceIndex,
  weights: readonly number[] = SHIPPED,
): Ranked[] {
  return order(ranked, features(question, type, ranked, index), weights);
}

/** `ranked` ordered by w·f (ties: the hand order), each with its softmax share as `learned`. */
export function order(
  ranked: readonly Ranked[],
  feats: readonly number[][],
  weights: readonly number[],
): Ranked[] {
  const z = feats.map((f) => dot(weights, f));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0) || 1;
  return ranked
    .map((r, i) => ({
      r: { ...r, learned: (e[i] as number) / sum },
      z: z[i] as number,
      i,
    }))
    .sort((a, b) => b.z - a.z || a.i - b.i)
    .map((x) => x.r);
}

/** One question's candidates for fitting: their features and which are answers. */
export interface Example {
  feats: number[][];
  answer: boolean[];
}

/**
 * Listwise softmax fit: maximise, over questions with an answer among their candidates, the log of
 * the probability given to the answer sentences, with an L2 penalty (few questions, many
 * correlated features). Plain gradient ascent: a few hundred steps over a few hundred questions.
 */
export function fitRanker(
  examples: readonly Example[],
  opts: { l2?: number; steps?: number; rate?: number } = {},
): number[] {
  const l2 = opts.l2 ?? 0.001;
  const steps = opts.steps ?? 3000;
  const rate = opts.rate ?? 0.5;
  const usable = examples.filter((x) => x.answer.some(Boolean) && x.feats.length > 1);
  const w = FEATURES.map(() => 0);
  for (let step = 0; step < steps; step++) {
    const grad = w.map((v) => -l2 * v);
    for (const x of usable) {
      const z = x.feats.map((f) => dot(w, f));
      const top = Math.max(...z);
      const e = z.map((v) => Math.exp(v - top));
      const sum = e.reduce((a, b) => a + b, 0);
      const sumAns = e.reduce((a, v, i) => a + (x.answer[i] ? v : 0), 0);
      x.feats.forEach((f, i) => {
        const p = (e[i] as number) / sum;
        const pa = x.answer[i] ? (e[i] as number) / sumAns : 0;
        for (let k = 0; k < f.length; k++)
          grad[k] = (grad[k] as number) + ((pa - p) * (f[k] as number)) / usable.length;
      });
    }
    for (let k = 0; k < w.length; k++) w[k] = (w[k] as number) + rate * (grad[k] as number);
  }
  return w.map((v) => Math.round(v * 1000) / 1000);
}

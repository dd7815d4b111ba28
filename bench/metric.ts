/**
 * The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark, evaluate.py),
 * reimplemented: 4-token shingles over `\w+` tokens, multiset TP/FP/FN normalised per page,
 * precision averaged over pages with output, recall over pages with ground truth, F1 of the means.
 */

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Scores {
  f1: number;
  precision: number;
  recall: number;
  /** Share of pages whose token sequence equals the ground truth exactly. */
  accuracy: number;
}

// Python's `\w` on str: characters for which str.isalnum() is true, plus "_". isalnum covers the
// letter categories (L*) and the numeric ones (Nd, Nl, No); combining marks are not included.
const TOKEN_RE = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Shingles (token windows joined by a space) with their counts. Fewer than n tokens give one shingle. */
export function shingles(text: string, n = 4): Map<string, number> {
  const tokens = tokenize(text);
  const out = new Map<string, number>();
  const last = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < last; i++) {
    const window = tokens.slice(i, i + n);
    if (window.length === 0) continue;
    const key = window.join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Normalised TP/FP/FN (summing to 1, or all 0 when both texts are empty) for one page. */
export function shingleCounts(truth: string, pred: string, n = 4): Counts {
  const t = shingles(truth, n);
  const p = shingles(pred, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, tc] of t) {
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [key, pc] of p) {
    const tc = t.get(key) ?? 0;
    fp += Math.max(0, pc - tc);
  }
  const s = tp + fp + fn;
  return s > 0 ? { tp: tp / s, fp: fp / s, fn: fn / s } : { tp, fp, fn };
}

export function precisionScore({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}

export function recallScore({ tp, fp, fn }: Counts): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}

export function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function scoreAll(
  truth: Record<string, { articleBody?: string }>,
  pred: Record<string, { articleBody?: string }>,
): Scores & { perPage: Record<string, Counts> } {
  const perPage: Record<string, Counts> = {};
  const precisions: number[] = [];
  const recalls: number[] = [];
  const exact: number[] = [];
  for (const [id, t] of Object.entries(truth)) {
    const trueText = t.articleBody ?? '';
    const predText = pred[id]?.articleBody ?? '';
    const c = shingleCounts(trueText, predText);
    perPage[id] = c;
    if (c.tp + c.fp > 0) precisions.push(precisionScore(c));
    if (c.tp + c.fn > 0) recalls.push(recallScore(c));
    exact.push(sameTokens(trueText, predText) ? 1 : 0);
  }
  const precision = mean(precisions);
  const recall = mean(recalls);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, accuracy: mean(exact), perPage };
}

function sameTokens(a: string, b: string): boolean {
  const x = tokenize(a);
  const y = tokenize(b);
  return x.length === y.length && x.every((tok, i) => tok === y[i]);
}

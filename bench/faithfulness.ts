/**
 * Scoring for the faithfulness evaluation (bench/eval-faithfulness.ts and its CI slice): is a
 * summary supported by its article, by today's article-wide vocabulary check (BEFORE) and by the
 * per-sentence claim check (AFTER), where each summary sentence gets the article sentences a model
 * would most likely cite (likelyEvidence) as its evidence.
 */
import {
  type EvidenceSpan,
  likelyEvidence,
  type SentenceVerdict,
  sentenceFailures,
  splitClaims,
} from '../src/brief/sentenceCheck.ts';
import { supportChecker } from '../src/brief/support.ts';
import { splitSentences } from '../src/text/sentences.ts';

export interface FaithItem {
  id: string;
  article: string;
  summary: string;
  supported: boolean;
  /** Error types joined with "+", or null when supported. */
  errorType: string | null;
  publishedAt?: string | null;
}

export type Method = 'before' | 'after';

/** Article sentences picked first per summary sentence (then one per uncovered name or number, up to 3); tuned on the tuning part. */
export const EVIDENCE_K = 1;
export const EVIDENCE_MAX = 3;

/** The article's prose sentences as evidence spans. */
export function articleSpans(article: string): EvidenceSpan[] {
  // Some stored articles lost the space between sentences ("detectives.The latest").
  return splitSentences(article.replace(/(?<=\p{Ll}[.!?]["”’']?)(?=\p{Lu}\p{Ll})/gu, ' '))
    .filter((s) => s.kind !== 'noise')
    .map((s, i) => ({ text: s.text, article: 0, sentence: i }));
}

/**
 * FRANK's summaries carry their models' tokenisation: "UNK"/"[UNK]" where a model could not spell
 * a word (annotators judged around it) and "-LRB-"/"-RRB-" for brackets. Not words of the claim.
 */
export function modelTokensCleaned(summary: string): string {
  return summary
    .replace(/\[UNK\]|\bUNK\b/g, '')
    .replace(/-LRB-/g, '(')
    .replace(/-RRB-/g, ')')
    .replace(/ {2,}/g, ' ');
}

/** Knobs of the AFTER method, set on the tuning part; defaults are the committed values. */
export interface AfterConfig {
  first: number;
  max: number;
  minCoverage?: number;
  contextCredit?: number;
  minClauseCoverage?: number;
  wordnetSenses?: number;
  quotations?: boolean;
  useContext: boolean;
}
export const DEFAULT_CONFIG: AfterConfig = { first: EVIDENCE_K, max: EVIDENCE_MAX, useContext: true };

/** Each summary sentence with the evidence retrieval gives it and every rule it fails. */
export function explain(
  item: FaithItem,
  config: AfterConfig = DEFAULT_CONFIG,
): { sentence: string; evidence: EvidenceSpan[]; failures: SentenceVerdict[] }[] {
  const spans = articleSpans(item.article);
  return splitClaims(modelTokensCleaned(item.summary)).map((sentence) => {
    const evidence = likelyEvidence(sentence, spans, config.first, config.max);
    return {
      sentence,
      evidence,
      failures: sentenceFailures(sentence, evidence, {
        publishedAt: item.publishedAt ?? null,
        ...(config.useContext ? { context: item.article } : {}),
        ...(config.minCoverage !== undefined ? { minCoverage: config.minCoverage } : {}),
        ...(config.contextCredit !== undefined ? { contextCredit: config.contextCredit } : {}),
        ...(config.minClauseCoverage !== undefined ? { minClauseCoverage: config.minClauseCoverage } : {}),
        ...(config.wordnetSenses !== undefined ? { wordnetSenses: config.wordnetSenses } : {}),
        ...(config.quotations !== undefined ? { quotations: config.quotations } : {}),
      }),
    };
  });
}

/** Why the summary is judged unsupported, or null when it is judged supported. */
export function judge(item: FaithItem, method: Method, config = DEFAULT_CONFIG): string | null {
  if (method === 'before') return supportChecker([item.article])(item.summary, { english: true });
  for (const { failures } of explain(item, config)) {
    const first = failures[0];
    if (first) return `${first.reason}: ${first.detail}`;
  }
  return null;
}

export interface Scores {
  /** Per error type (and "all"): unsupported items, and the share caught. */
  caught: Record<string, { n: number; share: number }>;
  kept: { n: number; share: number };
  balancedAccuracy: number;
  /** Rejection reasons on supported items (false alarms) and caught ones, for tuning. */
  reasons: { falseAlarms: Record<string, number>; caught: Record<string, number> };
}

export function score(items: readonly FaithItem[], method: Method, config = DEFAULT_CONFIG): Scores {
  const caught: Record<string, { n: number; hit: number }> = { all: { n: 0, hit: 0 } };
  let supported = 0;
  let kept = 0;
  const falseAlarms: Record<string, number> = {};
  const caughtReasons: Record<string, number> = {};
  for (const item of items) {
    const why = judge(item, method, config);
    const reason = why?.split(':')[0] ?? '';
    if (item.supported) {
      supported++;
      if (why === null) kept++;
      else falseAlarms[reason] = (falseAlarms[reason] ?? 0) + 1;
      continue;
    }
    if (why !== null) caughtReasons[reason] = (caughtReasons[reason] ?? 0) + 1;
    for (const type of ['all', ...(item.errorType ?? 'unspecified').split('+')]) {
      const c = caught[type] ?? { n: 0, hit: 0 };
      caught[type] = c;
      c.n++;
      if (why !== null) c.hit++;
    }
  }
  const share = (hit: number, n: number) => (n === 0 ? 0 : hit / n);
  const keptShare = share(kept, supported);
  const caughtAll = share(caught.all?.hit ?? 0, caught.all?.n ?? 0);
  return {
    caught: Object.fromEntries(
      Object.entries(caught).map(([k, v]) => [k, { n: v.n, share: share(v.hit, v.n) }]),
    ),
    kept: { n: supported, share: keptShare },
    balancedAccuracy: (caughtAll + keptShare) / 2,
    reasons: { falseAlarms, caught: caughtReasons },
  };
}

/**
 * The article an item belongs to: SummEdits ids are `<set>/<article id>_<edit #>`, FRANK's
 * `<set>/<hash>_<model>` (a model name may hold "_": "bert_sum"), so everything before the first "_".
 */
export function articleOf(id: string): string {
  const tail = id.split('/').pop() ?? id;
  return tail.split('_')[0] as string;
}

/** Split by article (never one article on both sides): every other article, in sorted order. */
export function splitByArticle(items: readonly FaithItem[]): { tune: FaithItem[]; heldOut: FaithItem[] } {
  const articles = [...new Set(items.map((i) => articleOf(i.id)))].sort();
  const tuneSet = new Set(articles.filter((_, i) => i % 2 === 0));
  return {
    tune: items.filter((i) => tuneSet.has(articleOf(i.id))),
    heldOut: items.filter((i) => !tuneSet.has(articleOf(i.id))),
  };
}

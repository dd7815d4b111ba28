/*
 * Precision and recall of the extractive engine against the hand-written gold set.
 *
 *   npm run eval:extractive                      # development articles
 *   npm run eval:extractive -- --split held-out  # the held-out articles (evaluate these last)
 *   npm run eval:extractive -- --split all --verbose
 *   npm run eval:extractive -- --dir fixtures/gold/extractive
 *   npm run eval:extractive -- --verified        # score the brief after verifyBrief, as users see it
 *
 * Matching (all text NFKD-folded, lowercased, punctuation → space):
 * - who: a predicted name matches a gold name (or its alias, written "Name (ALIAS)") when equal, when
 *   one contains the other as whole words and the shorter has two or more words, or when the
 *   prediction is one word equal to a word of the gold name (surname-only "Lee" ~ "Lee Jae-myung").
 * - where: one contains the other as whole words ("Penang" ~ "Penang, Malaysia").
 * - when: the expressions overlap (one contains the other after dropping leading prepositions such
 *   as "on", "by", "in") and the dates are equal (null equals null).
 * - agreements, nextSteps: a predicted item matches a gold key phrase when its evidence contains it.
 * Precision = matched predictions / predictions; recall = gold items matched by any prediction.
 * Totals are micro-averaged over articles. Also counts items verifyBrief would drop (should be 0).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyBrief } from '../src/brief/verify.ts';
import { extractiveBrief } from '../src/extractive/index.ts';
import type { Article } from '../src/ingest/article.ts';

/** Kept aside while the engine was developed; evaluated at the end only. */
const HELD_OUT = new Set([
  'quake-peru',
  'merger-nordic-insurers',
  'korea-china-trade',
  'drug-approval-kidney',
  'transit-light-rail',
  // fixtures/gold/extractive-ko and extractive-ja (--dir): Korean and Japanese reports.
  'ko-typhoon-1',
  'ko-typhoon-2',
  'ko-rates-1',
  'ko-rates-2',
  'ko-chips-1',
  'ko-chips-2',
  'ja-typhoon-1',
  'ja-typhoon-2',
  'ja-rates-1',
  'ja-rates-2',
  'ja-chips-1',
  'ja-chips-2',
  // written for issue 14 (past events, commentary, cut sentences, future months); scored once
  'fisheries-pact-fiji-tonga',
  'rail-strike-deal-spain',
]);

interface Gold {
  who: string[];
  where: string[];
  when: Array<{ text: string; date: string | null }>;
  agreements: string[];
  nextSteps: string[];
}

interface GoldFile {
  article: { title: string | null; text: string; publishedAt: string | null };
  gold: Gold;
}

const FIELDS = ['who', 'where', 'when', 'agreements', 'nextSteps'] as const;
type Field = (typeof FIELDS)[number];

const norm = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Whole words; in Korean, Japanese and Chinese, where particles attach and spaces are few, a substring. */
const containsWords = (hay: string, needle: string): boolean =>
  needle !== '' &&
  (/[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(needle)
    ? hay.replaceAll(' ', '').includes(needle.replaceAll(' ', ''))
    : ` ${hay} `.includes(` ${needle} `));

function aliases(gold: string): string[] {
  const m = /^(.*?)\s*\(([^)]+)\)\s*$/.exec(gold);
  return (m ? [m[1] as string, m[2] as string] : [gold]).map(norm);
}

function whoMatches(pred: string, gold: string): boolean {
  const p = norm(pred);
  return aliases(gold).some((g) => {
    if (p === g) return true;
    const [short, long] = p.length <= g.length ? [p, g] : [g, p];
    if (short.split(' ').length >= 2 && containsWords(long, short)) return true;
    return !p.includes(' ') && g.split(' ').includes(p);
  });
}

function whereMatches(pred: string, gold: string): boolean {
  const p = norm(pred);
  return aliases(gold).some((g) => containsWords(p, g) || containsWords(g, p));
}

const PREPS =
  /^(?:(?:on|by|in|at|until|till|before|after|from|around|starting|since|through|during|early|late|the)\s+)+/;
const whenCore = (s: string): string => norm(s).replace(PREPS, '');

function whenMatches(
  pred: { text: string; date: string | null },
  gold: { text: string; date: string | null },
) {
  const p = whenCore(pred.text);
  const g = whenCore(gold.text);
  return (containsWords(p, g) || containsWords(g, p)) && pred.date === gold.date;
}

const phraseMatches = (evidence: string, phrase: string): boolean =>
  containsWords(norm(evidence), norm(phrase));

interface Counts {
  pred: number;
  predOk: number;
  gold: number;
  goldOk: number;
}

const zero = (): Counts => ({ pred: 0, predOk: 0, gold: 0, goldOk: 0 });

function score<P, G>(
  preds: P[],
  golds: G[],
  match: (p: P, g: G) => boolean,
): Counts & { misses: G[]; wrong: P[] } {
  const wrong = preds.filter((p) => !golds.some((g) => match(p, g)));
  const misses = golds.filter((g) => !preds.some((p) => match(p, g)));
  return {
    pred: preds.length,
    predOk: preds.length - wrong.length,
    gold: golds.length,
    goldOk: golds.length - misses.length,
    misses,
    wrong,
  };
}

function args(argv: string[]): {
  dir: string;
  split: 'dev' | 'held-out' | 'all';
  verbose: boolean;
  verified: boolean;
} {
  let dir = 'fixtures/gold/extractive';
  let split: 'dev' | 'held-out' | 'all' = 'dev';
  let verbose = false;
  let verified = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dir') dir = argv[++i] ?? dir;
    else if (a === '--split') {
      const v = argv[++i];
      if (v !== 'dev' && v !== 'held-out' && v !== 'all')
        throw new Error('--split must be dev, held-out or all');
      split = v;
    } else if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--verified') verified = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return { dir, split, verbose, verified };
}

const fmt = (n: number, d: number): string => (d === 0 ? '—' : (n / d).toFixed(2));

function main(): void {
  const { dir, split, verbose, verified } = args(process.argv.slice(2));
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .filter((f) => {
      const held = HELD_OUT.has(f.replace(/\.json$/, ''));
      return split === 'all' || (split === 'held-out' ? held : !held);
    })
    .sort();
  const totals: Record<Field, Counts> = {
    who: zero(),
    where: zero(),
    when: zero(),
    agreements: zero(),
    nextSteps: zero(),
  };
  let dropped = 0;
  let adjusted = 0;
  for (const f of files) {
    const { article: a, gold } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as GoldFile;
    const article: Article = { ...a, source: f, url: null, siteName: null, lang: 'en' };
    const draft = extractiveBrief(article);
    const v = verifyBrief(draft, [article]);
    const brief = verified ? v.brief : draft;
    dropped += v.dropped.length;
    adjusted += v.adjustments.length;
    const results = {
      who: score(
        brief.who.map((w) => w.name),
        gold.who,
        whoMatches,
      ),
      where: score(
        brief.where.map((w) => w.place),
        gold.where,
        whereMatches,
      ),
      when: score(
        brief.when.map((w) => ({ text: w.text, date: w.date })),
        gold.when,
        whenMatches,
      ),
      agreements: score(
        brief.agreements.map((x) => x.evidence),
        gold.agreements,
        phraseMatches,
      ),
      nextSteps: score(
        brief.nextSteps.map((x) => x.evidence),
        gold.nextSteps,
        phraseMatches,
      ),
    };
    if (verbose) console.log(`\n## ${f}`);
    for (const field of FIELDS) {
      const r = results[field];
      const t = totals[field];
      t.pred += r.pred;
      t.predOk += r.predOk;
      t.gold += r.gold;
      t.goldOk += r.goldOk;
      if (verbose && (r.wrong.length > 0 || r.misses.length > 0)) {
        const show = (x: unknown) => (typeof x === 'string' ? x.slice(0, 90) : JSON.stringify(x));
        console.log(
          `- ${field}: extra ${r.wrong.map(show).join(' | ') || '—'}; missed ${r.misses.map(show).join(' | ') || '—'}`,
        );
      }
    }
  }
  const which = verified ? 'after verifyBrief' : 'engine output';
  console.log(`\nExtractive engine vs gold (${split}: ${files.length} articles, ${which}, ${dir})\n`);
  console.log('| field | precision | recall | F1 | predicted | gold |');
  console.log('|---|---|---|---|---|---|');
  const sum = zero();
  for (const field of FIELDS) {
    const t = totals[field];
    const p = t.pred === 0 ? 0 : t.predOk / t.pred;
    const r = t.gold === 0 ? 0 : t.goldOk / t.gold;
    const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
    console.log(
      `| ${field} | ${fmt(t.predOk, t.pred)} | ${fmt(t.goldOk, t.gold)} | ${f1.toFixed(2)} | ${t.pred} | ${t.gold} |`,
    );
    sum.pred += t.pred;
    sum.predOk += t.predOk;
    sum.gold += t.gold;
    sum.goldOk += t.goldOk;
  }
  const p = sum.predOk / Math.max(1, sum.pred);
  const r = sum.goldOk / Math.max(1, sum.gold);
  console.log(
    `| **total** | ${fmt(sum.predOk, sum.pred)} | ${fmt(sum.goldOk, sum.gold)} | ${(p + r === 0 ? 0 : (2 * p * r) / (p + r)).toFixed(2)} | ${sum.pred} | ${sum.gold} |`,
  );
  console.log(`\nverifyBrief: ${dropped} items dropped, ${adjusted} dates adjusted.`);
}

main();

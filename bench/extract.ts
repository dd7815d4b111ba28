/**
 * Article-extraction benchmark: extracts every page of the dataset and scores the bodies with the
 * upstream metric (see bench/metric.ts).
 *
 *   npm run bench:extract -- --data ../shared/bench/article-extraction [--out out.json] [--worst 10]
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { extractBatch } from '../src/ingest/batch.ts';
import { decodeBytes } from '../src/ingest/decode.ts';
import { extractHtml } from '../src/ingest/extract.ts';

/** Pages extracted once, untimed, before the measured pass, so that timings are not JIT warm-up. */
const WARMUP_PAGES = 10;

import { scoreAll } from './metric.ts';

/** Published results (upstream README; F1 / precision / recall), printed for comparison. */
const REFERENCE: [string, number, number, number][] = [
  ['rs_trafilatura 9261e08', 0.97, 0.951, 0.99],
  ['Zyte AutoExtract (Nov 2019)', 0.97, 0.984, 0.956],
  ['go_trafilatura', 0.96, 0.94, 0.98],
  ['trafilatura 2.0.0', 0.958, 0.938, 0.978],
  ['newspaper4k 0.9.3.1', 0.949, 0.964, 0.934],
  ['readability_js (@mozilla/readability 0.6.0 + jsdom 27.0.0)', 0.947, 0.914, 0.982],
  ['html-text (all page text, baseline)', 0.665, 0.5, 0.994],
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      worst: { type: 'string' },
    },
  });
  if (!values.data) {
    console.error('usage: bench/extract.ts --data DIR [--out FILE.json] [--worst N]');
    return 2;
  }
  const dir = values.data;
  const truth = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody?: string; url?: string }
  >;
  await warmUp(dir);
  const times: number[] = [];
  const failures: string[] = [];
  const pred = await extractBatch(dir, {
    onPage: (id, _article, ms, error) => {
      times.push(ms);
      if (error) failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    },
  });
  const scores = scoreAll(truth, pred);
  times.sort((a, b) => a - b);
  const median = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);

  const f = (x: number) => x.toFixed(3);
  console.log('| extractor | pages | F1 | precision | recall | median ms/page | p95 ms/page |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| newsbrief (Readability 0.6.0 + linkedom, pruned) | ${Object.keys(pred).length} | ${f(scores.f1)} | ` +
      `${f(scores.precision)} | ${f(scores.recall)} | ${median.toFixed(1)} | ${p95.toFixed(1)} |`,
  );
  for (const [name, f1, p, r] of REFERENCE)
    console.log(`| ${name} (published) | 181 | ${f(f1)} | ${f(p)} | ${f(r)} | | |`);
  const cpu = cpus();
  console.log(
    `\nMachine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ` +
      `load average ${loadavg()[0]?.toFixed(2)}. Times per page: decoding + extraction, one pass after a ` +
      `${WARMUP_PAGES}-page warm-up.`,
  );
  console.log(`Accuracy (exact token match): ${f(scores.accuracy)}.`);
  if (failures.length) console.log(`Failed pages (${failures.length}):\n${failures.join('\n')}`);

  const worst = Number(values.worst ?? 0);
  if (worst > 0) {
    const rows = Object.entries(scores.perPage)
      .map(([id, c]) => ({ id, lost: c.fp + c.fn, fp: c.fp, fn: c.fn, url: truth[id]?.url ?? '' }))
      .sort((a, b) => b.lost - a.lost)
      .slice(0, worst);
    console.log('\n| id | fp | fn | url |\n|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.id.slice(0, 12)} | ${f(r.fp)} | ${f(r.fn)} | ${r.url} |`);
  }
  if (values.out) {
    await writeFile(values.out, `${JSON.stringify(pred, null, 2)}\n`);
    console.log(`\nWrote ${values.out}.`);
  }
  return 0;
}

async function warmUp(dir: string): Promise<void> {
  const names = (await readdir(join(dir, 'html')))
    .filter((n) => /\.html?(\.gz)?$/i.test(n))
    .slice(0, WARMUP_PAGES);
  for (const name of names) {
    const raw = await readFile(join(dir, 'html', name));
    try {
      extractHtml(decodeBytes(name.endsWith('.gz') ? gunzipSync(raw) : raw).text, { source: name });
    } catch {
      // A page that fails here fails in the measured pass too, where it is reported.
    }
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

process.exitCode = await main();

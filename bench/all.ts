/**
 * Every benchmark in bounded time, one report: extraction, store, digest, load, faithfulness, tokens
 * per brief, the feed corpus and streamed briefs, each run as its own process with its own time
 * limit, their tables collected into bench/REPORT.md (machine, Node version, date, commit, load
 * average) and printed.
 *
 *   npm run bench [-- --data ../shared/bench/article-extraction] [--quick]
 *
 * Sizes are cut to fit under 15 minutes on a 2-core machine: store 10k articles (PGlite; also
 * PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set), digest 300 channels, load
 * at the full 30 s per rate (about 4 minutes in all on 2 cores). `--quick` shortens them
 * (a smoke run). The standalone scripts take the full sizes (see bench/README.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../', import.meta.url));

interface Step {
  name: string;
  script: string;
  args: string[];
  limitSeconds: number;
  /** Why it did not run, when it cannot. */
  skip?: string;
  env?: Record<string, string>;
}

interface Outcome {
  step: Step;
  seconds: number;
  code: number | null;
  timedOut: boolean;
  output: string;
}

function run(step: Step): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, step.script), ...step.args], {
      cwd: root,
      env: { ...process.env, ...step.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    // Progress lines go to our stderr as they come, so a long run shows it is alive.
    child.stderr.on('data', (c: Buffer) => process.stderr.write(c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, step.limitSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ step, seconds: (performance.now() - started) / 1000, code, timedOut, output });
    });
  });
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/bench/article-extraction' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: join(root, 'bench/REPORT.md') },
    },
  });
  const quick = values.quick;
  const data = resolve(values.data);
  const postgres = Boolean(process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL);
  const steps: Step[] = [
    {
      name: 'Article extraction',
      script: 'bench/extract.ts',
      args: ['--data', data],
      limitSeconds: 180,
      ...(existsSync(data) ? {} : { skip: `no benchmark data at ${values.data} (pass --data DIR)` }),
    },
    {
      name: 'Store',
      script: 'bench/store.ts',
      args: [
        '--sizes',
        quick ? '2000' : '10000',
        '--engines',
        postgres ? 'pglite,postgres' : 'pglite',
        '--queries',
        '100',
      ],
      limitSeconds: 360,
    },
    {
      name: 'Digest',
      script: 'bench/digest.ts',
      args: ['--channels', quick ? '50' : '300'],
      limitSeconds: 180,
    },
    {
      name: 'Load',
      script: 'bench/load.ts',
      args: ['--rates', '10,50,100', '--seconds', quick ? '3' : '30', '--llm-ms', '2000'],
      limitSeconds: 420,
    },
    { name: 'Tokens per brief', script: 'bench/tokens.ts', args: [], limitSeconds: 60 },
    { name: 'Feed corpus', script: 'bench/feeds.ts', args: [], limitSeconds: 60 },
    {
      name: 'Streamed briefs',
      script: 'bench/stream.ts',
      args: ['--runs', quick ? '1' : '2'],
      limitSeconds: 90,
    },
    {
      name: 'Faithfulness of model-written sentences',
      script: 'bench/eval-faithfulness.ts',
      args: [resolve(root, '../shared/bench/factuality')],
      limitSeconds: 60,
      ...(existsSync(resolve(root, '../shared/bench/factuality/items.json'))
        ? {}
        : { skip: 'no factuality data at ../shared/bench/factuality' }),
    },
    // Times the build in dist/ (npm ci makes it; run npm run build after editing src/).
    // The large-store case (peak RSS of the app at 100k articles) fills its store first: minutes.
    {
      name: 'Start-up',
      script: 'bench/startup.ts',
      args: ['--runs', quick ? '1' : '3', '--articles', quick ? '10000' : '100000'],
      limitSeconds: 600,
    },
  ];

  const load = [loadavg()[0] ?? 0];
  const started = new Date();
  const outcomes: (Outcome | { step: Step; skipped: string })[] = [];
  for (const step of steps) {
    if (step.skip) {
      outcomes.push({ step, skipped: step.skip });
      continue;
    }
    process.stderr.write(`\n== ${step.name}: ${step.script} ${step.args.join(' ')}\n`);
    outcomes.push(await run(step));
  }
  load.push(loadavg()[0] ?? 0);
  const total = (Date.now() - started.getTime()) / 1000;

  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' (uncommitted changes)' : '';
  const lines = [
    '# Benchmark report',
    '',
    `Written by \`npm run bench${quick ? ' -- --quick' : ''}\`. Numbers are as measured on this run; targets stand beside them and a missed one says **miss**.`,
    '',
    '| | |',
    '|---|---|',
    `| date | ${started.toISOString().replace('T', ' ').slice(0, 16)} UTC |`,
    `| commit | ${commit}${dirty} |`,
    `| machine | ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB |`,
    `| Node | ${process.version} |`,
    `| load average (1 min) | ${load[0]?.toFixed(1)} at start, ${load[1]?.toFixed(1)} at end |`,
    `| total time | ${(total / 60).toFixed(1)} min |`,
    '',
  ];
  for (const o of outcomes) {
    lines.push(`## ${o.step.name}`, '');
    if ('skipped' in o) {
      lines.push(`Skipped: ${o.skipped}.`, '');
      continue;
    }
    lines.push(`\`${o.step.script} ${o.step.args.join(' ')}\` — ${o.seconds.toFixed(0)} s`, '');
    if (o.timedOut) lines.push(`**Stopped after its limit of ${o.step.limitSeconds} s.**`, '');
    else if (o.code !== 0) lines.push(`Exit code ${o.code} (a target missed or a failure; see below).`, '');
    lines.push(o.output.trim() || '(no output)', '');
  }
  const report = `${lines.join('\n').trimEnd()}\n`;
  await writeFile(values.out, report);
  console.log(report);
  process.stderr.write(`\nwritten to ${values.out}\n`);
  return outcomes.some((o) => !('skipped' in o) && o.timedOut) ? 1 : 0;
}

process.exitCode = await main();

/**
 * Start-up benchmark of whole processes, as a user or a deploy meets them: the built CLI
 * (`node bin/newsbrief.js …`, plain JavaScript from dist/, no loader) timed from spawn to exit, or
 * for `start` from spawn to the first 200 from /readyz.
 *
 *   npm run bench:startup [-- --runs 5] [--articles 100000 [--store DIR]]
 *
 * - `newsbrief help`;
 * - `newsbrief brief <file> --engine extractive` (fixtures/articles/port-deal.txt, no LLM);
 * - `newsbrief start` in HTTP mode on an existing embedded store (seeded and migrated by an earlier
 *   `newsbrief seed`), with fake tokens and SLACK_API_URL pointing at a local fake Slack (bench/fakes.ts),
 *   stopped with SIGTERM once ready.
 *
 * With --articles N, also `newsbrief start` on an embedded store of N synthetic articles (filled in
 * bulk by bench/store.ts, dated to end now so the topic window finds them) until ready and then
 * until 20 `/brief <topic>` commands have been answered: its peak RSS is the app's at that size.
 * `--store DIR` keeps that store in DIR (filled on the first run, reused after: filling takes minutes).
 *
 * Each process runs in an empty temporary folder (so no .env is read) with a minimal environment.
 * Wall time depends on the machine's load; the CPU time (user + system) each process used is printed
 * beside it, and the peak RSS (the process's own maxRSS, reported at exit by a preloaded hook).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, get, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type FakeSlack, fakeSlack } from './fakes.ts';
import { syntheticTopic } from './synthetic.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/newsbrief.js');
const ARTICLE = join(ROOT, 'fixtures/articles/port-deal.txt');
/** Preloaded into each process: on exit, one line with its peak RSS and CPU time. */
const REPORT_AT_EXIT = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\n@startup ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });",
)}`;

interface Run {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

interface Case {
  name: string;
  /** A wall-time target, or (the large store) a peak-RSS one. */
  targetMs?: number;
  targetRssMb?: number;
  runs: Run[];
}

const SIGNING_SECRET = 'bench-signing-secret';
/** The large-store case's load once ready: this many `/brief <topic>` commands, answered. */
const LARGE_BRIEFS = 20;

function baseEnv(dataDir: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: dataDir, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
}

/** Spawns `node bin/newsbrief.js args`; `until` resolves when the timed part is over. */
async function measure(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  until?: (stop: () => void) => Promise<void>,
): Promise<Run> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', REPORT_AT_EXIT, BIN, ...args], {
    cwd,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let wallMs: number;
  if (until) {
    await Promise.race([
      until(() => child.kill('SIGTERM')).catch((err: Error) => {
        child.kill('SIGKILL');
        throw new Error(`${err.message}: ${stderr.slice(-1000)}`);
      }),
      exited.then((code) => {
        throw new Error(`newsbrief ${args[0]} exited (${code}) before it was ready: ${stderr.slice(-500)}`);
      }),
    ]);
    wallMs = performance.now() - started;
    child.kill('SIGTERM');
    await exited;
  } else {
    const code = await exited;
    wallMs = performance.now() - started;
    if (code !== 0) throw new Error(`newsbrief ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`);
  }
  const report = /@startup (\d+) (\d+)/.exec(stderr);
  if (!report) throw new Error(`no exit report from newsbrief ${args[0]}: ${stderr.slice(-500)}`);
  return { wallMs, cpuMs: Number(report[2]) / 1000, peakRssMb: Number(report[1]) / 1024 };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function readyz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/readyz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

async function untilReady(port: number): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    if ((await readyz(port)) === 200) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('newsbrief start was not ready within 60 s');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;

export async function runStartup(
  runs: number,
  log: (line: string) => void = () => {},
  articles = 0,
  largeStoreDir?: string,
): Promise<Case[]> {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    throw new Error('no build in dist/: run npm run build (npm ci does it) first');
  }
  const dir = mkdtempSync(join(tmpdir(), 'nb-startup-'));
  const slack = await fakeSlack();
  const cases: Case[] = [
    { name: '`newsbrief help`', targetMs: 300, runs: [] },
    { name: '`newsbrief brief <file>` (extractive)', targetMs: 1000, runs: [] },
    { name: '`newsbrief start` to a ready /readyz (existing store)', targetMs: 2000, runs: [] },
  ];
  const [help, brief, start] = cases as [Case, Case, Case];
  try {
    const env = baseEnv(dir);
    // The existing store: created, migrated and seeded once, before anything is timed.
    await measure(['seed'], env, dir);
    for (let i = 0; i < runs; i++) {
      help.runs.push(await measure(['help'], env, dir));
      brief.runs.push(await measure(['brief', ARTICLE, '--engine', 'extractive'], env, dir));
      const port = await freePort();
      start.runs.push(await measure(['start'], serving(env, slack, port), dir, () => untilReady(port)));
      log(`run ${i + 1}/${runs} done`);
    }
    if (articles > 0) cases.push(await largeStore(articles, runs, slack, log, largeStoreDir));
  } finally {
    await slack.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
  }
  return cases;
}

/** `start`'s environment: HTTP mode, fake tokens, the fake Slack. */
function serving(env: Record<string, string>, slack: FakeSlack, port: number): Record<string, string> {
  return {
    ...env,
    NODE_ENV: 'production',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
    PORT: String(port),
  };
}

/**
 * `start` on a store of `articles` synthetic articles: to ready, then LARGE_BRIEFS topic briefs
 * (extractive: no LLM) answered in the channel or, with no story found, by response_url.
 */
async function largeStore(
  articles: number,
  runs: number,
  slack: FakeSlack,
  log: (line: string) => void,
  keptDir?: string,
) {
  const dir = keptDir ?? mkdtempSync(join(tmpdir(), 'nb-startup-large-'));
  const reuse = keptDir !== undefined && existsSync(join(keptDir, 'PG_VERSION'));
  const large: Case = {
    name: `\`newsbrief start\` on a ${articles.toLocaleString('en')}-article store, to ready and ${LARGE_BRIEFS} \`/brief <topic>\` answered`,
    targetRssMb: 280,
    runs: [],
  };
  try {
    log(reuse ? `reusing the store in ${dir}` : `filling a store of ${articles} articles…`);
    // bench/store.ts's bulk load (it keeps back the 1,000 articles it would ingest one by one).
    const fill = reuse
      ? { status: 0 }
      : spawnSync(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'bench/store.ts'), '--one', `load:pglite:${articles + 1000}:${dir}`],
          {
            cwd: ROOT,
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'inherit'],
            env: { ...process.env, BENCH_SYNTHETIC_END: new Date().toISOString() },
          },
        );
    if (fill.status !== 0) throw new Error(`filling the store exited with ${fill.status}`);
    const env = baseEnv(dir);
    for (let i = 0; i < runs; i++) {
      const port = await freePort();
      let answers = '';
      large.runs.push(
        await measure(['start'], serving(env, slack, port), dir, async () => {
          await untilReady(port);
          answers = await briefTopics(port, slack);
        }),
      );
      log(`large store run ${i + 1}/${runs} done: ${answers}`);
    }
  } finally {
    if (!keptDir) await rm(dir, { recursive: true, force: true, maxRetries: 5 }).catch(() => {});
  }
  return large;
}

/** Sends LARGE_BRIEFS signed `/brief <topic>` commands and waits until each is answered. */
async function briefTopics(port: number, slack: FakeSlack): Promise<string> {
  const answered = () => slack.posts + slack.responses;
  const before = answered();
  const postsBefore = slack.posts;
  for (let i = 0; i < LARGE_BRIEFS; i++) {
    const body = new URLSearchParams({
      team_id: 'T0001',
      channel_id: `C${String(i).padStart(4, '0')}`,
      user_id: `U${String(i).padStart(4, '0')}`,
      command: '/brief',
      text: syntheticTopic(i),
      api_app_id: 'A0001',
      response_url: `${slack.url}/response/${i}`,
      trigger_id: `${i}.1.1`,
    }).toString();
    const status = await postSigned(port, body);
    if (status !== 200) throw new Error(`/brief was answered ${status}`);
  }
  const deadline = performance.now() + 60_000;
  while (answered() - before < LARGE_BRIEFS) {
    if (performance.now() > deadline) throw new Error(`only ${answered() - before} briefs answered in 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return `${slack.posts - postsBefore} briefs posted, ${answered() - before - (slack.posts - postsBefore)} answered by response_url`;
}

function postSigned(port: number, body: string): Promise<number> {
  const ts = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/slack/events',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': `v0=${sig}`,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A case's miss, if any: its median wall time over its time target, or its peak RSS over its memory one. */
function missed(c: Case): boolean {
  const wall = median(c.runs.map((r) => r.wallMs));
  const rss = Math.max(...c.runs.map((r) => r.peakRssMb));
  return (
    (c.targetMs !== undefined && !(wall <= c.targetMs)) ||
    (c.targetRssMb !== undefined && !(rss <= c.targetRssMb))
  );
}

export function startupTable(cases: Case[]): string {
  const out = [
    `Start-up — ${new Date().toISOString().slice(0, 10)}, ${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
    '',
    `Whole processes of the built CLI (\`node bin/newsbrief.js\`), ${cases[0]?.runs.length} runs each; wall time from spawn, CPU time (user + system) and peak RSS of the process.`,
    '',
    '| command | wall median | wall max | CPU median | peak RSS | target |',
    '|---|---|---|---|---|---|',
  ];
  for (const c of cases) {
    const wall = median(c.runs.map((r) => r.wallMs));
    const rss = Math.max(...c.runs.map((r) => r.peakRssMb));
    const miss = missed(c) ? ' **miss**' : '';
    const target =
      c.targetMs !== undefined
        ? `wall ≤ ${(c.targetMs / 1000).toFixed(1)} s`
        : `peak RSS ≤ ${c.targetRssMb} MB`;
    out.push(
      `| ${c.name} | ${(wall / 1000).toFixed(2)} s${c.targetMs !== undefined ? miss : ''} | ${(Math.max(...c.runs.map((r) => r.wallMs)) / 1000).toFixed(2)} s | ${(median(c.runs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s | ${rss.toFixed(0)} MB${c.targetRssMb !== undefined ? miss : ''} | ${target} |`,
    );
  }
  return out.join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      articles: { type: 'string', default: '0' },
      store: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  const articles = Number(values.articles);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    console.error('--runs must be a whole number from 1 to 50');
    return 2;
  }
  if (!Number.isInteger(articles) || articles < 0 || articles > 1_000_000) {
    console.error('--articles must be a whole number from 0 (no large-store case) to 1000000');
    return 2;
  }
  const cases = await runStartup(runs, (line) => console.error(line), articles, values.store);
  console.log(`\n${startupTable(cases)}`);
  return cases.some(missed) ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();

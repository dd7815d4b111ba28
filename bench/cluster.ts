/**
 * Clustering benchmark: a newsroom's stream of planted stories (bench/newsroom.ts: 3–30 outlets
 * each over up to 72 h, a fifth with a decoy between the same countries on the same subject) is
 * stored and put in stories one by one (stories.ingest), as feeds deliver it, on embedded PGlite (on disk) and PostgreSQL;
 * then the stories made are scored against the plan.
 *
 *   npm run bench:cluster [-- --days 7 --per-day 5000] [--engines pglite,postgres]
 *
 * PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a throw-away schema is
 * used and dropped).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { tuneForServing } from '../src/cli/process.ts';
import { type Db, openPglite } from '../src/store/db.ts';
import { openPostgres } from '../src/store/pg.ts';
import { createStore } from '../src/store/store.ts';
import { type NewsroomArticle, newsroomStream, pairwiseScores } from './newsroom.ts';

type Engine = 'pglite' | 'postgres';

interface Row {
  engine: Engine;
  articles: number;
  stories: number;
  made: number;
  precision: number;
  recall: number;
  /** Recall over same-story pairs published 24–48 h apart. */
  lateRecall: number;
  perSecond: number;
  /** Articles/s over the last tenth of the stream, when the store is fullest. */
  lastPerSecond: number;
  /** CPU ms per article of this process (PGlite's engine included: it runs in it). */
  appCpuMs: number;
  /** CPU ms per article of the PostgreSQL server processes serving this run (null on PGlite). */
  serverCpuMs: number | null;
}

const TARGET = { precision: 0.95, recall: 0.95, postgres: 100, pglite: 50 };
const HOUR = 3_600_000;
/** This run's connections, told apart from anyone else's on the same server (serverCpu). */
const APP_NAME = `newsbrief-bench-cluster-${process.pid}`;

const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '7' },
      'per-day': { type: 'string', default: '5000' },
      engines: { type: 'string', default: 'pglite,postgres' },
      seed: { type: 'string', default: '1' },
    },
  });
  const days = Number(values.days);
  const perDay = Number(values['per-day']);
  const stream = newsroomStream({ days, perDay, seed: Number(values.seed) });
  const wanted = values.engines.split(',') as Engine[];
  const engines = wanted.filter((e) => e === 'pglite' || databaseUrl);
  tuneForServing();
  const rows: Row[] = [];
  for (const engine of engines) {
    process.stderr.write(`bench:cluster ${engine}: ${stream.length} articles…\n`);
    rows.push(await run(engine, stream));
  }
  printTable(rows, days, perDay);
  if (!wanted.every((e) => engines.includes(e))) {
    console.log('\nPostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it.');
  }
  return 0;
}

/** The tables an article's ingest writes: their dead rows and statistics are autovacuum's work. */
const INGEST_TABLES =
  'articles, stories, story_articles, story_features, story_keys, story_search, search_words';
const VACUUM_EVERY = 2500;

/**
 * A production PostgreSQL runs autovacuum: it analyses the ingest's tables as they grow and clears
 * the dead rows each story update leaves. A server with it switched off (as this machine's is) would
 * measure a store nobody runs: its plans go stale and its story_keys fill with dead rows, so the
 * benchmark then stands in for it, every VACUUM_EVERY articles. Returns 0 when autovacuum is on.
 */
async function autovacuumStandIn(db: Db): Promise<number> {
  const { rows } = await db.query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0]?.autovacuum === 'on') return 0;
  process.stderr.write(
    `  autovacuum is off on this server: VACUUM (ANALYZE) every ${VACUUM_EVERY} articles instead\n`,
  );
  return VACUUM_EVERY;
}

async function run(engine: Engine, stream: NewsroomArticle[]): Promise<Row> {
  const dir = await mkdtemp(join(tmpdir(), 'newsbrief-cluster-'));
  const schema = `bench_cluster_${process.pid}`;
  const db: Db =
    engine === 'pglite'
      ? await openPglite(join(dir, 'pgdata'))
      : await openPostgres(databaseUrl as string, { schema, applicationName: APP_NAME });
  const store = createStore(db);
  try {
    const vacuumEvery = engine === 'postgres' ? await autovacuumStandIn(db) : 0;
    const ids: number[] = [];
    const serverBefore = engine === 'postgres' ? await serverCpu(db) : null;
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const tail = Math.floor(stream.length * 0.9);
    let tailStart = start;
    for (const [i, item] of stream.entries()) {
      if (i === tail) tailStart = performance.now();
      // As the feed poller stores an article: stored and placed in its story in one transaction.
      const { article } = await store.stories.ingest(item.article);
      ids.push(article.id);
      // Timed with the ingest: autovacuum's work would take the server's CPU too.
      if (vacuumEvery > 0 && i > 0 && i % vacuumEvery === 0)
        await db.exec(`VACUUM (ANALYZE) ${INGEST_TABLES}`);
      if (i > 0 && i % 5000 === 0) process.stderr.write(`  ${i} assigned\n`);
    }
    const end = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = engine === 'postgres' ? await serverCpu(db) : null;
    const { rows } = await db.query<{ article_id: number | string; story_id: number | string }>(
      'SELECT article_id, story_id FROM story_articles',
    );
    const storyOf = new Map(rows.map((r) => [Number(r.article_id), Number(r.story_id)]));
    const predicted = ids.map((id) => storyOf.get(id) ?? -id);
    const truth = stream.map((s) => s.story);
    return {
      engine,
      articles: stream.length,
      stories: new Set(truth).size,
      made: new Set(predicted).size,
      ...pairwiseScores(truth, predicted),
      lateRecall: lateRecall(stream, predicted),
      perSecond: stream.length / ((end - start) / 1000),
      lastPerSecond: (stream.length - tail) / ((end - tailStart) / 1000),
      appCpuMs: (cpu.user + cpu.system) / 1000 / stream.length,
      serverCpuMs:
        serverBefore && serverAfter ? (cpuDelta(serverBefore, serverAfter) * 1000) / stream.length : null,
    };
  } finally {
    await store.close();
    // BENCH_KEEP_SCHEMA=1 keeps PostgreSQL's rows for EXPLAIN ANALYZE (drop the schema by hand).
    if (engine === 'postgres' && process.env.BENCH_KEEP_SCHEMA)
      process.stderr.write(`kept schema ${schema}\n`);
    else if (engine === 'postgres') await dropSchema(schema);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * CPU seconds used so far by each server process of this database's connections (the server runs
 * on this machine: /proc/<pid>/stat). The bench's pool keeps its connections for the whole run.
 */
async function serverCpu(db: Db): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
    [APP_NAME],
  );
  const ticks = 100; // USER_HZ
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // not on this machine, or gone
    }
  }
  return out;
}

function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

/** Of the same-story pairs published 24–48 h apart, the share put in one story. */
function lateRecall(stream: NewsroomArticle[], predicted: number[]): number {
  const byStory = new Map<number, number[]>();
  stream.forEach((s, i) => {
    const list = byStory.get(s.story) ?? [];
    list.push(i);
    byStory.set(s.story, list);
  });
  let pairs = 0;
  let together = 0;
  for (const members of byStory.values()) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x] as number;
        const j = members[y] as number;
        const gap = Math.abs((stream[i]?.at ?? 0) - (stream[j]?.at ?? 0));
        if (gap < 24 * HOUR || gap > 48 * HOUR) continue;
        pairs++;
        if (predicted[i] === predicted[j]) together++;
      }
    }
  }
  return pairs === 0 ? 1 : together / pairs;
}

async function dropSchema(schema: string) {
  const client = new pg.Client({ connectionString: databaseUrl as string });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

function printTable(rows: Row[], days: number, perDay: number) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `\nClustering benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpu}, ${cpus().length} cores, Node ${process.version}, load average ${load}`,
  );
  console.log(
    `${days} days × ${perDay.toLocaleString('en')} articles a day of planted stories (bench/newsroom.ts), stored and put in stories one by one (stories.ingest).\n`,
  );
  console.log(
    '| engine | articles | stories planted | stories made | pairwise precision | pairwise recall | recall 24–48 h apart | ingest articles/s | last 10 % articles/s | app CPU ms/article | server CPU ms/article |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const mark = (ok: boolean) => (ok ? '' : ' (miss)');
    console.log(
      `| ${r.engine} | ${r.articles.toLocaleString('en')} | ${r.stories} | ${r.made} | ${r.precision.toFixed(3)}${mark(r.precision >= TARGET.precision)} | ${r.recall.toFixed(3)}${mark(r.recall >= TARGET.recall)} | ${r.lateRecall.toFixed(3)} | ${r.perSecond.toFixed(0)}${mark(r.perSecond >= TARGET[r.engine])} | ${r.lastPerSecond.toFixed(0)} | ${r.appCpuMs.toFixed(2)} | ${r.serverCpuMs === null ? '–' : r.serverCpuMs.toFixed(2)} |`,
    );
  }
  console.log(
    `| target | 35,000 | | | ≥ ${TARGET.precision} | ≥ ${TARGET.recall} | | ≥ ${TARGET.postgres} PostgreSQL, ≥ ${TARGET.pglite} PGlite | | | |`,
  );
}

process.exitCode = await main();

/**
 * Store benchmark: topic search latency, ingest throughput and process memory with synthetic
 * articles, on embedded PGlite (on disk, as in production) and on PostgreSQL.
 *
 *   npm run bench:store [-- --sizes 10000,100000] [--engines pglite,postgres] [--queries 200]
 *   npm run bench:store -- --sizes 1000000 --engines postgres --reuse <schema>
 *
 * `--reuse` measures a PostgreSQL schema a run kept (BENCH_KEEP_SCHEMA=1) instead of loading a new
 * one: the ingest sample a measure added is deleted first, so it is ingested afresh, and the
 * schema is kept (the store is migrated on open, so a kept store also tries a new migration).
 *
 * PostgreSQL runs when BENCH_DATABASE_URL or TEST_DATABASE_URL is set (a throw-away schema is
 * used and dropped). Each (engine, size) is loaded by one child process, then measured by a
 * second that reopens the store, as the app does after a restart: the first start of an embedded
 * store also runs initdb, whose memory would otherwise be counted as the serving process's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { tuneForServing } from '../src/cli/process.ts';
import type { Db } from '../src/store/db.ts';
import { openPglite } from '../src/store/db.ts';
import { openPostgres } from '../src/store/pg.ts';
import { createStore, type Store } from '../src/store/store.ts';
import { featureCounts, storyKeys } from '../src/stories/cluster.ts';
import { OTHER_STORIES } from '../src/stories/topic.ts';
import { contentHash } from '../src/text/hash.ts';
import {
  syntheticArticle,
  syntheticEnd,
  syntheticPublishedAt,
  syntheticSpanDays,
  syntheticTopic,
} from './synthetic.ts';

type Engine = 'pglite' | 'postgres';

interface Row {
  engine: Engine;
  size: number;
  loadSeconds: number;
  ingestPerSecond: number;
  searchP50: number;
  searchP95: number;
  searchMax: number;
  rssMb: number;
}

const TARGET_P95_MS = 25;
const TARGET_RSS_MB = 300;
/** Articles added one by one through the store (dedupe and all) to measure ingest throughput. */
const INGEST_SAMPLE = 1000;
const BULK_BATCH = 1000;
/**
 * Above this many articles the bulk load writes only this many from their own text and the rest
 * as copies of them in SQL (INSERT … SELECT, with their own URL, hash, title and time, and the
 * story rows `assign` writes), so 1M loads in minutes, not an hour of generating and tokenising text
 * in Node: the search vectors are still computed by the server for every row.
 */
const TEMPLATE_ARTICLES = Number(process.env.BENCH_TEMPLATE_ARTICLES || 50_000);
const COPY_BATCH = 20_000;
/** From this size the bulk load builds the secondary indexes after the rows, not row by row. */
const DEFER_INDEXES_FROM = Number(process.env.BENCH_DEFER_INDEXES_FROM || 200_000);
/** The default /brief window. */
const WINDOW_DAYS = 7;

const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      engines: { type: 'string', default: 'pglite,postgres' },
      queries: { type: 'string', default: '200' },
      one: { type: 'string' },
      reuse: { type: 'string' },
    },
  });
  const queries = Number(values.queries);
  if (values.one) {
    const [step, engine, size, at] = values.one.split(':') as [
      'load' | 'measure' | 'reset',
      Engine,
      string,
      string,
    ];
    const result =
      step === 'load'
        ? await load(engine, Number(size), at)
        : step === 'reset'
          ? await resetSample(engine, Number(size), at)
          : await measure(engine, Number(size), at, queries);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }

  const sizes = values.sizes.split(',').map(Number);
  const wanted = values.engines.split(',') as Engine[];
  const engines = wanted.filter((e) => e === 'pglite' || databaseUrl);
  const reuse = values.reuse;
  if (reuse !== undefined && (engines.join() !== 'postgres' || sizes.length !== 1)) {
    process.stderr.write('bench:store --reuse needs --engines postgres, one size and a database URL\n');
    return 1;
  }
  const rows: Row[] = [];
  for (const engine of engines) {
    for (const size of sizes) {
      process.stderr.write(`bench:store ${engine} ${size} articles…\n`);
      const dir = await mkdtemp(join(tmpdir(), 'newsbrief-bench-'));
      // PGlite: a data folder; PostgreSQL: a schema. Either way the measuring process reopens it.
      const at = reuse ?? (engine === 'pglite' ? join(dir, 'pgdata') : `bench_${process.pid}_${size}`);
      try {
        const loaded = reuse
          ? (child(['reset', engine, String(size), at], queries) as { loadSeconds: number })
          : (child(['load', engine, String(size), at], queries) as { loadSeconds: number });
        const row = child(['measure', engine, String(size), at], queries) as Row;
        rows.push({ ...row, loadSeconds: loaded.loadSeconds });
      } catch (err) {
        process.stderr.write(`bench:store ${engine} ${size} failed: ${(err as Error).message}\n`);
        return 1;
      } finally {
        // BENCH_KEEP_SCHEMA=1 keeps PostgreSQL's rows for EXPLAIN ANALYZE (drop the schema by hand).
        if (engine === 'postgres' && (process.env.BENCH_KEEP_SCHEMA || reuse))
          process.stderr.write(`kept schema ${at}\n`);
        else if (engine === 'postgres') await dropSchema(at);
        await rm(dir, { recursive: true, force: true });
      }
    }
  }
  printTable(rows, queries);
  if (!wanted.every((e) => engines.includes(e))) {
    console.log('\nPostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it.');
  }
  return 0;
}

function child(args: string[], queries: number): unknown {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--one',
      args.join(':'),
      '--queries',
      String(queries),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`${args[0]} exited with ${run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
}

function open(engine: Engine, at: string): Promise<Db> {
  return engine === 'pglite' ? openPglite(at) : openPostgres(databaseUrl as string, { schema: at });
}

/** A plain connection: opening the store here would migrate the server's public schema. */
async function dropSchema(schema: string) {
  const client = new pg.Client({ connectionString: databaseUrl as string });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Fills a new store with all but the ingest sample, in bulk. */
async function load(engine: Engine, size: number, at: string) {
  const db = await open(engine, at);
  try {
    const start = performance.now();
    await bulkLoad(db, size);
    await vacuum(db);
    return { loadSeconds: (performance.now() - start) / 1000 };
  } finally {
    await db.close();
  }
}

/**
 * VACUUM (ANALYZE) of the store's tables, as autovacuum does on a server that runs it: the bulk
 * load leaves a million dead rows in story_pending (every article passes through it), which a
 * search's pending check would otherwise walk (7 ms a search at 1M on a server with autovacuum off).
 */
async function vacuum(db: Db): Promise<void> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT quote_ident(c.relname) AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`,
  );
  for (const r of rows) await db.exec(`VACUUM (ANALYZE) ${r.name}`);
}

/**
 * A kept store as its load left it: the ingest sample a measuring run added is deleted (its
 * articles, their memberships and search rows, and the stories they made), so it is ingested
 * again. Opening the store applies any new migration: its time is reported as the load time.
 */
async function resetSample(engine: Engine, size: number, at: string) {
  const start = performance.now();
  const db = await open(engine, at);
  try {
    const urls = timeOrder(size)
      .slice(size - INGEST_SAMPLE)
      .map((i) => syntheticArticle(i, syntheticSpanDays(size)).url);
    await db.query(
      `WITH gone AS (DELETE FROM articles WHERE url = ANY($1::text[]) RETURNING id)
       SELECT count(*) FROM gone`,
      [urls],
    );
    await db.exec(`DELETE FROM stories s WHERE s.id > (SELECT max(article_id) FROM story_articles)
      AND NOT EXISTS (SELECT 1 FROM story_articles sa WHERE sa.story_id = s.id)`);
    await vacuum(db);
    return { loadSeconds: (performance.now() - start) / 1000 };
  } finally {
    await db.close();
  }
}

/** Reopens the loaded store, adds the ingest sample one by one, then times topic searches. */
async function measure(engine: Engine, size: number, at: string, queries: number): Promise<Row> {
  let peakRss = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 50);
  tuneForServing(); // the serving app's setting (`newsbrief start`)
  const store = createStore(await open(engine, at));
  try {
    const ingestStart = performance.now();
    // Ingest as the feed poller does it (stories.ingest: stored, deduplicated and put in a story
    // in one transaction); the newest articles.
    for (const i of timeOrder(size).slice(size - INGEST_SAMPLE)) {
      await store.stories.ingest(syntheticArticle(i, syntheticSpanDays(size)));
    }
    const ingestPerSecond = INGEST_SAMPLE / ((performance.now() - ingestStart) / 1000);
    const times = await timeSearches(store, queries, syntheticEnd(syntheticSpanDays(size)));
    sample();
    return {
      engine,
      size,
      loadSeconds: 0,
      ingestPerSecond,
      searchP50: quantile(times, 0.5),
      searchP95: quantile(times, 0.95),
      searchMax: times.at(-1) ?? 0,
      rssMb: peakRss / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
    await store.close();
  }
}

/**
 * The synthetic articles' indices, oldest first. A store fills as news arrives, so the benchmark
 * loads (and then ingests) in this order: a table written in time order keeps a week's articles
 * together on disk, as a real one does, where index order would scatter them over 60 days.
 */
function timeOrder(size: number): number[] {
  const span = syntheticSpanDays(size);
  const at = Array.from({ length: size }, (_, i) => syntheticPublishedAt(i, span));
  return at.map((_, i) => i).sort((x, y) => (at[x] ?? 0) - (at[y] ?? 0) || x - y);
}

/**
 * Inserts the oldest `size` − INGEST_SAMPLE synthetic articles in batches, straight into the
 * tables, each its own story with its clustering features as `assign` stores them (the setup, not
 * the measure: clustering is measured on the ingest sample).
 */
async function bulkLoad(db: Db, size: number): Promise<void> {
  const all = timeOrder(size).slice(0, size - INGEST_SAMPLE);
  const span = syntheticSpanDays(size);
  const restore = size >= DEFER_INDEXES_FROM ? await dropIndexes(db) : async () => {};
  // Templates: every k-th article in time order, so they span the whole time too.
  const copying = all.length > TEMPLATE_ARTICLES;
  const step = copying ? all.length / TEMPLATE_ARTICLES : 1;
  const isTemplate = (k: number) =>
    !copying || Math.floor(k / step) !== Math.floor((k - 1) / step) || k === 0;
  const order = all.filter((_, k) => isTemplate(k));
  const copies = all.filter((_, k) => !isTemplate(k));
  for (let start = 0; start < order.length; start += BULK_BATCH) {
    const batch = order.slice(start, start + BULK_BATCH).map((i) => syntheticArticle(i, span));
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: number | string }>(
        `INSERT INTO articles (url, content_hash, title, site_name, lang, published_at, published_text, text, source)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[])
         RETURNING id`,
        [
          batch.map((a) => a.url),
          batch.map((a) => contentHash(a.text)),
          batch.map((a) => a.title),
          batch.map((a) => a.siteName),
          batch.map((a) => a.lang),
          batch.map((a) => a.publishedAt),
          batch.map((a) => a.publishedAt),
          batch.map((a) => a.text),
          batch.map((a) => a.source),
        ],
      );
      // unnest keeps the input order, and so does RETURNING for a plain INSERT … SELECT.
      const members = batch.map((a, k) => ({ id: Number(rows[k]?.id), f: featureCounts(a) }));
      await tx.query(
        `INSERT INTO stories (id, headline, first_at, last_at)
           SELECT a.id, coalesce(a.title, ''), coalesce(a.published_at, a.ingested_at), coalesce(a.published_at, a.ingested_at)
           FROM articles a WHERE a.id = ANY($1::bigint[]);
         `,
        [members.map((m) => m.id)],
      );
      await tx.query(
        `INSERT INTO story_articles (article_id, story_id, at)
           SELECT a.id, a.id, coalesce(a.published_at, a.ingested_at) FROM articles a WHERE a.id = ANY($1::bigint[])`,
        [members.map((m) => m.id)],
      );
      await tx.query(
        `INSERT INTO story_features (article_id, features)
           SELECT (e ->> 'id')::bigint, e -> 'f' FROM jsonb_array_elements($1::jsonb) AS e`,
        [JSON.stringify(members)],
      );
      // Each story's index entry for clustering, as assign writes it.
      const keyed = members.flatMap((m, k) =>
        storyKeys(m.f).map((key) => ({ id: m.id, key, at: batch[k]?.publishedAt })),
      );
      await tx.query(
        `INSERT INTO story_keys (story_id, key, last_at)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::timestamptz[])`,
        [keyed.map((k) => k.id), keyed.map((k) => k.key), keyed.map((k) => k.at)],
      );
    });
    if (start % 50_000 === 0 && start > 0) process.stderr.write(`  ${start} loaded\n`);
  }
  if (copies.length > 0) await copyTemplates(db, copies, span);
  await restore();
  await db.exec(`SELECT setval(pg_get_serial_sequence('stories', 'id'), (SELECT max(id) FROM stories));`);
}

/**
 * The articles past the templates, each a copy of a template's text under its own URL, content
 * hash, title and time, with its own one-article story, features and story keys as the bulk load
 * (and `assign`) writes them: one INSERT … SELECT per batch, all in SQL.
 */
async function copyTemplates(db: Db, copies: number[], span: number): Promise<void> {
  await db.exec(`CREATE TEMP TABLE bench_templates AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM articles;
    CREATE UNIQUE INDEX ON bench_templates (n);`);
  const { rows } = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM bench_templates');
  const templates = Number(rows[0]?.n);
  for (let start = 0; start < copies.length; start += COPY_BATCH) {
    const batch = copies.slice(start, start + COPY_BATCH);
    await db.query(
      `WITH src AS (
         SELECT u.i, t.id AS template, u.at FROM unnest($1::int[], $2::timestamptz[]) WITH ORDINALITY AS u (i, at, ord)
         JOIN bench_templates t ON t.n = u.i % $3
         ORDER BY u.ord
       ),
       added AS (
         INSERT INTO articles (url, content_hash, title, site_name, lang, published_at, published_text, text, source)
         SELECT 'https://copy.example/' || src.template || '/' || src.i, md5('copy ' || src.i),
           regexp_replace(a.title, '\\(\\d+\\)$', '(' || src.i || ')'), a.site_name, a.lang, src.at,
           to_char(src.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), a.text,
           'https://copy.example/' || src.template || '/' || src.i
         FROM src JOIN articles a ON a.id = src.template
         RETURNING id, split_part(url, '/', 4)::bigint AS template, published_at AS at, title
       ),
       story AS (
         INSERT INTO stories (id, headline, first_at, last_at) SELECT id, title, at, at FROM added RETURNING id
       ),
       member AS (
         INSERT INTO story_articles (article_id, story_id, at) SELECT id, id, at FROM added
       ),
       features AS (
         INSERT INTO story_features (article_id, features)
         SELECT added.id, f.features FROM added JOIN story_features f ON f.article_id = added.template
       )
       INSERT INTO story_keys (story_id, key, last_at)
       SELECT added.id, k.key, added.at FROM added JOIN story_keys k ON k.story_id = added.template`,
      [batch, batch.map((i) => new Date(syntheticPublishedAt(i, span)).toISOString()), templates],
    );
    process.stderr.write(`  ${start + batch.length} copies\n`);
  }
  // Their stories are whole: nothing is left for assignPending (the triggers of one statement need
  // not fire in the order the rows were written).
  await db.exec('DROP TABLE bench_templates; DELETE FROM story_pending;');
}

/**
 * Drops the secondary indexes of the tables the bulk load fills and returns how to build them
 * again, as they were: a bulk load builds each index once, sorted, instead of updating it a
 * million times (the full-text ones above all).
 */
async function dropIndexes(db: Db): Promise<() => Promise<void>> {
  const { rows } = await db.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     JOIN pg_class c ON c.relname = i.indexname AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.schemaname = current_schema() AND NOT x.indisunique AND NOT x.indisprimary
       AND i.tablename IN ('articles', 'story_articles', 'story_search', 'story_keys', 'stories')`,
  );
  for (const r of rows) await db.exec(`DROP INDEX ${r.name}`);
  return async () => {
    for (const r of rows) await db.exec(r.def);
  };
}

async function timeSearches(store: Store, queries: number, now: Date): Promise<number[]> {
  // The search /brief <topic> makes: the best story with its articles, the next ones by headline.
  const opts = { windowDays: WINDOW_DAYS, now, limit: 1 + OTHER_STORIES, withArticles: 1 };
  for (let i = 0; i < 10; i++) await store.stories.search(syntheticTopic(i), opts); // warm-up
  const times: number[] = [];
  for (let i = 0; i < queries; i++) {
    const topic = syntheticTopic(1000 + i);
    const start = performance.now();
    await store.stories.search(topic, opts);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function printTable(rows: Row[], queries: number) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nStore benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpu}, ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`,
  );
  console.log(
    `Topic search (/brief <topic>: stories in a ${WINDOW_DAYS}-day window, ranked): ${queries} topics after 10 warm-up. Ingest: ${INGEST_SAMPLE} articles added and clustered one by one.\n`,
  );
  console.log(
    '| engine | articles | search p50 ms | search p95 ms | max ms | ingest articles/s | bulk load s | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const p95 = `${r.searchP95.toFixed(1)}${r.size >= 100_000 && r.searchP95 > TARGET_P95_MS ? ' (miss)' : ''}`;
    const rss = `${r.rssMb.toFixed(0)}${r.rssMb > TARGET_RSS_MB ? ' (miss)' : ''}`;
    console.log(
      `| ${r.engine} | ${r.size.toLocaleString('en')} | ${r.searchP50.toFixed(1)} | ${p95} | ${r.searchMax.toFixed(1)} | ${r.ingestPerSecond.toFixed(0)} | ${r.loadSeconds.toFixed(1)} | ${rss} |`,
    );
  }
  console.log(
    `| target | 100,000 (PGlite), 1,000,000 (PostgreSQL) | | ≤ ${TARGET_P95_MS} | | ≥ 100 | | ≤ ${TARGET_RSS_MB} |`,
  );
}

process.exitCode = await main();

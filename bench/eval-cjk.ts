/*
 * Korean and Japanese search and clustering on fixtures/stories-cjk (see bench/cjk-search.ts).
 *
 *   npm run eval:cjk                 # embedded PGlite
 *   TEST_DATABASE_URL=postgres://… npm run eval:cjk   # and PostgreSQL
 */
import { openPglite } from '../src/store/db.ts';
import { createStore } from '../src/store/store.ts';
import { openTestPostgres, TEST_DATABASE_URL } from '../test/helpers/db.ts';
import { evaluateCjk } from './cjk-search.ts';

const now = new Date();
const rows: string[] = [];
const url = TEST_DATABASE_URL;
const engines: [string, () => ReturnType<typeof openPglite>][] = [['pglite', () => openPglite(null)]];
if (url) engines.push(['postgres', () => openTestPostgres(url)]);
for (const [engine, open] of engines) {
  const db = await open();
  try {
    const r = await evaluateCjk(createStore(db), now);
    rows.push(
      `| ${engine} | ${r.queries} | ${r.recallAt3.toFixed(3)} | ${r.cluster.precision.toFixed(3)} | ${r.cluster.recall.toFixed(3)} | ${r.joined.precision.toFixed(3)} | ${r.joined.recall.toFixed(3)} (${r.joined.pairs} pairs) |`,
    );
    for (const w of r.joined.wrong) console.error(`wrongly joined [${engine}]: ${w}`);
    for (const m of r.joined.missed) console.error(`not joined [${engine}]: ${m}`);
    for (const m of r.misses)
      console.error(`miss [${engine}]: ${m.query} → ${m.found.join(', ') || 'nothing'} (want ${m.story})`);
  } finally {
    await db.close();
  }
}
console.log(
  '| engine | queries | recall@3 (target ≥ 0.95) | cluster precision | cluster recall | cross-language join precision | join recall |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);

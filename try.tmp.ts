import { parseConfig } from './src/config.ts';
import { createRuntime, seedArticles } from './src/main.ts';
import { createLogger } from './src/log.ts';
import { consoleSurface, runConsoleLine } from './src/console/console.ts';
const config = parseConfig({ LOG_LEVEL: 'silent' });
const rt = await createRuntime(config, createLogger(config.log), { memoryStore: true, jobs: false });
console.log(await seedArticles(rt.store));
console.log((await rt.store.stories.list(null, { windowDays: 7, limit: 20 })).map((s) => `${s.id} ${s.articleCount} ${s.headline}`));
const surface = consoleSurface((t) => process.stdout.write(t));
for (const line of process.argv.slice(2)) { console.log(`\n>>> ${line}`); await runConsoleLine(line, surface, rt.deps); }
await rt.close();

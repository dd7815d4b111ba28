#!/usr/bin/env node
// Runs the compiled JavaScript in dist/, which `npm ci` builds (`npm run build` rebuilds it): no
// TypeScript loader and no compiling at start. `node bin/dev.js …` runs the sources instead.
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
let cli;
try {
  cli = await import(entry.href);
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !err.message.includes(`'${fileURLToPath(entry)}'`)) throw err;
  process.stderr.write('newsbrief: the build is missing (dist/); try: npm run build\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));

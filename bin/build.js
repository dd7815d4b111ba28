#!/usr/bin/env node
// Builds dist/ (npm ci runs it through `prepare`; `npm run build` after editing src/): the CLI and
// the app bundled by esbuild into a few ES modules, so a start reads a few chunks instead of every
// module file of every dependency, and compiles no TypeScript. Each command loads its own chunks.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
rmSync(new URL('dist/', root), { recursive: true, force: true });

await build({
  absWorkingDir: fileURLToPath(root),
  // bench/load.ts loads the app's modules from dist/ as `newsbrief start` would.
  entryPoints: {
    'cli/main': 'src/cli/main.ts',
    main: 'src/main.ts',
    config: 'src/config.ts',
    log: 'src/log.ts',
    'cli/process': 'src/cli/process.ts',
    // The embedded store's worker thread (src/store/thread.ts starts it by this path).
    'store/threadWorker': 'src/store/threadWorker.ts',
  },
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Loaded from node_modules as they are: PGlite finds its WebAssembly beside its own module, pino
  // starts transports in worker threads by file, and the rest are CommonJS that need no bundling.
  external: ['@electric-sql/pglite', 'pino', 'pino-pretty', 'pg-boss', 'pg', '@slack/*'],
  // CommonJS bundled into ES modules still calls require() for Node's own modules.
  banner: {
    js: "import { createRequire as newsbriefRequire } from 'node:module'; const require = newsbriefRequire(import.meta.url);",
  },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});

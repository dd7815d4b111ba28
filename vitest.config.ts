import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    // Opening PGlite takes seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests build real git repositories and start real servers: give them room on a 2-core CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on git, servers and child processes rather than compute: four files at a
    // time keep 2 cores busy (vitest's default on 2 cores is one file at a time).
    maxWorkers: 4,
    globalSetup: ['test/global-setup.ts'],
  },
});

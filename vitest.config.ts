import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests build real git repositories and start real servers: give them room on a 2-core CI.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A worker process runs file after file: starting one per file and importing the engine,
    // the stand-in and their dependencies again cost more (about 25 CPU-seconds a run) than the
    // bigger workers add to every git spawn (about 12). Helpers therefore tie clean-up to the
    // test that made something (onTestFinished), never to a module-level hook, which would run
    // only for the first file a worker imports it in.
    isolate: false,
    // Tests wait on git, servers and child processes as much as they compute: three files at a
    // time keep 2 cores busy (vitest's default on 2 cores is one file at a time). A fourth
    // worker measured no faster and spent about a tenth more CPU time (one more process of a
    // few hundred MB that every git spawn has to fork).
    maxWorkers: 3,
    globalSetup: ['test/global-setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.js';

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
    // Tests wait on git, servers and child processes as much as they compute (vitest's default on
    // 2 cores is one file at a time). With three workers the 2 cores sat a seventh idle, waiting
    // on the App's and the CLI's processes; four keep them busy for the same CPU time (measured
    // 58-61 s against 62-66 s on a 2-core machine).
    maxWorkers: 4,
    globalSetup: ['test/global-setup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
  },
});

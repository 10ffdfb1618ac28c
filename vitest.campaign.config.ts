import { defineConfig } from 'vitest/config';

/**
 * The red-team campaign (`npm run attack`): hundreds of hostile inputs through the real doors,
 * one test each, held or not. Not part of `npm test` (it takes minutes); its counts go in
 * bench/results/attack.json and the closing notes of trust work.
 */
export default defineConfig({
  test: {
    include: ['test/campaign/**/*.campaign.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 3,
    globalSetup: ['test/global-setup.ts'],
  },
});

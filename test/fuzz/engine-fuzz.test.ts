import { afterAll, describe, expect, it } from 'vitest';
import { FuzzRepo, newTally } from './fuzz-harness.js';

/**
 * Generated rule files, metrics files and data rows through the real engine on a real git
 * repository. FUZZ_RUNS sets the number of cases (100 here; `FUZZ_RUNS=10000` for the full
 * run), FUZZ_SEED the first seed; a defect names its seed, and `FUZZ_SEED=<seed> FUZZ_RUNS=1`
 * replays it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);

describe('fuzzing the engine', () => {
  const repo = new FuzzRepo();
  afterAll(() => repo.cleanup());

  it(`${RUNS} generated cases: no crash, no hang, no internal error, every error names its file`, async () => {
    const tally = newTally();
    const started = Date.now();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + RUNS; seed++) await repo.run(seed, tally);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${JSON.stringify({ ...tally, defects: tally.defects.length, seconds })}`);
    expect(tally.defects.slice(0, 10)).toEqual([]);
    expect(tally.cases).toBe(RUNS);
    // The generator reaches both outcomes: reports and refused rule files.
    expect(tally.reports).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
  }, 3_600_000);
});

import { describe, expect, it } from 'vitest';
import { type NoteRun, sessionValues } from '../../../src/rules/benchmark/notes-history.js';

const run = (p50: number): NoteRun => ({ benchmarks: { encode: { p50 } } as NoteRun['benchmarks'] });

describe('history counts a session once, whatever its number of runs', () => {
  it('ten runs of one run-mode session are one value (their median), beside a session of one run', () => {
    const tenRuns = [12, 12.1, 11.9, 12.2, 11.8, 12, 12.05, 11.95, 12.1, 11.9].map(run);
    const values = sessionValues([tenRuns, [run(10)], [run(10.2)]], 'encode', 'p50');
    // Runs of one session share its machine state: counted one by one they would outvote the others.
    expect(values).toEqual([12, 10, 10.2]);
  });

  it('a session without the benchmark, or with only unusable values, adds nothing', () => {
    const unusable: NoteRun = { benchmarks: { encode: { p50: 0 } } as NoteRun['benchmarks'] };
    expect(sessionValues([[unusable], [], [run(9)]], 'encode', 'p50')).toEqual([9]);
  });
});

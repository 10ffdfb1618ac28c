import { describe, expect, it } from 'vitest';
import { type NoteRun, sessionValues, summarizeRun } from '../../../src/rules/benchmark/notes-history.js';

/** A run as the rule keeps it in a note, from one sample (so its p50 is that sample). */
const run = (p50: number): NoteRun => summarizeRun(new Map([['encode', [p50]]]), false);

describe('history counts a session once, whatever its number of runs', () => {
  it('ten runs of one run-mode session are one value (their median), beside a session of one run', () => {
    const tenRuns = [12, 12.1, 11.9, 12.2, 11.8, 12, 12.05, 11.95, 12.1, 11.9].map(run);
    const values = sessionValues([tenRuns, [run(10)], [run(10.2)]], 'encode', 'p50');
    // Runs of one session share its machine state: counted one by one they would outvote the others.
    expect(values).toEqual([12, 10, 10.2]);
  });

  it('a session without the benchmark, or without runs, adds nothing', () => {
    const other = summarizeRun(new Map([['decode', [3]]]), false);
    expect(sessionValues([[other], [], [run(9)]], 'encode', 'p50')).toEqual([9]);
  });
});

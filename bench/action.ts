// The Action's cost per pull request: start-up (process start → first rule evaluated, read
// from the bundle's own `::debug::ml-guardrails timing` line), GitHub API calls per
// evaluation (from the stand-in's request log), wall time per run, and the bundle's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST } from '../test/support/run-action.js';
import { openSamplePullRequest, runActionOnSamplePullRequest } from '../test/support/sample-pull-request.js';
import { type Figure, median, percentile, round } from './measure.js';

export async function benchAction(runs = 7): Promise<Figure[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-bench-action-'));
  const pr = await openSamplePullRequest(scratch);
  const { gh } = pr;
  try {
    const firstRule: number[] = [];
    const wall: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i <= runs; i += 1) {
      const before = gh.log.filter(isApiCall).length;
      const result = await runActionOnSamplePullRequest(pr, scratch, {
        event: 'pull_request.synchronize',
        // Production limits, except the 1 s spacing GitHub asks for between writes (it would dominate wall time).
        env: { ML_GUARDRAILS_API_LIMITS: 'writeSpacingMs=0' },
      });
      const timing = /ml-guardrails timing first-rule=([\d.]+)/.exec(result.stdout);
      if (!timing) throw new Error(`no timing line from the action:\n${result.stdout}\n${result.stderr}`);
      if (i === 0) continue; // warm-up: the first run creates the comment, later ones edit it
      firstRule.push(Number(timing[1]));
      wall.push(result.durationMs);
      calls.push(gh.log.filter(isApiCall).length - before);
    }
    return [
      {
        name: 'action start-up to first rule (median)',
        value: round(median(firstRule)),
        unit: 'ms',
        note: 'process start → first rule evaluated, incl. the in_progress check run',
      },
      { name: 'action start-up to first rule (p95)', value: round(percentile(firstRule, 95)), unit: 'ms' },
      {
        name: 'action wall time per PR run (median)',
        value: round(median(wall)),
        unit: 'ms',
        note: 'sample repo, 3 rules incl. a data contract, stand-in on localhost',
      },
      {
        name: 'API calls per evaluation (re-run)',
        value: median(calls),
        unit: 'calls',
        note: 'check create + complete, list comments, edit comment',
      },
      { name: 'dist/index.js size', value: round(statSync(DIST).size / 1024), unit: 'KiB' },
    ];
  } finally {
    await gh.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function isApiCall(entry: { path: string }): boolean {
  return entry.path.startsWith('/repos/');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  for (const f of await benchAction()) console.log(`${f.name}: ${f.value} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
}

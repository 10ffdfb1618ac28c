// The GitHub App's cost, with the App started as `npm start` starts it against the stand-in:
// 1. webhook-to-completed-check latency on the sample pull request, next to the CLI's own time on
//    the same repository (the App's overhead: webhook, API calls, partial clone; goal ≤ 1.5x);
// 2. a burst of 200 pull_request deliveries across 20 repositories: completed per second, none
//    lost, the App's peak RSS. Writes are not spaced (GitHub asks for ~1 s between writes of one
//    installation; that spacing, not the App, would set the pace).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Standin, startStandin } from '../standin/index.js';
import { ROOT, startAppProcess, waitUntilIdle } from '../test/app/app-process.js';
import { metricsRepo } from '../test/app/fixtures.js';
import { openSamplePullRequest } from '../test/support/sample-pull-request.js';
import { type Figure, median, percentile, round, timeRuns } from './measure.js';

const CLI = path.join(ROOT, 'bin', 'ml-guardrails.js');

export async function benchApp(runs = 10): Promise<Figure[]> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mlg-bench-app-'));
  try {
    return [...(await latency(scratch, runs)), ...(await burst(scratch, 20, 10))];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function latency(scratch: string, runs: number): Promise<Figure[]> {
  const { sample, gh } = await openSamplePullRequest(path.join(scratch, 'latency'));
  const app = await startAppProcess(gh, scratch);
  try {
    const target = `${app.url}/api/github/webhooks`;
    const times: number[] = [];
    for (let i = 0; i <= runs; i += 1) {
      const done = completedRuns(gh);
      const start = performance.now();
      await gh.sendWebhook('pull_request.synchronize', { repo: 'penguins', targetUrl: target });
      await until(() => completedRuns(gh) > done);
      if (i > 0) times.push(performance.now() - start); // the first creates the comment; later ones edit it
      // The comment is written after the check completes; a delivery for the same head before
      // that would be a duplicate of a live evaluation (and ignored).
      await waitUntilIdle(app.url);
    }
    spawnSync('git', ['checkout', '-q', sample.prBranch], { cwd: sample.dir });
    const cli = await timeRuns(runs, () =>
      spawnSync(process.execPath, [CLI, 'check', '--repo', sample.dir, '--base', 'main', '--format', 'json']),
    );
    return [
      {
        name: 'app: webhook → completed check, sample PR (p50)',
        value: round(median(times)),
        unit: 'ms',
        note: `${runs} synchronize deliveries, one at a time`,
      },
      { name: 'app: webhook → completed check, sample PR (p95)', value: round(percentile(times, 95)), unit: 'ms' },
      {
        name: 'app: CLI check on the same repository (p50)',
        value: round(median(cli)),
        unit: 'ms',
        note: 'local clone, PR branch vs main',
      },
      { name: 'app: overhead ratio (App p50 / CLI p50)', value: round(median(times) / median(cli), 2), unit: 'x', note: 'goal ≤ 1.5x' },
    ];
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
    await gh.close();
  }
}

async function burst(scratch: string, repoCount: number, prsPerRepo: number): Promise<Figure[]> {
  const names = Array.from({ length: repoCount }, (_, i) => `models-${i}`);
  const gh = await startStandin({ repos: names.map((name) => metricsRepo(name)) });
  const app = await startAppProcess(gh, scratch);
  try {
    const prs: { repo: string; number: number }[] = [];
    for (const name of names) {
      for (let j = 0; j < prsPerRepo; j += 1) {
        await gh.commitFiles({ repo: name, branch: `pr-${j}`, files: { 'metrics/eval.json': `{"accuracy": 0.9${j}}\n` } });
        prs.push({ repo: name, number: gh.addPullRequest({ repo: name, head: `pr-${j}` }).number });
      }
    }
    const target = `${app.url}/api/github/webhooks`;
    const start = performance.now();
    const statuses = await Promise.all(
      prs.map((pr) =>
        gh.sendWebhook('pull_request.opened', { repo: pr.repo, pullNumber: pr.number, targetUrl: target }).then((d) => d.status),
      ),
    );
    await until(() => completedRuns(gh) >= prs.length);
    const seconds = (performance.now() - start) / 1000;
    const health = await waitUntilIdle(app.url);
    const peakRss = readPeakRss(app.child.pid);
    const lost = prs.length - completedRuns(gh);
    const accepted = statuses.filter((s) => s === 200).length;
    return [
      {
        name: 'app: burst completed per second',
        value: round(prs.length / seconds, 1),
        unit: '/s',
        note: `${prs.length} deliveries over ${repoCount} repositories, concurrency 4 (default)`,
      },
      {
        name: 'app: burst deliveries lost',
        value: lost,
        unit: 'check runs',
        note: `${accepted} answered 200; ${health.evaluations.completed} evaluations completed, ${health.evaluations.failed} failed`,
      },
      { name: 'app: burst peak RSS', value: round(peakRss / 1024, 0), unit: 'MiB', note: 'VmHWM of the App process' },
    ];
  } finally {
    app.child.kill('SIGTERM');
    await app.exited;
    await gh.close();
  }
}

function completedRuns(gh: Standin): number {
  return gh.state.checkRuns.filter((r) => r.status === 'completed').length;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

/** Peak resident set size in KiB (Linux /proc); the App runs as `exec node` under start-app.sh. */
function readPeakRss(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
}

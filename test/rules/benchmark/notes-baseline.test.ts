import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NOTES_REF, GitHistory } from '../../../src/git/history.js';
import { fetchNotes, publishRecords } from '../../../src/git/notes.js';
import { Repository } from '../../../src/git/repository.js';
import type { BaselineInfo } from '../../../src/report/model.js';
import { REPO, useStandin } from '../../standin/fixture.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';
import { runRule } from '../../support/rule-context.js';

/*
 * History in git, end to end over the stand-in's smart HTTP: the default branch's CI measures
 * each commit and pushes the results as notes; a pull request's CI, in a fresh clone, fetches
 * them and judges its head against the run-to-run spread of the measured ancestors.
 */
// Asynchronous git only: the stand-in serves from this process, so a synchronous clone would wait on itself.
const run = promisify(execFile);
const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** One run's latencies: steady around `center` ms (no trend, one mode). */
const results = (center: number) => ({
  unit: 'ms',
  samples: Array.from({ length: 12 }, (_, i) => center * (1 + 0.01 * Math.sin(i * 1.7))),
});
// One results file is one run of the head: it blocks only where the rule opts in (issue 21).
const rule = { file: 'bench/results.json', baseline: 'notes', max_increase_pct: 10, single_run: 'fail' };

describe('benchmark baseline from git notes pushed and fetched over HTTP', () => {
  const standin = useStandin();
  const fixtures: GitFixture[] = [];
  afterEach(() => {
    for (const fixture of fixtures.splice(0)) fixture.cleanup();
  });
  const clone = async (url: string) => {
    // Cloned into the (empty) temporary folder itself, so the fixture's clean-up removes it all.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlg-notes-'));
    await run('git', ['clone', '--quiet', url, dir], { env });
    const git = new GitFixture(dir);
    git.git('config', 'user.email', 'ci@example.com');
    git.git('config', 'user.name', 'CI');
    fixtures.push(git);
    return git;
  };
  const judge = async (git: GitFixture, sha: string, baselineInfo: BaselineInfo, extra: Record<string, unknown> = {}) => {
    const repo = await Repository.open(git.dir);
    return runRule('benchmark', { ...rule, ...extra }, { head: repo.commitWorkspace(sha), baseline: null, baselineInfo });
  };

  it('stores each default-branch run as a note, and fails a slower PR head but passes a steady one', async () => {
    const gh = standin();
    const url = gh.cloneUrl(REPO, gh.createInstallationToken({ permissions: { contents: 'write' } }));
    const main = await clone(url);
    let previous: string | null = null;
    const measured: string[] = [];
    for (const [index, center] of [10, 10.1, 10.2, 10.05].entries()) {
      const sha = main.commit(`measure ${index}`, { 'bench/results.json': results(center) });
      await run('git', ['push', '--quiet', 'origin', 'main'], { cwd: main.dir, env });
      const result = await judge(main, sha, {
        sha: previous,
        method: 'ref',
        description: previous === null ? 'no baseline: first commit' : 'parent',
      });
      if (index === 0) expect(result.findings[0]!.message).toMatch(/no baseline/);
      expect(result.records).toHaveLength(1);
      await publishRecords(main.dir, url, result.records!);
      previous = sha;
      measured.push(sha);
    }
    expect((await run('git', ['ls-remote', url, DEFAULT_NOTES_REF], { env })).stdout).toMatch(/refs\/notes\/ml-guardrails/);

    // The pull request's CI: a fresh clone has no notes until it fetches them.
    const pr = await clone(url);
    const tip = pr.sha();
    expect(await (await GitHistory.open(pr.dir)).readNote(tip)).toBeNull();
    expect(await fetchNotes(pr.dir, url, DEFAULT_NOTES_REF)).toBe(true);
    expect(JSON.parse((await (await GitHistory.open(pr.dir)).readNote(tip))!)).toHaveProperty('test-rule.runs');
    const mergeBase: BaselineInfo = { sha: tip, method: 'merge-base', description: `merge-base ${tip.slice(0, 7)}` };

    pr.checkout('slower', true);
    const slow = await judge(pr, pr.commit('slower model', { 'bench/results.json': results(14) }), mergeBase);
    expect(slow.findings[0]).toMatchObject({ status: 'fail', subject: 'samples' });
    expect(slow.findings[0]!.message).toMatch(/run history, n=4, baseline from notes on/);
    // Which push of the notes it read: notes are pushed without review (docs/security.md).
    expect(slow.findings[0]!.message).toContain(`(${DEFAULT_NOTES_REF} at ${pr.sha(DEFAULT_NOTES_REF).slice(0, 7)})`);
    // The default branch's recent values, oldest first, for the report's chart beside the head's.
    expect(slow.findings[0]!.history?.map((p) => p.sha)).toEqual(measured);
    expect(slow.findings[0]!.history?.map((p) => Math.round(p.value))).toEqual([10, 10, 10, 10]);
    expect(slow.findings[0]!.observed).toBeGreaterThan(13);

    // `history: 3` caps the measured commits (sessions) taken, each one value (issue 21).
    const capped = await judge(pr, pr.sha(), mergeBase, { history: 3 });
    expect(capped.findings[0]!.message).toMatch(
      /run history, n=3, baseline from notes on \w{7}, \w{7}, \w{7} .*3 session\(s\) of 3 run\(s\)/,
    );

    pr.checkout('main');
    pr.checkout('steady', true);
    const steady = await judge(pr, pr.commit('steady model', { 'bench/results.json': results(10.1) }), mergeBase);
    expect(steady.findings[0]).toMatchObject({ status: 'pass', subject: 'samples' });
  });

  it('publishes records into the notes another clone already pushed, keeping both', async () => {
    const gh = standin();
    const url = gh.cloneUrl(REPO, gh.createInstallationToken({ permissions: { contents: 'write' } }));
    const first = await clone(url);
    const second = await clone(url);
    const sha = first.sha();
    const record = (key: string) => ({ type: 'note' as const, notesRef: DEFAULT_NOTES_REF, commit: sha, key, data: { runs: [] } });
    await publishRecords(first.dir, url, [record('latency')]);
    // `second` was cloned before the first push: publishing fetches the remote notes before merging.
    await publishRecords(second.dir, url, [record('throughput')]);
    const reader = await clone(url);
    await fetchNotes(reader.dir, url, DEFAULT_NOTES_REF);
    expect(Object.keys(JSON.parse((await (await GitHistory.open(reader.dir)).readNote(sha))!)).sort()).toEqual(['latency', 'throughput']);
  });

  it('keeps a token in the remote URL out of error messages', async () => {
    const gh = standin();
    const git = await clone(gh.cloneUrl(REPO, gh.createInstallationToken()));
    const wrong = gh.cloneUrl(REPO, 'ghs_secretsecretsecretsecretsecretsecret00');
    const failure = await fetchNotes(git.dir, wrong, DEFAULT_NOTES_REF).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain('ghs_secret');
  });
});

describe('a hand-edited benchmark note fails closed through the CLI', () => {
  it('a statistic that is a string is an error naming the note, the benchmark and the key', async () => {
    const git = GitFixture.init();
    try {
      const rules = 'version: 1\nrules:\n  - id: latency\n    kind: benchmark\n    file: bench/results.json\n    baseline: notes\n';
      const main = git.commit('rules', { '.github/ml-guardrails.yml': rules, 'bench/results.json': results(10) });
      const stats = { n: 12, mean: 10, p50: '10', p90: 10, p95: 10, p99: 10, min: 10, throughput: 100 };
      const note = { latency: { version: 1, hardware: { key: 'any' }, measuredAt: '', runs: [{ benchmarks: { samples: stats } }] } };
      git.git('notes', '--ref', 'ml-guardrails', 'add', '-m', JSON.stringify(note), main);
      git.checkout('pr', true);
      git.commit('slower', { 'bench/results.json': results(30) });
      const cli = await cliHere(['check', '--base', 'main', '--format', 'json'], git.dir);
      expect(cli.status, cli.stderr).toBe(2);
      const finding = JSON.parse(cli.stdout).rules[0].findings[0];
      expect(finding.status).toBe('error');
      expect(finding.message).toContain(
        `the note on ${main.slice(0, 7)} (${DEFAULT_NOTES_REF}): "latency" benchmark "samples" has a p50 that is not a finite number`,
      );
    } finally {
      git.cleanup();
    }
  });
});

// A pull request is input from a stranger. Each test here is an attack that worked before
// (issue 9's holes), tried through a real door as an attacker would, and shown closed.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SAMPLE_RULES } from '../../fixtures/sample-repo/build-sample-repo.js';
import { REPO, useActionWorld } from '../action/action-fixture.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');
const world = useActionWorld();

/** The head's rule file, loosened every way an author could want: bounds, severity, on_missing, baseline. */
const LOOSENED = SAMPLE_RULES.replace('accuracy: { min: 0.90, max_drop: 0.01 }', 'accuracy: { min: 0.50 }')
  .replace('on_missing: fail', 'on_missing: skip')
  .replace('ref: merge-base ', 'ref: feature/smaller-model')
  .replace('    kind: metrics\n    description: Species', '    kind: metrics\n    severity: warning\n    description: Species');

describe('a pull request cannot weaken the rules that judge it', () => {
  it('loosened bounds, severity, on_missing and baseline.ref in the PR change nothing; the report says the rules changed', async () => {
    const w = world();
    await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      files: { '.github/ml-guardrails.yml': LOOSENED, 'metrics/eval.json': '{"accuracy": 0.5, "macro_f1": 0.5, "slices": {}}\n' },
      message: 'Loosen the guardrails',
    });
    const result = await w.run('pull_request.synchronize', { bundle: true });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs['failed-rules']).toContain('model-quality');
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8'));
    expect(report.ruleFile).toMatchObject({ governing: 'baseline' });
    const changed = report.ruleFile.changes.find((c: { id: string }) => c.id === 'model-quality');
    expect(changed.details).toEqual(expect.arrayContaining(['severity: "error" → "warning"', 'metrics.accuracy.min: 0.9 → 0.5']));
    expect(report.ruleFile.changes.map((c: { id: string }) => c.id)).toContain('baseline:');
    // What the head's rules would decide is shown, never applied.
    expect(report.ruleFile.headVerdict).toBeDefined();
    expect(result.summary.slice(0, 2000)).toMatch(/This pull request changes \d+ rules; the baseline's rules judged it/);
  });

  it('a contract emptied by the PR still judges its data from the baseline, and the change is listed (Action)', async () => {
    const w = world();
    const empty =
      'apiVersion: v3.0.2\nkind: DataContract\nid: penguins\nversion: 1.0.0\nstatus: active\nschema:\n  - name: penguins\n    properties: []\n';
    await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      files: { 'contracts/penguins.odcs.yaml': empty },
      message: 'Simplify the contract',
    });
    const result = await w.run('pull_request.synchronize');
    expect(result.code).toBe(1);
    expect(result.outputs['failed-rules']).toContain('training-data');
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8'));
    expect(report.ruleFile.changes).toEqual([
      expect.objectContaining({ id: 'contracts/penguins.odcs.yaml', referencedBy: ['training-data'] }),
    ]);
  });

  it('a PR that deletes the rule file is still judged by the baseline, and told so', async () => {
    const w = world();
    await w.gh.commitFiles({
      repo: REPO,
      branch: w.sample.prBranch,
      files: { '.github/ml-guardrails.yml': null },
      message: 'No more rules',
    });
    const result = await w.run('pull_request.synchronize');
    expect(result.code).toBe(1);
    const report = JSON.parse(readFileSync(result.outputs.report!, 'utf8'));
    expect(report.ruleFile.changes[0]).toMatchObject({ change: 'removed' });
  });
});

describe('the checkout token never leaves the step', () => {
  it('a dataset replaced by a symlink into .git is refused, and no output holds the token in any form', async () => {
    const w = world();
    // Hostile: the PR turns the governed dataset into a link to the checkout's git config.
    const work = await w.checkout(w.sample.prBranch);
    w.git(work, 'switch', '-q', w.sample.prBranch);
    unlinkSync(path.join(work, 'data/penguins.csv'));
    symlinkSync('../.git/config', path.join(work, 'data/penguins.csv'));
    w.git(work, 'add', '-A');
    w.git(work, '-c', 'user.name=Mallory', '-c', 'user.email=m@example.com', 'commit', '-q', '-m', 'Link the data');
    // Asynchronous: the stand-in answering the push runs in this process.
    await promisify(execFile)('git', ['push', '-q', 'origin', w.sample.prBranch], { cwd: work });
    // As actions/checkout leaves it: the token in an http extraheader, base64-encoded.
    const workspace = await w.checkout(w.git(work, 'rev-parse', 'HEAD'));
    const basic = Buffer.from(`x-access-token:${w.token}`).toString('base64');
    w.git(workspace, 'config', '--local', `http.${w.gh.url}/.extraheader`, `AUTHORIZATION: basic ${basic}`);
    const result = await w.run('pull_request.synchronize', { workspace });
    expect(result.code).toBe(1);
    const report = readFileSync(result.outputs.report!, 'utf8');
    expect(report).toMatch(/\.git/);
    const published = [
      report,
      result.summary,
      ...w.gh.state.comments.map((c) => c.body),
      ...w.gh.state.checkRuns.flatMap((run) => [run.output.summary ?? '', run.output.title ?? '', JSON.stringify(run.output.annotations)]),
      ...result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::')),
      result.stderr,
    ].join('\n');
    for (const secret of [w.token, basic, basic.replace(/=+$/, '')]) expect(published).not.toContain(secret);
  });
});

describe('the check run always ends', () => {
  it('an unwritable RUNNER_TEMP is said plainly, before any check run exists', async () => {
    const w = world();
    const file = path.join(w.scratch, 'not-a-folder');
    writeFileSync(file, 'x');
    const result = await w.run('pull_request.opened', { env: { RUNNER_TEMP: file } });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain('RUNNER_TEMP must be a writable folder');
    expect(w.gh.state.checkRuns.filter((run) => run.status !== 'completed')).toEqual([]);
  });

  it('a re-run closes the check run its killed first attempt left in progress', async () => {
    const w = world();
    const left = await fetch(`${w.gh.apiUrl}/repos/acme/${REPO}/check-runs`, {
      method: 'POST',
      headers: { authorization: `token ${w.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ML Guardrails', head_sha: w.sample.prTip, status: 'in_progress', external_id: 'actions:4242:1' }),
    }).then((r) => r.json() as Promise<{ id: number }>);
    await w.run('pull_request.opened', { env: { GITHUB_RUN_ATTEMPT: '2' } });
    expect(w.gh.state.checkRuns.find((run) => run.id === left.id)).toMatchObject({ status: 'completed', conclusion: 'cancelled' });
    expect(w.gh.state.checkRuns.filter((run) => run.status !== 'completed')).toEqual([]);
  });
});

describe('refs from a rule file or a flag are never refspecs', () => {
  it('baseline.ref and --base that look like refspecs or options are refused, and no branch moves', async () => {
    const fixture = GitFixture.init();
    try {
      fixture.commit('base', { 'm.json': '{"accuracy": 0.9}' });
      const mainBefore = fixture.sha();
      fixture.checkout('pr', true);
      const rules = (ref: string) =>
        `version: 1\nbaseline:\n  ref: "${ref}"\nrules:\n  - id: q\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.5 }\n`;
      fixture.commit('adopt the guardrails with a hostile baseline', {
        '.github/ml-guardrails.yml': rules('+refs/heads/pr:refs/heads/main'),
      });
      const run = (...args: string[]) => cliHere(['check', '--repo', fixture.dir, ...args], fixture.dir);
      const viaRuleFile = await run();
      expect(viaRuleFile.status).toBe(2);
      expect(viaRuleFile.stderr).toContain('baseline.ref "+refs/heads/pr:refs/heads/main" is not a branch, tag or commit name');
      const viaFlag = await run('--base', '+refs/heads/pr:refs/heads/main');
      expect(viaFlag.status).toBe(2);
      expect(viaFlag.stderr).toContain('is not a branch, tag or commit name');
      const option = await run('--base=--upload-pack=touch /tmp/pwned');
      expect(option.status).toBe(2);
      expect(execFileSync('git', ['rev-parse', 'main'], { cwd: fixture.dir, encoding: 'utf8' }).trim()).toBe(mainBefore);
    } finally {
      fixture.cleanup();
    }
  });
});

describe('data a pull request commits cannot crash the evaluation', () => {
  it('a JSONL record nested 100,000 levels deep is refused with its line, and the CLI survives', () => {
    const fixture = GitFixture.init();
    try {
      const rules =
        'version: 1\nrules:\n  - id: rows\n    kind: data-contract\n    data: data/rows.jsonl\n    columns:\n      id: { type: integer }\n';
      fixture.commit('base', { '.github/ml-guardrails.yml': rules, 'data/rows.jsonl': '{"id":1,"age":[1]}\n' });
      fixture.checkout('pr', true);
      const bomb = `{"id":1,"age":[1]}\n{"id":2,"age":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`;
      fixture.commit('deep', { 'data/rows.jsonl': bomb });
      const result = spawnSync(process.execPath, [BIN, 'check', '--repo', fixture.dir, '--base', 'main', '--format', 'json'], {
        encoding: 'utf8',
      });
      expect(result.status).toBe(2);
      const report = JSON.parse(result.stdout);
      expect(report.rules[0].findings[0]).toMatchObject({ check: 'read', status: 'error', file: 'data/rows.jsonl', line: 2 });
      expect(report.rules[0].findings[0].message).toContain('nests deeper than 1000 levels');
    } finally {
      fixture.cleanup();
    }
  });
});

describe('the CLI applies the same rules as CI', () => {
  it('judges a branch by the baseline rules, says they changed, and applies the head rules only with --draft-rules', async () => {
    const fixture = GitFixture.init();
    try {
      const rules = (min: number, severity = 'error') =>
        `version: 1\nrules:\n  - id: q\n    kind: metrics\n    severity: ${severity}\n    file: m.json\n    metrics:\n      accuracy: { min: ${min} }\n`;
      fixture.commit('base', { '.github/ml-guardrails.yml': rules(0.9), 'm.json': { accuracy: 0.95 } });
      fixture.checkout('pr', true);
      fixture.commit('loosen', { '.github/ml-guardrails.yml': rules(0.1, 'warning'), 'm.json': { accuracy: 0.5 } });
      const run = (...args: string[]) => cliHere(['check', '--repo', fixture.dir, '--base', 'main', ...args], fixture.dir);
      const ci = await run('--format', 'json');
      expect(ci.status).toBe(1);
      const report = JSON.parse(ci.stdout);
      expect(report.ruleFile).toMatchObject({ governing: 'baseline', headVerdict: 'pass' });
      expect(report.ruleFile.changes[0].details).toEqual(['metrics.accuracy.min: 0.9 → 0.1', 'severity: "error" → "warning"']);
      const draft = await run('--draft-rules', '--format', 'json');
      expect(draft.status).toBe(0);
      expect(JSON.parse(draft.stdout).ruleFile).toMatchObject({ governing: 'head' });
    } finally {
      fixture.cleanup();
    }
  });
});

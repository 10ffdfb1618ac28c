import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../standin/index.js';
import { GitFixture } from '../support/git-fixture.js';
import { startTestStandin } from '../support/standin.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');
const run = promisify(execFile);
const SHARED =
  'version: 1\nrules:\n  - id: org-floor\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.8 }\n  - id: org-loss\n    kind: metrics\n    file: m.json\n    metrics:\n      loss: { max: 2 }\n';
const OWN =
  'version: 1\nextends: acme/.github:ml-guardrails.yml\nrules:\n  - id: org-loss\n    kind: metrics\n    file: m.json\n    metrics:\n      loss: { max: 0.1 }\n';

describe('extends: shared rules from the organization, in the CLI', () => {
  let gh: Standin;
  let fixture: GitFixture;
  beforeEach(async () => {
    gh = await startTestStandin({ repos: [{ owner: 'acme', name: '.github', files: { 'ml-guardrails.yml': SHARED } }] });
    fixture = GitFixture.init();
    fixture.commit('adopt', { '.github/ml-guardrails.yml': OWN, 'm.json': { accuracy: 0.9, loss: 0.5 } });
  });
  afterEach(async () => {
    fixture.cleanup();
    try {
      gh.assertNoViolations();
    } finally {
      await gh.close();
    }
  });

  const cli = (env: Record<string, string>) =>
    run(process.execPath, [BIN, 'check', '--repo', fixture.dir, '--format', 'json'], { env: { ...process.env, ...env } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('reads them with GITHUB_TOKEN, adds them, and lets the repository override one by id', async () => {
    const result = await cli({ GITHUB_TOKEN: gh.createInstallationToken(), GITHUB_API_URL: gh.apiUrl });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.rules.map((r: { id: string }) => r.id)).toEqual(['org-floor', 'org-loss']);
    // The repository's own org-loss (max 0.1) replaced the shared one (max 2): 0.5 fails.
    expect(report.rules.find((r: { id: string }) => r.id === 'org-loss').status).toBe('fail');
    expect(report.sharedRules).toMatchObject({ origin: 'acme/.github', count: 1, label: '1 rule from acme/.github' });
  });

  it('a branch that edits a rule keeps the shared rules its baseline extends, and the report shows what its rules would decide', async () => {
    fixture.checkout('pr', true);
    fixture.commit('relax', { '.github/ml-guardrails.yml': OWN.replace('loss: { max: 0.1 }', 'loss: { max: 1 }') });
    const result = await run(process.execPath, [BIN, 'check', '--repo', fixture.dir, '--base', 'main', '--format', 'json'], {
      env: { ...process.env, GITHUB_TOKEN: gh.createInstallationToken(), GITHUB_API_URL: gh.apiUrl, GITHUB_REPOSITORY: '' },
    }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    const report = JSON.parse(result.stdout);
    expect(report.rules.find((r: { id: string }) => r.id === 'org-loss').status).toBe('fail');
    expect(report.ruleFile).toMatchObject({ governing: 'baseline', headVerdict: 'pass' });
  });

  it('a shared path with `..` is refused here, naming the rule file line, and nothing is asked of GitHub', async () => {
    fixture.commit('climb', { '.github/ml-guardrails.yml': OWN.replace('acme/.github:ml-guardrails.yml', 'acme/.github:../secrets.yml') });
    const result = await cli({ GITHUB_TOKEN: gh.createInstallationToken(), GITHUB_API_URL: gh.apiUrl });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.github/ml-guardrails.yml:2');
    expect(result.stderr).toContain('extends: the path in "acme/.github:../secrets.yml" has an empty, `.` or `..` segment');
    expect(gh.log.filter((e) => e.operationId === 'repos/get-content')).toEqual([]);
  });

  it('without a token says what to set instead of ignoring them', async () => {
    const result = await cli({ GITHUB_TOKEN: '', GH_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('extends: acme/.github:ml-guardrails.yml needs GitHub access to read the shared rules');
    expect(result.stderr).toContain('set GITHUB_TOKEN');
  });
});

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { GitFixture } from '../support/git-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RULES = `version: 1
rules:
  - id: model-quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.8, max_drop: 0.01 }
  - id: training-data
    kind: data-contract
    data: data/train.csv
    columns:
      age: { type: integer, min: 0, max: 120 }
`;

// engines says >=20; this machine's system Node is 20, while the suite runs on 24.
const NODE20 = '/usr/bin/node';
const isNode20 = existsSync(NODE20) && spawnSync(NODE20, ['--version'], { encoding: 'utf8' }).stdout.startsWith('v20.');

let tmp: string;
let prefix: string;
let install: { stdout: string; stderr: string };
let repo: GitFixture;

// One pack and one install for the whole file: installing is the slow part (DuckDB's native
// package), and every check below runs the same installed command.
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mlg-package-'));
  prefix = path.join(tmp, 'prefix');
  // The suite's global setup has just compiled lib/, so the pack skips `prepack`.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], { cwd: ROOT, stdio: 'pipe' });
  const tarball = readdirSync(tmp).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${tmp}`);
  // From the npm cache where it can; what is not cached (DuckDB's native package) comes from
  // the registry. A global install into a prefix of its own, as `npm install -g` does.
  // With the oldest Node that engines names when the machine has it: only there would a
  // dependency needing a newer Node print npm's EBADENGINE warning.
  const args = ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(tmp, tarball)];
  const env = isNode20 ? { ...process.env, PATH: `${path.dirname(NODE20)}${path.delimiter}${process.env.PATH ?? ''}` } : process.env;
  const result = spawnSync('npm', args, { cwd: tmp, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`npm install -g failed:\n${result.stderr}`);
  install = { stdout: result.stdout, stderr: result.stderr };

  repo = GitFixture.init(path.join(tmp, 'someone-elses-model'));
  repo.commit('baseline', {
    '.github/ml-guardrails.yml': RULES,
    'metrics/eval.json': { accuracy: 0.91 },
    'data/train.csv': 'age,label\n34,1\n51,0\n',
  });
  repo.checkout('feature/retrain', true);
  repo.commit('retrain', { 'metrics/eval.json': { accuracy: 0.87 } });
}, 300_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The installed command, run from inside the foreign repository as its owner would. */
function installed(...args: string[]) {
  const bin = path.join(prefix, 'bin', 'ml-guardrails');
  const result = spawnSync(bin, args, { cwd: repo.dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the npm package, installed globally', () => {
  it('installs without engine warnings and without the Action or App packages', () => {
    expect(install.stderr).not.toContain('EBADENGINE');
    // No script runs at install (npm 11 warns about any it has not been allowed): lib/ is shipped built.
    const installed = JSON.parse(readFileSync(path.join(prefix, 'lib', 'node_modules', 'ml-guardrails', 'package.json'), 'utf8'));
    expect(Object.keys(installed.scripts ?? {}).filter((name) => /^(pre|post)?install$|^prepare$/.test(name))).toEqual([]);
    expect(existsSync(path.join(prefix, 'lib', 'node_modules', 'ml-guardrails', 'lib', 'cli', 'main.js'))).toBe(true);
    const modules = path.join(prefix, 'lib', 'node_modules', 'ml-guardrails', 'node_modules');
    for (const actionOnly of ['@actions/core', '@octokit/rest', 'bottleneck', 'probot']) {
      expect(existsSync(path.join(modules, actionOnly)), `${actionOnly} is installed`).toBe(false);
    }
    expect(existsSync(path.join(modules, '@duckdb', 'node-api'))).toBe(true);
  });

  it('checks a repository outside this project: the PR fails on the accuracy drop, with its numbers', () => {
    const { code, stdout, stderr } = installed('check', '--base', 'main', '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.head).toBe(repo.sha());
    expect(report.base).toBe(repo.sha('main'));
    const quality = report.rules.find((rule) => rule.id === 'model-quality');
    expect(quality?.findings.find((f) => f.check === 'max_drop')).toMatchObject({
      status: 'fail',
      observed: 0.87,
      baseline: 0.91,
    });
    // The data contract ran through DuckDB's native package, installed from the registry.
    expect(report.rules.find((rule) => rule.id === 'training-data')?.status).toBe('pass');
  });

  it.skipIf(!isNode20)('runs on Node 20, the oldest that engines names', () => {
    const bin = path.join(prefix, 'lib', 'node_modules', 'ml-guardrails', 'bin', 'ml-guardrails.js');
    const result = spawnSync(NODE20, [bin, 'check', '--base', 'main', '--format', 'json'], { cwd: repo.dir, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as Report).verdict).toBe('fail');
  });

  it('prints its version and usage', () => {
    expect(installed('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(installed('check', '--baseline', 'main').stderr).toContain('unknown option --baseline; did you mean --base?');
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SampleRepo } from '../../fixtures/sample-repo/build-sample-repo.js';
import type { Report } from '../../src/report/model.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';
import { copySampleRepo } from '../support/sample-repo.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');
let tmp: string;
let sample: SampleRepo;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mlg-cli-'));
  sample = copySampleRepo(path.join(tmp, 'sample'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the real binary as a contributor would, from an unrelated folder. */
function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same door in this process (see test/support/cli-here.ts), for what is not about the binary. */
async function cliInProcess(...args: string[]) {
  const result = await cliHere(args, tmp);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function checkout(branch: string) {
  spawnSync('git', ['checkout', '-q', branch], { cwd: sample.dir });
}

describe('ml-guardrails check on the sample repository', () => {
  it('exits 1 on the PR branch, with the regressed metric, its baseline and bound in the JSON report', () => {
    checkout(sample.prBranch);
    const { code, stdout, stderr } = cli('check', '--repo', sample.dir, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict).toBe('fail');
    expect(report.base).toBe(sample.mergeBase);
    expect(report.head).toBe(sample.prTip);
    expect(report.baseline.method).toBe('merge-base');
    const quality = report.rules.find((r) => r.id === 'model-quality')!;
    expect(quality.status).toBe('fail');
    const drop = quality.findings.find((f) => f.subject === 'accuracy' && f.check === 'max_drop')!;
    expect(drop).toMatchObject({ status: 'fail', observed: 0.915, baseline: 0.942, file: 'metrics/eval.json' });
    expect(drop.expected).not.toBeNull();
    const gap = quality.findings.find((f) => f.check === 'max_gap')!;
    expect(gap.status).toBe('fail');
    // The new field export breaks the data contract in exactly the four ways it was broken.
    const data = report.rules.find((r) => r.id === 'training-data')!;
    expect(data.status).toBe('fail');
    const failed = data.findings
      .filter((f) => f.status === 'fail')
      .map((f) => `${f.check} ${f.subject}`)
      .sort();
    expect(failed).toEqual([
      'drift.ks bill_depth_mm',
      'max bill_length_mm',
      'required species',
      'schema.retyped body_mass_g',
      'type body_mass_g',
    ]);
    expect(data.findings.find((f) => f.check === 'max')).toMatchObject({ file: 'data/penguins.csv', line: 21 });
    // The warning-severity rule reports but does not block.
    const cost = report.rules.find((r) => r.id === 'training-cost')!;
    expect(cost.severity).toBe('warning');
    expect(cost.status).toBe('warn');
  });

  it('exits 0 on main', async () => {
    checkout(sample.mainBranch);
    const { code, stdout } = await cliInProcess('check', '--repo', sample.dir, '--format', 'json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict).toBe('pass');
    expect(report.head).toBe(sample.mainTip);
    expect(report.rules.map((r) => `${r.id}:${r.status}`)).toEqual(['model-quality:pass', 'training-data:pass', 'training-cost:pass']);
  });

  it('checks a commit with --head and a chosen baseline with --base', async () => {
    checkout(sample.mainBranch);
    const { code, stdout } = await cliInProcess(
      'check',
      '--repo',
      sample.dir,
      '--head',
      sample.prBranch,
      '--base',
      'main',
      '--format',
      'json',
    );
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as Report;
    expect(report.headSource).toBe('commit');
    expect(report.head).toBe(sample.prTip);
    expect(report.base).toBe(sample.mergeBase);
  });

  it('writes the report to --out and says where', async () => {
    checkout(sample.prBranch);
    const out = path.join(tmp, 'out', 'report.md');
    const { code, stdout } = await cliInProcess('check', '--repo', sample.dir, '--format', 'markdown', '--out', out);
    expect(code).toBe(1);
    expect(stdout).toContain('report written to');
    const markdown = readFileSync(out, 'utf8');
    expect(markdown).toContain('❌ ML Guardrails');
    expect(markdown).toContain('model-quality');
  });

  it('prints a readable text report without colour when not on a terminal', () => {
    checkout(sample.prBranch);
    const { code, stdout } = cli('check', '--repo', sample.dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL /);
    expect(stdout).toContain(`baseline: ${sample.mergeBase.slice(0, 7)}`);
    expect(stdout).not.toContain('\u001b[');
  });
});

describe('bad input gets exit code 2 and one clear line, never a stack trace', () => {
  function expectError(result: ReturnType<typeof cli>, pattern: RegExp) {
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }

  it('usage errors', async () => {
    expectError(
      await cliInProcess('check', '--frmat', 'json'),
      /^ml-guardrails: unknown option --frmat; did you mean --format\? \(see ml-guardrails --help\)$/m,
    );
    expectError(
      await cliInProcess('check', '--baseline', 'main'),
      /^ml-guardrails: unknown option --baseline; did you mean --base\? \(see ml-guardrails --help\)$/m,
    );
    expectError(await cliInProcess('check', '--zzz'), /^ml-guardrails: unknown option --zzz \(see ml-guardrails --help\)$/m);
    expectError(await cliInProcess('check', '--repo'), /^ml-guardrails: --repo needs a value \(e\.g\. --repo DIR\)$/m);
    expectError(await cliInProcess('check', '--base', '--format', 'json'), /^ml-guardrails: --base needs a value \(e\.g\. --base main\)$/m);
    expectError(await cliInProcess('check', '--help=yes'), /^ml-guardrails: --help takes no value \(got "yes"\)$/m);
    expectError(await cliInProcess('check', '--format', 'xml'), /--format must be one of text, markdown, json \(got "xml"\)/);
    expectError(await cliInProcess('deploy'), /unknown command "deploy"/);
    expectError(await cliInProcess(), /no command given/);
  });

  it('not a git repository', () => {
    expectError(cli('check', '--repo', tmp), /is not inside a git repository \(run it in a clone, or pass --repo/);
  });

  it('a base ref that does not exist', async () => {
    expectError(await cliInProcess('check', '--repo', sample.dir, '--base', 'release/9'), /base ref "release\/9" does not exist/);
  });

  it('a missing rule file and a malformed one', async () => {
    const fx = GitFixture.init();
    fx.commit('empty', { 'README.md': 'x' });
    expectError(
      await cliInProcess('check', '--repo', fx.dir),
      /no rule file in the working tree: \.github\/ml-guardrails\.yml does not exist/,
    );
    fx.write({ '.github/ml-guardrails.yml': 'version: 1\nrules:\n  - id: a\n    kind: metrics\n    file: [\n' });
    expectError(await cliInProcess('check', '--repo', fx.dir), /^ml-guardrails: \.github\/ml-guardrails\.yml:\d+:\d+: YAML syntax error/);
    fx.cleanup();
  });

  it('a metrics file that is not valid JSON is an error finding with the file', async () => {
    const fx = GitFixture.init();
    fx.commit('rules', {
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: metrics/eval.json\n    metrics:\n      accuracy: { min: 0.9 }\n',
      'metrics/eval.json': '{"accuracy": 0.95,}',
    });
    const { code, stdout } = await cliInProcess('check', '--repo', fx.dir, '--format', 'json');
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as Report;
    expect(report.verdict).toBe('error');
    expect(report.rules[0]!.status).toBe('error');
    expect(report.rules[0]!.findings[0]!.file).toBe('metrics/eval.json');
    fx.cleanup();
  });

  it('a path that escapes the repository', async () => {
    const fx = GitFixture.init();
    fx.commit('rules', {
      '.github/ml-guardrails.yml':
        'version: 1\nrules:\n  - id: q\n    kind: metrics\n    file: ../../etc/passwd\n    metrics:\n      accuracy: { min: 0.9 }\n',
    });
    expectError(
      await cliInProcess('check', '--repo', fx.dir),
      /^ml-guardrails: \.github\/ml-guardrails\.yml:5:11: `file` path "\.\.\/\.\.\/etc\/passwd" points outside the repository/,
    );
    fx.cleanup();
  });
});

describe('--help and --version', () => {
  it('explains the command, options and exit codes', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: ml-guardrails check');
    expect(stdout).toContain('Exit codes:');
    expect(cli('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

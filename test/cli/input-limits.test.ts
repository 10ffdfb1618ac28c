import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, RuleResult } from '../../src/report/model.js';
import { INPUT_LIMITS } from '../../src/rules/limits.js';
import { GitFixture } from '../support/git-fixture.js';

// Hostile sizes through the real binary: each is refused before the work on it starts, as a
// rule error naming the file and the limit, and the process ends normally (no heap exhaustion).
const BIN = path.resolve(import.meta.dirname, '../../bin/ml-guardrails.js');
const RULES = `version: 1
rules:
  - id: quality
    kind: metrics
    file: metrics/eval.json
    metrics:
      accuracy: { min: 0.5 }
  - id: quality-yaml
    kind: metrics
    file: metrics/eval.yaml
    metrics:
      accuracy: { min: 0.5 }
  - id: latency
    kind: benchmark
    file: bench/results.json
    statistic: p50
`;

let repo: GitFixture;
beforeAll(() => {
  repo = GitFixture.init();
  repo.commit('rules and inputs', {
    '.github/ml-guardrails.yml': RULES,
    'metrics/eval.json': '{"accuracy": 0.9}\n',
    'metrics/eval.yaml': 'accuracy: 0.9\n',
    'bench/results.json': '{"unit": "ms", "samples": [10, 11, 10.5, 10.2]}\n',
  });
});
afterAll(() => repo.cleanup());

function check(): { code: number | null; report: Report; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'check', '--repo', repo.dir, '--format', 'json'], { encoding: 'utf8' });
  return { code: result.status, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

function rule(report: Report, id: string): RuleResult {
  return report.rules.find((r) => r.id === id)!;
}

/** Writes `{"m0": 0.5, "m1": 0.5, ...}` in chunks: a file of millions of keys without a string that large here. */
function writeManyKeys(file: string, keys: number): void {
  const fd = openSync(path.join(repo.dir, file), 'w');
  writeSync(fd, '{"accuracy": 0.9');
  for (let start = 0; start < keys; start += 100_000) {
    const end = Math.min(keys, start + 100_000);
    writeSync(fd, Array.from({ length: end - start }, (_, i) => `,\n"metric_${start + i}": 0.5`).join(''));
  }
  writeSync(fd, '}\n');
  closeSync(fd);
}

describe('inputs too large to judge are rule errors naming the file, never a crash', () => {
  it('a metrics file of 6.5 million keys is refused by its size before it is read', () => {
    writeManyKeys('metrics/eval.json', 6_500_000);
    const { code, report, stderr } = check();
    repo.git('checkout', '--', 'metrics/eval.json');
    expect(stderr).toBe('');
    expect(code).toBe(2); // an input error, as DESIGN.md says of the exit codes
    expect(rule(report, 'quality')).toMatchObject({ status: 'error' });
    expect(rule(report, 'quality').findings[0]).toMatchObject({ status: 'error', file: 'metrics/eval.json' });
    expect(rule(report, 'quality').findings[0]!.message).toMatch(
      /^metrics\/eval\.json is \d+\.\d MiB; files larger than 64\.0 MiB are not read/,
    );
    // The other rule is judged as usual: one hostile file does not stop the evaluation.
    expect(rule(report, 'latency').status).not.toBe('error');
  });

  it('a metrics file under the size limit but with more metrics than are read stops at the limit', () => {
    writeManyKeys('metrics/eval.json', INPUT_LIMITS.metricValues + 10);
    const { code, report } = check();
    repo.git('checkout', '--', 'metrics/eval.json');
    expect(code).toBe(2); // an input error, as DESIGN.md says of the exit codes
    expect(rule(report, 'quality').findings[0]!.message).toContain('metrics/eval.json holds more than 100,000 JSON values');
  });

  it('a YAML metrics file that may hold more values than YAML is read for is refused before it is parsed', () => {
    const lines = Array.from({ length: INPUT_LIMITS.yamlMetricValues * 2 + 1 }, (_, i) => `metric_${i}: 0.5`);
    repo.write({ 'metrics/eval.yaml': `accuracy: 0.9\n${lines.join('\n')}\n` });
    const { report } = check();
    repo.git('checkout', '--', 'metrics/eval.yaml');
    expect(rule(report, 'quality-yaml').findings[0]).toMatchObject({ status: 'error', file: 'metrics/eval.yaml' });
    expect(rule(report, 'quality-yaml').findings[0]!.message).toContain('metrics/eval.yaml may hold more than 20,000 values');
  });

  it('a 600 MB results file is refused from its size (stat), not read into a string', () => {
    const fd = openSync(path.join(repo.dir, 'bench/results.json'), 'w');
    writeSync(fd, '{', 600 * 1024 * 1024); // sparse: the size is there, the disk is not used
    closeSync(fd);
    const { code, report } = check();
    repo.git('checkout', '--', 'bench/results.json');
    expect(code).toBe(2); // an input error, as DESIGN.md says of the exit codes
    expect(rule(report, 'latency').findings[0]).toMatchObject({ status: 'error', file: 'bench/results.json' });
    expect(rule(report, 'latency').findings[0]!.message).toContain(
      'bench/results.json is 600.0 MiB; files larger than 64.0 MiB are not read',
    );
  });

  it('more samples than are judged, a denormal latency and a median of 0 are errors, not warnings', () => {
    const write = (content: object) => repo.write({ 'bench/results.json': `${JSON.stringify(content)}\n` });
    write({ unit: 'ms', samples: new Array(INPUT_LIMITS.samples + 1).fill(1) });
    expect(rule(check().report, 'latency').findings[0]!.message).toContain('bench/results.json holds 1,000,001 samples; at most 1,000,000');
    write({ unit: 'ms', samples: [10, 5e-324, 10] });
    expect(rule(check().report, 'latency').findings[0]!.message).toContain('sample 2 is 5e-324, not a latency');
    write({ unit: 'ms', samples: [0, 0, 0, 0.5] });
    const zero = rule(check().report, 'latency');
    repo.git('checkout', '--', 'bench/results.json');
    expect(zero.status).toBe('error');
    expect(zero.findings[0]!.message).toContain('a latency of 0 is not a measurement');
  });
});

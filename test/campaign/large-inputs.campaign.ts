// Large and pathological inputs through the CLI. Held when the CLI returns (no crash, no hang past
// the campaign's timeout, no internal error) with a verdict or an error that names the file.
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const metricsRule = (file: string, metrics = '"*": { min: 0 }') =>
  `version: 1\nrules:\n  - id: quality\n    kind: metrics\n    file: ${file}\n    metrics:\n      ${metrics}\n`;
const benchRule = (file: string) =>
  `version: 1\nrules:\n  - id: latency\n    kind: benchmark\n    file: ${file}\n    statistic: p50\n    max_increase_pct: 5\n`;
const dataRule = (data: string, columns = 'a: { min: 0 }') =>
  `version: 1\nrules:\n  - id: data\n    kind: data-contract\n    data: ${data}\n    columns:\n      ${columns}\n`;

const keys = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}": ${i % 7}`).join(',')}}`;
const samples = (n: number) =>
  `{"unit": "ms", "benchmarks": {"x": [${Array.from({ length: n }, (_, i) => 10 + (i % 13) / 10).join(',')}]}}`;

/** [name, rule file, files to write in the working tree (untracked is fine: CI writes them), special setup] */
const CASES: [string, string, Record<string, string>, ((dir: string) => void)?][] = [
  ['a metrics file with 1,000,000 keys', metricsRule('m.json'), { 'm.json': keys(1_000_000) }],
  ['a metrics file nested 100,000 deep', metricsRule('m.json'), { 'm.json': `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}` }],
  [
    'a YAML metrics file with an alias bomb',
    metricsRule('m.yaml'),
    {
      'm.yaml': `a: &a [1,1,1,1,1,1,1,1,1]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join('\n')}\n`,
    },
  ],
  [
    'a metrics CSV with 1,000,000 rows',
    metricsRule('m.csv'),
    { 'm.csv': `name,value\n${Array.from({ length: 1_000_000 }, (_, i) => `k${i},${i % 5}`).join('\n')}\n` },
  ],
  ['a metric key 1 MB long', metricsRule('m.json'), { 'm.json': `{"${'k'.repeat(1024 * 1024)}": 1}` }],
  [
    'a metrics file as a 3 GB sparse file',
    metricsRule('m.json'),
    {},
    (dir) => {
      writeFileSync(path.join(dir, 'm.json'), '');
      truncateSync(path.join(dir, 'm.json'), 3 * 1024 ** 3);
    },
  ],
  ['a metrics file that is a symlink to /dev/zero', metricsRule('m.json'), {}, (dir) => symlinkSync('/dev/zero', path.join(dir, 'm.json'))],
  [
    'a metrics file that is a folder of 20,000 files',
    metricsRule('runs'),
    {},
    (dir) => {
      mkdirSync(path.join(dir, 'runs', 'metrics'), { recursive: true });
      for (let i = 0; i < 20_000; i++) writeFileSync(path.join(dir, 'runs', 'metrics', `m${i}`), '1 1 1\n');
    },
  ],
  ['a results file with 400,000 samples', benchRule('r.json'), { 'r.json': samples(400_000) }],
  ['a results file with 1,000,000 samples', benchRule('r.json'), { 'r.json': samples(1_000_000) }],
  [
    'a results file of 600 MB',
    benchRule('r.json'),
    {},
    (dir) => {
      writeFileSync(path.join(dir, 'r.json'), '');
      truncateSync(path.join(dir, 'r.json'), 600 * 1024 ** 2);
    },
  ],
  ['all-zero latencies', benchRule('r.json'), { 'r.json': '{"unit": "ms", "benchmarks": {"x": [0, 0, 0, 0, 0]}}' }],
  ['denormal latencies', benchRule('r.json'), { 'r.json': '{"unit": "ms", "benchmarks": {"x": [5e-324, 5e-324, 5e-324]}}' }],
  [
    'a rule file with 5,000 rules',
    `version: 1\nrules:\n${Array.from({ length: 5000 }, (_, i) => `  - id: r${i}\n    kind: metrics\n    file: m.json\n    metrics:\n      a: { min: 2 }\n`).join('')}`,
    { 'm.json': '{"a": 1}' },
  ],
  ['a rule file of 12 MB', `# ${'x'.repeat(12 * 1024 * 1024)}\n${metricsRule('m.json')}`, { 'm.json': '{"a": 1}' }],
  ['a CSV line of 20 MB', dataRule('d.csv'), { 'd.csv': `a,b\n1,${'x'.repeat(20 * 1024 * 1024)}\n` }],
  ['a CSV column name of 1 MB', dataRule('d.csv'), { 'd.csv': `a,${'c'.repeat(1024 * 1024)}\n1,2\n` }],
  [
    'a contract with 10,000 columns',
    dataRule('d.csv', Array.from({ length: 10_000 }, (_, i) => `c${i}: { min: 0 }`).join('\n      ')),
    { 'd.csv': 'a\n1\n' },
  ],
  [
    'a glob matching 12,000 files',
    dataRule('parts/*.csv'),
    {},
    (dir) => {
      mkdirSync(path.join(dir, 'parts'));
      for (let i = 0; i < 12_000; i++) writeFileSync(path.join(dir, 'parts', `p${i}.csv`), 'a\n1\n');
    },
  ],
  [
    'a pattern that backtracks for ever elsewhere',
    dataRule('d.csv', 'a: { pattern: "^(a+)+$" }'),
    { 'd.csv': `a\n${'a'.repeat(50_000)}!\n` },
  ],
];

describe('large and pathological inputs', () => {
  it.each(CASES)('%s: the CLI returns with a verdict or an error naming the file', async (_name, rules, files, setup) => {
    const fixture = GitFixture.init();
    try {
      fixture.commit('rules', { '.github/ml-guardrails.yml': rules });
      fixture.write(files);
      setup?.(fixture.dir);
      fixture.git('add', '-A', '--', ':!*.json', ':!*.csv', ':!*.yaml', ':!runs', ':!parts');
      const run = await cliHere(['check', '--format', 'json'], fixture.dir);
      expect(run.stderr).not.toMatch(/internal error|heap|Invalid string length|RangeError/i);
      expect([0, 1, 2]).toContain(run.status);
      if (run.stdout !== '') {
        const report = JSON.parse(run.stdout) as Report;
        const text = JSON.stringify(report.rules.map((r) => r.findings.map((f) => f.message)));
        expect(text).not.toMatch(/internal error/);
      }
    } finally {
      fixture.cleanup();
    }
  });
});

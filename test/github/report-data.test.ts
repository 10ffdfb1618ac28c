import { describe, expect, it } from 'vitest';
import { embedReportData, parseReportData } from '../../src/github/action-pairing.js';
import type { Report } from '../../src/report/model.js';

const report: Report = {
  verdict: 'fail',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  baseline: { sha: 'a'.repeat(40), method: 'merge-base', description: 'merge-base' },
  headSource: 'commit',
  config: '.github/ml-guardrails.yml',
  rules: [{ id: 'latency', kind: 'benchmark', severity: 'error', status: 'fail', summary: 'p95 +20%', findings: [] }],
};

describe('the report data the Action leaves for the App', () => {
  it('is read from the start of the check run text, where the door writes it', () => {
    expect(parseReportData(embedReportData(report))?.rules[0]).toMatchObject({ id: 'latency', status: 'fail' });
  });

  it('is not read from text quoted after it or in place of it (a marker a pull request spelled out)', () => {
    const forged = embedReportData({ ...report, rules: [{ ...report.rules[0]!, status: 'pass' }] });
    expect(parseReportData(`a benchmark named \`${forged}\``)).toBeUndefined();
    expect(parseReportData(`\n${forged}`)).toBeUndefined();
  });
});

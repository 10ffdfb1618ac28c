import { describe, expect, it } from 'vitest';
import { finding, type Report } from '../../src/report/model.js';
import { renderJson } from '../../src/report/render-json.js';
import { escape, renderMarkdown } from '../../src/report/render-markdown.js';
import { renderText } from '../../src/report/render-text.js';
import { reportVerdict, ruleStatus } from '../../src/report/status.js';

const report: Report = {
  verdict: 'fail',
  base: 'a'.repeat(40),
  head: 'b'.repeat(40),
  baseline: { sha: 'a'.repeat(40), method: 'merge-base', description: 'merge-base of main (the default branch) and bbbbbbb' },
  headSource: 'working tree',
  config: '.github/ml-guardrails.yml',
  rules: [
    {
      id: 'speed',
      kind: 'metrics',
      severity: 'warning',
      status: 'pass',
      summary: '1 of 1 checks passed',
      findings: [
        finding({ check: 'max', status: 'pass', message: 'latency 10 is at most 20', subject: 'latency', observed: 10, expected: '<= 20' }),
      ],
    },
    {
      id: 'quality',
      kind: 'metrics',
      severity: 'error',
      status: 'fail',
      summary: 'accuracy dropped by 0.03',
      findings: [
        finding({
          check: 'min',
          status: 'pass',
          message: 'accuracy 0.9 is at least 0.85',
          subject: 'accuracy',
          observed: 0.9,
          expected: '>= 0.85',
        }),
        finding({
          check: 'max_drop',
          status: 'fail',
          message: 'accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed',
          subject: 'accuracy',
          observed: 0.9,
          baseline: 0.93,
          expected: 'drop <= 0.01',
          file: 'metrics/eval.json',
          line: 2,
          samples: [{ row: 3, value: '<b>x|y</b>' }],
        }),
      ],
    },
  ],
};

describe('renderJson', () => {
  it('keeps the documented shape with every finding field present', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['verdict', 'base', 'head', 'rules']));
    expect(Object.keys(parsed.rules[1])).toEqual(expect.arrayContaining(['id', 'kind', 'severity', 'status', 'summary', 'findings']));
    expect(Object.keys(parsed.rules[0].findings[0])).toEqual(
      expect.arrayContaining(['check', 'status', 'message', 'observed', 'expected', 'baseline', 'file', 'line']),
    );
    expect(parsed.rules[0].findings[0].baseline).toBeNull();
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(report);
  it('opens with the verdict and names the baseline and how it was chosen', () => {
    expect(md.split('\n')[0]).toBe('### ❌ ML Guardrails: 1 of 2 rules block the merge');
    expect(md).toContain('Baseline `aaaaaaa`: merge-base of main (the default branch) and bbbbbbb.');
  });
  it('lists failing rules first and shows observed, baseline, bound and delta', () => {
    expect(md.indexOf('`quality`')).toBeLessThan(md.indexOf('`speed`'));
    expect(md).toContain('| ❌ | max_drop | accuracy | 0.9 | 0.93 | drop &lt;= 0.01 | −0.03 (−3.226%) |');
  });
  it('folds passing checks and example rows', () => {
    expect(md).toContain('<summary>1 other check (1 passed)</summary>');
    expect(md).toContain('<summary>Examples for accuracy (1 of 1)</summary>');
  });
  it('defuses markup and mentions from repository content', () => {
    expect(escape('a|b <img src=x> @octocat')).toBe('a\\|b &lt;img src=x&gt; @\u200boctocat');
  });
});

describe('renderText', () => {
  it('is plain without colour and shows problems with their numbers', () => {
    const text = renderText(report, { color: false });
    expect(text.split('\n')[0]).toBe('FAIL  1 of 2 guardrails block the merge');
    expect(text).toContain(
      '✗ accuracy dropped by 0.03 (0.93 → 0.9); at most 0.01 allowed (observed 0.9; baseline 0.93; expected drop <= 0.01; delta −0.03 (−3.226%)) [metrics/eval.json:2]',
    );
    expect(text).toContain('✓ 1 check passed');
    expect(text).not.toContain('\u001b[');
  });
  it('shows a failure inside a warning-severity rule as a warning', () => {
    const warned: Report = {
      ...report,
      rules: [
        { ...report.rules[0]!, status: 'warn', findings: [finding({ check: 'max', status: 'fail', message: 'latency 30 is above 20' })] },
      ],
    };
    expect(renderText(warned, { color: false })).toContain('    ! latency 30 is above 20');
    expect(renderMarkdown(warned)).toContain('| ⚠️ | max |');
  });

  it('adds colour when asked', () => {
    expect(renderText(report, { color: true })).toContain('\u001b[');
  });
});

describe('status rules', () => {
  it('turns failures of warning rules into warn and never blocks on them', () => {
    const fails = [finding({ check: 'x', status: 'fail', message: 'm' })];
    expect(ruleStatus(fails, 'warning')).toBe('warn');
    expect(ruleStatus(fails, 'error')).toBe('fail');
    expect(reportVerdict([{ severity: 'warning', status: 'warn' }])).toBe('pass');
    expect(
      reportVerdict([
        { severity: 'error', status: 'fail' },
        { severity: 'error', status: 'error' },
      ]),
    ).toBe('error');
    expect(reportVerdict([{ severity: 'error', status: 'skip' }])).toBe('pass');
  });
});

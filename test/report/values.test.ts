import { describe, expect, it } from 'vitest';
import { finding } from '../../src/report/model.js';
import { renderErrorMarkdown } from '../../src/report/render-error.js';
import { renderText } from '../../src/report/render-text.js';
import { compareStatus, STATUS_ORDER, sortByStatus, worstStatus } from '../../src/report/status.js';
import { formatDelta, formatNumber, formatNumbers, formatPercent } from '../../src/report/values.js';

describe('numbers for people', () => {
  it('writes integers as integers and keeps enough digits to see a difference', () => {
    expect(formatNumber(50)).toBe('50');
    expect(formatNumber(0.002225)).toBe('0.002225');
    expect(formatNumber(0.08599999999999997)).toBe('0.086');
    expect(formatNumbers([0.94211, 0.94214])).toEqual(['0.94211', '0.94214']);
    expect(formatNumbers([50, 100])).toEqual(['50', '100']);
  });
  it('writes shares as percentages', () => {
    expect(formatPercent(0.008721)).toBe('0.9%');
    expect(formatPercent(0.994186)).toBe('99.4%');
    expect(formatPercent(0.0003)).toBe('0.03%');
    expect(formatPercent(0)).toBe('0%');
  });
  it('signs deltas', () => {
    expect(formatDelta(finding({ check: 'x', status: 'fail', message: 'm', observed: 100, baseline: 50 }))).toBe('+50 (+100%)');
  });
});

describe('the status order', () => {
  it('is one list, worst first, that sorting and the worst status both follow', () => {
    expect(STATUS_ORDER).toEqual(['error', 'fail', 'warn', 'pass', 'skip']);
    expect(worstStatus(['pass', 'warn', 'skip'])).toBe('warn');
    expect(compareStatus('fail', 'pass')).toBeLessThan(0);
    expect(sortByStatus([{ status: 'pass' as const }, { status: 'error' as const }]).map((x) => x.status)).toEqual(['error', 'pass']);
  });
});

describe('the terminal report', () => {
  it('counts in words and writes integers as integers', () => {
    const text = renderText({
      verdict: 'error',
      base: null,
      head: null,
      baseline: { sha: null, method: 'none', description: 'no baseline' },
      headSource: 'commit',
      config: '.github/ml-guardrails.yml',
      rules: [
        {
          id: 'latency',
          kind: 'benchmark',
          severity: 'error',
          status: 'fail',
          summary: 'p95 rose',
          findings: [
            finding({ check: 'max_rise', status: 'fail', message: 'p95 rose', observed: 100, baseline: 50, expected: 'rise <= 10' }),
          ],
        },
        { id: 'data', kind: 'data-contract', severity: 'error', status: 'error', summary: 'x', findings: [] },
      ],
    });
    expect(text.split('\n')[0]).toBe(
      'ERROR  Merge blocked: a guardrail could not be evaluated (1 failed, 1 could not be evaluated, of 2 rules)',
    );
    expect(text).toContain('(head 100; baseline 50; allowed rise ≤ 10; delta +50 (+100%))');
    expect(text).not.toContain('rule(s)');
  });
});

describe('the error page', () => {
  it('escapes the message it is given, line by line', () => {
    const page = renderErrorMarkdown('Invalid config in .github/ml-guardrails.yml:3: [x](https://evil.example) <img src=x> @octocat');
    expect(page).toBe(
      [
        '### 🛑 ML Guardrails could not be evaluated',
        '',
        '> Invalid config in .github/ml-guardrails.yml:3: \\[x\\](https:\u200b//evil.example) &lt;img src=x&gt; @\u200boctocat',
        '',
        'Fix the problem above and push again; no rule was checked, so nothing passed.',
        '',
      ].join('\n'),
    );
  });
});

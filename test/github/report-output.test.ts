import { describe, expect, it } from 'vitest';
import { buildAnnotations } from '../../src/github/annotations.js';
import { GitHubApiError, redactSecrets, toApiError } from '../../src/github/api-error.js';
import { buildCheckOutput, checkConclusion, checkTitle, isBlocked } from '../../src/github/check-output.js';
import { truncateMarkdown } from '../../src/github/truncate-markdown.js';
import { finding, type Report, type RuleResult } from '../../src/report/model.js';
import { renderMarkdown } from '../../src/report/render-markdown.js';

function rule(
  id: string,
  severity: 'error' | 'warning',
  status: RuleResult['status'],
  findings = [
    finding({ check: 'min', status: status === 'warn' ? 'fail' : status, message: `${id} ${status}`, file: 'metrics/eval.json', line: 3 }),
  ],
): RuleResult {
  return { id, kind: 'metrics', severity, status, summary: '', findings, source: { file: '.github/ml-guardrails.yml', line: 9 } };
}

function report(verdict: Report['verdict'], rules: RuleResult[]): Report {
  return {
    verdict,
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    baseline: { sha: null, method: 'merge-base', description: '' },
    headSource: 'commit',
    config: '.github/ml-guardrails.yml',
    rules,
  };
}

describe('conclusion and blocking per fail-on', () => {
  const clean = report('pass', [rule('q', 'error', 'pass')]);
  const warned = report('pass', [rule('q', 'error', 'pass'), rule('cost', 'warning', 'warn')]);
  const failed = report('fail', [rule('q', 'error', 'fail')]);
  it.each([
    [clean, 'error', 'success', false],
    [warned, 'error', 'neutral', false],
    [warned, 'warning', 'failure', true],
    [failed, 'error', 'failure', true],
    [failed, 'never', 'neutral', false],
    [report('error', [rule('q', 'error', 'error')]), 'error', 'failure', true],
  ] as const)('%#: fail-on %s', (r, failOn, conclusion, blocked) => {
    expect(checkConclusion(r, failOn)).toBe(conclusion);
    expect(isBlocked(r, failOn)).toBe(blocked);
  });
  it('titles say what blocks, with counts that add up', () => {
    expect(checkTitle(warned)).toBe('Nothing blocks the merge (1 warning, 1 passed, of 2 rules)');
    expect(checkTitle(failed)).toBe('Merge blocked (1 failed, of 1 rule)');
    // One rule failed and one could not be evaluated: both are said, neither is miscounted.
    const mixed = report('error', [rule('q', 'error', 'fail'), rule('d', 'error', 'error'), rule('c', 'warning', 'warn')]);
    expect(checkTitle(mixed)).toBe(
      'Merge blocked: a guardrail could not be evaluated (1 failed, 1 could not be evaluated, 1 warning, of 3 rules)',
    );
  });
  it('summarises with the same page as the comment', () => {
    const output = buildCheckOutput(failed, 'error');
    expect(output.summary).toBe(renderMarkdown(failed));
    expect(output.summary.startsWith(`### ❌ ML Guardrails: ${output.title}`)).toBe(true);
  });
});

describe('annotations', () => {
  it('levels follow status and severity, failures first, and a missing file falls back to the rule', () => {
    const r = report('fail', [
      rule('cost', 'warning', 'warn'),
      rule('q', 'error', 'fail'),
      rule('data', 'error', 'skip', [finding({ check: 'file', status: 'skip', message: 'no data', file: 'data/gone.csv' })]),
    ]);
    const out = buildAnnotations(r, { fileExists: (f) => f !== 'data/gone.csv' });
    expect(out.map((a) => [a.annotation_level, a.path, a.start_line])).toEqual([
      ['failure', 'metrics/eval.json', 3],
      ['warning', 'metrics/eval.json', 3],
      ['notice', '.github/ml-guardrails.yml', 9],
    ]);
  });
});

describe('markdown truncation', () => {
  it('cuts at a line, closes open blocks and stays under the limit', () => {
    const body = `<details>\n\n\`\`\`json\n${'{"row": 1}\n'.repeat(500)}`;
    const out = truncateMarkdown(body, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out).toMatch(/```\n<\/details>\n\n> ✂️ Truncated to fit GitHub's 1000-character limit\.\n$/);
    expect(truncateMarkdown('short', 1000)).toBe('short');
  });
  it("says where the rest is in the caller's words, not a door's", () => {
    const out = truncateMarkdown('line\n'.repeat(500), 200, 'the full report is in the check run');
    expect(out.endsWith("> ✂️ Truncated to fit GitHub's 200-character limit: the full report is in the check run.\n")).toBe(true);
  });
  it('keeps the table of failures when a column name is 1 MB long', () => {
    const huge = `col${'x'.repeat(1_000_000)}`;
    const findings = [
      finding({
        check: 'required',
        status: 'fail',
        subject: huge,
        message: `3 rows with \`${huge}\` null`,
        observed: { rows: 3, total: 10 },
      }),
      finding({ check: 'max', status: 'fail', subject: 'price', message: 'price above 10', samples: [{ [huge]: huge }] }),
    ];
    const big = report('fail', [{ ...rule('data', 'error', 'fail'), findings }]);
    const out = truncateMarkdown(renderMarkdown(big), 65_535);
    expect(out.length).toBeLessThan(65_535);
    expect(out).toContain('| ❌ `data` | colxxx');
    expect(out).toContain('| ❌ | price too high |');
    expect(out).toContain('…');
  });
});

describe('API errors', () => {
  it('keep status and message only, and mask anything token-shaped', () => {
    const thrown = Object.assign(new Error('Bad credentials - https://docs.github.com/rest'), {
      status: 401,
      request: { headers: { authorization: 'token ghs_abcdefghijklmnopqrstuvwxyz0123456789' } },
      response: {},
    });
    const error = toApiError(thrown, 'create the check run');
    expect(error.message).toBe('could not create the check run: GitHub answered 401: Bad credentials');
    expect(JSON.stringify(error)).not.toContain('ghs_');
    expect(toApiError(Object.assign(new Error('other side closed'), { status: 500, request: {} }), 'x').status).toBe(0);
    expect(new GitHubApiError(403, 'Resource not accessible by integration', 'x').isForbidden).toBe(true);
    expect(redactSecrets('http://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@host/repo ghp_abcdefghijklmnopqrstuvwxyz')).toBe(
      'http://x-access-token:***@host/repo ***',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { buildAnnotations } from '../../src/github/annotations.js';
import { GitHubApiError, redactSecrets, toApiError } from '../../src/github/api-error.js';
import { checkConclusion, checkTitle, isBlocked } from '../../src/github/check-output.js';
import { truncateMarkdown } from '../../src/github/truncate-markdown.js';
import { finding, type Report, type RuleResult } from '../../src/report/model.js';

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
  it('titles say what blocks', () => {
    expect(checkTitle(warned)).toBe('All 2 rules pass, 1 warning');
    expect(checkTitle(failed)).toBe('1 of 1 rules block the merge');
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
    expect(out).toMatch(/```\n<\/details>\n\n> ✂️ Truncated/);
    expect(truncateMarkdown('short', 1000)).toBe('short');
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

import { describe, expect, it } from 'vitest';
import { embedReportData, parseReportData } from '../../src/github/action-pairing.js';
import type { Annotation } from '../../src/github/annotations.js';
import { CHECK_TEXT_LIMIT, completeCheckRun, failCheckRun, startCheckRun } from '../../src/github/check-run.js';
import { GITHUB_TEXT_LIMIT } from '../../src/github/truncate-markdown.js';
import type { Report } from '../../src/report/model.js';
import { OWNER, REPO, useStandin } from '../standin/fixture.js';
import { testClient } from './client.js';

const standin = useStandin();
const repo = { owner: OWNER, repo: REPO };

function annotations(n: number): Annotation[] {
  return Array.from({ length: n }, (_, i) => ({
    path: 'data/train.csv',
    start_line: i + 1,
    end_line: i + 1,
    annotation_level: 'warning',
    title: `row ${i + 1}`,
    message: 'bad value',
  }));
}

describe('check runs', () => {
  it('completes first, then appends annotations 50 at a time', async () => {
    const gh = standin();
    const client = testClient(gh);
    const id = await startCheckRun(client, repo, { name: 'ML Guardrails', headSha: 'main' });
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'in_progress' });
    const result = await completeCheckRun(client, repo, id, {
      conclusion: 'failure',
      title: 'x'.repeat(300),
      summary: 'y'.repeat(70_000),
      annotations: annotations(120),
    });
    expect(result).toEqual({ requests: 3, annotations: 120 });
    const run = gh.state.checkRuns[0]!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.requests.slice(1).map((r) => (r.output as { annotations: unknown[] }).annotations.length)).toEqual([50, 50, 20]);
    expect(run.requests[1]).toMatchObject({ conclusion: 'failure' });
    expect(run.output.annotations).toHaveLength(120);
    expect(run.output.summary!.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(run.output.title!.length).toBeLessThanOrEqual(255);
  });

  it('caps annotations and says how many were left out', async () => {
    const gh = standin();
    const client = testClient(gh);
    const id = await startCheckRun(client, repo, { name: 'ML Guardrails', headSha: 'main' });
    const result = await completeCheckRun(client, repo, id, {
      conclusion: 'failure',
      title: 't',
      summary: 's',
      annotations: annotations(510),
    });
    expect(result.annotations).toBe(500);
    expect(gh.state.checkRuns[0]!.output.summary).toContain('10 more annotations are not shown');
  });

  it('failCheckRun ends a run with the message', async () => {
    const gh = standin();
    const client = testClient(gh);
    const id = await startCheckRun(client, repo, { name: 'ML Guardrails', headSha: 'main' });
    await failCheckRun(client, repo, id, 'rule file not found');
    expect(gh.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(gh.state.checkRuns[0]!.output.summary).toContain('rule file not found');
  });

  it('a summary too long keeps the digest (verdict, blocking ids) first; text still over the limit is left out, never cut', async () => {
    const gh = standin();
    const client = testClient(gh);
    const id = await startCheckRun(client, repo, { name: 'ML Guardrails', headSha: 'main' });
    const digest = '### ❌ ML Guardrails: Merge blocked\n\n**2 blocking rules:** `a`, `b`.\n';
    await completeCheckRun(client, repo, id, {
      conclusion: 'failure',
      title: 't',
      summary: `# page\n${'row 🙂\n'.repeat(12_000)}`,
      digest,
      text: 'x'.repeat(GITHUB_TEXT_LIMIT + 1),
      annotations: [],
    });
    const run = gh.state.checkRuns[0]!;
    expect(run.output.summary!.startsWith(digest)).toBe(true);
    expect(run.output.summary!.length).toBeLessThanOrEqual(CHECK_TEXT_LIMIT);
    expect(run.output.summary).toContain('# page\nrow 🙂');
    expect(run.output.text).toBeNull();
    gh.assertNoViolations();
  });
});

describe('the report data for the other door', () => {
  it('fits thousands of rules in the text, keeping every rule that did not pass', () => {
    const rules = Array.from({ length: 3000 }, (_, i) => ({
      id: `rule-${i}`,
      kind: 'metrics',
      severity: 'error' as const,
      status: i % 10 === 0 ? ('fail' as const) : ('pass' as const),
      summary: 's'.repeat(500),
      findings: [],
    }));
    const report = { verdict: 'fail', base: null, head: 'abc', rules } as unknown as Report;
    const text = embedReportData(report);
    expect(text.length).toBeLessThanOrEqual(60_000);
    const data = parseReportData(text)!;
    expect(data.rules.map((r) => r.id)).toEqual(rules.filter((r) => r.status === 'fail').map((r) => r.id));
  });
});

// Issue 19, defect 2: a pull request loosened the contract that judged it, since the contract file
// a baseline rule names was read at the head. Each attack here runs through the CLI on a real repo.
import { describe, expect, it } from 'vitest';
import { startAppWorld } from '../app/app-world.js';
import { cliHere } from '../support/cli-here.js';
import { GitFixture } from '../support/git-fixture.js';

const RULES = `version: 1
rules:
  - id: training-data
    kind: data-contract
    data: data/t.csv
    contract: contracts/t.odcs.yaml
    schema_changes: { breaking: 'off' }
`;

const odcs = (properties: string) => `apiVersion: v3.0.2
kind: DataContract
id: t
version: 1.0.0
status: active
schema:
  - name: t
    properties:${properties}
`;
const AGE_UP_TO = (max: number) => `\n      - name: age\n        logicalType: integer\n        logicalTypeOptions: { maximum: ${max} }\n`;

interface JsonReport {
  verdict: string;
  rules: { id: string; status: string; findings: { check: string; status: string }[] }[];
  ruleFile: {
    governing: string;
    headVerdict?: string;
    changes: { id: string; change: string; details: string[]; referencedBy?: string[] }[];
  };
}

/** A main branch whose contract fails age 150, and a pull request branch that edits `files`. */
async function judgePullRequest(
  base: Record<string, string>,
  pr: Record<string, string | null>,
): Promise<{ status: number; report: JsonReport }> {
  const fixture = GitFixture.init();
  try {
    fixture.commit('base', base);
    fixture.checkout('pr', true);
    const removed = Object.keys(pr).filter((file) => pr[file] === null);
    fixture.remove(...removed);
    fixture.commit(
      'the pull request',
      Object.fromEntries(Object.entries(pr).filter(([, text]) => text !== null)) as Record<string, string>,
    );
    const run = await cliHere(['check', '--repo', fixture.dir, '--base', 'main', '--head', 'pr', '--format', 'json'], fixture.dir);
    return { status: run.status, report: JSON.parse(run.stdout) as JsonReport };
  } finally {
    fixture.cleanup();
  }
}

const BASE = {
  '.github/ml-guardrails.yml': RULES,
  'contracts/t.odcs.yaml': odcs(AGE_UP_TO(120)),
  'data/t.csv': 'id,age\n1,30\n',
};
const FAILING_DATA = 'id,age\n1,30\n2,150\n';

describe('the files a governing rule refers to come from the commit the rule file came from', () => {
  it('a contract whose maximum the PR raises from 120 to 1000 still fails the PR, and the report names the contract change', async () => {
    const { status, report } = await judgePullRequest(BASE, { 'contracts/t.odcs.yaml': odcs(AGE_UP_TO(1000)), 'data/t.csv': FAILING_DATA });
    expect(status).toBe(1);
    expect(report.rules[0]).toMatchObject({ id: 'training-data', status: 'fail' });
    expect(report.ruleFile.governing).toBe('baseline');
    expect(report.ruleFile.changes).toEqual([
      {
        id: 'contracts/t.odcs.yaml',
        change: 'modified',
        details: ['contracts/t.odcs.yaml changed in this pull request; it governs once merged (read by training-data)'],
        referencedBy: ['training-data'],
      },
    ]);
    // What the head's contract would decide is shown, never applied.
    expect(report.ruleFile.headVerdict).toBe('pass');
  });

  it('a contract the PR empties of every property still fails the PR', async () => {
    const { status, report } = await judgePullRequest(BASE, { 'contracts/t.odcs.yaml': odcs(' []\n'), 'data/t.csv': FAILING_DATA });
    expect(status).toBe(1);
    expect(report.rules[0]?.status).toBe('fail');
    expect(report.ruleFile.changes.map((c) => [c.id, c.change])).toEqual([['contracts/t.odcs.yaml', 'modified']]);
  });

  it('a contract the PR deletes still judges it from the baseline', async () => {
    const { status, report } = await judgePullRequest(BASE, { 'contracts/t.odcs.yaml': null, 'data/t.csv': FAILING_DATA });
    expect(status).toBe(1);
    expect(report.rules[0]?.status).toBe('fail');
    expect(report.ruleFile.changes.map((c) => [c.id, c.change])).toEqual([['contracts/t.odcs.yaml', 'removed']]);
    expect(report.ruleFile.headVerdict).toBe('error');
  });

  it('a JSON Schema contract loosened by the PR still fails the JSONL records it judged', async () => {
    const schema = (max: number) =>
      `${JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { age: { type: 'integer', maximum: max } } })}\n`;
    const rules = `version: 1\nrules:\n  - id: records\n    kind: data-contract\n    data: data/r.jsonl\n    contract: contracts/r.schema.json\n    schema_changes: { breaking: 'off' }\n`;
    const { status, report } = await judgePullRequest(
      { '.github/ml-guardrails.yml': rules, 'contracts/r.schema.json': schema(120), 'data/r.jsonl': '{"age": 30}\n' },
      { 'contracts/r.schema.json': schema(1000), 'data/r.jsonl': '{"age": 30}\n{"age": 150}\n' },
    );
    expect(status).toBe(1);
    expect(report.rules[0]?.status).toBe('fail');
    expect(report.ruleFile.changes.map((c) => c.id)).toEqual(['contracts/r.schema.json']);
  });

  it('an included rule file the PR loosens is read at the baseline too, and its change is listed', async () => {
    const main =
      'version: 1\ninclude:\n  - rules/data.yml\nrules:\n  - id: m\n    kind: metrics\n    file: m.json\n    metrics:\n      accuracy: { min: 0.5 }\n';
    const included = (max: number) =>
      `rules:\n  - id: ages\n    kind: data-contract\n    data: data/t.csv\n    schema_changes: { breaking: 'off' }\n    columns:\n      age: { max: ${max} }\n`;
    const { status, report } = await judgePullRequest(
      {
        '.github/ml-guardrails.yml': main,
        'rules/data.yml': included(120),
        'm.json': '{"accuracy": 0.9}\n',
        'data/t.csv': 'id,age\n1,30\n',
      },
      { 'rules/data.yml': included(1000), 'data/t.csv': FAILING_DATA },
    );
    expect(status).toBe(1);
    expect(report.rules.find((r) => r.id === 'ages')?.status).toBe('fail');
    expect(report.ruleFile.changes).toEqual([{ id: 'ages', change: 'modified', details: ['columns.age.max: 120 → 1000'] }]);
    expect(report.ruleFile.headVerdict).toBe('pass');
  });

  it('the PR that adopts the guardrails is judged by its own contract (the head governs)', async () => {
    const { status, report } = await judgePullRequest({ 'README.md': 'no rules yet\n' }, { ...BASE, 'data/t.csv': FAILING_DATA });
    expect(status).toBe(1);
    expect(report.ruleFile).toMatchObject({ governing: 'head', changes: [] });
  });
});

describe('the same through the App (npm start + stand-in)', () => {
  it('raising the maximum or deleting every property in the PR leaves the check failing, and the comment names the contract change', async () => {
    const w = await startAppWorld([{ owner: 'acme', name: 'tables', files: BASE }]);
    const attacks = [
      ['raise-max', odcs(AGE_UP_TO(1000))],
      ['no-properties', odcs(' []\n')],
    ] as const;
    for (const [branch, contract] of attacks) {
      const head = await w.gh.commitFiles({
        repo: 'tables',
        branch,
        files: { 'contracts/t.odcs.yaml': contract, 'data/t.csv': FAILING_DATA },
      });
      const pr = w.gh.addPullRequest({ repo: 'tables', head: branch });
      await w.deliver('pull_request.opened', { repo: 'tables', pullNumber: pr.number });
      await w.idle();
      const run = w.gh.state.checkRuns.find((r) => r.headSha === head);
      expect(run, branch).toMatchObject({ status: 'completed', conclusion: 'failure' });
      expect(run?.output.summary).toContain('contracts/t.odcs.yaml changed in this pull request; it governs once merged');
      const comment = w.gh.state.comments.find((c) => c.repo === 'acme/tables' && c.issueNumber === pr.number)?.body ?? '';
      expect(comment).toContain('This pull request changes 1 file the rules read');
      expect(comment).toContain('With them the verdict would be **pass**');
    }
    w.gh.assertNoViolations();
  });
});

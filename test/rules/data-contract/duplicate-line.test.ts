// A duplicate-key finding points at the row that repeats an earlier key (the one to remove or
// fix), not at the first row of the pair, through the CLI on a real repository.
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../../src/report/model.js';
import { cliHere } from '../../support/cli-here.js';
import { GitFixture } from '../../support/git-fixture.js';

const fixtures: GitFixture[] = [];
afterEach(() => {
  for (const fixture of fixtures.splice(0)) fixture.cleanup();
});

const RULES = `version: 1
rules:
  - id: labels
    kind: data-contract
    data: data/labels.csv
    unique_keys: [[user, day]]
    columns:
      id: { unique: true }
`;
// Line 1 is the header: id 7 first at line 3, repeated at line 5; (u1, d1) first at 2, again at 6.
const CSV = 'id,user,day\n1,u1,d1\n7,u2,d1\n3,u3,d2\n7,u4,d3\n5,u1,d1\n';

describe('a duplicate-key finding', () => {
  it('points at the row that repeats an earlier key', async () => {
    const fixture = GitFixture.init();
    fixtures.push(fixture);
    fixture.commit('labels', { '.github/ml-guardrails.yml': RULES, 'data/labels.csv': CSV });
    const result = await cliHere(['check', '--format', 'json'], fixture.dir);
    expect(result.status).toBe(1);
    const findings = (JSON.parse(result.stdout) as Report).rules[0]!.findings.filter((f) => f.check === 'unique');
    expect(findings.map((f) => [f.subject, f.file, f.line])).toEqual(
      expect.arrayContaining([
        ['id', 'data/labels.csv', 5],
        ['user, day', 'data/labels.csv', 6],
      ]),
    );
    expect(findings).toHaveLength(2);
    // The examples still show both rows of each pair, in file order.
    const samples = findings.find((f) => f.subject === 'id')?.samples as { line?: number }[] | undefined;
    expect(samples?.map((s) => s.line)).toEqual([3, 5]);
  });
});
